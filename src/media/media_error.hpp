// The errors of media processing, as domain errors:
//   kBadRequest   the input is not usable media (garbage, truncated, no streams, undecodable);
//                 retrying will not help
//   kUnavailable  the deadline passed first; a retry with more time may succeed
//   kNotFound     the input file does not exist
//   kInternal     writing an output failed (disk full, unwritable folder)
#pragma once

#include <string>

#include "domain/error.hpp"

namespace media {

inline domain::Error not_media(const std::string& why) {
  return domain::Error::bad_request("The file is not usable media: " + why + ".");
}

inline domain::Error timed_out() {
  return domain::Error::unavailable("Media processing did not finish before its deadline.");
}

inline domain::Error output_failed(const std::string& why) {
  return domain::Error{
      domain::ErrorCode::kInternal, "Cannot write media output: " + why + ".", {}, 0, {}};
}

}  // namespace media

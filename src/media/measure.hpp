// How long a recording lasts, measured from its packets: the end of the last packet of
// any stream, not what the container announces (browser-recorded WebM announces nothing,
// and a hostile file may announce anything shorter). Demuxing only, no decoding.
#pragma once

#include <chrono>
#include <string>

#include "domain/error.hpp"

namespace media {

// kBadRequest when `path` is not media of a known container with an audio or video
// stream; kUnavailable when `deadline` passes first.
domain::Result<double> measure_duration(const std::string& path,
                                        std::chrono::steady_clock::time_point deadline);

}  // namespace media

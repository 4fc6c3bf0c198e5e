#include "media/logging.hpp"

#include <mutex>

#include "media/libav.hpp"

namespace media {

void init_logging() {
  static std::once_flag once;
  std::call_once(once, [] { av_log_set_level(AV_LOG_ERROR); });
}

}  // namespace media

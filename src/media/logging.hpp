// FFmpeg's own logging, which goes to stderr: errors only.
#pragma once

namespace media {

// Lowers FFmpeg's log level to errors. Idempotent and thread-safe; process_media calls it.
void init_logging();

}  // namespace media

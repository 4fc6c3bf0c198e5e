// Small media files for the tests, made once per run with the product's clip generator
// (media/clip_generator.hpp), and reading them back.
#pragma once

#include <string>

namespace e2e {

// Path of a clip: "mp4" (h264/AAC, 2 s), "webm" (VP8/Opus, 2 s), "m4a" (AAC only),
// "slow" (Matroska with 120 s of FLAC audio, which takes seconds to re-encode),
// "corrupt" (an mp4 cut to 30% of its bytes). Throws when the clip cannot be made.
std::string clip(const std::string& kind);
std::string read_file(const std::string& path);
// Whether ffprobe reads at least one decodable stream from `path`: a reader that is not
// the product's own.
bool decodable(const std::string& path);

}  // namespace e2e

// What the background worker does with an uploaded video answer: probe it, copy its
// audio track into a file of its own and make a JPEG thumbnail, all in-process with
// the FFmpeg libraries and within a deadline.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "domain/error.hpp"

namespace media {

struct MediaOutputs {
  double duration_seconds = 0;  // from the container, or measured when it has none
  bool has_video = false, has_audio = false;
  std::optional<std::string> audio_path;      // out_dir/audio.<ext>, when the input has audio
  std::string audio_content_type;             // "audio/mp4", "audio/ogg" or "audio/mpeg"
  bool audio_reencoded = false;               // true only when copying was impossible
  std::optional<std::string> thumbnail_path;  // out_dir/thumbnail.jpg, when the input has video
};

// Reads `input_path` once. The audio track is copied without re-encoding where a
// container allows: AAC → .m4a (audio/mp4), Opus or Vorbis → .ogg (audio/ogg), MP3 →
// .mp3 (audio/mpeg); other codecs are re-encoded to AAC in .m4a. The thumbnail is the
// first frame at or after min(1 s, 10% of the duration), upright, at most 640 px wide.
// `out_dir` is created if needed; on failure nothing is left in it.
//
// Errors (see media_error.hpp): kBadRequest when the file is not usable media (empty,
// garbage, truncated: no index, or packets ending well before the announced duration;
// no decodable stream), kUnavailable when `deadline` passes first
// (FFmpeg's I/O is interrupted and our loops stop), kNotFound for a missing input,
// kInternal when an output cannot be written. Safe to call from several threads at once.
domain::Result<MediaOutputs> process_media(const std::string& input_path,
                                           const std::string& out_dir,
                                           std::chrono::steady_clock::time_point deadline);

}  // namespace media

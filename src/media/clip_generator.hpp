// Short media files made from nothing with the FFmpeg libraries: scrolling colour bars
// and a steady 440 Hz tone, encoded and muxed in-process. The demo organization's video
// answer and the tests' clips are made this way, so neither needs the ffmpeg program.
#pragma once

#include <string>

#include "domain/error.hpp"

namespace media {

struct ClipSpec {
  std::string format = "mp4";             // an FFmpeg muxer: "mp4", "webm", "matroska", "ipod"
  std::string video_encoder = "libx264";  // an FFmpeg encoder; empty: no picture
  std::string audio_encoder = "aac";      // empty: no sound
  double seconds = 2;
  int width = 320;
  int height = 240;
  int frame_rate = 25;
  int sample_rate = 44100;
  int channels = 1;
};

// Writes the clip to `path` (replaced if it exists). Fails with kInternal, leaving no
// file, when an encoder or muxer is missing or the file cannot be written.
domain::Status generate_clip(const std::string& path, const ClipSpec& spec);

}  // namespace media

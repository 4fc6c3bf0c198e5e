// Opening an uploaded media file for reading: a closed list of container formats,
// local files only, the deadline on every read; then the audio and video streams
// to work on and the duration.
#pragma once

#include <cstdint>
#include <string>

#include "domain/error.hpp"
#include "media/deadline.hpp"
#include "media/handles.hpp"

namespace media {

struct Input {
  InputFormatPtr format;
  int audio_stream = -1;  // index in format->streams, or -1
  int video_stream = -1;  // not counting cover art (attached pictures)
  double duration_seconds = 0;
  // The container's duration is missing or a guess from the bitrate (browser-recorded
  // WebM has none): the caller measures it from the packets instead.
  bool duration_uncertain = false;
  // The container's start, in AV_TIME_BASE units; outputs are shifted to start at zero.
  std::int64_t start_time = 0;
};

// Opens `path`; streams other than the chosen two are discarded by the demuxer.
// `deadline` must outlive the returned Input.
domain::Result<Input> open_input(const std::string& path, Deadline& deadline);

}  // namespace media

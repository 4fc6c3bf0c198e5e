// The audio track of an upload in a file of its own: copied packet for packet into
// the container that fits its codec, re-encoded to AAC only when none does.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "domain/error.hpp"
#include "media/audio_transcoder.hpp"
#include "media/deadline.hpp"
#include "media/handles.hpp"
#include "media/muxer.hpp"

namespace media {

struct AudioFile {
  std::string path;
  std::string content_type;  // "audio/mp4", "audio/ogg", "audio/mpeg"
  bool reencoded = false;
};

class AudioExtractor {
 public:
  // Creates out_dir/audio.<ext> for `stream`. `start_time` (AV_TIME_BASE units) is
  // the input's start, which becomes zero in the output.
  static domain::Result<std::unique_ptr<AudioExtractor>> open(const AVStream& stream,
                                                              std::int64_t start_time,
                                                              const std::string& out_dir,
                                                              Deadline& deadline);
  AudioExtractor(const AudioExtractor&) = delete;
  AudioExtractor& operator=(const AudioExtractor&) = delete;

  // A packet of the stream; its data is taken.
  domain::Status write(AVPacket& packet);
  domain::Status finish();
  const AudioFile& file() const { return file_; }

 private:
  AudioExtractor() = default;

  AudioFile file_;
  AVRational time_base_{1, 1};
  std::int64_t offset_ = 0;  // subtracted from copied timestamps
  std::int64_t packets_ = 0;
  std::unique_ptr<Muxer> copy_;                 // either this
  std::unique_ptr<AudioTranscoder> transcode_;  // or this
};

}  // namespace media

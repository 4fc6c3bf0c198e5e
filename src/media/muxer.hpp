// One output file holding one stream, written by an FFmpeg muxer ("mp4", "ogg",
// "mp3"). The file is removed unless finish() succeeds.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "domain/error.hpp"
#include "media/deadline.hpp"
#include "media/handles.hpp"

namespace media {

class Muxer {
 public:
  // Creates `path` and writes the header for a stream described by `params`, whose
  // packets come in `time_base`. Fails with kBadRequest when the muxer cannot carry
  // the stream as it is, kInternal when the file cannot be created.
  static domain::Result<std::unique_ptr<Muxer>> open(const std::string& path,
                                                     const char* format_name,
                                                     const AVCodecParameters& params,
                                                     AVRational time_base, Deadline& deadline);
  ~Muxer();
  Muxer(const Muxer&) = delete;
  Muxer& operator=(const Muxer&) = delete;

  // Writes `packet` (timestamps in the time base given to open) and takes its data.
  domain::Status write(AVPacket& packet);
  // Writes the trailer and closes the file.
  domain::Status finish();

  const std::string& path() const { return path_; }

 private:
  Muxer(std::string path, Deadline& deadline) : path_(std::move(path)), deadline_(deadline) {}
  domain::Error failure(int code, const std::string& doing) const;

  std::string path_;
  Deadline& deadline_;
  OutputFormatPtr format_;
  AVRational time_base_{1, 1};
  std::int64_t last_dts_ = AV_NOPTS_VALUE;
  bool finished_ = false;
};

}  // namespace media

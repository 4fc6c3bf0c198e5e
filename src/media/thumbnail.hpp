// The thumbnail of a video: the first frame decoded at or after a target time near
// the start (the last decoded one if the video ends sooner), written as a JPEG.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "domain/error.hpp"
#include "media/handles.hpp"

namespace media {

class Thumbnailer {
 public:
  static constexpr int kMaxWidth = 640;

  // A decoder for `stream` of `input`, looking for the frame at `target_seconds` from
  // the stream's start.
  static domain::Result<std::unique_ptr<Thumbnailer>> open(AVFormatContext& input, AVStream& stream,
                                                           double target_seconds);
  Thumbnailer(const Thumbnailer&) = delete;
  Thumbnailer& operator=(const Thumbnailer&) = delete;

  // Decodes a packet of the stream, unless done().
  domain::Status write(const AVPacket& packet);
  // A frame is chosen: further packets are not needed.
  bool done() const { return done_; }
  // Drains the decoder unless done(), and writes the chosen frame to `path`.
  domain::Status finish(const std::string& path);

 private:
  Thumbnailer() = default;
  void receive_frames();
  bool reached_target(std::int64_t timestamp) const;

  AVFormatContext* input_ = nullptr;
  AVStream* stream_ = nullptr;
  CodecContextPtr decoder_;
  FramePtr decoded_;
  FramePtr chosen_;  // the best frame so far
  bool chosen_corrupt_ = false;
  bool have_chosen_ = false;
  bool done_ = false;
  std::int64_t start_ = 0;   // the stream's first timestamp
  std::int64_t target_ = 0;  // in the stream's time base, from start_
  int frames_ = 0;
};

}  // namespace media

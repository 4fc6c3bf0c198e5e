// Re-encoding an audio stream to AAC in an .m4a file, for the codecs that none of
// our audio containers can carry as they are (PCM, FLAC, AC-3, AMR, ...).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "domain/error.hpp"
#include "media/deadline.hpp"
#include "media/handles.hpp"
#include "media/muxer.hpp"

namespace media {

class AudioTranscoder {
 public:
  // Opens a decoder for `input` and an AAC encoder writing to `path` (mp4 muxer).
  static domain::Result<std::unique_ptr<AudioTranscoder>> open(const AVStream& input,
                                                               const std::string& path,
                                                               Deadline& deadline);
  AudioTranscoder(const AudioTranscoder&) = delete;
  AudioTranscoder& operator=(const AudioTranscoder&) = delete;

  // Decodes a packet of the input stream and encodes what is ready.
  domain::Status write(const AVPacket& packet);
  // Drains decoder, resampler and encoder, then finishes the file.
  domain::Status finish();

 private:
  AudioTranscoder() = default;
  domain::Status receive_frames();
  domain::Status resample(const AVFrame* frame);
  domain::Status encode_fifo(bool all);
  domain::Status receive_packets();

  CodecContextPtr decoder_;
  CodecContextPtr encoder_;
  SwrContextPtr resampler_;  // created from the first decoded frame
  AudioFifoPtr fifo_;
  FramePtr decoded_;
  FramePtr converted_;
  PacketPtr packet_;
  std::unique_ptr<Muxer> muxer_;
  int in_format_ = -1, in_rate_ = 0, in_channels_ = 0;  // what the resampler expects
  std::int64_t next_pts_ = 0;
  std::int64_t frames_decoded_ = 0;
};

}  // namespace media

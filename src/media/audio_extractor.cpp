#include "media/audio_extractor.hpp"

#include "media/media_error.hpp"

namespace media {

namespace {

struct Container {
  const char* muxer;
  const char* extension;
  const char* content_type;
};

constexpr Container kMp4{"mp4", ".m4a", "audio/mp4"};
constexpr Container kOgg{"ogg", ".ogg", "audio/ogg"};
constexpr Container kMp3{"mp3", ".mp3", "audio/mpeg"};

// The container that carries `codec` as it is, if we have one.
const Container* container_for(AVCodecID codec) {
  switch (codec) {
    case AV_CODEC_ID_AAC:
      return &kMp4;
    case AV_CODEC_ID_OPUS:
    case AV_CODEC_ID_VORBIS:
      return &kOgg;
    case AV_CODEC_ID_MP3:
      return &kMp3;
    default:
      return nullptr;
  }
}

}  // namespace

domain::Result<std::unique_ptr<AudioExtractor>> AudioExtractor::open(const AVStream& stream,
                                                                     std::int64_t start_time,
                                                                     const std::string& out_dir,
                                                                     Deadline& deadline) {
  std::unique_ptr<AudioExtractor> x(new AudioExtractor());
  x->time_base_ = stream.time_base;
  x->offset_ = av_rescale_q(start_time, AVRational{1, AV_TIME_BASE}, stream.time_base);

  if (const Container* c = container_for(stream.codecpar->codec_id)) {
    const std::string path = out_dir + "/audio" + c->extension;
    auto muxer = Muxer::open(path, c->muxer, *stream.codecpar, stream.time_base, deadline);
    if (muxer) {
      x->copy_ = std::move(muxer.value());
      x->file_ = AudioFile{path, c->content_type, false};
      return x;
    }
    // Only a muxer refusing the stream leaves re-encoding as a way out; a folder that
    // is not writable or a deadline that has passed would fail it the same way.
    if (muxer.error().code != domain::ErrorCode::kBadRequest) return muxer.take_error();
  }
  const std::string path = out_dir + "/audio" + kMp4.extension;
  auto transcoder = AudioTranscoder::open(stream, path, deadline);
  if (!transcoder) return transcoder.take_error();
  x->transcode_ = std::move(transcoder.value());
  x->file_ = AudioFile{path, kMp4.content_type, true};
  return x;
}

domain::Status AudioExtractor::write(AVPacket& packet) {
  ++packets_;
  if (transcode_) return transcode_->write(packet);
  if (packet.pts != AV_NOPTS_VALUE) packet.pts -= offset_;
  if (packet.dts != AV_NOPTS_VALUE) packet.dts -= offset_;
  return copy_->write(packet);
}

domain::Status AudioExtractor::finish() {
  if (packets_ == 0) return not_media("its audio track is empty");
  return transcode_ ? transcode_->finish() : copy_->finish();
}

}  // namespace media

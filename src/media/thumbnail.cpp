#include "media/thumbnail.hpp"

#include <filesystem>
#include <fstream>
#include <new>
#include <system_error>

#include "media/jpeg.hpp"
#include "media/media_error.hpp"
#include "media/rotation.hpp"

namespace media {

namespace {

// Streams whose timestamps never reach the target (broken or absent) stop here.
constexpr int kMaxFrames = 300;

}  // namespace

domain::Result<std::unique_ptr<Thumbnailer>> Thumbnailer::open(AVFormatContext& input,
                                                               AVStream& stream,
                                                               double target_seconds) {
  std::unique_ptr<Thumbnailer> t(new Thumbnailer());
  t->input_ = &input;
  t->stream_ = &stream;
  const AVCodecParameters& params = *stream.codecpar;
  const AVCodec* codec = avcodec_find_decoder(params.codec_id);
  if (!codec) {
    return not_media(std::string("its video codec (") + avcodec_get_name(params.codec_id) +
                     ") is not supported");
  }
  t->decoder_.reset(avcodec_alloc_context3(codec));
  if (!t->decoder_) throw std::bad_alloc();
  if (avcodec_parameters_to_context(t->decoder_.get(), &params) < 0) throw std::bad_alloc();
  t->decoder_->pkt_timebase = stream.time_base;
  // Jobs run side by side; one thread each also gives the frames without thread delay.
  t->decoder_->thread_count = 1;
  if (const int rc = avcodec_open2(t->decoder_.get(), codec, nullptr); rc < 0) {
    return not_media("its video cannot be decoded (" + av_error_text(rc) + ")");
  }
  t->decoded_ = make_frame();
  t->chosen_ = make_frame();
  t->start_ = stream.start_time == AV_NOPTS_VALUE ? 0 : stream.start_time;
  t->target_ = static_cast<std::int64_t>(target_seconds / av_q2d(stream.time_base));
  return t;
}

bool Thumbnailer::reached_target(std::int64_t timestamp) const {
  return timestamp == AV_NOPTS_VALUE || timestamp - start_ >= target_;
}

domain::Status Thumbnailer::write(const AVPacket& packet) {
  if (done_) return domain::ok();
  // Frames shown before the target are never output: those that no other frame
  // refers to need not be decoded at all.
  const bool early = packet.pts != AV_NOPTS_VALUE && !reached_target(packet.pts);
  decoder_->skip_frame = early ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
  const int rc = avcodec_send_packet(decoder_.get(), &packet);
  // A damaged packet is skipped; a file with nothing but damage ends with no frame.
  if (rc < 0 && rc != AVERROR_INVALIDDATA && rc != AVERROR(EAGAIN)) {
    return not_media("its video cannot be decoded (" + av_error_text(rc) + ")");
  }
  receive_frames();
  return domain::ok();
}

void Thumbnailer::receive_frames() {
  while (!done_) {
    const int rc = avcodec_receive_frame(decoder_.get(), decoded_.get());
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return;
    if (rc < 0) return;  // a damaged frame; the next packet goes on
    ++frames_;
    const bool corrupt =
        (decoded_->flags & AV_FRAME_FLAG_CORRUPT) || decoded_->decode_error_flags != 0;
    // A sound frame replaces anything; a damaged one only stands in for none.
    if (!corrupt || !have_chosen_ || chosen_corrupt_) {
      av_frame_unref(chosen_.get());
      av_frame_move_ref(chosen_.get(), decoded_.get());
      have_chosen_ = true;
      chosen_corrupt_ = corrupt;
      if (!corrupt && reached_target(chosen_->best_effort_timestamp)) done_ = true;
    } else {
      av_frame_unref(decoded_.get());
    }
    if (frames_ >= kMaxFrames && have_chosen_) done_ = true;
  }
}

domain::Status Thumbnailer::finish(const std::string& path) {
  if (!done_) {
    decoder_->skip_frame = AVDISCARD_DEFAULT;
    if (avcodec_send_packet(decoder_.get(), nullptr) >= 0) receive_frames();
  }
  if (!have_chosen_) return not_media("its video has no frame that can be decoded");

  const AVRational sar = av_guess_sample_aspect_ratio(input_, stream_, chosen_.get());
  auto jpeg = encode_jpeg(*chosen_, sar, display_rotation(*stream_), kMaxWidth);
  if (!jpeg) return jpeg.take_error();
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(jpeg->data(), static_cast<std::streamsize>(jpeg->size()));
  file.close();
  if (!file) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    return output_failed("cannot write " + path);
  }
  return domain::ok();
}

}  // namespace media

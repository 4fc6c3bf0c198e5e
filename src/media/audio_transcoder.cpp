#include "media/audio_transcoder.hpp"

#include <algorithm>
#include <cstdlib>
#include <new>

#include "media/media_error.hpp"

namespace media {

namespace {

// The rate of the encoder closest to the input's (AAC has a fixed list).
int choose_sample_rate(const AVCodec& codec, int wanted) {
  if (!codec.supported_samplerates) return wanted;
  int best = codec.supported_samplerates[0];
  for (const int* r = codec.supported_samplerates; *r; ++r) {
    if (std::abs(*r - wanted) < std::abs(best - wanted)) best = *r;
  }
  return best;
}

}  // namespace

domain::Result<std::unique_ptr<AudioTranscoder>> AudioTranscoder::open(const AVStream& input,
                                                                       const std::string& path,
                                                                       Deadline& deadline) {
  std::unique_ptr<AudioTranscoder> t(new AudioTranscoder());
  const AVCodecParameters& in = *input.codecpar;

  const AVCodec* decoder = avcodec_find_decoder(in.codec_id);
  if (!decoder) {
    return not_media(std::string("its audio codec (") + avcodec_get_name(in.codec_id) +
                     ") is not supported");
  }
  t->decoder_.reset(avcodec_alloc_context3(decoder));
  if (!t->decoder_) throw std::bad_alloc();
  if (avcodec_parameters_to_context(t->decoder_.get(), &in) < 0) throw std::bad_alloc();
  t->decoder_->pkt_timebase = input.time_base;
  t->decoder_->thread_count = 1;
  if (const int rc = avcodec_open2(t->decoder_.get(), decoder, nullptr); rc < 0) {
    return not_media("its audio cannot be decoded (" + av_error_text(rc) + ")");
  }

  const AVCodec* encoder = avcodec_find_encoder(AV_CODEC_ID_AAC);
  if (!encoder) return output_failed("this FFmpeg has no AAC encoder");
  t->encoder_.reset(avcodec_alloc_context3(encoder));
  if (!t->encoder_) throw std::bad_alloc();
  AVCodecContext& enc = *t->encoder_;
  const int channels = std::min(in.ch_layout.nb_channels, 2);
  av_channel_layout_default(&enc.ch_layout, channels);
  enc.sample_fmt = AV_SAMPLE_FMT_FLTP;
  enc.sample_rate = choose_sample_rate(*encoder, in.sample_rate);
  enc.bit_rate = 64000 * channels;
  enc.time_base = AVRational{1, enc.sample_rate};
  enc.flags |= AV_CODEC_FLAG_GLOBAL_HEADER;  // the mp4 muxer wants it
  if (const int rc = avcodec_open2(&enc, encoder, nullptr); rc < 0) {
    return output_failed("the AAC encoder did not start (" + av_error_text(rc) + ")");
  }

  t->fifo_.reset(av_audio_fifo_alloc(enc.sample_fmt, channels, enc.frame_size * 4));
  if (!t->fifo_) throw std::bad_alloc();
  t->decoded_ = make_frame();
  t->converted_ = make_frame();
  t->packet_ = make_packet();

  AVCodecParameters* params = avcodec_parameters_alloc();
  if (!params) throw std::bad_alloc();
  avcodec_parameters_from_context(params, &enc);
  auto muxer = Muxer::open(path, "mp4", *params, enc.time_base, deadline);
  avcodec_parameters_free(&params);
  if (!muxer) return muxer.take_error();
  t->muxer_ = std::move(muxer.value());
  return t;
}

domain::Status AudioTranscoder::write(const AVPacket& packet) {
  const int rc = avcodec_send_packet(decoder_.get(), &packet);
  // A damaged packet costs a few milliseconds of sound, not the whole file.
  if (rc < 0 && rc != AVERROR_INVALIDDATA) {
    return not_media("its audio cannot be decoded (" + av_error_text(rc) + ")");
  }
  return receive_frames();
}

domain::Status AudioTranscoder::receive_frames() {
  for (;;) {
    const int rc = avcodec_receive_frame(decoder_.get(), decoded_.get());
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return domain::ok();
    if (rc == AVERROR_INVALIDDATA) continue;
    if (rc < 0) return not_media("its audio cannot be decoded (" + av_error_text(rc) + ")");
    ++frames_decoded_;
    auto status = resample(decoded_.get());
    av_frame_unref(decoded_.get());
    if (!status) return status;
    if (auto s = encode_fifo(false); !s) return s;
  }
}

// Converts a decoded frame (or, for null, what the resampler still holds) into the
// encoder's format and queues it: the encoder takes fixed-size frames.
domain::Status AudioTranscoder::resample(const AVFrame* frame) {
  AVCodecContext& enc = *encoder_;  // swr_alloc_set_opts2 takes non-const layouts
  if (!resampler_) {
    if (!frame) return domain::ok();
    AVChannelLayout in_layout{};
    if (frame->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC) {
      av_channel_layout_default(&in_layout, frame->ch_layout.nb_channels);
    } else if (av_channel_layout_copy(&in_layout, &frame->ch_layout) < 0) {
      throw std::bad_alloc();
    }
    SwrContext* raw = nullptr;
    int rc = swr_alloc_set_opts2(&raw, &enc.ch_layout, enc.sample_fmt, enc.sample_rate, &in_layout,
                                 static_cast<AVSampleFormat>(frame->format), frame->sample_rate, 0,
                                 nullptr);
    av_channel_layout_uninit(&in_layout);
    resampler_.reset(raw);
    if (rc >= 0) rc = swr_init(resampler_.get());
    if (rc < 0)
      return not_media("its audio format cannot be converted (" + av_error_text(rc) + ")");
    in_format_ = frame->format;
    in_rate_ = frame->sample_rate;
    in_channels_ = frame->ch_layout.nb_channels;
  } else if (frame && (frame->format != in_format_ || frame->sample_rate != in_rate_ ||
                       frame->ch_layout.nb_channels != in_channels_)) {
    return not_media("its audio format changes midway");
  }

  const int in_samples = frame ? frame->nb_samples : 0;
  const int capacity = swr_get_out_samples(resampler_.get(), in_samples);
  if (capacity <= 0) return domain::ok();
  AVFrame& out = *converted_;
  if (out.nb_samples < capacity) {
    av_frame_unref(&out);
    out.format = enc.sample_fmt;
    out.sample_rate = enc.sample_rate;
    if (av_channel_layout_copy(&out.ch_layout, &enc.ch_layout) < 0) throw std::bad_alloc();
    out.nb_samples = capacity;
    if (av_frame_get_buffer(&out, 0) < 0) throw std::bad_alloc();
  }
  const int n =
      swr_convert(resampler_.get(), out.data, capacity,
                  frame ? const_cast<const uint8_t**>(frame->extended_data) : nullptr, in_samples);
  if (n < 0) return not_media("its audio cannot be converted (" + av_error_text(n) + ")");
  if (n > 0 && av_audio_fifo_write(fifo_.get(), reinterpret_cast<void**>(out.data), n) < n) {
    throw std::bad_alloc();
  }
  return domain::ok();
}

// Encodes whole frames from the queue; with `all`, the short last one too.
domain::Status AudioTranscoder::encode_fifo(bool all) {
  const AVCodecContext& enc = *encoder_;
  for (;;) {
    const int queued = av_audio_fifo_size(fifo_.get());
    if (queued == 0 || (!all && queued < enc.frame_size)) return domain::ok();
    FramePtr frame = make_frame();
    frame->nb_samples = std::min(queued, enc.frame_size);
    frame->format = enc.sample_fmt;
    frame->sample_rate = enc.sample_rate;
    if (av_channel_layout_copy(&frame->ch_layout, &enc.ch_layout) < 0) throw std::bad_alloc();
    if (av_frame_get_buffer(frame.get(), 0) < 0) throw std::bad_alloc();
    av_audio_fifo_read(fifo_.get(), reinterpret_cast<void**>(frame->data), frame->nb_samples);
    frame->pts = next_pts_;
    next_pts_ += frame->nb_samples;
    if (const int rc = avcodec_send_frame(encoder_.get(), frame.get()); rc < 0) {
      return output_failed("the AAC encoder failed (" + av_error_text(rc) + ")");
    }
    if (auto s = receive_packets(); !s) return s;
  }
}

domain::Status AudioTranscoder::receive_packets() {
  for (;;) {
    const int rc = avcodec_receive_packet(encoder_.get(), packet_.get());
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return domain::ok();
    if (rc < 0) return output_failed("the AAC encoder failed (" + av_error_text(rc) + ")");
    if (auto s = muxer_->write(*packet_); !s) return s;
  }
}

domain::Status AudioTranscoder::finish() {
  if (avcodec_send_packet(decoder_.get(), nullptr) >= 0) {
    if (auto s = receive_frames(); !s) return s;
  }
  if (frames_decoded_ == 0) return not_media("its audio track has nothing that can be decoded");
  if (auto s = resample(nullptr); !s) return s;
  if (auto s = encode_fifo(true); !s) return s;
  if (const int rc = avcodec_send_frame(encoder_.get(), nullptr); rc < 0) {
    return output_failed("the AAC encoder failed (" + av_error_text(rc) + ")");
  }
  if (auto s = receive_packets(); !s) return s;
  return muxer_->finish();
}

}  // namespace media

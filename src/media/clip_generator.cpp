#include "media/clip_generator.hpp"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <new>
#include <numbers>
#include <system_error>
#include <utility>
#include <vector>

#include "media/handles.hpp"
#include "media/libav.hpp"
#include "media/logging.hpp"
#include "media/media_error.hpp"

namespace media {

namespace {

// One encoded stream of the clip and where its generated frames have got to.
struct Track {
  CodecContextPtr codec;
  AVStream* stream = nullptr;
  FramePtr frame;
  std::int64_t next_pts = 0;  // in the codec's time base
  std::int64_t end_pts = 0;
  bool flushed = false;
};

domain::Error failure(const std::string& doing, int code) {
  return output_failed(doing + " (" + av_error_text(code) + ")");
}

// A track of the encoder `name`, which `configure` sets up before it is opened, with a
// stream of the output for it.
domain::Result<Track> open_track(
    AVFormatContext& fmt, const std::string& name,
    const std::function<domain::Status(const AVCodec&, AVCodecContext&)>& configure) {
  const AVCodec* codec = avcodec_find_encoder_by_name(name.c_str());
  if (!codec) return output_failed("no " + name + " encoder");
  Track t;
  t.codec.reset(avcodec_alloc_context3(codec));
  if (!t.codec) throw std::bad_alloc();
  AVCodecContext& c = *t.codec;
  if (auto st = configure(*codec, c); !st) return st.take_error();
  if (fmt.oformat->flags & AVFMT_GLOBALHEADER) c.flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  // One thread: for a few seconds of small frames, starting threads costs more than it saves.
  c.thread_count = 1;
  AVDictionary* options = nullptr;
  // The fastest settings of libx264 and libvpx (other encoders ignore these): the picture
  // only has to be recognisable.
  av_dict_set(&options, "preset", "ultrafast", 0);
  av_dict_set(&options, "deadline", "realtime", 0);
  av_dict_set(&options, "cpu-used", "8", 0);
  const int rc = avcodec_open2(&c, codec, &options);
  av_dict_free(&options);
  if (rc < 0) return failure("cannot open the " + name + " encoder", rc);
  t.stream = avformat_new_stream(&fmt, nullptr);
  if (!t.stream) throw std::bad_alloc();
  if (avcodec_parameters_from_context(t.stream->codecpar, &c) < 0) throw std::bad_alloc();
  t.stream->time_base = c.time_base;
  t.frame = make_frame();
  return t;
}

domain::Result<Track> video_track(AVFormatContext& fmt, const ClipSpec& spec) {
  auto t = open_track(fmt, spec.video_encoder, [&](const AVCodec&, AVCodecContext& c) {
    c.width = spec.width;
    c.height = spec.height;
    c.pix_fmt = AV_PIX_FMT_YUV420P;
    c.time_base = {1, spec.frame_rate};
    c.framerate = {spec.frame_rate, 1};
    c.gop_size = spec.frame_rate;  // a key frame every second
    c.bit_rate = 400'000;
    return domain::ok();
  });
  if (!t) return t;
  AVFrame& f = *t->frame;
  f.format = t->codec->pix_fmt;
  f.width = spec.width;
  f.height = spec.height;
  if (av_frame_get_buffer(&f, 0) < 0) throw std::bad_alloc();
  t->end_pts = std::llround(spec.seconds * spec.frame_rate);
  return t;
}

// The first sample format of the encoder's that fill_tone writes.
AVSampleFormat sample_format(const AVCodec& codec) {
  for (const AVSampleFormat* f = codec.sample_fmts; f && *f != AV_SAMPLE_FMT_NONE; ++f) {
    switch (*f) {
      case AV_SAMPLE_FMT_FLTP:
      case AV_SAMPLE_FMT_FLT:
      case AV_SAMPLE_FMT_S16:
      case AV_SAMPLE_FMT_S16P:
      case AV_SAMPLE_FMT_S32:
      case AV_SAMPLE_FMT_S32P:
        return *f;
      default:
        break;
    }
  }
  return AV_SAMPLE_FMT_NONE;
}

domain::Result<Track> audio_track(AVFormatContext& fmt, const ClipSpec& spec) {
  auto t = open_track(fmt, spec.audio_encoder, [&](const AVCodec& codec, AVCodecContext& c) {
    c.sample_fmt = sample_format(codec);
    if (c.sample_fmt == AV_SAMPLE_FMT_NONE) {
      return domain::Status(
          output_failed("no sample format of the " + spec.audio_encoder + " encoder fits"));
    }
    c.sample_rate = spec.sample_rate;
    av_channel_layout_default(&c.ch_layout, spec.channels);
    c.time_base = {1, spec.sample_rate};
    c.bit_rate = 64'000;
    return domain::ok();
  });
  if (!t) return t;
  const AVCodecContext& c = *t->codec;
  AVFrame& f = *t->frame;
  // Encoders that take any frame size report none.
  f.nb_samples = c.frame_size > 0 ? c.frame_size : 1024;
  f.format = c.sample_fmt;
  f.sample_rate = c.sample_rate;
  if (av_channel_layout_copy(&f.ch_layout, &c.ch_layout) < 0) throw std::bad_alloc();
  if (av_frame_get_buffer(&f, 0) < 0) throw std::bad_alloc();
  t->end_pts = std::llround(spec.seconds * spec.sample_rate);
  return t;
}

// Eight vertical colour bars (Y, U, V), scrolled a few pixels per frame so that the
// picture moves.
void fill_bars(AVFrame& f, std::int64_t index) {
  static constexpr std::uint8_t kBars[8][3] = {{235, 128, 128}, {210, 16, 146},  {170, 166, 16},
                                               {145, 54, 34},   {106, 202, 222}, {81, 90, 240},
                                               {41, 240, 110},  {16, 128, 128}};
  const int shift = static_cast<int>(index * 4 % f.width);
  auto bar = [&](int x) { return ((x + shift) % f.width) * 8 / f.width; };
  for (int y = 0; y < f.height; ++y) {
    for (int x = 0; x < f.width; ++x) f.data[0][y * f.linesize[0] + x] = kBars[bar(x)][0];
  }
  for (int y = 0; y < (f.height + 1) / 2; ++y) {
    for (int x = 0; x < (f.width + 1) / 2; ++x) {
      f.data[1][y * f.linesize[1] + x] = kBars[bar(2 * x)][1];
      f.data[2][y * f.linesize[2] + x] = kBars[bar(2 * x)][2];
    }
  }
}

// A 440 Hz tone at a third of full scale, continuing from sample `first`.
void fill_tone(AVFrame& f, std::int64_t first) {
  const auto fmt = static_cast<AVSampleFormat>(f.format);
  const int channels = f.ch_layout.nb_channels;
  const bool planar = av_sample_fmt_is_planar(fmt) != 0;
  for (int i = 0; i < f.nb_samples; ++i) {
    const double t = static_cast<double>(first + i) / f.sample_rate;
    const double v = std::sin(2 * std::numbers::pi * 440 * t) / 3;
    for (int ch = 0; ch < channels; ++ch) {
      std::uint8_t* plane = f.data[planar ? ch : 0];
      const int at = planar ? i : i * channels + ch;
      switch (fmt) {
        case AV_SAMPLE_FMT_FLTP:
        case AV_SAMPLE_FMT_FLT:
          reinterpret_cast<float*>(plane)[at] = static_cast<float>(v);
          break;
        case AV_SAMPLE_FMT_S16:
        case AV_SAMPLE_FMT_S16P:
          reinterpret_cast<std::int16_t*>(plane)[at] = static_cast<std::int16_t>(v * INT16_MAX);
          break;
        default:  // S32, S32P: sample_format chose nothing else
          reinterpret_cast<std::int32_t*>(plane)[at] = static_cast<std::int32_t>(v * INT32_MAX);
          break;
      }
    }
  }
}

// Writes every packet the encoder has ready.
domain::Status drain(AVFormatContext& fmt, Track& t, AVPacket& packet) {
  for (;;) {
    const int rc = avcodec_receive_packet(t.codec.get(), &packet);
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return domain::ok();
    if (rc < 0) return failure("cannot encode", rc);
    av_packet_rescale_ts(&packet, t.codec->time_base, t.stream->time_base);
    packet.stream_index = t.stream->index;
    // Takes the packet's data, whatever the outcome.
    if (const int w = av_interleaved_write_frame(&fmt, &packet); w < 0) {
      return failure("cannot write", w);
    }
  }
}

// Sends the track's next frame (or, past its end, the flush) and writes what comes out.
domain::Status step(AVFormatContext& fmt, Track& t, AVPacket& packet) {
  AVFrame* frame = nullptr;
  if (t.next_pts < t.end_pts) {
    if (av_frame_make_writable(t.frame.get()) < 0) throw std::bad_alloc();
    const bool video = t.codec->codec_type == AVMEDIA_TYPE_VIDEO;
    if (video) {
      fill_bars(*t.frame, t.next_pts);
    } else {
      fill_tone(*t.frame, t.next_pts);
    }
    t.frame->pts = t.next_pts;
    t.next_pts += video ? 1 : t.frame->nb_samples;
    frame = t.frame.get();
  } else {
    t.flushed = true;
  }
  if (const int rc = avcodec_send_frame(t.codec.get(), frame); rc < 0) {
    return failure("cannot encode", rc);
  }
  return drain(fmt, t, packet);
}

// The track that is furthest behind in time and not done, so that the muxer receives
// the streams interleaved; nullptr when all are done.
Track* next_track(std::vector<Track>& tracks) {
  Track* best = nullptr;
  for (auto& t : tracks) {
    if (t.flushed) continue;
    if (!best ||
        av_compare_ts(t.next_pts, t.codec->time_base, best->next_pts, best->codec->time_base) < 0) {
      best = &t;
    }
  }
  return best;
}

domain::Status write_clip(const std::string& path, const ClipSpec& spec) {
  const std::string url = "file:" + path;
  AVFormatContext* raw = nullptr;
  if (const int rc =
          avformat_alloc_output_context2(&raw, nullptr, spec.format.c_str(), url.c_str());
      rc < 0) {
    return failure("no " + spec.format + " muxer", rc);
  }
  OutputFormatPtr fmt(raw);
  std::vector<Track> tracks;
  for (bool video : {true, false}) {
    if ((video ? spec.video_encoder : spec.audio_encoder).empty()) continue;
    auto t = video ? video_track(*fmt, spec) : audio_track(*fmt, spec);
    if (!t) return t.take_error();
    tracks.push_back(std::move(t.value()));
  }
  if (const int rc = avio_open(&fmt->pb, url.c_str(), AVIO_FLAG_WRITE); rc < 0) {
    return failure("cannot create " + path, rc);
  }
  if (const int rc = avformat_write_header(fmt.get(), nullptr); rc < 0) {
    return failure("cannot start " + path, rc);
  }
  PacketPtr packet = make_packet();
  while (Track* t = next_track(tracks)) {
    if (auto st = step(*fmt, *t, *packet); !st) return st;
  }
  if (const int rc = av_write_trailer(fmt.get()); rc < 0) {
    return failure("cannot finish " + path, rc);
  }
  if (const int rc = avio_closep(&fmt->pb); rc < 0) return failure("cannot close " + path, rc);
  return domain::ok();
}

}  // namespace

domain::Status generate_clip(const std::string& path, const ClipSpec& spec) {
  init_logging();
  auto st = write_clip(path, spec);
  if (!st) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
  return st;
}

}  // namespace media

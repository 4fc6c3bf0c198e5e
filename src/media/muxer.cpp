#include "media/muxer.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <new>
#include <system_error>

#include "media/media_error.hpp"

namespace media {

domain::Result<std::unique_ptr<Muxer>> Muxer::open(const std::string& path, const char* format_name,
                                                   const AVCodecParameters& params,
                                                   AVRational time_base, Deadline& deadline) {
  std::unique_ptr<Muxer> m(new Muxer(path, deadline));
  m->time_base_ = time_base;
  const std::string url = "file:" + path;
  AVFormatContext* raw = nullptr;
  if (const int rc = avformat_alloc_output_context2(&raw, nullptr, format_name, url.c_str());
      rc < 0) {
    return output_failed(std::string("no ") + format_name + " muxer (" + av_error_text(rc) + ")");
  }
  m->format_.reset(raw);
  AVFormatContext& fmt = *m->format_;
  fmt.interrupt_callback = deadline.interrupt_callback();

  AVStream* st = avformat_new_stream(&fmt, nullptr);
  if (!st) throw std::bad_alloc();
  if (avcodec_parameters_copy(st->codecpar, &params) < 0) throw std::bad_alloc();
  // The input container's tag means nothing to another container.
  st->codecpar->codec_tag = 0;
  st->time_base = time_base;

  AVIOInterruptCB interrupt = deadline.interrupt_callback();
  if (const int rc = avio_open2(&fmt.pb, url.c_str(), AVIO_FLAG_WRITE, &interrupt, nullptr);
      rc < 0) {
    return m->failure(rc, "cannot create " + path);
  }
  AVDictionary* options = nullptr;
  // The index first, so that players can start before the whole file has arrived.
  if (std::strcmp(format_name, "mp4") == 0) av_dict_set(&options, "movflags", "+faststart", 0);
  const int rc = avformat_write_header(&fmt, &options);
  av_dict_free(&options);
  if (rc < 0) {
    if (deadline.passed()) return timed_out();
    return not_media(std::string("the ") + format_name + " muxer cannot carry its " +
                     avcodec_get_name(params.codec_id) + " stream (" + av_error_text(rc) + ")");
  }
  return m;
}

Muxer::~Muxer() {
  if (finished_) return;
  format_.reset();  // closes the file first
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

domain::Error Muxer::failure(int code, const std::string& doing) const {
  if (deadline_.passed()) return timed_out();
  return output_failed(doing + " (" + av_error_text(code) + ")");
}

domain::Status Muxer::write(AVPacket& packet) {
  AVFormatContext& fmt = *format_;
  const AVRational out_tb = fmt.streams[0]->time_base;
  packet.stream_index = 0;
  packet.pos = -1;
  av_packet_rescale_ts(&packet, time_base_, out_tb);
  // Muxers reject decode timestamps that go backwards, which damaged or oddly cut
  // uploads have; nudge them forward as the ffmpeg CLI does.
  if (packet.dts != AV_NOPTS_VALUE) {
    if (last_dts_ != AV_NOPTS_VALUE) {
      const std::int64_t min_dts = last_dts_ + ((fmt.oformat->flags & AVFMT_TS_NONSTRICT) ? 0 : 1);
      if (packet.dts < min_dts) {
        if (packet.pts != AV_NOPTS_VALUE) packet.pts = std::max(packet.pts, min_dts);
        packet.dts = min_dts;
      }
    }
    last_dts_ = packet.dts;
  }
  if (const int rc = av_interleaved_write_frame(&fmt, &packet); rc < 0) {
    if (deadline_.passed()) return timed_out();
    if (fmt.pb && fmt.pb->error < 0) return output_failed(av_error_text(fmt.pb->error));
    return not_media("its audio track cannot be written (" + av_error_text(rc) + ")");
  }
  return domain::ok();
}

domain::Status Muxer::finish() {
  AVFormatContext& fmt = *format_;
  if (const int rc = av_write_trailer(&fmt); rc < 0) return failure(rc, "cannot finish " + path_);
  if (fmt.pb->error < 0) return failure(fmt.pb->error, "cannot write " + path_);
  if (const int rc = avio_closep(&fmt.pb); rc < 0) return failure(rc, "cannot close " + path_);
  finished_ = true;
  return domain::ok();
}

}  // namespace media

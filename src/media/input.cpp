#include "media/input.hpp"

#include <filesystem>
#include <new>
#include <string_view>
#include <system_error>

#include "media/media_error.hpp"

namespace media {

namespace {

// Demuxers for what cameras, phones and browsers record. Others stay off: some
// (hls, concat) open further files named inside the upload.
constexpr const char* kFormats =
    "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,ogg,mp3,aac,wav,flac,avi,mpegts,mpeg,flv,asf";

bool usable(const AVStream& st) {
  const AVCodecParameters& p = *st.codecpar;
  if (p.codec_id == AV_CODEC_ID_NONE) return false;
  if (p.codec_type == AVMEDIA_TYPE_AUDIO) return p.sample_rate > 0 && p.ch_layout.nb_channels > 0;
  if (p.codec_type == AVMEDIA_TYPE_VIDEO) {
    return p.width > 0 && p.height > 0 && !(st.disposition & AV_DISPOSITION_ATTACHED_PIC);
  }
  return false;
}

// The first usable stream of `type`, preferring one marked as the default.
int choose_stream(const AVFormatContext& fmt, AVMediaType type) {
  int chosen = -1;
  for (unsigned i = 0; i < fmt.nb_streams; ++i) {
    const AVStream& st = *fmt.streams[i];
    if (st.codecpar->codec_type != type || !usable(st)) continue;
    if (chosen < 0) chosen = static_cast<int>(i);
    if (st.disposition & AV_DISPOSITION_DEFAULT) return static_cast<int>(i);
  }
  return chosen;
}

// MP4/MOV and Matroska/WebM headers describe their streams fully; when every audio
// and video stream is complete there, avformat_find_stream_info, which decodes
// frames to learn what a header left out (a third of our time on a 720p H.264
// clip), has nothing to add. Other formats (MPEG-TS, MP3, ADTS, ...) need it.
bool header_is_enough(const AVFormatContext& fmt) {
  const std::string_view name = fmt.iformat->name;
  if (name != "mov,mp4,m4a,3gp,3g2,mj2" && name != "matroska,webm") return false;
  if (fmt.ctx_flags & AVFMTCTX_NOHEADER) return false;
  for (unsigned i = 0; i < fmt.nb_streams; ++i) {
    const AVStream& st = *fmt.streams[i];
    const AVMediaType type = st.codecpar->codec_type;
    if ((type == AVMEDIA_TYPE_AUDIO || type == AVMEDIA_TYPE_VIDEO) &&
        !(st.disposition & AV_DISPOSITION_ATTACHED_PIC) && !usable(st)) {
      return false;
    }
  }
  return true;
}

double stream_seconds(const AVStream& st) {
  if (st.duration == AV_NOPTS_VALUE || st.duration <= 0) return 0;
  return static_cast<double>(st.duration) * av_q2d(st.time_base);
}

}  // namespace

domain::Result<Input> open_input(const std::string& path, Deadline& deadline) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) {
    if (ec == std::errc::no_such_file_or_directory) {
      return domain::Error::not_found("Media file not found: " + path);
    }
    return not_media("it cannot be read (" + ec.message() + ")");
  }
  if (size == 0) return not_media("the file is empty");
  if (deadline.passed()) return timed_out();

  AVFormatContext* raw = avformat_alloc_context();
  if (!raw) throw std::bad_alloc();
  raw->interrupt_callback = deadline.interrupt_callback();
  raw->format_whitelist = av_strdup(kFormats);
  raw->protocol_whitelist = av_strdup("file");
  // On failure avformat_open_input frees the context itself.
  const int rc = avformat_open_input(&raw, ("file:" + path).c_str(), nullptr, nullptr);
  if (rc < 0) {
    if (deadline.passed()) return timed_out();
    if (rc == AVERROR(EINVAL)) return not_media("its container format is not supported");
    return not_media("its format is not recognized or its header is damaged (" + av_error_text(rc) +
                     ")");
  }
  Input in;
  in.format.reset(raw);
  AVFormatContext& fmt = *in.format;

  if (!header_is_enough(fmt)) {
    if (const int err = avformat_find_stream_info(&fmt, nullptr); err < 0) {
      if (deadline.passed()) return timed_out();
      return not_media("its streams cannot be read (" + av_error_text(err) + ")");
    }
    if (deadline.passed()) return timed_out();
  }

  in.audio_stream = choose_stream(fmt, AVMEDIA_TYPE_AUDIO);
  in.video_stream = choose_stream(fmt, AVMEDIA_TYPE_VIDEO);
  if (in.audio_stream < 0 && in.video_stream < 0) {
    return not_media("it has no audio or video stream that can be decoded");
  }
  for (unsigned i = 0; i < fmt.nb_streams; ++i) {
    if (static_cast<int>(i) != in.audio_stream && static_cast<int>(i) != in.video_stream) {
      fmt.streams[i]->discard = AVDISCARD_ALL;
    }
  }

  if (fmt.duration != AV_NOPTS_VALUE && fmt.duration > 0) {
    in.duration_seconds = static_cast<double>(fmt.duration) / AV_TIME_BASE;
    in.duration_uncertain = fmt.duration_estimation_method == AVFMT_DURATION_FROM_BITRATE;
  } else {
    for (int index : {in.audio_stream, in.video_stream}) {
      if (index >= 0 && stream_seconds(*fmt.streams[index]) > in.duration_seconds) {
        in.duration_seconds = stream_seconds(*fmt.streams[index]);
      }
    }
    in.duration_uncertain = in.duration_seconds <= 0;
  }
  if (fmt.start_time != AV_NOPTS_VALUE) in.start_time = fmt.start_time;
  return in;
}

}  // namespace media

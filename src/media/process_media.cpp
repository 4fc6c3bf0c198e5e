#include "media/process_media.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>
#include <vector>

#include "media/audio_extractor.hpp"
#include "media/deadline.hpp"
#include "media/input.hpp"
#include "media/logging.hpp"
#include "media/media_error.hpp"
#include "media/thumbnail.hpp"

namespace media {

namespace {

// Removes the files of a job that failed after writing some of them.
class RemoveOnFailure {
 public:
  RemoveOnFailure() = default;
  RemoveOnFailure(const RemoveOnFailure&) = delete;
  RemoveOnFailure& operator=(const RemoveOnFailure&) = delete;
  ~RemoveOnFailure() {
    if (committed_) return;
    std::error_code ignored;
    for (const auto& p : paths_) std::filesystem::remove(p, ignored);
  }
  void add(std::string path) { paths_.push_back(std::move(path)); }
  void commit() { committed_ = true; }

 private:
  std::vector<std::string> paths_;
  bool committed_ = false;
};

// The thumbnail's moment: one second in, or sooner in a clip under ten seconds.
double thumbnail_target(double duration_seconds) {
  return duration_seconds > 0 ? std::min(1.0, 0.1 * duration_seconds) : 1.0;
}

// Packets may end a little before the announced duration (a last packet without a
// duration, rounding); well before it, the upload was cut short.
bool truncated(double announced_seconds, double end_seconds) {
  return end_seconds < announced_seconds - std::max(1.0, 0.1 * announced_seconds);
}

std::string seconds_text(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", seconds);
  return buf;
}

// One pass over the whole file: audio packets are copied, video packets decoded until
// the thumbnail's frame. Returns where the packets end (seconds from the start), which
// tells a duration the container lacks, or that the file was cut short.
domain::Result<double> copy_and_decode(Input& in, AudioExtractor* audio, Thumbnailer* thumbnail,
                                       const Deadline& deadline) {
  AVFormatContext& fmt = *in.format;
  PacketPtr packet = make_packet();
  const double start_seconds = static_cast<double>(in.start_time) / AV_TIME_BASE;
  double end_seconds = 0;
  for (;;) {
    if (deadline.passed()) return timed_out();
    const int rc = av_read_frame(&fmt, packet.get());
    if (rc < 0) {
      if (deadline.passed()) return timed_out();
      break;  // the end, or damage that ends the file early: what was read counts
    }
    PacketUnref unref(packet.get());
    const AVStream& st = *fmt.streams[packet->stream_index];
    if (packet->pts != AV_NOPTS_VALUE) {
      const double end =
          static_cast<double>(packet->pts + packet->duration) * av_q2d(st.time_base) -
          start_seconds;
      end_seconds = std::max(end_seconds, end);
    }
    domain::Status status = domain::ok();
    if (packet->stream_index == in.audio_stream) {
      status = audio->write(*packet);
    } else if (packet->stream_index == in.video_stream && !thumbnail->done()) {
      status = thumbnail->write(*packet);
    }
    if (!status) return status.take_error();
  }
  return end_seconds;
}

}  // namespace

domain::Result<MediaOutputs> process_media(const std::string& input_path,
                                           const std::string& out_dir,
                                           std::chrono::steady_clock::time_point deadline_at) {
  init_logging();
  // Declared first: FFmpeg's contexts below point to it until they are freed.
  Deadline deadline(deadline_at);
  if (deadline.passed()) return timed_out();

  auto opened = open_input(input_path, deadline);
  if (!opened) return opened.take_error();
  Input& in = opened.value();
  AVFormatContext& fmt = *in.format;

  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) return output_failed("cannot create " + out_dir + " (" + ec.message() + ")");
  RemoveOnFailure cleanup;

  MediaOutputs out;
  out.has_audio = in.audio_stream >= 0;
  out.has_video = in.video_stream >= 0;
  std::unique_ptr<AudioExtractor> audio;
  if (out.has_audio) {
    auto opened_audio =
        AudioExtractor::open(*fmt.streams[in.audio_stream], in.start_time, out_dir, deadline);
    if (!opened_audio) return opened_audio.take_error();
    audio = std::move(opened_audio.value());
    cleanup.add(audio->file().path);
  }
  std::unique_ptr<Thumbnailer> thumbnail;
  if (out.has_video) {
    auto opened_thumbnail = Thumbnailer::open(fmt, *fmt.streams[in.video_stream],
                                              thumbnail_target(in.duration_seconds));
    if (!opened_thumbnail) return opened_thumbnail.take_error();
    thumbnail = std::move(opened_thumbnail.value());
  }

  auto end_seconds = copy_and_decode(in, audio.get(), thumbnail.get(), deadline);
  if (!end_seconds) return end_seconds.take_error();

  if (!in.duration_uncertain && truncated(in.duration_seconds, *end_seconds)) {
    return not_media("it is truncated: its streams end at " + seconds_text(*end_seconds) +
                     " of the " + seconds_text(in.duration_seconds) + " announced");
  }
  if (audio) {
    if (auto status = audio->finish(); !status) return status.take_error();
    out.audio_path = audio->file().path;
    out.audio_content_type = audio->file().content_type;
    out.audio_reencoded = audio->file().reencoded;
  }
  if (thumbnail) {
    const std::string path = out_dir + "/thumbnail.jpg";
    cleanup.add(path);
    if (auto status = thumbnail->finish(path); !status) return status.take_error();
    out.thumbnail_path = path;
  }
  out.duration_seconds =
      in.duration_uncertain && *end_seconds > 0 ? *end_seconds : in.duration_seconds;
  cleanup.commit();
  return out;
}

}  // namespace media

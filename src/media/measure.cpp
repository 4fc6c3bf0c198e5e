#include "media/measure.hpp"

#include <algorithm>

#include "media/handles.hpp"
#include "media/input.hpp"
#include "media/libav.hpp"
#include "media/logging.hpp"
#include "media/media_error.hpp"

namespace media {

domain::Result<double> measure_duration(const std::string& path,
                                        std::chrono::steady_clock::time_point deadline_at) {
  init_logging();
  Deadline deadline(deadline_at);  // first: the demuxer's interrupt callback points to it
  auto opened = open_input(path, deadline);
  if (!opened) return opened.take_error();
  Input& in = opened.value();
  AVFormatContext& fmt = *in.format;
  const double start_seconds = static_cast<double>(in.start_time) / AV_TIME_BASE;
  PacketPtr packet = make_packet();
  double end_seconds = 0;
  for (;;) {
    const int rc = av_read_frame(&fmt, packet.get());
    if (deadline.passed()) return timed_out();
    if (rc < 0) break;  // the end, or damage that ends the file: what was read counts
    PacketUnref unref(packet.get());
    if (packet->pts == AV_NOPTS_VALUE) continue;
    const AVStream& st = *fmt.streams[packet->stream_index];
    end_seconds = std::max(
        end_seconds,
        static_cast<double>(packet->pts + packet->duration) * av_q2d(st.time_base) - start_seconds);
  }
  return end_seconds;
}

}  // namespace media

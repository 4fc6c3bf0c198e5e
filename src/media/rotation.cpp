#include "media/rotation.hpp"

#include <cmath>
#include <cstdint>
#include <new>

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace media {

int display_rotation(const AVStream& stream) {
  std::size_t size = 0;
  const std::uint8_t* matrix = av_stream_get_side_data(&stream, AV_PKT_DATA_DISPLAYMATRIX, &size);
  if (!matrix || size < 9 * sizeof(std::int32_t)) return 0;
  // The matrix gives the counterclockwise angle; anything but right angles is rounded to one.
  const double ccw = av_display_rotation_get(reinterpret_cast<const std::int32_t*>(matrix));
  if (std::isnan(ccw)) return 0;
  const long quarters = std::lround(-ccw / 90.0) % 4;
  return static_cast<int>((quarters + 4) % 4) * 90;
}

FramePtr rotate_frame(const AVFrame& frame, int degrees) {
  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame.format));
  FramePtr out = make_frame();
  out->format = frame.format;
  out->width = degrees == 180 ? frame.width : frame.height;
  out->height = degrees == 180 ? frame.height : frame.width;
  out->color_range = frame.color_range;
  if (av_frame_get_buffer(out.get(), 0) < 0) throw std::bad_alloc();

  for (int p = 0; p < 3; ++p) {
    const int shift_w = p ? desc->log2_chroma_w : 0;
    const int shift_h = p ? desc->log2_chroma_h : 0;
    const int w = frame.width >> shift_w;
    const int h = frame.height >> shift_h;
    const std::uint8_t* src = frame.data[p];
    std::uint8_t* dst = out->data[p];
    const int src_stride = frame.linesize[p];
    const int dst_stride = out->linesize[p];
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        int dx = 0;
        int dy = 0;
        switch (degrees) {
          case 90:
            dx = h - 1 - y;
            dy = x;
            break;
          case 180:
            dx = w - 1 - x;
            dy = h - 1 - y;
            break;
          default:  // 270
            dx = y;
            dy = w - 1 - x;
            break;
        }
        dst[dy * dst_stride + dx] = src[y * src_stride + x];
      }
    }
  }
  return out;
}

}  // namespace media

#include "media/jpeg.hpp"

#include <algorithm>
#include <cmath>
#include <new>

#include "media/media_error.hpp"
#include "media/rotation.hpp"

namespace media {

namespace {

// The JPEG encoder's native format: 4:2:0, full range. Dimensions stay even so that
// the chroma planes turn with the luma plane.
constexpr AVPixelFormat kJpegFormat = AV_PIX_FMT_YUVJ420P;
constexpr int kQuality = 3;  // as `ffmpeg -q:v 3`: 2 is best, 31 worst

int even(double v) {
  return std::max(2, static_cast<int>(std::lround(v / 2)) * 2);
}

// `frame` scaled to `width` x `height` in kJpegFormat.
domain::Result<FramePtr> scale(const AVFrame& frame, int width, int height) {
  const auto src_format = static_cast<AVPixelFormat>(frame.format);
  if (!sws_isSupportedInput(src_format)) {
    return not_media("its video pixel format cannot be converted");
  }
  SwsContextPtr sws(sws_getContext(frame.width, frame.height, src_format, width, height,
                                   kJpegFormat, SWS_BICUBIC, nullptr, nullptr, nullptr));
  if (!sws) return not_media("its video frames cannot be scaled");
  // Full-range frames that do not say so in their pixel format (yuvj*) would look washed out.
  if (frame.color_range == AVCOL_RANGE_JPEG) {
    int* inv_table = nullptr;
    int* table = nullptr;
    int src_range = 0, dst_range = 0, brightness = 0, contrast = 0, saturation = 0;
    if (sws_getColorspaceDetails(sws.get(), &inv_table, &src_range, &table, &dst_range, &brightness,
                                 &contrast, &saturation) >= 0) {
      sws_setColorspaceDetails(sws.get(), inv_table, 1, table, dst_range, brightness, contrast,
                               saturation);
    }
  }
  FramePtr out = make_frame();
  out->format = kJpegFormat;
  out->width = width;
  out->height = height;
  out->color_range = AVCOL_RANGE_JPEG;
  if (av_frame_get_buffer(out.get(), 0) < 0) throw std::bad_alloc();
  sws_scale(sws.get(), frame.data, frame.linesize, 0, frame.height, out->data, out->linesize);
  return out;
}

domain::Result<std::string> encode(const AVFrame& frame) {
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
  if (!codec) return output_failed("this FFmpeg has no JPEG encoder");
  CodecContextPtr enc(avcodec_alloc_context3(codec));
  if (!enc) throw std::bad_alloc();
  enc->width = frame.width;
  enc->height = frame.height;
  enc->pix_fmt = kJpegFormat;
  enc->color_range = AVCOL_RANGE_JPEG;
  enc->time_base = AVRational{1, 25};
  enc->thread_count = 1;
  enc->flags |= AV_CODEC_FLAG_QSCALE;
  enc->global_quality = FF_QP2LAMBDA * kQuality;
  if (const int rc = avcodec_open2(enc.get(), codec, nullptr); rc < 0) {
    return output_failed("the JPEG encoder did not start (" + av_error_text(rc) + ")");
  }
  FramePtr picture = make_frame();
  if (av_frame_ref(picture.get(), &frame) < 0) throw std::bad_alloc();
  picture->quality = enc->global_quality;  // fixed quality is read from each frame
  picture->pts = 0;
  PacketPtr packet = make_packet();
  int rc = avcodec_send_frame(enc.get(), picture.get());
  if (rc >= 0) rc = avcodec_send_frame(enc.get(), nullptr);
  if (rc >= 0) rc = avcodec_receive_packet(enc.get(), packet.get());
  if (rc < 0) return output_failed("the JPEG encoder failed (" + av_error_text(rc) + ")");
  return std::string(reinterpret_cast<const char*>(packet->data),
                     static_cast<std::size_t>(packet->size));
}

}  // namespace

domain::Result<std::string> encode_jpeg(const AVFrame& frame, AVRational sample_aspect_ratio,
                                        int rotation, int max_width) {
  if (frame.width <= 0 || frame.height <= 0) return not_media("its video frames are empty");
  // Displayed size, then the size once turned; the width limit applies to the latter.
  double shown_w = frame.width;
  const double shown_h = frame.height;
  if (sample_aspect_ratio.num > 0 && sample_aspect_ratio.den > 0) {
    shown_w *= av_q2d(sample_aspect_ratio);
  }
  const bool sideways = rotation == 90 || rotation == 270;
  const double upright_w = sideways ? shown_h : shown_w;
  const double factor = std::min(1.0, max_width / upright_w);
  int width = even(shown_w * factor);
  int height = even(shown_h * factor);
  int& upright_width = sideways ? height : width;
  if (upright_width > max_width && upright_width > 2) upright_width -= 2;  // rounded up past it
  // Scale first (fewer pixels to turn), then turn.
  auto scaled = scale(frame, width, height);
  if (!scaled) return scaled.take_error();
  FramePtr picture = std::move(scaled.value());
  if (rotation != 0) picture = rotate_frame(*picture, rotation);
  return encode(*picture);
}

}  // namespace media

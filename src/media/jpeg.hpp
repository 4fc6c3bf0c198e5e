// A decoded video frame as a JPEG image: turned upright, scaled down to a maximum
// width with its displayed aspect ratio.
#pragma once

#include <string>

#include "domain/error.hpp"
#include "media/handles.hpp"

namespace media {

// JPEG bytes of `frame`, shown with `sample_aspect_ratio` ({0, 1} when unknown) and
// turned `rotation` degrees clockwise, at most `max_width` pixels wide (never enlarged).
domain::Result<std::string> encode_jpeg(const AVFrame& frame, AVRational sample_aspect_ratio,
                                        int rotation, int max_width);

}  // namespace media

// Phones record portrait video sideways and store how to turn it in a display
// matrix; thumbnails are turned upright with it.
#pragma once

#include "media/handles.hpp"

namespace media {

// Clockwise degrees (0, 90, 180 or 270) to turn the frames of `stream` upright.
int display_rotation(const AVStream& stream);

// A copy of `frame` turned `degrees` clockwise (90, 180 or 270). The frame is 8-bit
// planar YUV with even dimensions, as the thumbnail scaler makes it.
FramePtr rotate_frame(const AVFrame& frame, int degrees);

}  // namespace media

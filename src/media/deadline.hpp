// The time box of one media job, checked by FFmpeg's blocking I/O (through an
// interrupt callback) and by our own read and decode loops.
#pragma once

#include <chrono>

#include "media/libav.hpp"

namespace media {

class Deadline {
 public:
  explicit Deadline(std::chrono::steady_clock::time_point at) : at_(at) {}
  // FFmpeg keeps a pointer to this object: it neither moves nor copies.
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

  bool passed() const { return std::chrono::steady_clock::now() >= at_; }

  // For AVFormatContext::interrupt_callback and avio_open2: aborts I/O (AVERROR_EXIT)
  // once the deadline has passed. Valid while this object lives.
  AVIOInterruptCB interrupt_callback() { return AVIOInterruptCB{&Deadline::interrupt, this}; }

 private:
  static int interrupt(void* self) { return static_cast<const Deadline*>(self)->passed() ? 1 : 0; }

  std::chrono::steady_clock::time_point at_;
};

}  // namespace media

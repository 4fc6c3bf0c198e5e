// A streaming multipart/form-data parser: fed chunks as they arrive, it calls
// back with each part's headers, its data in pieces, and its end, so that a
// file part can go to disk without ever being whole in memory.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace web {

struct PartHeaders {
  std::string name;                     // Content-Disposition name
  std::optional<std::string> filename;  // set for file parts
  std::string content_type;             // "" when absent
};

class MultipartParser {
 public:
  struct Callbacks {
    std::function<domain::Status(const PartHeaders&)> on_part_begin;
    std::function<domain::Status(std::string_view)> on_data;
    std::function<domain::Status()> on_part_end;
  };

  MultipartParser(std::string boundary, Callbacks callbacks);
  // Parses what `chunk` completes. Each byte is examined a bounded number of
  // times and at most a fixed window is kept between calls, whatever the input.
  domain::Status feed(std::string_view chunk);
  // Call after the last chunk: an error when the closing boundary never came.
  domain::Status finish() const;
  // Bytes received but not yet handed on (a possible delimiter, a header block).
  std::size_t buffered() const { return buf_.size() - start_; }

 private:
  enum class State { kPreamble, kAfterBoundary, kHeaders, kBody, kDone };
  // One step of the state machine: consumes what it can of pending() and sets
  // `progressed` when the state changed (so that feed() tries again).
  domain::Status step(bool& progressed);
  domain::Status step_preamble(std::string_view in, bool& progressed);
  domain::Status step_after_boundary(std::string_view in, bool& progressed);
  domain::Status step_headers(std::string_view in, bool& progressed);
  domain::Status step_body(std::string_view in, bool& progressed);
  std::string_view pending() const { return std::string_view(buf_).substr(start_); }

  std::string delimiter_;  // "\r\n--" + boundary
  Callbacks cb_;
  State state_ = State::kPreamble;
  std::string buf_;
  std::size_t start_ = 0;    // buf_[0, start_) is consumed
  std::size_t scanned_ = 0;  // kHeaders: bytes of pending() already searched for the blank line
  std::size_t padding_ = 0;  // kAfterBoundary: spaces and tabs seen after the delimiter
};

// The boundary parameter of a multipart/form-data Content-Type, or nullopt.
std::optional<std::string> multipart_boundary(std::string_view content_type);
// Parses one part's header block (without the final blank line).
domain::Result<PartHeaders> parse_part_headers(std::string_view block);

}  // namespace web

#include "http/multipart.hpp"

#include "util/text.hpp"

namespace web {

namespace {

constexpr std::size_t kMaxHeaderBlock = 8 * 1024;
constexpr std::size_t kMaxBoundary = 70;  // RFC 2046
// Spaces and tabs tolerated between a boundary and its line end.
constexpr std::size_t kMaxPadding = 1024;

domain::Error malformed(const std::string& why) {
  return domain::Error::bad_request("Multipart form parse error - " + why);
}

// The value of `key` in "a; key=value; key2=\"quoted\"" parameter lists, read
// left to right in one pass, so that a ';' or "key=" inside a quoted value is
// never taken for a parameter of its own.
std::optional<std::string> parameter(std::string_view header, std::string_view key) {
  const std::size_t n = header.size();
  auto skip_space = [&](std::size_t i) {
    while (i < n && (header[i] == ' ' || header[i] == '\t')) ++i;
    return i;
  };
  std::size_t i = header.find(';');
  while (i < n) {
    i = skip_space(i + 1);  // past the ';'
    const std::size_t name_start = i;
    while (i < n && header[i] != '=' && header[i] != ';') ++i;
    if (i >= n || header[i] == ';') continue;  // a parameter without a value
    const bool wanted =
        util::ascii_lower(util::trim(header.substr(name_start, i - name_start))) == key;
    i = skip_space(i + 1);  // past the '='
    std::string value;
    if (i < n && header[i] == '"') {
      bool closed = false;
      for (++i; i < n; ++i) {
        if (header[i] == '\\' && i + 1 < n) {
          value.push_back(header[++i]);
        } else if (header[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          value.push_back(header[i]);
        }
      }
      if (!closed) return std::nullopt;  // unterminated quote: nothing after it is readable
    } else {
      const std::size_t value_start = i;
      while (i < n && header[i] != ';') ++i;
      value = std::string(util::trim(header.substr(value_start, i - value_start)));
    }
    if (wanted) return value;
    while (i < n && header[i] != ';') ++i;  // anything after a quoted value
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  auto semi = content_type.find(';');
  if (util::ascii_lower(util::trim(content_type.substr(0, semi))) != "multipart/form-data") {
    return std::nullopt;
  }
  auto b = parameter(content_type, "boundary");
  if (!b || b->empty() || b->size() > kMaxBoundary) return std::nullopt;
  return b;
}

domain::Result<PartHeaders> parse_part_headers(std::string_view block) {
  PartHeaders h;
  bool disposition = false;
  while (!block.empty()) {
    auto eol = block.find("\r\n");
    std::string_view line = block.substr(0, eol);
    block = eol == std::string_view::npos ? std::string_view() : block.substr(eol + 2);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return malformed("bad part header");
    const std::string name = util::ascii_lower(util::trim(line.substr(0, colon)));
    std::string_view value = util::trim(line.substr(colon + 1));
    if (name == "content-disposition") {
      auto semi = value.find(';');
      if (util::ascii_lower(util::trim(value.substr(0, semi))) != "form-data") {
        return malformed("part is not form-data");
      }
      auto n = parameter(value, "name");
      if (!n) return malformed("part without a name");
      h.name = *n;
      h.filename = parameter(value, "filename");
      disposition = true;
    } else if (name == "content-type") {
      h.content_type = std::string(value);
    }
  }
  if (!disposition) return malformed("part without Content-Disposition");
  return h;
}

MultipartParser::MultipartParser(std::string boundary, Callbacks callbacks)
    : delimiter_("\r\n--" + boundary), cb_(std::move(callbacks)) {
  // The first boundary may start the body without a CRLF before it.
  buf_ = "\r\n";
}

domain::Status MultipartParser::feed(std::string_view chunk) {
  // Consumed bytes are dropped before appending, so the buffer never holds more
  // than the window kept between calls plus one chunk.
  if (start_ > 0) {
    buf_.erase(0, start_);
    start_ = 0;
  }
  buf_.append(chunk);
  bool progressed = true;
  while (progressed) {
    progressed = false;
    auto st = step(progressed);
    if (!st) return st;
  }
  return domain::ok();
}

domain::Status MultipartParser::step(bool& progressed) {
  const std::string_view in = pending();
  switch (state_) {
    case State::kPreamble:
      return step_preamble(in, progressed);
    case State::kAfterBoundary:
      return step_after_boundary(in, progressed);
    case State::kHeaders:
      return step_headers(in, progressed);
    case State::kBody:
      return step_body(in, progressed);
    case State::kDone:
      start_ = buf_.size();  // the epilogue is ignored
      return domain::ok();
  }
  return domain::ok();
}

domain::Status MultipartParser::step_preamble(std::string_view in, bool& progressed) {
  auto pos = in.find(delimiter_);
  if (pos == std::string_view::npos) {
    // Keep only what could be the start of the delimiter.
    if (in.size() >= delimiter_.size()) start_ += in.size() - (delimiter_.size() - 1);
    return domain::ok();
  }
  start_ += pos + delimiter_.size();
  state_ = State::kAfterBoundary;
  padding_ = 0;
  progressed = true;
  return domain::ok();
}

domain::Status MultipartParser::step_after_boundary(std::string_view in, bool& progressed) {
  // The close delimiter is "--" right after the boundary.
  if (padding_ == 0 && in.size() < 2) return domain::ok();
  if (padding_ == 0 && in.compare(0, 2, "--") == 0) {
    state_ = State::kDone;
    start_ = buf_.size();
    return domain::ok();
  }
  // Transport padding (RFC 2046: spaces and tabs) before the CRLF, consumed
  // as it comes and bounded, so that a line padded forever ends the parse.
  std::size_t i = 0;
  while (i < in.size() && (in[i] == ' ' || in[i] == '\t')) ++i;
  padding_ += i;
  start_ += i;
  if (padding_ > kMaxPadding) return malformed("bad boundary line");
  const std::string_view rest = in.substr(i);
  if (rest.size() < 2) {
    if (!rest.empty() && rest[0] != '\r') return malformed("bad boundary line");
    return domain::ok();
  }
  if (rest.compare(0, 2, "\r\n") != 0) return malformed("bad boundary line");
  start_ += 2;
  state_ = State::kHeaders;
  scanned_ = 0;
  progressed = true;
  return domain::ok();
}

domain::Status MultipartParser::step_headers(std::string_view in, bool& progressed) {
  // Resume the search where the last one stopped (minus a partial "\r\n\r\n").
  const std::size_t from = scanned_ > 3 ? scanned_ - 3 : 0;
  auto end = in.find("\r\n\r\n", from);
  if (end == std::string_view::npos) {
    if (in.size() > kMaxHeaderBlock) return malformed("part headers too large");
    scanned_ = in.size();
    return domain::ok();
  }
  if (end > kMaxHeaderBlock) return malformed("part headers too large");
  auto headers = parse_part_headers(in.substr(0, end));
  if (!headers) return headers.take_error();
  start_ += end + 4;
  if (auto st = cb_.on_part_begin(*headers); !st) return st;
  state_ = State::kBody;
  progressed = true;
  return domain::ok();
}

domain::Status MultipartParser::step_body(std::string_view in, bool& progressed) {
  auto pos = in.find(delimiter_);
  if (pos == std::string_view::npos) {
    // Everything but a possible partial delimiter at the end is data.
    if (in.size() >= delimiter_.size()) {
      const std::size_t n = in.size() - (delimiter_.size() - 1);
      start_ += n;
      if (auto st = cb_.on_data(in.substr(0, n)); !st) return st;
    }
    return domain::ok();
  }
  start_ += pos + delimiter_.size();
  if (pos > 0) {
    if (auto st = cb_.on_data(in.substr(0, pos)); !st) return st;
  }
  if (auto st = cb_.on_part_end(); !st) return st;
  state_ = State::kAfterBoundary;
  padding_ = 0;
  progressed = true;
  return domain::ok();
}

domain::Status MultipartParser::finish() const {
  if (state_ != State::kDone) return malformed("the closing boundary is missing");
  return domain::ok();
}

}  // namespace web

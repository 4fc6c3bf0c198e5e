#include "http/multipart.hpp"

#include "util/text.hpp"

namespace web {

namespace {

constexpr std::size_t kMaxHeaderBlock = 8 * 1024;
constexpr std::size_t kMaxBoundary = 70;  // RFC 2046

domain::Error malformed(const std::string& why) {
  return domain::Error::bad_request("Multipart form parse error - " + why);
}

// The value of `key` in "a; key=value; key2=\"quoted\"" parameter lists.
std::optional<std::string> parameter(std::string_view header, std::string_view key) {
  std::size_t pos = 0;
  while (pos < header.size()) {
    auto semi = header.find(';', pos);
    if (semi == std::string_view::npos) return std::nullopt;
    pos = semi + 1;
    std::string_view rest = util::trim(header.substr(pos));
    auto eq = rest.find('=');
    if (eq == std::string_view::npos) continue;
    if (util::ascii_lower(util::trim(rest.substr(0, eq))) != key) continue;
    std::string_view value = util::trim(rest.substr(eq + 1));
    if (!value.empty() && value.front() == '"') {
      std::string out;
      for (std::size_t i = 1; i < value.size(); ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) {
          out.push_back(value[++i]);
        } else if (value[i] == '"') {
          return out;
        } else {
          out.push_back(value[i]);
        }
      }
      return std::nullopt;  // unterminated quote
    }
    auto end = value.find(';');
    return std::string(util::trim(value.substr(0, end)));
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
  switch (state_) {
    case State::kPreamble: {
      auto pos = buf_.find(delimiter_);
      if (pos == std::string::npos) {
        // Keep only what could be the start of the delimiter.
        if (buf_.size() > delimiter_.size()) buf_.erase(0, buf_.size() - delimiter_.size());
        return domain::ok();
      }
      buf_.erase(0, pos + delimiter_.size());
      state_ = State::kAfterBoundary;
      progressed = true;
      return domain::ok();
    }
    case State::kAfterBoundary: {
      if (buf_.size() < 2) return domain::ok();
      if (buf_.compare(0, 2, "--") == 0) {
        state_ = State::kDone;
        buf_.clear();
        return domain::ok();
      }
      // Tolerate transport padding (spaces, tabs) before the CRLF.
      std::size_t i = 0;
      while (i < buf_.size() && (buf_[i] == ' ' || buf_[i] == '\t')) ++i;
      if (buf_.size() < i + 2) return domain::ok();
      if (buf_.compare(i, 2, "\r\n") != 0) return malformed("bad boundary line");
      buf_.erase(0, i + 2);
      state_ = State::kHeaders;
      progressed = true;
      return domain::ok();
    }
    case State::kHeaders: {
      auto end = buf_.find("\r\n\r\n");
      if (end == std::string::npos) {
        if (buf_.size() > kMaxHeaderBlock) return malformed("part headers too large");
        return domain::ok();
      }
      auto headers = parse_part_headers(std::string_view(buf_).substr(0, end));
      if (!headers) return headers.take_error();
      buf_.erase(0, end + 4);
      if (auto st = cb_.on_part_begin(*headers); !st) return st;
      state_ = State::kBody;
      progressed = true;
      return domain::ok();
    }
    case State::kBody: {
      auto pos = buf_.find(delimiter_);
      if (pos == std::string::npos) {
        // Everything but a possible partial delimiter at the end is data.
        if (buf_.size() >= delimiter_.size()) {
          const std::size_t n = buf_.size() - (delimiter_.size() - 1);
          if (auto st = cb_.on_data(std::string_view(buf_).substr(0, n)); !st) return st;
          buf_.erase(0, n);
        }
        return domain::ok();
      }
      if (pos > 0) {
        if (auto st = cb_.on_data(std::string_view(buf_).substr(0, pos)); !st) return st;
      }
      buf_.erase(0, pos + delimiter_.size());
      if (auto st = cb_.on_part_end(); !st) return st;
      state_ = State::kAfterBoundary;
      progressed = true;
      return domain::ok();
    }
    case State::kDone:
      buf_.clear();  // the epilogue is ignored
      return domain::ok();
  }
  return domain::ok();
}

domain::Status MultipartParser::finish() const {
  if (state_ != State::kDone) return malformed("the closing boundary is missing");
  return domain::ok();
}

}  // namespace web

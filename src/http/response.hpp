// What a handler returns: status, body and headers. The session adds the rest
// (X-Request-Id, Content-Length, keep-alive).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace web {

// A body sent from a file, in pieces, instead of `body`.
struct FileBody {
  std::string path;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  bool remove_after = false;  // a temporary copy (e.g. fetched from S3)
};

struct Response {
  unsigned status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<FileBody> file;

  static Response json(unsigned status, std::string body) {
    return Response{status, std::move(body), "application/json", {}, std::nullopt};
  }
  static Response no_content() { return Response{204, {}, {}, {}, std::nullopt}; }
};

}  // namespace web

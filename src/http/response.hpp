// What a handler returns: status, body and headers. The session adds the rest
// (X-Request-Id, Content-Length, keep-alive).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace web {

struct Response {
  unsigned status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;

  static Response json(unsigned status, std::string body) {
    return Response{status, std::move(body), "application/json", {}};
  }
  static Response no_content() { return Response{204, {}, {}, {}}; }
};

}  // namespace web

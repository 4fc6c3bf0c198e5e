// What a handler returns: status, body and headers. The session adds the rest
// (X-Request-Id, Content-Length, keep-alive).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
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
  bool remove_after = false;  // a temporary copy
};

// A body produced piece by piece by someone slow (a remote store), instead of `body`:
// never whole in memory, never read on an I/O thread.
struct StreamBody {
  // Called with the piece, or nullopt when it could not be read.
  using Done = std::function<void(std::optional<std::string>)>;

  std::uint64_t length = 0;
  // Starts reading bytes [offset, offset + size) of the body, size > 0, and returns at
  // once; `done` is called exactly once, from any thread, with exactly those bytes.
  std::function<void(std::uint64_t offset, std::size_t size, Done done)> read;
};

struct Response {
  unsigned status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<FileBody> file;
  std::optional<StreamBody> stream = std::nullopt;  // initialized: brace-inits may omit it

  static Response json(unsigned status, std::string body) {
    return Response{status, std::move(body), "application/json", {}, std::nullopt, std::nullopt};
  }
  static Response no_content() { return Response{204, {}, {}, {}, std::nullopt, std::nullopt}; }
};

}  // namespace web

#include "http/body_writer.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

namespace web {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

namespace {

constexpr std::size_t kChunk = 64 * 1024;

// Takes the body out of `r`: it is sent once.
bhttp::response<bhttp::string_body> to_beast(Response& r, const std::string& request_id,
                                             unsigned version, bool keep_alive, bool head) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
  if (!r.content_type.empty() && r.status != 204)
    res.set(bhttp::field::content_type, r.content_type);
  for (const auto& [name, value] : r.headers) res.insert(name, value);
  res.set("X-Request-Id", request_id);
  res.keep_alive(keep_alive);
  res.body() = std::move(r.body);
  res.prepare_payload();
  if (head) res.body().clear();  // the headers of the GET answer, and no body
  return res;
}

// Sends a response whose body is (a range of) a file, in pieces.
asio::awaitable<bool> send_file(beast::tcp_stream& stream, const Response& r,
                                const std::string& request_id, unsigned version, bool keep_alive,
                                bool head) {
  const FileBody& f = *r.file;
  struct Cleanup {
    const FileBody& f;
    int fd;
    ~Cleanup() {
      if (fd >= 0) ::close(fd);
      if (f.remove_after) ::unlink(f.path.c_str());
    }
  } cleanup{f, ::open(f.path.c_str(), O_RDONLY | O_CLOEXEC)};
  bhttp::response<bhttp::buffer_body> res{static_cast<bhttp::status>(r.status), version};
  if (!r.content_type.empty()) res.set(bhttp::field::content_type, r.content_type);
  for (const auto& [name, value] : r.headers) res.insert(name, value);
  res.set("X-Request-Id", request_id);
  res.keep_alive(keep_alive);
  res.content_length(f.length);
  res.body().data = nullptr;
  res.body().more = !head && f.length > 0;
  bhttp::response_serializer<bhttp::buffer_body> sr{res};
  boost::system::error_code ec;
  co_await bhttp::async_write_header(stream, sr, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return false;
  if (head || f.length == 0) co_return true;
  if (cleanup.fd < 0) co_return false;  // the headers promised a body we cannot send
  std::vector<char> chunk(kChunk);
  std::uint64_t offset = f.offset;
  std::uint64_t left = f.length;
  while (left > 0) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(left, chunk.size()));
    const ssize_t n = ::pread(cleanup.fd, chunk.data(), want, static_cast<off_t>(offset));
    if (n <= 0) co_return false;
    offset += static_cast<std::uint64_t>(n);
    left -= static_cast<std::uint64_t>(n);
    res.body().data = chunk.data();
    res.body().size = static_cast<std::size_t>(n);
    res.body().more = left > 0;
    stream.expires_after(std::chrono::seconds(60));
    co_await bhttp::async_write(stream, sr, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec) co_return false;
  }
  co_return true;
}

}  // namespace

asio::awaitable<bool> send_response(beast::tcp_stream& stream, Response& r,
                                    const std::string& request_id, unsigned version,
                                    bool keep_alive, bool head, std::chrono::seconds timeout) {
  boost::system::error_code ec;
  stream.expires_after(timeout);
  if (!r.file) {
    auto res = to_beast(r, request_id, version, keep_alive, head);
    co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
    co_return !ec;
  }
  co_return co_await send_file(stream, r, request_id, version, keep_alive, head);
}

}  // namespace web

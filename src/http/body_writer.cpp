#include "http/body_writer.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace web {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

namespace {

constexpr std::size_t kChunk = 64 * 1024;
// A streamed body is read in pieces of this size (one ranged GET of a remote object);
// at most two are held at once: the one being sent and the next one being read.
constexpr std::size_t kStreamPiece = 1024 * 1024;
// A piece that takes longer than this to read ends the response (and the connection).
constexpr std::chrono::seconds kPieceTimeout{120};
// How often a piece being read is looked at: soon at first, less often while it lasts.
constexpr std::chrono::milliseconds kFirstLook{1};
constexpr std::chrono::milliseconds kLastLook{16};
constexpr std::chrono::seconds kPieceWriteTimeout{60};

// Whether `value` may go into a header as it is: no control character but HTAB, so no
// CR, LF or NUL can ever split a response, whatever a handler put there.
bool sendable_value(std::string_view value) {
  return std::none_of(value.begin(), value.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return (c < 0x20 && c != '\t') || c == 0x7f;
  });
}

bool sendable_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c > 0x20 && c < 0x7f && c != ':' && c != '"' && c != '(' && c != ')' && c != ',' &&
           c != '/' && c != ';' && c != '<' && c != '=' && c != '>' && c != '?' && c != '@' &&
           c != '[' && c != '\\' && c != ']' && c != '{' && c != '}';
  });
}

// The head of `r`: its content type and headers (those that can be sent), the request id
// and the connection's fate.
template <class Body>
void set_head(bhttp::response<Body>& res, const Response& r, const std::string& request_id,
              bool keep_alive) {
  if (!r.content_type.empty() && r.status != 204) {
    res.set(bhttp::field::content_type,
            sendable_value(r.content_type) ? r.content_type : "application/octet-stream");
  }
  for (const auto& [name, value] : r.headers) {
    if (sendable_name(name) && sendable_value(value)) res.insert(name, value);
  }
  res.set("X-Request-Id", request_id);
  res.keep_alive(keep_alive);
  // Statuses outside RFC 9110 have no reason phrase of Beast's.
  if (r.status == 460) res.reason("Checksum Mismatch");
}

// Takes the body out of `r`: it is sent once.
bhttp::response<bhttp::string_body> to_beast(Response& r, const std::string& request_id,
                                             unsigned version, bool keep_alive, bool head) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(r.status), version};
  set_head(res, r, request_id, keep_alive);
  res.body() = std::move(r.body);
  res.prepare_payload();
  if (head) res.body().clear();  // the headers of the GET answer, and no body
  return res;
}

// A response whose body of known length is sent in pieces: the head first, then each
// piece as it comes.
class PieceWriter {
 public:
  PieceWriter(beast::tcp_stream& stream, const Response& r, const std::string& request_id,
              unsigned version, bool keep_alive, bool head, std::uint64_t length)
      : stream_(stream), res_{static_cast<bhttp::status>(r.status), version}, sr_{res_} {
    set_head(res_, r, request_id, keep_alive);
    res_.content_length(length);
    res_.body().data = nullptr;
    res_.body().more = !head && length > 0;
  }

  asio::awaitable<bool> write_head() {
    boost::system::error_code ec;
    co_await bhttp::async_write_header(stream_, sr_, asio::redirect_error(asio::use_awaitable, ec));
    co_return !ec;
  }

  asio::awaitable<bool> write(const char* data, std::size_t size, bool more) {
    res_.body().data = const_cast<char*>(data);  // buffer_body only reads through it
    res_.body().size = size;
    res_.body().more = more;
    stream_.expires_after(kPieceWriteTimeout);
    boost::system::error_code ec;
    co_await bhttp::async_write(stream_, sr_, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == bhttp::error::need_buffer) ec = {};
    co_return !ec;
  }

 private:
  beast::tcp_stream& stream_;
  bhttp::response<bhttp::buffer_body> res_;
  bhttp::response_serializer<bhttp::buffer_body> sr_;
};

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
  PieceWriter writer(stream, r, request_id, version, keep_alive, head, f.length);
  if (!co_await writer.write_head()) co_return false;
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
    if (!co_await writer.write(chunk.data(), static_cast<std::size_t>(n), left > 0)) {
      co_return false;
    }
  }
  co_return true;
}

// A piece of a streamed body being read on another thread. That thread only ever
// touches this (shared) object, never the connection or its executor: the piece is
// picked up from here by the coroutine sending the body, which looks now and then.
// So a read that ends after the connection, or the whole server, is gone is harmless.
struct PendingPiece {
  std::mutex mu;
  bool done = false;
  std::optional<std::string> bytes;
};

std::shared_ptr<PendingPiece> start_piece(const StreamBody& body, std::uint64_t offset,
                                          std::size_t size) {
  auto pending = std::make_shared<PendingPiece>();
  body.read(offset, size, [pending](std::optional<std::string> bytes) {
    std::lock_guard lock(pending->mu);
    pending->bytes = std::move(bytes);
    pending->done = true;
  });
  return pending;
}

// The piece once read; nullopt when it could not be, or not in time.
asio::awaitable<std::optional<std::string>> finish_piece(asio::steady_timer& timer,
                                                         PendingPiece& pending) {
  const auto deadline = std::chrono::steady_clock::now() + kPieceTimeout;
  auto pause = kFirstLook;
  while (true) {
    {
      std::lock_guard lock(pending.mu);
      if (pending.done) co_return std::move(pending.bytes);
    }
    if (std::chrono::steady_clock::now() > deadline) co_return std::nullopt;
    timer.expires_after(pause);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return std::nullopt;  // the server is stopping
    pause = std::min(pause * 2, kLastLook);
  }
}

// Sends a response whose body comes from a StreamBody, reading the next piece while
// the current one is written.
asio::awaitable<bool> send_stream(beast::tcp_stream& stream, const Response& r,
                                  const std::string& request_id, unsigned version, bool keep_alive,
                                  bool head) {
  const StreamBody& body = *r.stream;
  PieceWriter writer(stream, r, request_id, version, keep_alive, head, body.length);
  if (!co_await writer.write_head()) co_return false;
  if (head || body.length == 0) co_return true;
  auto piece_size = [&](std::uint64_t offset) {
    return static_cast<std::size_t>(std::min<std::uint64_t>(kStreamPiece, body.length - offset));
  };
  asio::steady_timer timer(stream.get_executor());
  std::uint64_t offset = 0;
  auto pending = start_piece(body, offset, piece_size(offset));
  while (true) {
    const std::size_t expected = piece_size(offset);
    auto bytes = co_await finish_piece(timer, *pending);
    if (!bytes || bytes->size() != expected) co_return false;  // the length was promised
    offset += expected;
    const bool more = offset < body.length;
    if (more) pending = start_piece(body, offset, piece_size(offset));
    if (!co_await writer.write(bytes->data(), bytes->size(), more)) co_return false;
    if (!more) co_return true;
  }
}

}  // namespace

asio::awaitable<bool> send_response(beast::tcp_stream& stream, Response& r,
                                    const std::string& request_id, unsigned version,
                                    bool keep_alive, bool head, std::chrono::seconds timeout) {
  boost::system::error_code ec;
  stream.expires_after(timeout);
  if (r.file) co_return co_await send_file(stream, r, request_id, version, keep_alive, head);
  if (r.stream) co_return co_await send_stream(stream, r, request_id, version, keep_alive, head);
  auto res = to_beast(r, request_id, version, keep_alive, head);
  co_await bhttp::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
  co_return !ec;
}

}  // namespace web

// Fuzzes the server's read path (src/http/server.cpp, Server::serve) on raw bytes of
// an HTTP/1.1 connection: the head through web::HeadParser (16 KiB limit), then
// web::request_from_header, then the body as the session reads it: buffered in a
// request_parser<string_body> (1 MiB), or streamed through a request_parser<buffer_body>
// into a web::UploadReceiver (multipart answer uploads, presigned PUTs). Keep-alive
// requests follow each other on the same buffer. Beast's synchronous read functions
// share their loop with the asynchronous ones the server awaits.
// Input: the bytes a client sends. Each input is read twice: as one piece, and in
// pieces of 1 + (last byte % 97) bytes.
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "api/context.hpp"
#include "app/dispatcher.hpp"
#include "http/multipart.hpp"
#include "http/request_head.hpp"
#include "http/request_ids.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "http/upload_receiver.hpp"
#include "util/text.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

// As ServerOptions has them, but with a small upload limit so that fuzzed inputs reach it.
constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr std::size_t kBodyLimit = 1024 * 1024;
constexpr std::uint64_t kMaxUploadBytes = 16 * 1024;
constexpr std::uint64_t kFormSlack = 1024 * 1024;  // server.cpp's
constexpr std::size_t kChunk = 64 * 1024;          // server.cpp's
constexpr int kMaxRequestsPerConnection = 16;

// A connection that delivers the input in pieces, then end of stream.
class InputStream {
 public:
  InputStream(std::string_view data, std::size_t piece) : rest_(data), piece_(piece) {}

  template <class MutableBufferSequence>
  std::size_t read_some(const MutableBufferSequence& buffers, boost::system::error_code& ec) {
    if (rest_.empty()) {
      ec = asio::error::eof;
      return 0;
    }
    ec = {};
    const std::size_t n =
        asio::buffer_copy(buffers, asio::buffer(rest_.data(), std::min(piece_, rest_.size())));
    rest_.remove_prefix(n);
    return n;
  }
  template <class MutableBufferSequence>
  std::size_t read_some(const MutableBufferSequence& buffers) {
    boost::system::error_code ec;
    const std::size_t n = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

 private:
  std::string_view rest_;
  std::size_t piece_;
};

const web::Router<api::Route>& router() {
  static const web::Router<api::Route> r = [] {
    web::Router<api::Route> built;
    for (const auto& route : api::routes()) built.add(route.method, route.pattern, route);
    return built;
  }();
  return r;
}

// app::Dispatcher::classify, on the same route table.
web::BodyMode classify(const web::Request& req) {
  auto match = router().match(req.method, req.path);
  if (!match.target) return web::BodyMode::kBuffered;
  return app::body_mode(*match.target, req);
}

// Spool files under $TMPDIR (fuzz/run points it at its scratch folder, on tmpfs when
// there is one: the receiver fsyncs each upload), else on tmpfs, else in /tmp.
struct SpoolDir {
  std::string path;
  SpoolDir() {
    const char* tmpdir = std::getenv("TMPDIR");
    std::string name = tmpdir != nullptr && *tmpdir != '\0'        ? tmpdir
                       : std::filesystem::is_directory("/dev/shm") ? "/dev/shm"
                                                                   : "/tmp";
    name += "/interviewd-fuzz-XXXXXX";
    if (::mkdtemp(name.data()) == nullptr) std::abort();
    path = name;
  }
  ~SpoolDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

const std::string& spool_dir() {
  static SpoolDir dir;
  return dir.path;
}

// One request of the session; false when the session would close.
bool serve_one(InputStream& stream, beast::flat_buffer& buffer, web::RequestIds& ids) {
  web::HeadParser head_parser;
  web::configure_head_parser(head_parser, kHeaderLimit);
  boost::system::error_code ec;
  bhttp::read_header(stream, buffer, head_parser, ec);
  if (ec) return false;  // 431, 400, or the client went away

  web::Request req = web::request_from_header(head_parser.get(), ids);
  if (req.request_id.empty()) std::abort();
  const bool keep_alive = head_parser.get().keep_alive();
  (void)beast::iequals(head_parser.get()[bhttp::field::expect], "100-continue");
  const auto content_length = head_parser.content_length();
  const web::BodyMode mode = classify(req);
  const std::uint64_t limit =
      mode == web::BodyMode::kBuffered ? kBodyLimit : kMaxUploadBytes + kFormSlack;
  if (content_length && *content_length > limit) return false;  // 413

  std::unique_ptr<web::UploadReceiver> receiver;
  if (mode != web::BodyMode::kBuffered) {
    auto opened = web::UploadReceiver::open(mode == web::BodyMode::kMultipart
                                                ? web::UploadReceiver::Mode::kMultipart
                                                : web::UploadReceiver::Mode::kRaw,
                                            spool_dir(), req.content_type, kMaxUploadBytes);
    if (!opened) return false;
    receiver = std::move(opened.value());
  }

  domain::Status body_status = domain::ok();
  if (mode == web::BodyMode::kBuffered) {
    if (!head_parser.is_done()) {
      bhttp::request_parser<bhttp::string_body> parser{std::move(head_parser)};
      parser.body_limit(kBodyLimit);
      bhttp::read(stream, buffer, parser, ec);
      if (!ec) {
        req.body = std::move(parser.get().body());
        if (req.body.size() > kBodyLimit) std::abort();
      }
    }
  } else {
    bhttp::request_parser<bhttp::buffer_body> parser{std::move(head_parser)};
    parser.body_limit(limit);
    std::vector<char> chunk(kChunk);
    std::uint64_t received = 0;
    while (!parser.is_done()) {
      parser.get().body().data = chunk.data();
      parser.get().body().size = chunk.size();
      bhttp::read(stream, buffer, parser, ec);
      if (ec == bhttp::error::need_buffer) ec = {};
      if (ec) break;
      const std::size_t n = chunk.size() - parser.get().body().size;
      received += n;
      if (received > limit) std::abort();
      if (n > 0) {
        body_status = receiver->feed(std::string_view(chunk.data(), n));
        if (!body_status) break;
      }
    }
    if (!ec && body_status) body_status = receiver->finish(req);
    if (!ec && body_status && req.upload) {
      // What a handler gets: a spooled file within the limit, of the size received.
      if (req.upload->size > kMaxUploadBytes) std::abort();
      std::error_code size_ec;
      if (std::filesystem::file_size(req.upload->path, size_ec) != req.upload->size) std::abort();
      // Its type is written back into a header later: no control characters in it.
      for (unsigned char c : req.upload->content_type) {
        if (c < 0x20 || c == 0x7f) std::abort();
      }
    }
  }
  if (ec || !body_status) return false;  // answered with an error, then closed
  return keep_alive;
}

void serve(std::string_view input, std::size_t piece) {
  InputStream stream(input, piece);
  beast::flat_buffer buffer;
  web::RequestIds ids(42);
  for (int i = 0; i < kMaxRequestsPerConnection; ++i) {
    if (!serve_one(stream, buffer, ids)) break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  serve(input, input.size() + 1);
  if (size > 0) serve(input, 1 + data[size - 1] % 97);
  // Nothing of a request outlives it: the receivers removed their spool files.
  if (!std::filesystem::is_empty(spool_dir())) std::abort();
  return 0;
}

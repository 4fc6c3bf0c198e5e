#include "http/session.hpp"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "http/body_writer.hpp"
#include "http/error_response.hpp"
#include "http/upload_receiver.hpp"

namespace web {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// Completion for an awaited operation whose error is looked at rather than thrown.
auto into(boost::system::error_code& ec) {
  return asio::redirect_error(asio::use_awaitable, ec);
}

// The time allowed to receive a request head. Unlike the stream's own timeout,
// which closes the socket, it only cancels the read, so that a client too slow
// to send its request can still be told so (408) before the connection closes.
class ReadDeadline {
 public:
  // `owner` keeps `stream` alive until the timer's handler has run.
  ReadDeadline(beast::tcp_stream& stream, std::shared_ptr<void> owner, std::chrono::seconds after)
      : fired_(std::make_shared<bool>(false)), timer_(stream.get_executor()) {
    stream.expires_never();
    timer_.expires_after(after);
    timer_.async_wait(
        [&stream, owner = std::move(owner), fired = fired_](const boost::system::error_code& ec) {
          if (ec) return;
          *fired = true;
          boost::system::error_code ignored;
          stream.socket().cancel(ignored);
        });
  }
  ~ReadDeadline() { timer_.cancel(); }
  ReadDeadline(const ReadDeadline&) = delete;
  ReadDeadline& operator=(const ReadDeadline&) = delete;
  bool fired() const { return *fired_; }

 private:
  std::shared_ptr<bool> fired_;
  asio::steady_timer timer_;
};

constexpr std::size_t kChunk = 64 * 1024;  // a streamed body is read in pieces of this size
// Room for a multipart form's boundaries and text fields around the file.
constexpr std::uint64_t kFormSlack = 1024 * 1024;

domain::Error unreadable(domain::ErrorCode code, std::string detail) {
  return {code, std::move(detail), {}, 0, {}};
}

// The answer to a head that could not be read, or none when there is no one to
// tell: the client went away, or kept an idle connection past the read timeout.
std::optional<domain::Error> head_failure(const boost::system::error_code& ec, bool bytes_read) {
  if (ec == bhttp::error::header_limit) {
    return unreadable(domain::ErrorCode::kHeadersTooLarge, "Request header fields too large.");
  }
  if (ec == beast::error::timeout) {
    if (!bytes_read) return std::nullopt;
    return unreadable(domain::ErrorCode::kRequestTimeout, "Request timeout.");
  }
  if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
      ec == asio::error::connection_reset || ec == asio::error::eof) {
    return std::nullopt;
  }
  return domain::Error::bad_request("Malformed HTTP request.");
}

// The answer to a body that could not be read, or none when the client went away
// in the middle of it.
std::optional<domain::Error> body_failure(const boost::system::error_code& ec) {
  if (ec == bhttp::error::body_limit) {
    return unreadable(domain::ErrorCode::kPayloadTooLarge, "Request body is too large.");
  }
  if (ec == beast::error::timeout) {
    return unreadable(domain::ErrorCode::kRequestTimeout, "Request timeout.");
  }
  if (ec == bhttp::error::partial_message || ec == asio::error::operation_aborted ||
      ec == asio::error::connection_reset || ec == asio::error::eof) {
    return std::nullopt;
  }
  return domain::Error::bad_request("Malformed HTTP request.");  // bad chunk framing and the like
}

}  // namespace

// A request whose head has been read: what the head said, and where its body goes.
struct Session::Incoming {
  Request req;
  unsigned version = 11;
  bool keep_alive = false;
  BodyMode mode = BodyMode::kBuffered;
  std::uint64_t limit = 0;  // the largest body it may have
  Clock::time_point start;
  std::unique_ptr<UploadReceiver> receiver;   // a streamed body's spool file
  domain::Status body_status = domain::ok();  // what the receiver made of the body
};

// An answer to write, and what its access line and metrics say of it. The
// defaults are those of a request that could not be read: no method, no route,
// HTTP/1.1, and the connection closes after it.
struct Session::Answer {
  Response response;
  std::string request_id;
  std::string method = "-";
  std::string route = "invalid";
  std::optional<std::int64_t> user_id;
  unsigned version = 11;
  bool keep_alive = false;
  bool head = false;  // the headers of the answer without its body
  Clock::time_point start = Clock::now();
};

Session::Session(tcp::socket socket, const SessionEnv& env)
    : env_(env), stream_(std::move(socket)) {
  boost::system::error_code ec;
  auto ep = stream_.socket().remote_endpoint(ec);
  if (!ec) remote_ = ep.address().to_string();
}

void Session::cancel_if_idle() {
  boost::system::error_code ignored;
  if (!busy_) stream_.socket().cancel(ignored);  // may be closed already
}

void Session::close() {
  boost::system::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.socket().close(ignored);
}

// The keep-alive loop.
asio::awaitable<void> Session::run(LiveSessions::Ticket ticket) {
  // However the loop ends, returning or by an exception, the end of `held`
  // closes the connection and frees its place.
  const LiveSessions::Ticket held = std::move(ticket);
  while (!env_.stopping) {
    busy_ = false;
    HeadParser head;
    configure_head_parser(head, env_.options.header_limit);
    const boost::system::error_code ec = co_await read_head(head);
    busy_ = true;
    if (ec) {
      const std::optional<domain::Error> e = head_failure(ec, buffer_.size() > 0);
      if (e) co_await answer_unreadable(*e);
      break;
    }
    Incoming in = start_request(head);
    const bool read = co_await read_request(head, in);
    if (!read) break;
    const bool again = co_await respond(in);
    if (!again) break;
  }
}

asio::awaitable<boost::system::error_code> Session::read_head(HeadParser& head) {
  boost::system::error_code ec;
  ReadDeadline deadline(stream_, shared_from_this(), env_.options.read_timeout);
  co_await bhttp::async_read_header(stream_, buffer_, head, into(ec));
  if (deadline.fired() && ec == asio::error::operation_aborted) ec = beast::error::timeout;
  co_return ec;
}

Session::Incoming Session::start_request(HeadParser& head) {
  Incoming in;
  in.start = Clock::now();
  in.req = request_from_header(head.get(), ids_);
  in.req.remote = remote_;
  in.keep_alive = head.get().keep_alive();
  in.version = head.get().version();
  in.mode = env_.hooks.classify ? env_.hooks.classify(in.req) : BodyMode::kBuffered;
  in.limit = in.mode == BodyMode::kBuffered ? env_.options.body_limit
                                            : env_.options.max_upload_bytes + kFormSlack;
  return in;
}

// Everything after the head: the announced size, the checks before a streamed
// body, "100 Continue", the body. False when the session ends instead.
asio::awaitable<bool> Session::read_request(HeadParser& head, Incoming& in) {
  const auto content_length = head.content_length();
  if (content_length && *content_length > in.limit) {
    const auto e = unreadable(domain::ErrorCode::kPayloadTooLarge, "Request body is too large.");
    co_await answer_unreadable(e);
    co_return false;
  }
  if (in.mode != BodyMode::kBuffered) {
    const bool opened = co_await open_upload(in);
    if (!opened) co_return false;
  }
  // Clients such as curl wait for "100 Continue" before sending a larger body.
  if (beast::iequals(head.get()[bhttp::field::expect], "100-continue")) {
    const bool sent = co_await send_continue(in.version);
    if (!sent) co_return false;
  }
  boost::system::error_code ec;
  if (in.mode == BodyMode::kBuffered) {
    ec = co_await read_body(head, in);
  } else {
    ec = co_await stream_body(head, in);
  }
  if (ec) {
    const std::optional<domain::Error> e = body_failure(ec);
    if (e) co_await answer_unreadable(*e);
    co_return false;
  }
  if (!in.body_status) {
    // The rest of the body is not read: answer, then close.
    Outcome out{error_response(in.body_status.error(), in.req.request_id), "upload", std::nullopt};
    co_await answer_refused(in, out);
    co_return false;
  }
  co_return true;
}

// Before a streamed body is read: the application's checks (authentication,
// permission, signature), so that a large body is refused before it is sent,
// then the spool file. False when the request was refused.
asio::awaitable<bool> Session::open_upload(Incoming& in) {
  std::optional<Outcome> refused = co_await env_.hooks.precheck(in.req);
  if (refused) {
    co_await answer_refused(in, *refused);
    co_return false;
  }
  auto opened = UploadReceiver::open(
      in.mode == BodyMode::kMultipart     ? UploadReceiver::Mode::kMultipart
      : in.mode == BodyMode::kOffsetBytes ? UploadReceiver::Mode::kOffsetBytes
                                          : UploadReceiver::Mode::kRaw,
      env_.options.spool_dir, in.req.content_type, env_.options.max_upload_bytes);
  if (!opened) {
    Outcome out{error_response(opened.error(), in.req.request_id), "upload", std::nullopt};
    co_await answer_refused(in, out);
    co_return false;
  }
  in.receiver = std::move(opened.value());
  co_return true;
}

asio::awaitable<bool> Session::send_continue(unsigned version) {
  bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, version};
  boost::system::error_code ec;
  co_await bhttp::async_write(stream_, cont, into(ec));
  co_return !ec;
}

// A body read whole into the request.
asio::awaitable<boost::system::error_code> Session::read_body(HeadParser& head, Incoming& in) {
  boost::system::error_code ec;
  // Without a body (a GET, or Content-Length: 0) there is nothing more to read.
  if (head.is_done()) co_return ec;
  bhttp::request_parser<bhttp::string_body> parser{std::move(head)};
  parser.body_limit(env_.options.body_limit);
  stream_.expires_after(env_.options.read_timeout);
  co_await bhttp::async_read(stream_, buffer_, parser, into(ec));
  if (!ec) in.req.body = std::move(parser.get().body());
  co_return ec;
}

// A streamed body, handed to the upload receiver piece by piece as it arrives.
asio::awaitable<boost::system::error_code> Session::stream_body(HeadParser& head, Incoming& in) {
  bhttp::request_parser<bhttp::buffer_body> parser{std::move(head)};
  parser.body_limit(in.limit);
  std::vector<char> chunk(kChunk);
  boost::system::error_code ec;
  while (!parser.is_done()) {
    parser.get().body().data = chunk.data();
    parser.get().body().size = chunk.size();
    // Each piece must arrive within the timeout; a long upload may take long.
    stream_.expires_after(env_.options.read_timeout);
    co_await bhttp::async_read(stream_, buffer_, parser, into(ec));
    if (ec == bhttp::error::need_buffer) ec = {};
    if (ec) co_return ec;
    const std::size_t n = chunk.size() - parser.get().body().size;
    if (n > 0) {
      in.body_status = in.receiver->feed(std::string_view(chunk.data(), n));
      if (!in.body_status) co_return ec;
    }
  }
  in.body_status = in.receiver->finish(in.req);
  co_return ec;
}

// Dispatches a request read whole and answers it; true when the connection stays
// open for the next one.
asio::awaitable<bool> Session::respond(Incoming& in) {
  Outcome out = co_await env_.handler(in.req);
  in.receiver.reset();  // removes the spool file unless the handler kept it
  const bool keep = in.keep_alive && !env_.stopping;
  Answer a = answer_to(in, out, keep);
  a.head = in.req.method == "HEAD";
  const bool written = co_await answer(a);
  co_return written&& keep;
}

// A request that cannot be read has no id, method or route of its own (they may
// not have been read): it gets a new id. Callers name the error before awaiting:
// g++ 12 destroys a braced temporary inside a co_await expression twice (a double
// free that took the process down).
asio::awaitable<void> Session::answer_unreadable(const domain::Error& e) {
  Answer a;
  a.request_id = ids_.next();
  a.response = error_response(e, a.request_id);
  co_await answer(a);
}

// A request refused before all of its body was read; the connection closes after.
asio::awaitable<void> Session::answer_refused(const Incoming& in, Outcome& out) {
  Answer a = answer_to(in, out, false);
  co_await answer(a);
}

Session::Answer Session::answer_to(const Incoming& in, Outcome& out, bool keep_alive) const {
  Answer a;
  a.response = std::move(out.response);
  a.request_id = in.req.request_id;
  a.method = in.req.method;
  a.route = std::move(out.route);
  a.user_id = out.user_id;
  a.version = in.version;
  a.keep_alive = keep_alive;
  a.start = in.start;
  return a;
}

// Writes an answer, then records it; false when the connection failed.
asio::awaitable<bool> Session::answer(Answer& a) {
  const bool written = co_await send_response(stream_, a.response, a.request_id, a.version,
                                              a.keep_alive, a.head, env_.options.read_timeout);
  record(a);
  co_return written;
}

// The one place a request is counted and logged.
void Session::record(const Answer& a) {
  const double seconds = std::chrono::duration<double>(Clock::now() - a.start).count();
  env_.metrics.observe(a.route, a.response.status, seconds);
  env_.logger.access(
      {a.request_id, a.method, a.route, a.response.status, seconds * 1000.0, a.user_id, remote_});
}

}  // namespace web

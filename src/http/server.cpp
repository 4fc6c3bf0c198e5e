#include "http/server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <limits>
#include <thread>
#include <vector>

#include "http/body_writer.hpp"
#include "http/error_response.hpp"
#include "http/request_head.hpp"
#include "http/request_ids.hpp"
#include "http/upload_receiver.hpp"

namespace web {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

struct Server::Session {
  explicit Session(tcp::socket s) : stream(std::move(s)) {}
  beast::tcp_stream stream;
  RequestIds ids;
  std::atomic<bool> busy{false};
};

namespace {

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

// The answer to a request that cannot be read.
domain::Error unreadable(domain::ErrorCode code, std::string detail) {
  return {code, std::move(detail), {}, 0, {}};
}

constexpr std::size_t kChunk = 64 * 1024;  // a streamed body is read in pieces of this size
// Room for a multipart form's boundaries and text fields around the file.
constexpr std::uint64_t kFormSlack = 1024 * 1024;
// The pause after a failed accept (out of descriptors), doubled while it fails.
constexpr std::chrono::milliseconds kFirstAcceptPause{10};
constexpr std::chrono::milliseconds kLastAcceptPause{1000};

}  // namespace

Server::Server(ServerOptions options, AsyncHandler handler, Metrics& metrics, Logger& logger,
               StreamHooks hooks)
    : options_(std::move(options)),
      handler_(std::move(handler)),
      hooks_(std::move(hooks)),
      metrics_(metrics),
      logger_(logger),
      ioc_(options_.io_threads),
      control_(asio::make_strand(ioc_)),
      acceptor_(control_),
      signals_(control_, SIGINT, SIGTERM),
      shutdown_deadline_(control_) {}

Server::~Server() = default;

std::uint16_t Server::listen() {
  tcp::endpoint ep(asio::ip::make_address(options_.host), options_.port);
  acceptor_.open(ep.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(ep);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  return acceptor_.local_endpoint().port();
}

void Server::run() {
  signals_.async_wait([this](const boost::system::error_code& ec, int) {
    if (!ec) begin_shutdown();
  });
  asio::co_spawn(control_, accept_loop(), asio::detached);
  std::vector<std::thread> threads;
  for (int i = 1; i < options_.io_threads; ++i) threads.emplace_back([this] { ioc_.run(); });
  ioc_.run();
  for (auto& t : threads) t.join();
}

void Server::stop() {
  asio::post(control_, [this] { begin_shutdown(); });
}

void Server::begin_shutdown() {
  if (stopping_.exchange(true)) return;
  logger_.message("info", "shutting down: finishing requests in flight");
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  signals_.cancel(ignored);
  std::set<std::shared_ptr<Session>> sessions;
  {
    std::lock_guard lock(sessions_mu_);
    sessions = sessions_;
  }
  for (const auto& s : sessions) {
    // Idle connections are closed now; busy ones close after their response.
    asio::post(s->stream.get_executor(), [s] {
      boost::system::error_code ignored;
      if (!s->busy) s->stream.socket().cancel(ignored);  // may be closed already
    });
  }
  shutdown_deadline_.expires_after(options_.shutdown_timeout);
  shutdown_deadline_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) {
      logger_.message("warn", "shutdown deadline reached: closing remaining connections");
      ioc_.stop();
    }
  });
}

asio::awaitable<void> Server::accept_loop() {
  asio::steady_timer backoff(control_);
  auto pause = kFirstAcceptPause;
  for (;;) {
    boost::system::error_code ec;
    tcp::socket socket(asio::make_strand(ioc_));
    co_await acceptor_.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (stopping_ || ec == asio::error::operation_aborted) break;
      // Out of file descriptors or memory: the pending connection stays in the
      // backlog, so retrying at once would spin. Keep serving the connections we
      // have and try again a little later, waiting longer while it lasts.
      logger_.message("warn", "accept failed: " + ec.message());
      backoff.expires_after(pause);
      co_await backoff.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      pause = std::min(pause * 2, kLastAcceptPause);
      continue;
    }
    pause = kFirstAcceptPause;
    auto session = std::make_shared<Session>(std::move(socket));
    {
      std::lock_guard lock(sessions_mu_);
      if (sessions_.size() >= options_.max_connections) {
        // Past the limit a connection is closed at once, before anything is read.
        boost::system::error_code ignored;
        session->stream.socket().close(ignored);
        metrics_.connection_refused();
        continue;
      }
      sessions_.insert(session);
    }
    auto ex = session->stream.get_executor();
    asio::co_spawn(ex, serve(session), asio::detached);
  }
  // The shutdown timer is only needed while sessions remain.
  std::lock_guard lock(sessions_mu_);
  if (sessions_.empty()) shutdown_deadline_.cancel();
}

void Server::session_ended(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(sessions_mu_);
  sessions_.erase(session);
  if (stopping_ && sessions_.empty()) {
    asio::post(control_, [this] { shutdown_deadline_.cancel(); });
  }
}

asio::awaitable<void> Server::serve(std::shared_ptr<Session> session) {
  auto& stream = session->stream;
  beast::flat_buffer buffer;
  std::string remote;
  {
    boost::system::error_code ec;
    auto ep = stream.socket().remote_endpoint(ec);
    if (!ec) remote = ep.address().to_string();
  }

  auto send = [&](Response& r, const std::string& request_id, unsigned version, bool keep_alive,
                  bool head) -> asio::awaitable<bool> {
    return send_response(stream, r, request_id, version, keep_alive, head, options_.read_timeout);
  };
  // Answers a request that could not be read, then the session closes. Callers
  // name the error before awaiting: g++ 12 destroys a braced temporary inside a
  // co_await expression twice (a double free that took the process down).
  auto fail = [&](const domain::Error& e) -> asio::awaitable<void> {
    const std::string route = "invalid";
    const std::string id = session->ids.next();
    const auto start = std::chrono::steady_clock::now();
    Response r = error_response(e, id);
    co_await send(r, id, 11, false, false);
    metrics_.observe(route, r.status, 0);
    logger_.access(
        {id, "-", route, r.status,
         std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
             .count(),
         std::nullopt, remote});
  };
  // Answers a read request with an error (the route is known), then the session closes.
  auto refuse = [&](const Request& req, Outcome& out, unsigned version,
                    std::chrono::steady_clock::time_point start) -> asio::awaitable<void> {
    co_await send(out.response, req.request_id, version, false, false);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics_.observe(out.route, out.response.status, seconds);
    logger_.access({req.request_id, req.method, out.route, out.response.status, seconds * 1000.0,
                    out.user_id, remote});
  };

  while (!stopping_) {
    session->busy = false;
    HeadParser head_parser;
    configure_head_parser(head_parser, options_.header_limit);
    boost::system::error_code ec;
    {
      ReadDeadline deadline(stream, session, options_.read_timeout);
      co_await bhttp::async_read_header(stream, buffer, head_parser,
                                        asio::redirect_error(asio::use_awaitable, ec));
      if (deadline.fired() && ec == asio::error::operation_aborted) ec = beast::error::timeout;
    }
    session->busy = true;
    if (ec == bhttp::error::header_limit) {
      const auto e =
          unreadable(domain::ErrorCode::kHeadersTooLarge, "Request header fields too large.");
      co_await fail(e);
      break;
    }
    if (ec == beast::error::timeout) {
      if (buffer.size() > 0) {
        const auto e = unreadable(domain::ErrorCode::kRequestTimeout, "Request timeout.");
        co_await fail(e);
      }
      break;
    }
    if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof) {
      break;
    }
    if (ec) {
      const auto e = domain::Error::bad_request("Malformed HTTP request.");
      co_await fail(e);
      break;
    }

    const auto start = std::chrono::steady_clock::now();
    Request req = request_from_header(head_parser.get(), session->ids);
    req.remote = remote;
    const bool keep_alive = head_parser.get().keep_alive();
    const unsigned version = head_parser.get().version();
    const bool expects_continue =
        beast::iequals(head_parser.get()[bhttp::field::expect], "100-continue");
    const auto content_length = head_parser.content_length();
    const BodyMode mode = hooks_.classify ? hooks_.classify(req) : BodyMode::kBuffered;
    const std::uint64_t limit =
        mode == BodyMode::kBuffered ? options_.body_limit : options_.max_upload_bytes + kFormSlack;
    if (content_length && *content_length > limit) {
      const auto e = unreadable(domain::ErrorCode::kPayloadTooLarge, "Request body is too large.");
      co_await fail(e);
      break;
    }
    std::unique_ptr<UploadReceiver> receiver;
    if (mode != BodyMode::kBuffered) {
      // Refuse before the client sends a large body: authentication, permission, signature.
      std::optional<Outcome> refused = co_await hooks_.precheck(req);
      if (refused) {
        co_await refuse(req, *refused, version, start);
        break;
      }
      auto opened =
          UploadReceiver::open(mode == BodyMode::kMultipart ? UploadReceiver::Mode::kMultipart
                                                            : UploadReceiver::Mode::kRaw,
                               options_.spool_dir, req.content_type, options_.max_upload_bytes);
      if (!opened) {
        Outcome out{error_response(opened.error(), req.request_id), "upload", std::nullopt};
        co_await refuse(req, out, version, start);
        break;
      }
      receiver = std::move(opened.value());
    }
    // Clients such as curl wait for "100 Continue" before sending a larger body.
    if (expects_continue) {
      bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, version};
      co_await bhttp::async_write(stream, cont, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
    }

    domain::Status body_status = domain::ok();
    if (mode == BodyMode::kBuffered) {
      // Without a body (a GET, or Content-Length: 0) there is nothing more to read.
      if (!head_parser.is_done()) {
        bhttp::request_parser<bhttp::string_body> parser{std::move(head_parser)};
        parser.body_limit(options_.body_limit);
        stream.expires_after(options_.read_timeout);
        co_await bhttp::async_read(stream, buffer, parser,
                                   asio::redirect_error(asio::use_awaitable, ec));
        if (!ec) req.body = std::move(parser.get().body());
      }
    } else {
      bhttp::request_parser<bhttp::buffer_body> parser{std::move(head_parser)};
      parser.body_limit(limit);
      std::vector<char> chunk(kChunk);
      while (!parser.is_done()) {
        parser.get().body().data = chunk.data();
        parser.get().body().size = chunk.size();
        // Each piece must arrive within the timeout; a long upload may take long.
        stream.expires_after(options_.read_timeout);
        co_await bhttp::async_read(stream, buffer, parser,
                                   asio::redirect_error(asio::use_awaitable, ec));
        if (ec == bhttp::error::need_buffer) ec = {};
        if (ec) break;
        const std::size_t n = chunk.size() - parser.get().body().size;
        if (n > 0) {
          body_status = receiver->feed(std::string_view(chunk.data(), n));
          if (!body_status) break;
        }
      }
      if (!ec && body_status) body_status = receiver->finish(req);
    }
    if (ec == bhttp::error::body_limit) {
      const auto e = unreadable(domain::ErrorCode::kPayloadTooLarge, "Request body is too large.");
      co_await fail(e);
      break;
    }
    if (ec == beast::error::timeout) {
      const auto e = unreadable(domain::ErrorCode::kRequestTimeout, "Request timeout.");
      co_await fail(e);
      break;
    }
    if (ec == bhttp::error::partial_message || ec == asio::error::operation_aborted ||
        ec == asio::error::connection_reset || ec == asio::error::eof) {
      break;  // the client went away mid-body
    }
    if (ec) {  // bad chunk framing and the like
      const auto e = domain::Error::bad_request("Malformed HTTP request.");
      co_await fail(e);
      break;
    }
    if (!body_status) {
      // The rest of the body is not read: answer, then close.
      Outcome out{error_response(body_status.error(), req.request_id), "upload", std::nullopt};
      co_await refuse(req, out, version, start);
      break;
    }

    Outcome out = co_await handler_(req);
    receiver.reset();  // removes the spool file unless the handler kept it
    const bool keep = keep_alive && !stopping_;
    const bool written =
        co_await send(out.response, req.request_id, version, keep, req.method == "HEAD");
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics_.observe(out.route, out.response.status, seconds);
    logger_.access({req.request_id, req.method, out.route, out.response.status, seconds * 1000.0,
                    out.user_id, remote});
    if (!written || !keep) break;
  }

  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.socket().close(ignored);
  session_ended(session);
}

}  // namespace web

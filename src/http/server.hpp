// The HTTP/1.1 server: it accepts connections up to --max-connections, runs a
// session per connection (http/session.hpp: keep-alive, header and body limits,
// read timeouts, request ids, an access log line and metrics per request), and
// shuts down gracefully on SIGTERM/SIGINT.
#pragma once

#include <utility>  // Boost 1.74's awaitable.hpp misses it under g++ 12.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <optional>
#include <string>

#include "http/access_log.hpp"
#include "http/live_sessions.hpp"
#include "http/metrics.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace web {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8000;
  int io_threads = 2;
  std::size_t body_limit = 1024 * 1024;
  std::size_t header_limit = 16 * 1024;
  std::size_t max_connections = 10000;  // past it, new connections are closed at once
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds shutdown_timeout{10};
  std::uint64_t max_upload_bytes = 512ULL * 1024 * 1024;  // streamed bodies
  std::string spool_dir = "/tmp";                         // where streamed bodies land
};

// What the application answers, plus what the log needs to know about it.
struct Outcome {
  Response response;
  std::string route;  // the matched pattern, or "unmatched"
  std::optional<std::int64_t> user_id;
};

// Turns a complete request into an outcome; may hop to another executor inside.
using AsyncHandler = std::function<boost::asio::awaitable<Outcome>(Request&)>;

// How the body of a request (known from its header) is to be read.
// kRaw: the body is a media file; kOffsetBytes: bytes of a resumable upload (tus PATCH,
// Content-Type application/offset+octet-stream).
enum class BodyMode { kBuffered, kMultipart, kRaw, kOffsetBytes };

// Optional hooks for streamed bodies: which requests stream, and a check run
// before their body is read (a set outcome refuses the request).
struct StreamHooks {
  std::function<BodyMode(const Request&)> classify;
  std::function<boost::asio::awaitable<std::optional<Outcome>>(Request&)> precheck;
};

class Server {
 public:
  Server(ServerOptions options, AsyncHandler handler, Metrics& metrics, Logger& logger,
         StreamHooks hooks = {});
  ~Server();

  // Binds and listens; returns the bound port (useful with port 0).
  std::uint16_t listen();
  // Serves until SIGTERM/SIGINT or stop(), then drains and returns.
  void run();
  // Starts a graceful shutdown; safe from any thread.
  void stop();
  // Where streamed bodies are spooled (known once storage is open); before run().
  void set_spool_dir(std::string dir) { options_.spool_dir = std::move(dir); }

 private:
  boost::asio::awaitable<void> accept_loop();
  // Takes a new connection in, unless --max-connections are open already.
  void start_session(boost::asio::ip::tcp::socket socket);
  void begin_shutdown();
  // A session that ended by an exception is closed already; the cause is logged.
  void session_failed(std::exception_ptr e);

  ServerOptions options_;
  AsyncHandler handler_;
  StreamHooks hooks_;
  Metrics& metrics_;
  Logger& logger_;
  std::atomic<bool> stopping_{false};
  // Declared before the io_context: sessions still suspended when it is destroyed
  // end then, and leave this set on their way.
  LiveSessions sessions_;
  boost::asio::io_context ioc_;
  // Serializes the shutdown steps (signals, deadline timer) across I/O threads.
  boost::asio::strand<boost::asio::io_context::executor_type> control_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer shutdown_deadline_;
};

}  // namespace web

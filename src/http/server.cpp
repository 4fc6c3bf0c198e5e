#include "http/server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <thread>
#include <vector>

#include "http/session.hpp"

namespace web {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

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
      sessions_(options_.max_connections),
      ioc_(options_.io_threads),
      control_(asio::make_strand(ioc_)),
      acceptor_(control_),
      signals_(control_, SIGINT, SIGTERM),
      shutdown_deadline_(control_) {}

// Sessions left suspended (past the shutdown deadline) end when the io_context
// goes, after the control strand: they must not reach for it then.
Server::~Server() {
  sessions_.forget_drained();
}

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
  // The shutdown timer is only needed while sessions remain.
  auto open =
      sessions_.drain([this] { asio::post(control_, [this] { shutdown_deadline_.cancel(); }); });
  for (const auto& s : open) {
    // Idle connections are closed now; busy ones close after their response.
    asio::post(s->get_executor(), [s] { s->cancel_if_idle(); });
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
    start_session(std::move(socket));
  }
  if (sessions_.empty()) shutdown_deadline_.cancel();
}

void Server::start_session(tcp::socket socket) {
  const SessionEnv env{options_, handler_, hooks_, metrics_, logger_, stopping_};
  auto session = std::make_shared<Session>(std::move(socket), env);
  std::optional<LiveSessions::Ticket> ticket = sessions_.enter(session);
  if (!ticket) {
    // Past the limit a connection is closed at once, before anything is read.
    session->close();
    metrics_.connection_refused();
    return;
  }
  auto ex = session->get_executor();
  asio::co_spawn(ex, session->run(std::move(*ticket)), [this](std::exception_ptr e) {
    if (e) session_failed(e);
  });
}

void Server::session_failed(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& failure) {
    logger_.message("error",
                    std::string("connection closed by an unexpected error: ") + failure.what());
  } catch (...) {
    logger_.message("error", "connection closed by an unexpected error");
  }
}

}  // namespace web

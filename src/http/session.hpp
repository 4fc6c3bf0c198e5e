// One HTTP connection, in the steps of Boost.Beast's examples: read a request's
// head, then its body (in memory, or streamed to a spool file), dispatch it,
// write the answer, and again while the connection is kept alive. Every answer,
// whatever led to it (a response, an error, a timeout, a body too large), is
// counted and logged in one place, Session::answer.
#pragma once

#include <utility>  // Boost 1.74's awaitable.hpp misses it under g++ 12.

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <atomic>
#include <memory>
#include <string>

#include "domain/error.hpp"
#include "http/access_log.hpp"
#include "http/live_sessions.hpp"
#include "http/metrics.hpp"
#include "http/request_head.hpp"
#include "http/request_ids.hpp"
#include "http/server.hpp"

namespace web {

// What the sessions of one server share; it outlives them all.
struct SessionEnv {
  const ServerOptions& options;
  const AsyncHandler& handler;
  const StreamHooks& hooks;
  Metrics& metrics;
  Logger& logger;
  const std::atomic<bool>& stopping;  // once set, no further request is read
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket socket, const SessionEnv& env);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Serves requests until the connection is done with; `ticket` ends with it,
  // however it ends, and so closes the connection.
  boost::asio::awaitable<void> run(LiveSessions::Ticket ticket);
  // For a shutdown, on the session's executor: stops waiting for a next request,
  // while a request being read or answered is finished.
  void cancel_if_idle();
  void close();
  boost::beast::tcp_stream::executor_type get_executor() { return stream_.get_executor(); }

 private:
  struct Incoming;
  struct Answer;

  boost::asio::awaitable<boost::system::error_code> read_head(HeadParser& head);
  Incoming start_request(HeadParser& head);
  boost::asio::awaitable<bool> read_request(HeadParser& head, Incoming& in);
  boost::asio::awaitable<bool> open_upload(Incoming& in);
  boost::asio::awaitable<bool> send_continue(unsigned version);
  boost::asio::awaitable<boost::system::error_code> read_body(HeadParser& head, Incoming& in);
  boost::asio::awaitable<boost::system::error_code> stream_body(HeadParser& head, Incoming& in);
  boost::asio::awaitable<bool> respond(Incoming& in);

  boost::asio::awaitable<void> answer_unreadable(const domain::Error& e);
  boost::asio::awaitable<void> answer_refused(const Incoming& in, Outcome& out);
  Answer answer_to(const Incoming& in, Outcome& out, bool keep_alive) const;
  boost::asio::awaitable<bool> answer(Answer& a);
  void record(const Answer& a);

  SessionEnv env_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  RequestIds ids_;
  std::string remote_;
  std::atomic<bool> busy_{false};  // a request is being read or answered
};

}  // namespace web

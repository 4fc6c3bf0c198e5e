#include "db/postgres_listener.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "db/postgres_open.hpp"

namespace db {

namespace {

struct ConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultCloser {
  void operator()(PGresult* r) const { PQclear(r); }
};
struct NotifyFree {
  void operator()(PGnotify* n) const { PQfreemem(n); }
};

}  // namespace

PostgresListener::PostgresListener(std::string url, std::string channel, Events events)
    : url_(std::move(url)), channel_(std::move(channel)), events_(std::move(events)) {
  if (channel_.empty() || !std::all_of(channel_.begin(), channel_.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
      })) {
    throw std::invalid_argument("PostgresListener: a channel of lowercase letters, digits, _");
  }
  if (::pipe2(wake_, O_CLOEXEC) != 0) throw std::runtime_error("PostgresListener: pipe failed");
  thread_ = std::thread([this] { run(); });
}

PostgresListener::~PostgresListener() {
  stopping_ = true;
  const char byte = 1;
  [[maybe_unused]] const auto written = ::write(wake_[1], &byte, 1);
  thread_.join();
  ::close(wake_[0]);
  ::close(wake_[1]);
}

bool PostgresListener::news_pending() const {
  if (reading_) return true;
  const int fd = socket_;
  if (fd < 0) return false;  // not listening: the cache is suspended meanwhile
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) != 0;
}

bool PostgresListener::pause(int ms) {
  pollfd p{wake_[0], POLLIN, 0};
  ::poll(&p, 1, ms);
  return !stopping_;
}

void PostgresListener::run() {
  int backoff = 500;
  while (!stopping_) {
    const auto started = std::chrono::steady_clock::now();
    listen_once();
    if (stopping_) break;
    events_.lost();
    // A connection that held a while starts the pauses over.
    if (std::chrono::steady_clock::now() - started > std::chrono::seconds(30)) backoff = 500;
    if (!pause(backoff)) break;
    backoff = std::min(backoff * 2, 5000);
  }
}

void PostgresListener::listen_once() {
  std::unique_ptr<PGconn, ConnCloser> conn(open_postgres(url_));
  if (PQstatus(conn.get()) != CONNECTION_OK) return;
  {
    std::unique_ptr<PGresult, ResultCloser> r(PQexec(conn.get(), ("LISTEN " + channel_).c_str()));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return;
  }
  socket_ = PQsocket(conn.get());
  // Not listening any more whichever way this ends (the socket closes with `conn`).
  struct Unpublish {
    std::atomic<int>& socket;
    ~Unpublish() { socket = -1; }
  } unpublish{socket_};
  events_.listening();
  while (!stopping_) {
    pollfd fds[2] = {{PQsocket(conn.get()), POLLIN, 0}, {wake_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) continue;  // interrupted by a signal
    if (fds[1].revents != 0) return;       // stopping
    if (fds[0].revents == 0) continue;
    reading_ = true;
    const bool read = PQconsumeInput(conn.get()) != 0;
    bool any = false;
    while (std::unique_ptr<PGnotify, NotifyFree> n{PQnotifies(conn.get())}) any = true;
    if (any) events_.notified();
    reading_ = false;
    if (!read || PQstatus(conn.get()) != CONNECTION_OK) return;  // the connection failed
  }
}

}  // namespace db

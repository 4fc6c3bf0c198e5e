// A connection that LISTENs on one PostgreSQL channel and reports, on its own thread,
// when it starts listening, when a notification arrives, and when the connection is
// lost (then it connects again, waiting 0.5 s, doubling up to 5 s). Notifications sent
// while it was not listening are lost: `listening` is the moment to forget anything the
// notifications would have said.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace db {

class PostgresListener {
 public:
  struct Events {
    std::function<void()> listening;  // connected, LISTEN done
    std::function<void()> notified;   // a notification on the channel
    std::function<void()> lost;       // the connection failed; not listening until `listening`
  };
  // `channel`: an SQL identifier of letters, digits and underscores.
  PostgresListener(std::string url, std::string channel, Events events);
  ~PostgresListener();
  PostgresListener(const PostgresListener&) = delete;
  PostgresListener& operator=(const PostgresListener&) = delete;

  // Whether a notification may be on its way to `notified`: bytes wait on the connection,
  // or the listener's thread is reading them. Any thread may ask.
  bool news_pending() const;

 private:
  void run();
  // Listens until the connection fails or the listener stops.
  void listen_once();
  // Waits `ms` unless the listener stops meanwhile; false when it stopped.
  bool pause(int ms);

  std::string url_;
  std::string channel_;
  Events events_;
  int wake_[2] = {-1, -1};  // a pipe: written once at stop
  std::atomic<bool> stopping_{false};
  std::atomic<int> socket_{-1};       // the connection's, while listening
  std::atomic<bool> reading_{false};  // from the socket's wakeup to the end of `notified`
  std::thread thread_;
};

}  // namespace db

// A webhook receiver for the end-to-end tests: an HTTP server on 127.0.0.1 that records
// every request it gets (headers and exact body bytes) and answers as told: 200 by
// default, given statuses for the next requests, no answer at all for the next ones
// (a receiver that hangs), or nothing listening (a receiver that is down).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace e2e {

struct ReceivedWebhook {
  std::string method;
  std::string target;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;
  int answered = 0;  // the status sent back; 0: none (hung)
  std::chrono::system_clock::time_point at;
};

class WebhookReceiver {
 public:
  WebhookReceiver();
  ~WebhookReceiver();
  WebhookReceiver(const WebhookReceiver&) = delete;
  WebhookReceiver& operator=(const WebhookReceiver&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url(const std::string& path = "/hooks") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  // The next requests get these statuses, in order; then 200 again.
  void answer_next(const std::vector<int>& statuses);
  // The next `count` requests get no answer until `for_how_long` has passed.
  void hang_next(int count, std::chrono::milliseconds for_how_long);
  // Down: the port stops listening (connections are refused). Up: it listens again.
  void down();
  void up();

  std::vector<ReceivedWebhook> received() const;
  // Waits until `done(received())` holds, or `timeout` passes; whether it held.
  bool wait_for(const std::function<bool(const std::vector<ReceivedWebhook>&)>& done,
                std::chrono::milliseconds timeout) const;

 private:
  void listen_on(std::uint16_t port);
  void accept_loop();
  void serve(int fd);

  std::uint16_t port_ = 0;
  std::atomic<int> listener_{-1};
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  std::deque<int> statuses_;
  int hang_count_ = 0;
  std::chrono::milliseconds hang_for_{0};
  std::vector<ReceivedWebhook> received_;
  std::thread acceptor_;
  std::vector<std::thread> connections_;
};

// Checks the deliveries' signatures with the Standard Webhooks reference library (Node,
// tests/webhooks/verify.js) and `secret`: one "ok" or the library's error per delivery.
std::vector<std::string> verify_with_reference(const std::vector<ReceivedWebhook>& deliveries,
                                               const std::string& secret);

}  // namespace e2e

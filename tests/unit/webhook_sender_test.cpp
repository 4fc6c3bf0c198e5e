// One webhook delivery attempt against a receiver in the test (a thread and a socket
// on loopback): the request as sent, 2xx, 500, a redirect left alone, a receiver that
// never answers, an endless body or endless headers, loopback refused unless private
// receivers are allowed (by address and by the name localhost), a refused connection,
// a name that does not resolve, and attempts from several threads at once.
#include "webhooks/sender.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using namespace std::chrono_literals;
using webhooks::Attempt;
using webhooks::AttemptResult;
using webhooks::send_attempt;

bool send_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// An HTTP receiver on 127.0.0.1 and a free port, one connection at a time on its own
// thread. It reads a request (head and Content-Length body), keeps it, and lets
// `respond` write to the socket; `stopping()` tells a slow `respond` to give up.
class Receiver {
 public:
  using Respond = std::function<void(Receiver&, int fd)>;

  explicit Receiver(Respond respond) : respond_(std::move(respond)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::listen(listener_, 16) != 0) {
      throw std::runtime_error("receiver: cannot listen");
    }
    socklen_t n = sizeof a;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &n);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  // A fixed answer.
  explicit Receiver(std::string answer)
      : Receiver([answer](Receiver&, int fd) { send_all(fd, answer); }) {}
  ~Receiver() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }

  std::string url(std::string_view host = "127.0.0.1", std::string_view path = "/hook") const {
    return "http://" + std::string(host) + ":" + std::to_string(port_) + std::string(path);
  }
  int connections() const { return connections_; }
  bool stopping() const { return stop_; }
  std::string head() const {
    std::lock_guard lock(mutex_);
    return head_;
  }
  std::string body() const {
    std::lock_guard lock(mutex_);
    return body_;
  }

 private:
  void serve() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
      if (fd < 0) continue;
      ++connections_;
      if (read_request(fd)) respond_(*this, fd);
      ::close(fd);
    }
  }

  // Reads up to the end of the body within 5 s; false when the client went away.
  bool read_request(int fd) {
    std::string in;
    std::size_t head_end = std::string::npos;
    std::size_t want = 0;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < deadline && !stop_) {
      if (head_end != std::string::npos && in.size() >= head_end + 4 + want) {
        std::lock_guard lock(mutex_);
        head_ = in.substr(0, head_end + 4);
        body_ = in.substr(head_end + 4, want);
        return true;
      }
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      char buf[16384];
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) return false;
      in.append(buf, static_cast<std::size_t>(n));
      if (head_end == std::string::npos && (head_end = in.find("\r\n\r\n")) != std::string::npos) {
        const std::string head = lower(in.substr(0, head_end));
        const auto cl = head.find("\r\ncontent-length:");
        if (cl != std::string::npos) want = std::stoul(head.substr(cl + 17));
      }
    }
    return false;
  }

  Respond respond_;
  int listener_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> connections_{0};
  mutable std::mutex mutex_;
  std::string head_;
  std::string body_;
};

// A port nobody listens on (bound, then closed).
std::uint16_t closed_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t n = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n);
  ::close(fd);
  return ntohs(a.sin_port);
}

Attempt attempt_to(const std::string& url, bool allow_private = true) {
  Attempt a;
  a.url = url;
  a.headers = {{"webhook-id", "evt_42"},
               {"webhook-timestamp", "1764842400"},
               {"webhook-signature", "v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4="}};
  a.body = R"({"type":"ping","timestamp":"2026-12-04T10:00:00Z","data":{}})";
  a.allow_private = allow_private;
  return a;
}

const std::string kOk = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";

TEST(WebhookSender, PostsTheBodyAndHeadersAndReportsA2xx) {
  Receiver receiver(kOk);
  const Attempt a = attempt_to(receiver.url());
  const AttemptResult r = send_attempt(a);
  ASSERT_EQ(r.status, 200) << r.error;
  EXPECT_EQ(r.error, "");
  EXPECT_TRUE(r.delivered());
  EXPECT_EQ(r.body_bytes, 2u);
  const std::string head = receiver.head();
  EXPECT_TRUE(head.starts_with("POST /hook HTTP/1.1\r\n")) << head;
  const std::string h = lower(head);
  for (const char* line :
       {"\r\nwebhook-id: evt_42\r\n", "\r\nwebhook-timestamp: 1764842400\r\n",
        "\r\nwebhook-signature: v1,k5ozfzn95z9uvu1esfqmfvnqhnkz2pj9o9ndn/h/pi4=\r\n",
        "\r\ncontent-type: application/json\r\n", "\r\nuser-agent: interviewd-webhooks\r\n"}) {
    EXPECT_NE(h.find(line), std::string::npos) << line << " not in " << head;
  }
  EXPECT_EQ(h.find("expect:"), std::string::npos) << head;
  EXPECT_EQ(receiver.body(), a.body);
}

TEST(WebhookSender, A500IsAStatusNotAnError) {
  Receiver receiver("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\n\r\noops");
  const AttemptResult r = send_attempt(attempt_to(receiver.url()));
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.error, "");
  EXPECT_FALSE(r.delivered());
}

TEST(WebhookSender, ARedirectIsNotFollowed) {
  Receiver elsewhere(kOk);
  Receiver receiver("HTTP/1.1 302 Found\r\nLocation: " + elsewhere.url() +
                    "\r\nContent-Length: 0\r\n\r\n");
  const AttemptResult r = send_attempt(attempt_to(receiver.url()));
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(r.error, "");
  EXPECT_FALSE(r.delivered());
  EXPECT_EQ(receiver.connections(), 1);
  EXPECT_EQ(elsewhere.connections(), 0);
}

TEST(WebhookSender, AReceiverThatNeverAnswersTimesOut) {
  Receiver receiver([](Receiver& self, int) {
    while (!self.stopping()) std::this_thread::sleep_for(10ms);
  });
  Attempt a = attempt_to(receiver.url());
  a.timeout = 1s;
  const AttemptResult r = send_attempt(a);
  EXPECT_EQ(r.error, "timed out");
  EXPECT_FALSE(r.status.has_value());
  EXPECT_GE(r.duration, 900ms);
  EXPECT_LT(r.duration, 3s);
}

TEST(WebhookSender, ReadsAtMost64KiBOfAHugeBodyAndKeepsTheStatus) {
  constexpr std::size_t kHuge = 10u << 20;
  std::atomic<std::size_t> sent{0};
  Receiver receiver([&sent](Receiver&, int fd) {
    if (!send_all(fd, "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(kHuge) + "\r\n\r\n")) {
      return;
    }
    const std::string chunk(64 * 1024, 'x');
    while (sent < kHuge && send_all(fd, chunk)) sent += chunk.size();
  });
  Attempt a = attempt_to(receiver.url());
  a.timeout = 5s;
  const AttemptResult r = send_attempt(a);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.error, "");
  EXPECT_TRUE(r.delivered());
  EXPECT_EQ(r.body_bytes, webhooks::kMaxResponseBody);
  EXPECT_LT(r.duration, 4s);
}

TEST(WebhookSender, EndlessHeadersAreCut) {
  Receiver receiver([](Receiver& self, int fd) {
    if (!send_all(fd, "HTTP/1.1 200 OK\r\n")) return;
    const std::string line = "X-Padding: " + std::string(1000, 'p') + "\r\n";
    while (!self.stopping() && send_all(fd, line)) {
    }
  });
  Attempt a = attempt_to(receiver.url());
  a.timeout = 5s;
  const AttemptResult r = send_attempt(a);
  EXPECT_EQ(r.error, "response headers too large");
  EXPECT_FALSE(r.delivered());
  EXPECT_LT(r.duration, 4s);
}

// An environment variable that names a proxy.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const std::string& value) : name_(name) {
    ::setenv(name, value.c_str(), 1);
  }
  ~ScopedEnv() { ::unsetenv(name_); }

 private:
  const char* name_;
};

TEST(WebhookSender, IgnoresProxiesFromTheEnvironment) {
  Receiver proxy(kOk);
  Receiver receiver("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n");
  ScopedEnv http("http_proxy", proxy.url("127.0.0.1", ""));
  ScopedEnv all("ALL_PROXY", proxy.url("127.0.0.1", ""));
  const AttemptResult r = send_attempt(attempt_to(receiver.url()));
  EXPECT_EQ(r.status, 201) << r.error;
  EXPECT_EQ(proxy.connections(), 0);
  EXPECT_EQ(receiver.connections(), 1);
}

TEST(WebhookSender, LoopbackIsRefusedUnlessPrivateReceiversAreAllowed) {
  Receiver receiver(kOk);
  for (const char* host : {"127.0.0.1", "localhost"}) {
    const AttemptResult refused = send_attempt(attempt_to(receiver.url(host), false));
    EXPECT_EQ(refused.error, "address not allowed") << host;
    EXPECT_FALSE(refused.status.has_value()) << host;
    EXPECT_EQ(receiver.connections(), 0) << host;
  }
  for (const char* host : {"127.0.0.1", "localhost"}) {
    const AttemptResult allowed = send_attempt(attempt_to(receiver.url(host), true));
    EXPECT_EQ(allowed.status, 200) << host << ": " << allowed.error;
    EXPECT_TRUE(allowed.delivered()) << host;
  }
  EXPECT_EQ(receiver.connections(), 2);
}

TEST(WebhookSender, ARefusedConnection) {
  const AttemptResult r =
      send_attempt(attempt_to("http://127.0.0.1:" + std::to_string(closed_port()) + "/"));
  EXPECT_EQ(r.error, "connection refused");
  EXPECT_FALSE(r.status.has_value());
}

TEST(WebhookSender, AHostThatDoesNotResolve) {
  Attempt a = attempt_to("http://interviewd-webhook-test.invalid/hook");
  a.timeout = 5s;
  EXPECT_EQ(send_attempt(a).error, "host not found");
}

TEST(WebhookSender, RefusesWhatNoEndpointCouldHold) {
  EXPECT_EQ(send_attempt(attempt_to("ftp://127.0.0.1/")).error, "invalid URL");
  EXPECT_EQ(send_attempt(attempt_to("http://user:pw@127.0.0.1/")).error, "invalid URL");
  Attempt a = attempt_to("http://127.0.0.1:" + std::to_string(closed_port()) + "/");
  a.headers.emplace_back("X-Injected", "a\r\nHost: elsewhere");
  EXPECT_EQ(send_attempt(a).error, "invalid header");
}

TEST(WebhookSender, ManyThreadsAtOnce) {
  Receiver receiver(kOk);
  std::atomic<int> delivered{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        if (t % 2 == 0) {
          if (send_attempt(attempt_to(receiver.url())).delivered()) ++delivered;
        } else if (send_attempt(attempt_to(receiver.url(), false)).error == "address not allowed") {
          ++refused;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(delivered, 15);
  EXPECT_EQ(refused, 15);
}

}  // namespace

// Graceful shutdown on SIGTERM: idle connections are closed at once, requests in
// flight are finished, the exit code is 0, and the shutdown timeout bounds it all.
#include <signal.h>
#include <sys/types.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"
#include "raw_socket.hpp"

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

e2e::ServerOptions with_args(std::vector<std::string> args) {
  e2e::ServerOptions options;
  options.extra_args = std::move(args);
  return options;
}

std::string register_body(const std::string& org) {
  return R"({"organization":{"name":")" + org + R"("},"name":"A","email":")" + e2e::unique("stop") +
         R"(@example.com","password":"long enough"})";
}

std::string post(const std::string& target, const std::string& body, bool keep_alive) {
  return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
         (keep_alive ? "" : "Connection: close\r\n") +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Whether `raw` is one complete HTTP response: a status line, headers, and exactly
// the body its Content-Length announces.
bool complete_response(const std::string& raw) {
  if (e2e::status_of(raw) == 0) return false;
  auto head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) return false;
  std::string head = raw.substr(0, head_end);
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto at = head.find("\r\ncontent-length:");
  if (at == std::string::npos) return false;
  const std::size_t length = std::stoul(head.substr(at + 17));
  return raw.size() == head_end + 4 + length;
}

TEST(Shutdown, SigtermExitsCleanly) {
  e2e::Server server;
  ASSERT_EQ(server.request("GET", "/healthz").status, 200);
  EXPECT_EQ(server.stop(), 0);
  EXPECT_FALSE(server.running());
  const std::string log = server.log();
  EXPECT_NE(log.find("shutting down"), std::string::npos) << log;
  EXPECT_NE(log.find("\"stopped\""), std::string::npos) << log;
}

TEST(Shutdown, IdleKeepAliveConnectionsDoNotHoldItUp) {
  // A shutdown timeout far beyond the harness's patience (15 s before SIGKILL):
  // stop() only answers 0 when idle connections are closed at once.
  e2e::Server server(with_args({"--shutdown-timeout", "120", "--read-timeout", "120"}));
  e2e::RawConnection idle(server.port());
  ASSERT_TRUE(idle.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  ASSERT_EQ(e2e::status_of(idle.read_response(seconds(30))), 200);
  e2e::RawConnection silent(server.port());                  // connected, never says a word
  ASSERT_EQ(server.request("GET", "/healthz").status, 200);  // both are accepted by now

  EXPECT_EQ(server.stop(), 0);
  EXPECT_TRUE(idle.read_until_closed(seconds(5)));
  EXPECT_TRUE(idle.received.empty()) << idle.received;
  EXPECT_TRUE(silent.read_until_closed(seconds(5)));
}

TEST(Shutdown, ARequestInFlightIsFinished) {
  e2e::Server server(with_args({"--shutdown-timeout", "60"}));
  const std::string request = post("/api/v1/auth/register/", register_body("In Flight"), true);
  const std::size_t half = request.size() - 20;  // the header and part of the body

  e2e::RawConnection c(server.port());
  ASSERT_TRUE(c.send(request.substr(0, half)));
  // Let the server read the header, so that the request is in flight.
  ASSERT_EQ(server.request("GET", "/healthz").status, 200);
  std::this_thread::sleep_for(milliseconds(500));
  ASSERT_EQ(::kill(server.pid(), SIGTERM), 0);
  std::this_thread::sleep_for(milliseconds(300));
  ASSERT_TRUE(c.send(request.substr(half)));

  const std::string response = c.read_response(seconds(30));
  ASSERT_TRUE(complete_response(response)) << response;
  EXPECT_EQ(e2e::status_of(response), 201) << response;
  EXPECT_NE(response.find("\"token\""), std::string::npos) << response;
  // The keep-alive connection is closed after that answer.
  EXPECT_NE(response.find("Connection: close"), std::string::npos) << response;
  EXPECT_TRUE(c.read_until_closed(seconds(10)));
  EXPECT_EQ(server.stop(), 0);
}

TEST(Shutdown, TheShutdownTimeoutBoundsARequestThatNeverCompletes) {
  e2e::Server server(with_args({"--shutdown-timeout", "1", "--read-timeout", "120"}));
  e2e::RawConnection stuck(server.port());
  const std::string request = post("/api/v1/auth/register/", register_body("Stuck"), true);
  ASSERT_TRUE(stuck.send(request.substr(0, request.size() - 10)));  // never finished
  ASSERT_EQ(server.request("GET", "/healthz").status, 200);
  std::this_thread::sleep_for(milliseconds(200));
  // Well within the harness's 15 s: the deadline closes the connection.
  EXPECT_EQ(server.stop(), 0);
  EXPECT_TRUE(stuck.read_until_closed(seconds(5)));
}

TEST(Shutdown, ResponsesThatArriveDuringShutdownAreWhole) {
  e2e::Server server;
  std::atomic<bool> go{true};
  std::mutex mu;
  std::vector<std::string> answers;
  std::atomic<int> refused{0};
  auto client = [&](int n) {
    for (int i = 0; go; ++i) {
      const bool keep_alive = i % 2 == 0;
      try {
        e2e::RawConnection c(server.port());
        c.send(post("/api/v1/auth/register/",
                    register_body("Busy " + std::to_string(n) + "-" + std::to_string(i)),
                    keep_alive));
        std::string response = c.read_response(seconds(30));
        if (response.empty() && !c.received.empty()) response = c.received;  // partial
        std::lock_guard lock(mu);
        answers.push_back(response);
      } catch (const std::runtime_error&) {
        ++refused;  // the listener is closed: not an answer at all
        std::this_thread::sleep_for(milliseconds(5));
      }
    }
  };
  std::vector<std::thread> threads;
  for (int n = 0; n < 3; ++n) threads.emplace_back(client, n);
  // Let requests flow, then stop in the middle of them.
  const auto until = std::chrono::steady_clock::now() + seconds(20);
  for (;;) {
    {
      std::lock_guard lock(mu);
      if (answers.size() >= 10) break;
    }
    if (std::chrono::steady_clock::now() > until) break;
    std::this_thread::sleep_for(milliseconds(20));
  }
  const int code = server.stop();
  go = false;
  for (auto& t : threads) t.join();

  EXPECT_EQ(code, 0);
  int complete = 0;
  for (const std::string& raw : answers) {
    if (raw.empty()) continue;  // closed before it was read: no answer, which is allowed
    EXPECT_TRUE(complete_response(raw)) << raw;
    EXPECT_EQ(e2e::status_of(raw), 201) << raw;
    ++complete;
  }
  EXPECT_GE(complete, 10);
}

}  // namespace

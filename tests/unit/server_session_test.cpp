// The server in process, with a handler that can fail: a request whose handling
// throws ends its connection at once, frees its place under --max-connections and
// never holds up a shutdown; every answer is counted and logged once.
#include "http/server.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

#include "../e2e/raw_socket.hpp"

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// "/throw" fails with an exception, anything else is answered 200.
boost::asio::awaitable<web::Outcome> answer_or_throw(web::Request& req) {
  if (req.path == "/throw") throw std::runtime_error("the handler failed");
  co_return web::Outcome{web::Response::json(200, R"({"status":"ok"})"), "/ok", std::nullopt};
}

// A server on a free port, serving on its own thread, logging to a temporary file.
class InProcessServer {
 public:
  explicit InProcessServer(web::ServerOptions options) {
    std::string t = "/tmp/server-session-test-XXXXXX";
    const int fd = ::mkstemp(t.data());
    log_path_ = t;
    log_file_ = ::fdopen(fd, "w");
    logger_ = std::make_unique<web::Logger>(web::LogFormat::kJson, log_file_);
    options.port = 0;
    options.io_threads = 1;
    server_ = std::make_unique<web::Server>(options, answer_or_throw, metrics_, *logger_);
    port_ = server_->listen();
    ran_ = std::async(std::launch::async, [this] { server_->run(); });
  }
  ~InProcessServer() {
    server_->stop();
    ran_.wait();
    server_.reset();
    logger_.reset();
    std::fclose(log_file_);
    std::remove(log_path_.c_str());
  }

  std::uint16_t port() const { return port_; }
  web::Metrics& metrics() { return metrics_; }
  // Starts a graceful shutdown; whether run() returned within `wait`.
  bool stops_within(std::chrono::milliseconds wait) {
    server_->stop();
    return ran_.wait_for(wait) == std::future_status::ready;
  }
  // The log so far, once it holds `text` or 5 s have passed (access lines come in batches).
  std::string log_with(const std::string& text) const {
    const auto deadline = std::chrono::steady_clock::now() + seconds(5);
    std::string log = read_log();
    while (log.find(text) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(milliseconds(10));
      log = read_log();
    }
    return log;
  }

 private:
  std::string read_log() const {
    std::ifstream in(log_path_, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }

  std::string log_path_;
  std::FILE* log_file_ = nullptr;
  std::unique_ptr<web::Logger> logger_;
  web::Metrics metrics_;
  std::unique_ptr<web::Server> server_;
  std::uint16_t port_ = 0;
  std::future<void> ran_;
};

web::ServerOptions patient_options() {
  web::ServerOptions options;
  options.read_timeout = seconds(60);
  options.shutdown_timeout = seconds(30);
  return options;
}

const char* const kThrowingRequest = "GET /throw HTTP/1.1\r\nHost: x\r\n\r\n";
const char* const kRequest = "GET /fine HTTP/1.1\r\nHost: x\r\n\r\n";

TEST(ServerSession, AThrowingHandlerEndsItsConnectionAtOnce) {
  InProcessServer server(patient_options());
  e2e::RawConnection c(server.port());
  ASSERT_TRUE(c.send(kThrowingRequest));
  EXPECT_TRUE(c.read_until_closed(seconds(5))) << "the connection was left open";
  EXPECT_TRUE(c.received.empty()) << c.received;
  const std::string log = server.log_with("the handler failed");
  EXPECT_NE(log.find(R"("level":"error")"), std::string::npos) << log;
  EXPECT_NE(log.find("the handler failed"), std::string::npos) << log;
}

TEST(ServerSession, AThrowingHandlerDoesNotHoldUpTheShutdown) {
  InProcessServer server(patient_options());
  e2e::RawConnection c(server.port());
  ASSERT_TRUE(c.send(kThrowingRequest));
  c.read_until_closed(seconds(5));
  // With no connection left the shutdown is immediate, not its 30 s deadline.
  EXPECT_TRUE(server.stops_within(seconds(5)));
}

TEST(ServerSession, AThrowingHandlerFreesItsPlaceUnderMaxConnections) {
  web::ServerOptions options = patient_options();
  options.max_connections = 1;
  InProcessServer server(options);
  e2e::RawConnection failing(server.port());  // kept open by the client
  ASSERT_TRUE(failing.send(kThrowingRequest));
  failing.read_until_closed(seconds(5));
  e2e::RawConnection next(server.port());
  ASSERT_TRUE(next.send(kRequest));
  EXPECT_EQ(e2e::status_of(next.read_response(seconds(5))), 200) << next.received;
}

TEST(ServerSession, EveryAnswerIsCountedAndLoggedOnce) {
  InProcessServer server(patient_options());
  {
    e2e::RawConnection c(server.port());
    ASSERT_TRUE(c.send("GET /fine HTTP/1.1\r\nHost: x\r\nX-Request-Id: fine-1\r\n\r\n"));
    EXPECT_EQ(e2e::status_of(c.read_response(seconds(5))), 200);
  }
  {
    e2e::RawConnection c(server.port());
    ASSERT_TRUE(c.send("GARBAGE\r\n\r\n"));
    c.read_until_closed(seconds(5));
    EXPECT_EQ(e2e::status_of(c.received), 400) << c.received;
  }
  const std::string log = server.log_with(R"("route":"invalid")");
  std::size_t fine = 0, invalid = 0;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(R"("request_id":"fine-1","method":"GET","route":"/ok","status":200)") !=
        std::string::npos) {
      ++fine;
    }
    if (line.find(R"("method":"-","route":"invalid","status":400)") != std::string::npos) {
      ++invalid;
    }
  }
  EXPECT_EQ(fine, 1u) << log;
  EXPECT_EQ(invalid, 1u) << log;
  const std::string m = server.metrics().render();
  EXPECT_NE(m.find(R"(http_requests_total{route="/ok",status="200"} 1)"), std::string::npos) << m;
  EXPECT_NE(m.find(R"(http_requests_total{route="invalid",status="400"} 1)"), std::string::npos)
      << m;
}

}  // namespace

// The response writer on a real loopback connection: streamed bodies (read piece by
// piece on other threads, at most two pieces at once), HEAD, a read that fails midway,
// and header values that could split a response.
#include "http/body_writer.hpp"

#include <gtest/gtest.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <atomic>
#include <future>
#include <string>
#include <thread>

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

std::string pattern(std::size_t size) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>((i * 7 + i / 1000) & 0xff);
  return s;
}

struct Sent {
  bool ok = false;
  std::string received;  // everything the client read until the connection closed
};

// Serves `r` once on a loopback connection and returns what the client received.
Sent send_once(web::Response r, bool head = false) {
  asio::io_context ioc;
  tcp::acceptor acceptor(ioc, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const auto port = acceptor.local_endpoint().port();
  std::promise<bool> result;
  asio::co_spawn(
      ioc,
      [&]() -> asio::awaitable<void> {
        tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
        boost::beast::tcp_stream stream(std::move(socket));
        const bool ok = co_await web::send_response(stream, r, "req-1", 11, false, head,
                                                    std::chrono::seconds(10));
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream.socket().close(ignored);
        result.set_value(ok);
      },
      asio::detached);
  std::thread io([&] { ioc.run(); });
  asio::io_context client_ioc;
  tcp::socket client(client_ioc);
  client.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  Sent sent;
  char buffer[65536];
  boost::system::error_code ec;
  while (!ec) {
    const std::size_t n = client.read_some(asio::buffer(buffer), ec);
    sent.received.append(buffer, n);
  }
  io.join();
  sent.ok = result.get_future().get();
  return sent;
}

std::string body_of(const std::string& raw) {
  const auto end = raw.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : raw.substr(end + 4);
}

std::string head_of(const std::string& raw) {
  return raw.substr(0, raw.find("\r\n\r\n") + 2);
}

// A StreamBody over `data`, each piece read on `pool` after a short pause, counting how
// many reads run at once.
struct Source {
  explicit Source(std::string d) : data(std::move(d)) {}
  std::string data;
  asio::thread_pool pool{4};
  std::atomic<int> running{0};
  std::atomic<int> most{0};
  std::atomic<int> reads{0};
  std::atomic<int> fail_at{-1};  // the read with this number answers nullopt

  web::StreamBody body() {
    return web::StreamBody{
        data.size(), [this](std::uint64_t offset, std::size_t size, web::StreamBody::Done done) {
          const int n = reads++;
          const int now = ++running;
          int seen = most.load();
          while (now > seen && !most.compare_exchange_weak(seen, now)) {
          }
          asio::post(pool, [this, offset, size, n, done = std::move(done)] {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
            --running;
            if (n == fail_at) {
              done(std::nullopt);
            } else {
              done(data.substr(static_cast<std::size_t>(offset), size));
            }
          });
        }};
  }
};

TEST(BodyWriter, StreamsABodyPieceByPiece) {
  Source source(pattern(2 * 1024 * 1024 + 12345));
  web::Response r;
  r.content_type = "video/mp4";
  r.stream = source.body();
  const Sent sent = send_once(std::move(r));
  EXPECT_TRUE(sent.ok);
  EXPECT_NE(head_of(sent.received).find("Content-Length: 2109497\r\n"), std::string::npos)
      << head_of(sent.received);
  EXPECT_EQ(body_of(sent.received), source.data);
  EXPECT_EQ(source.reads.load(), 3);  // pieces of 1 MiB
  EXPECT_LE(source.most.load(), 2);   // the one being sent and the next one
  source.pool.join();
}

TEST(BodyWriter, HeadOfAStreamReadsNothing) {
  Source source(pattern(5000));
  web::Response r;
  r.stream = source.body();
  const Sent sent = send_once(std::move(r), true);
  EXPECT_TRUE(sent.ok);
  EXPECT_NE(sent.received.find("Content-Length: 5000\r\n"), std::string::npos);
  EXPECT_EQ(body_of(sent.received), "");
  EXPECT_EQ(source.reads.load(), 0);
  source.pool.join();
}

TEST(BodyWriter, AFailedReadEndsTheResponseShort) {
  Source source(pattern(3 * 1024 * 1024));
  source.fail_at = 1;
  web::Response r;
  r.stream = source.body();
  const Sent sent = send_once(std::move(r));
  EXPECT_FALSE(sent.ok);
  // The head promised 3 MiB; the client sees fewer bytes and a closed connection.
  EXPECT_EQ(body_of(sent.received), source.data.substr(0, 1024 * 1024));
  source.pool.join();
}

TEST(BodyWriter, HeaderValuesThatCouldSplitTheResponseAreNotWritten) {
  web::Response r = web::Response::json(200, "{}");
  r.content_type = "video/mp4\r\nX-Injected: yes";
  r.headers.emplace_back("Content-Disposition", "attachment\nX-Injected: yes");
  r.headers.emplace_back("X-Fine", "ok");
  r.headers.emplace_back("X-Bad\r\nName", "v");
  r.headers.emplace_back("X-Nul", std::string("a\0b", 3));
  const Sent sent = send_once(std::move(r));
  EXPECT_TRUE(sent.ok);
  const std::string head = head_of(sent.received);
  EXPECT_EQ(head.find("X-Injected"), std::string::npos) << head;
  EXPECT_EQ(head.find("X-Nul"), std::string::npos) << head;
  EXPECT_EQ(head.find("X-Bad"), std::string::npos) << head;
  EXPECT_NE(head.find("Content-Type: application/octet-stream\r\n"), std::string::npos) << head;
  EXPECT_NE(head.find("X-Fine: ok\r\n"), std::string::npos) << head;
  EXPECT_EQ(body_of(sent.received), "{}");
}

}  // namespace

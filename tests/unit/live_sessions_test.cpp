// The set of open sessions: a ticket's end closes its connection and frees its
// place, and a shutdown hears when the last session has ended.
#include "http/live_sessions.hpp"

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <cstdio>
#include <memory>
#include <optional>

#include "http/session.hpp"

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Sessions over loopback connections, and the client end of each.
class LiveSessionsTest : public ::testing::Test {
 protected:
  LiveSessionsTest()
      : logger_(web::LogFormat::kText, log_.get()),
        env_{options_, handler_, hooks_, metrics_, logger_, stopping_},
        acceptor_(ioc_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}

  // A session whose client end is `client`.
  std::shared_ptr<web::Session> connect(tcp::socket& client) {
    client.connect(acceptor_.local_endpoint());
    return std::make_shared<web::Session>(acceptor_.accept(), env_);
  }

  // Whether the server end of `client` has been closed.
  static bool closed(tcp::socket& client) {
    char byte;
    boost::system::error_code ec;
    client.read_some(asio::buffer(&byte, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

  asio::io_context ioc_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> log_{std::tmpfile(), &std::fclose};
  web::Logger logger_;
  web::Metrics metrics_;
  web::ServerOptions options_;
  web::AsyncHandler handler_;
  web::StreamHooks hooks_;
  std::atomic<bool> stopping_{false};
  web::SessionEnv env_;
  tcp::acceptor acceptor_;
};

TEST_F(LiveSessionsTest, ATicketsEndClosesItsConnectionAndFreesItsPlace) {
  web::LiveSessions sessions(1);
  tcp::socket first(ioc_), second(ioc_);
  auto a = connect(first);
  auto b = connect(second);
  {
    std::optional<web::LiveSessions::Ticket> ticket = sessions.enter(a);
    ASSERT_TRUE(ticket);
    EXPECT_EQ(sessions.size(), 1u);
    EXPECT_FALSE(sessions.enter(b)) << "past the maximum";
  }
  EXPECT_TRUE(sessions.empty());
  EXPECT_TRUE(closed(first));
  EXPECT_TRUE(sessions.enter(b));
}

TEST_F(LiveSessionsTest, AMovedTicketEndsOnce) {
  web::LiveSessions sessions(2);
  tcp::socket client(ioc_);
  auto s = connect(client);
  std::optional<web::LiveSessions::Ticket> ticket = sessions.enter(s);
  ASSERT_TRUE(ticket);
  {
    web::LiveSessions::Ticket moved = std::move(*ticket);
    ticket.reset();  // the moved-from ticket ends without effect
    EXPECT_EQ(sessions.size(), 1u);
  }
  EXPECT_TRUE(sessions.empty());
}

TEST_F(LiveSessionsTest, DrainingHearsWhenTheLastSessionEnds) {
  web::LiveSessions sessions(4);
  tcp::socket c1(ioc_), c2(ioc_);
  std::optional<web::LiveSessions::Ticket> t1 = sessions.enter(connect(c1));
  std::optional<web::LiveSessions::Ticket> t2 = sessions.enter(connect(c2));
  int drained = 0;
  EXPECT_EQ(sessions.drain([&] { ++drained; }).size(), 2u);
  t1.reset();
  EXPECT_EQ(drained, 0);
  t2.reset();
  EXPECT_EQ(drained, 1);
}

TEST_F(LiveSessionsTest, NoDrainedCallOnceForgotten) {
  web::LiveSessions sessions(4);
  tcp::socket client(ioc_);
  std::optional<web::LiveSessions::Ticket> ticket = sessions.enter(connect(client));
  int drained = 0;
  sessions.drain([&] { ++drained; });
  sessions.forget_drained();
  ticket.reset();
  EXPECT_EQ(drained, 0);
  EXPECT_TRUE(sessions.empty());
}

}  // namespace

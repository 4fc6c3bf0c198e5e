// PostgreSQL goes away while the service runs: /readyz and requests answer a
// clear 503, and the same process recovers by itself when the server is back.
// Runs only on PostgreSQL (E2E_PG_URL), alone (it stops the shared cluster).
// And a server unreachable at start stops the start with a message.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>
#include <vector>

#include "harness.hpp"

namespace {

using namespace std::chrono_literals;

// Starts the cluster again whatever the test did, so the suites after it find it up.
struct StartAgainAtExit {
  bool stopped = false;
  ~StartAgainAtExit() {
    if (stopped) e2e::postgres_cluster("start");
  }
};

// Sends `n` requests at once, so that several pooled connections are used.
int concurrent_ok(const e2e::Client& client, const std::string& target, int n) {
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < n; ++i) {
    threads.emplace_back([&] {
      try {
        if (client.get(target).status == 200) ++ok;
      } catch (const std::exception&) {
      }
    });
  }
  for (auto& t : threads) t.join();
  return ok;
}

TEST(PostgresOutage, Answers503WhileDownAndRecoversWithoutRestart) {
  if (!e2e::on_postgres()) GTEST_SKIP() << "PostgreSQL only (set E2E_PG_URL)";
  e2e::Server server;
  auto admin = e2e::register_org(server, "Outage Inc");
  ASSERT_EQ(server.request("GET", "/readyz").status, 200);
  // Open every pooled connection, so that stale ones are there to recover.
  ASSERT_EQ(concurrent_ok(admin, "/api/v1/auth/me/", 8), 8);

  StartAgainAtExit guard;
  ASSERT_TRUE(e2e::postgres_cluster("stop"));
  guard.stopped = true;

  auto ready = server.request("GET", "/readyz");
  EXPECT_EQ(ready.status, 503) << ready.body;
  EXPECT_FALSE(std::string_view(ready.json()["detail"]).empty());
  auto me = admin.get("/api/v1/auth/me/");
  EXPECT_EQ(me.status, 503) << me.body;
  EXPECT_EQ(std::string_view(me.json()["detail"]), "The database is unavailable. Try again later.");
  EXPECT_EQ(me.header("retry-after"), "1");
  auto write = admin.post("/api/v1/jobs/", R"({"title":"During the outage"})");
  EXPECT_EQ(write.status, 503) << write.body;
  EXPECT_EQ(concurrent_ok(admin, "/api/v1/auth/me/", 8), 0);
  EXPECT_TRUE(server.running());

  ASSERT_TRUE(e2e::postgres_cluster("start"));
  guard.stopped = false;

  const auto deadline = std::chrono::steady_clock::now() + 10s;
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    status = server.request("GET", "/readyz").status;
    if (status == 200) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(status, 200) << server.log();
  // Every pooled connection, including those idle during the outage, works again.
  EXPECT_EQ(concurrent_ok(admin, "/api/v1/auth/me/", 8), 8);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(admin.get("/api/v1/auth/me/").status, 200);
  auto job = admin.post("/api/v1/jobs/", R"({"title":"After the outage"})");
  EXPECT_EQ(job.status, 201) << job.body;

  // A quick restart: the service is ready again within moments, without a
  // restart of its own, and then every pooled connection works. (Background
  // workers polling the queue may meet the server down and back off briefly.)
  ASSERT_TRUE(e2e::postgres_cluster("stop"));
  guard.stopped = true;
  ASSERT_TRUE(e2e::postgres_cluster("start"));
  guard.stopped = false;
  const auto again = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < again &&
         server.request("GET", "/readyz").status != 200) {
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_EQ(concurrent_ok(admin, "/api/v1/auth/me/", 8), 8);
  EXPECT_EQ(server.request("GET", "/readyz").status, 200);
  EXPECT_TRUE(server.running());
}

TEST(PostgresOutage, StartFailsWithAMessageWhenTheServerIsUnreachable) {
  char tmpl[] = "/tmp/interviewd-e2e-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  const std::string storage = "file://" + dir + "/media";
  struct Case {
    std::string url, where;
  };
  const Case cases[] = {
      // No server listens on this socket folder, nor on port 1.
      {"postgresql://app:s3cret-pw@/interview?host=" + dir, dir + ":5432/interview"},
      {"postgresql://app:s3cret-pw@127.0.0.1:1/interview", "127.0.0.1:1/interview"},
  };
  for (const auto& c : cases) {
    for (const char* command : {"serve", "migrate"}) {
      auto r = e2e::run_interviewd(
          {command, "--database", c.url, "--storage", storage, "--listen", "127.0.0.1:0"});
      EXPECT_EQ(r.exit_code, 1) << command << ": " << r.output;
      EXPECT_NE(r.output.find("interviewd: cannot connect to PostgreSQL at " + c.where + ": "),
                std::string::npos)
          << command << ": " << r.output;
      EXPECT_EQ(r.output.find("s3cret-pw"), std::string::npos) << r.output;
      EXPECT_EQ(r.output.find("listening"), std::string::npos) << r.output;
    }
  }
  std::filesystem::remove_all(dir);
}

}  // namespace

// The durable job queue on a real SQLite database: claiming, leases that run
// out (a dead worker's job is taken again), retries and failure.
#include "repos/background_jobs_repo.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "db/migrator.hpp"
#include "db/sqlite_connection.hpp"

namespace {

class BackgroundJobs : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = "/tmp/interviewd-jobs-test-" + std::to_string(::getpid()) + ".sqlite3";
    std::filesystem::remove(path_);
    conn_ = std::make_unique<db::SqliteConnection>(path_);
    db::migrate(*conn_);
    org_ = *db::scalar_int(*conn_,
                           "INSERT INTO organizations (name, created_at) VALUES ('o', "
                           "'2026-01-01T00:00:00Z') RETURNING id");
  }
  void TearDown() override {
    conn_.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  std::string path_;
  std::unique_ptr<db::SqliteConnection> conn_;
  std::int64_t org_ = 0;
};

TEST_F(BackgroundJobs, ClaimHoldsALeaseThatRunsOut) {
  namespace q = repos::background_jobs;
  q::enqueue(*conn_, org_, "process_media", std::nullopt, 3, "2026-01-01T00:00:00Z");
  EXPECT_EQ(q::depth(*conn_), 1);
  auto first = q::claim(*conn_, "a", "2026-01-01T00:00:01Z", "2026-01-01T00:00:31Z");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->attempts, 1);
  // Leased: nobody else takes it meanwhile.
  EXPECT_FALSE(q::claim(*conn_, "b", "2026-01-01T00:00:10Z", "2026-01-01T00:00:40Z"));
  // The worker died; once the lease ran out, another takes the job again.
  auto again = q::claim(*conn_, "b", "2026-01-01T00:00:32Z", "2026-01-01T00:01:02Z");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->attempts, 2);
  q::finish(*conn_, again->id, "2026-01-01T00:00:33Z");
  EXPECT_EQ(q::depth(*conn_), 0);
  EXPECT_EQ(q::outcomes(*conn_).done, 1);
  EXPECT_FALSE(q::claim(*conn_, "c", "2026-01-02T00:00:00Z", "2026-01-02T00:00:30Z"));
}

TEST_F(BackgroundJobs, RetryWaitsForItsTimeThenFails) {
  namespace q = repos::background_jobs;
  q::enqueue(*conn_, org_, "process_media", std::nullopt, 2, "2026-01-01T00:00:00Z");
  auto job = q::claim(*conn_, "a", "2026-01-01T00:00:00Z", "2026-01-01T00:00:30Z");
  ASSERT_TRUE(job);
  q::retry_later(*conn_, job->id, "storage down", "2026-01-01T00:00:10Z", "2026-01-01T00:00:01Z");
  EXPECT_FALSE(q::claim(*conn_, "a", "2026-01-01T00:00:05Z", "2026-01-01T00:00:35Z"));
  job = q::claim(*conn_, "a", "2026-01-01T00:00:10Z", "2026-01-01T00:00:40Z");
  ASSERT_TRUE(job);
  EXPECT_EQ(job->attempts, 2);
  q::fail(*conn_, job->id, "storage still down", "2026-01-01T00:00:11Z");
  EXPECT_EQ(q::outcomes(*conn_).failed, 1);
  EXPECT_EQ(q::depth(*conn_), 0);
  auto error = conn_->query("SELECT last_error, status FROM background_jobs WHERE id = ?", {job->id});
  EXPECT_EQ(error[0].text(0), "storage still down");
  EXPECT_EQ(error[0].text(1), "failed");
}

}  // namespace

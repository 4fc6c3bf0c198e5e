// The durable job queue on a real SQLite database: claiming, leases that run
// out (a dead worker's job is taken again), renewal, fencing of every outcome on the
// claim's holder, retries, failure, and jobs whose runs all ended without an outcome.
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
  EXPECT_TRUE(q::finish(*conn_, again->id, "b", "2026-01-01T00:00:33Z"));
  EXPECT_EQ(q::depth(*conn_), 0);
  EXPECT_EQ(q::outcomes(*conn_).done, 1);
  EXPECT_FALSE(q::claim(*conn_, "c", "2026-01-02T00:00:00Z", "2026-01-02T00:00:30Z"));
}

TEST_F(BackgroundJobs, RetryWaitsForItsTimeThenFails) {
  namespace q = repos::background_jobs;
  q::enqueue(*conn_, org_, "process_media", std::nullopt, 2, "2026-01-01T00:00:00Z");
  auto job = q::claim(*conn_, "a", "2026-01-01T00:00:00Z", "2026-01-01T00:00:30Z");
  ASSERT_TRUE(job);
  EXPECT_TRUE(q::retry_later(*conn_, job->id, "a", "storage down", "2026-01-01T00:00:10Z",
                             "2026-01-01T00:00:01Z"));
  EXPECT_FALSE(q::claim(*conn_, "a", "2026-01-01T00:00:05Z", "2026-01-01T00:00:35Z"));
  job = q::claim(*conn_, "a", "2026-01-01T00:00:10Z", "2026-01-01T00:00:40Z");
  ASSERT_TRUE(job);
  EXPECT_EQ(job->attempts, 2);
  EXPECT_TRUE(q::fail(*conn_, job->id, "a", "storage still down", "2026-01-01T00:00:11Z"));
  EXPECT_EQ(q::outcomes(*conn_).failed, 1);
  EXPECT_EQ(q::depth(*conn_), 0);
  auto error =
      conn_->query("SELECT last_error, status FROM background_jobs WHERE id = ?", {job->id});
  EXPECT_EQ(error[0].text(0), "storage still down");
  EXPECT_EQ(error[0].text(1), "failed");
}

TEST_F(BackgroundJobs, OnlyTheHolderOfTheLatestClaimRecordsAnOutcome) {
  namespace q = repos::background_jobs;
  q::enqueue(*conn_, org_, "process_media", std::nullopt, 3, "2026-01-01T00:00:00Z");
  auto first = q::claim(*conn_, "a#1", "2026-01-01T00:00:01Z", "2026-01-01T00:00:31Z");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->locked_by, "a#1");
  // The first run stalls past its lease; another takes the job.
  auto second = q::claim(*conn_, "b#1", "2026-01-01T00:00:32Z", "2026-01-01T00:01:02Z");
  ASSERT_TRUE(second);
  // The stalled run wakes up: none of its outcomes, nor a renewal, is written.
  EXPECT_FALSE(q::renew(*conn_, first->id, "a#1", "2026-01-01T00:02:00Z"));
  EXPECT_FALSE(q::finish(*conn_, first->id, "a#1", "2026-01-01T00:00:40Z"));
  EXPECT_FALSE(q::retry_later(*conn_, first->id, "a#1", "x", "2026-01-01T00:00:41Z",
                              "2026-01-01T00:00:40Z"));
  EXPECT_FALSE(q::fail(*conn_, first->id, "a#1", "x", "2026-01-01T00:00:40Z"));
  auto row = conn_->query(
      "SELECT status, locked_by, locked_until, completions FROM background_jobs WHERE id = ?",
      {first->id});
  EXPECT_EQ(row[0].text(0), "running");
  EXPECT_EQ(row[0].text(1), "b#1");
  EXPECT_EQ(row[0].text(2), "2026-01-01T00:01:02Z");
  EXPECT_EQ(row[0].int64(3), 0);
  // The holder's finish counts one completion; a second finish changes nothing.
  EXPECT_TRUE(q::finish(*conn_, second->id, "b#1", "2026-01-01T00:00:50Z"));
  EXPECT_FALSE(q::finish(*conn_, second->id, "b#1", "2026-01-01T00:00:51Z"));
  row = conn_->query("SELECT status, completions FROM background_jobs WHERE id = ?", {first->id});
  EXPECT_EQ(row[0].text(0), "done");
  EXPECT_EQ(row[0].int64(1), 1);
}

TEST_F(BackgroundJobs, ARenewedLeaseIsNotTakenAgain) {
  namespace q = repos::background_jobs;
  q::enqueue(*conn_, org_, "process_media", std::nullopt, 3, "2026-01-01T00:00:00Z");
  auto job = q::claim(*conn_, "a#1", "2026-01-01T00:00:00Z", "2026-01-01T00:00:30Z");
  ASSERT_TRUE(job);
  EXPECT_TRUE(q::renew(*conn_, job->id, "a#1", "2026-01-01T00:00:50Z"));
  EXPECT_FALSE(q::claim(*conn_, "b#1", "2026-01-01T00:00:40Z", "2026-01-01T00:01:10Z"));
  // Past the renewed lease, it is.
  EXPECT_TRUE(q::claim(*conn_, "b#1", "2026-01-01T00:00:51Z", "2026-01-01T00:01:21Z"));
}

TEST_F(BackgroundJobs, AJobWhoseRunsAllEndedWithoutAnOutcomeFails) {
  namespace q = repos::background_jobs;
  q::enqueue(*conn_, org_, "process_media", std::nullopt, 2, "2026-01-01T00:00:00Z");
  ASSERT_TRUE(q::claim(*conn_, "a#1", "2026-01-01T00:00:00Z", "2026-01-01T00:00:30Z"));
  ASSERT_TRUE(q::claim(*conn_, "a#2", "2026-01-01T00:00:31Z", "2026-01-01T00:01:00Z"));
  // Both attempts used: the job is not taken a third time, even once the lease ran out.
  EXPECT_FALSE(q::claim(*conn_, "a#3", "2026-01-01T00:01:01Z", "2026-01-01T00:01:30Z"));
  // Not before its lease ran out: the second run may still finish it.
  EXPECT_TRUE(q::fail_abandoned(*conn_, "cut short", "2026-01-01T00:00:59Z").empty());
  const auto failed = q::fail_abandoned(*conn_, "cut short", "2026-01-01T00:01:01Z");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].attempts, 2);
  EXPECT_FALSE(failed[0].answer_id);
  auto row =
      conn_->query("SELECT status, last_error FROM background_jobs WHERE id = ?", {failed[0].id});
  EXPECT_EQ(row[0].text(0), "failed");
  EXPECT_EQ(row[0].text(1), "cut short");
  EXPECT_TRUE(q::fail_abandoned(*conn_, "cut short", "2026-01-01T00:02:00Z").empty());
  EXPECT_EQ(q::outcomes(*conn_).failed, 1);
}

}  // namespace

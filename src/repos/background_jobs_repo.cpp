#include "repos/background_jobs_repo.hpp"

// The statuses (domain::BackgroundJobStatus) are written as literals in the SQL, not as
// parameters: PostgreSQL then plans the claim with the column's statistics (few queued
// rows among many done ones), even in a cached generic plan.
namespace repos::background_jobs {

namespace {

// The condition of every update of a claimed job: still running, still ours.
constexpr const char* kHeld = " WHERE id = ? AND locked_by = ? AND status = 'running'";

}  // namespace

void enqueue(db::Connection& c, std::int64_t org_id, const std::string& kind,
             std::optional<std::int64_t> answer_id, std::int64_t max_attempts,
             const std::string& now) {
  c.execute(
      "INSERT INTO background_jobs (org_id, kind, answer_id, status, attempts, max_attempts, "
      "run_after, created_at, updated_at) VALUES (?, ?, ?, 'queued', 0, ?, ?, ?, ?)",
      {org_id, kind, db::nullable(answer_id), max_attempts, now, now, now});
}

void enqueue_for_upload(db::Connection& c, std::int64_t org_id, const std::string& kind,
                        std::int64_t upload_id, const std::string& run_after,
                        const std::string& now) {
  db::Params params;
  params.emplace_back(org_id);
  params.emplace_back(kind);
  params.emplace_back(upload_id);
  params.emplace_back(run_after);
  params.emplace_back(now);
  params.emplace_back(now);
  c.execute(
      "INSERT INTO background_jobs (org_id, kind, upload_id, status, attempts, max_attempts, "
      "run_after, created_at, updated_at) VALUES (?, ?, ?, 'queued', 0, 3, ?, ?, ?)",
      params);
}

namespace {

constexpr const char* kClaimed =
    "RETURNING id, org_id, kind, answer_id, attempts, max_attempts, upload_id, endpoint_id";

std::optional<domain::BackgroundJob> claimed(const db::Rows& rows, const std::string& holder) {
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return domain::BackgroundJob{r.int64(0), r.int64(1), r.text(2),      r.opt_int64(3), r.int64(4),
                               r.int64(5), holder,     r.opt_int64(6), r.opt_int64(7)};
}

}  // namespace

std::optional<domain::BackgroundJob> claim(db::Connection& c, const std::string& holder,
                                           const std::string& now, const std::string& lease_until) {
  // PostgreSQL: SKIP LOCKED lets many workers claim side by side. SQLite: the
  // single statement runs under the database's write lock. Webhook drains have their
  // own workers (claim_drain).
  const std::string skip_locked =
      c.dialect() == db::Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
  auto rows = c.query(
      "UPDATE background_jobs SET status = 'running', attempts = attempts + 1, "
      "locked_until = ?, locked_by = ?, updated_at = ? "
      "WHERE id = (SELECT id FROM background_jobs WHERE ((status = 'queued' AND run_after <= ?) "
      "OR (status = 'running' AND locked_until < ? AND attempts < max_attempts)) "
      "AND endpoint_id IS NULL ORDER BY id LIMIT 1" +
          skip_locked + ") " + kClaimed,
      {lease_until, holder, now, now, now});
  return claimed(rows, holder);
}

std::optional<domain::BackgroundJob> claim_drain(db::Connection& c, const std::string& holder,
                                                 const std::string& now,
                                                 const std::string& lease_until) {
  // A queued drain waits while another drain of its endpoint runs (or its run died and
  // its lease has yet to run out): an endpoint's deliveries go one at a time, in order.
  const std::string skip_locked =
      c.dialect() == db::Dialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
  auto rows = c.query(
      "UPDATE background_jobs SET status = 'running', attempts = attempts + 1, "
      "locked_until = ?, locked_by = ?, updated_at = ? "
      "WHERE id = (SELECT j.id FROM background_jobs j WHERE j.endpoint_id IS NOT NULL AND "
      "((j.status = 'queued' AND j.run_after <= ? AND NOT EXISTS (SELECT 1 FROM background_jobs "
      "r WHERE r.endpoint_id = j.endpoint_id AND r.status = 'running')) "
      "OR (j.status = 'running' AND j.locked_until < ? AND j.attempts < j.max_attempts)) "
      "ORDER BY j.id LIMIT 1" +
          skip_locked + ") " + kClaimed,
      {lease_until, holder, now, now, now});
  return claimed(rows, holder);
}

bool renew(db::Connection& c, std::int64_t id, const std::string& holder,
           const std::string& lease_until) {
  return c.execute(std::string("UPDATE background_jobs SET locked_until = ?") + kHeld,
                   {lease_until, id, holder}) > 0;
}

bool finish(db::Connection& c, std::int64_t id, const std::string& holder, const std::string& now) {
  return c.execute(std::string("UPDATE background_jobs SET status = 'done', locked_until = NULL, "
                               "last_error = NULL, completions = completions + 1, "
                               "updated_at = ?") +
                       kHeld,
                   {now, id, holder}) > 0;
}

bool retry_later(db::Connection& c, std::int64_t id, const std::string& holder,
                 const std::string& error, const std::string& run_after, const std::string& now) {
  return c.execute(std::string("UPDATE background_jobs SET status = 'queued', locked_until = NULL, "
                               "last_error = ?, run_after = ?, updated_at = ?") +
                       kHeld,
                   {error, run_after, now, id, holder}) > 0;
}

bool fail(db::Connection& c, std::int64_t id, const std::string& holder, const std::string& error,
          const std::string& now) {
  return c.execute(std::string("UPDATE background_jobs SET status = 'failed', locked_until = NULL, "
                               "last_error = ?, updated_at = ?") +
                       kHeld,
                   {error, now, id, holder}) > 0;
}

std::vector<Abandoned> fail_abandoned(db::Connection& c, const std::string& error,
                                      const std::string& now) {
  std::vector<Abandoned> out;
  for (const auto& r :
       c.query("UPDATE background_jobs SET status = 'failed', locked_until = NULL, "
               "last_error = ?, updated_at = ? "
               "WHERE status = 'running' AND locked_until < ? AND attempts >= max_attempts "
               "RETURNING id, org_id, answer_id, attempts",
               {error, now, now})) {
    out.push_back({r.int64(0), r.int64(1), r.opt_int64(2), r.int64(3)});
  }
  return out;
}

std::int64_t depth(db::Connection& c) {
  return db::scalar_int(
             c, "SELECT COUNT(*) FROM background_jobs WHERE status IN ('queued', 'running')")
      .value_or(0);
}

Outcomes outcomes(db::Connection& c) {
  Outcomes o;
  for (const auto& r :
       c.query("SELECT status, COUNT(*) FROM background_jobs WHERE status IN ('done', 'failed') "
               "GROUP BY status")) {
    const auto status = domain::parse_background_job_status(r.text(0)).value();
    (status == domain::BackgroundJobStatus::kDone ? o.done : o.failed) = r.int64(1);
  }
  return o;
}

}  // namespace repos::background_jobs

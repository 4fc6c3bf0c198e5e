// SQL for the durable job queue: enqueue, claim with a lease, finish, retry.
#pragma once

#include <optional>
#include <string>

#include "db/connection.hpp"
#include "domain/answers.hpp"

namespace repos::background_jobs {

void enqueue(db::Connection& c, std::int64_t org_id, const std::string& kind,
             std::optional<std::int64_t> answer_id, std::int64_t max_attempts,
             const std::string& now);
// Takes the oldest job that is due, or whose lease ran out (its worker died),
// and leases it to `worker` until `lease_until`. Runs in its own statement.
std::optional<domain::BackgroundJob> claim(db::Connection& c, const std::string& worker,
                                           const std::string& now, const std::string& lease_until);
void finish(db::Connection& c, std::int64_t id, const std::string& now);
// Back to the queue until `run_after`, or `failed` when no attempt is left.
void retry_later(db::Connection& c, std::int64_t id, const std::string& error,
                 const std::string& run_after, const std::string& now);
void fail(db::Connection& c, std::int64_t id, const std::string& error, const std::string& now);
// Jobs waiting or running, for the metrics.
std::int64_t depth(db::Connection& c);
struct Outcomes {
  std::int64_t done = 0;
  std::int64_t failed = 0;
};
Outcomes outcomes(db::Connection& c);

}  // namespace repos::background_jobs

// SQL for the durable job queue: enqueue, claim with a lease, renew it, and record
// the outcome. Every update of a claimed job is fenced on (id, locked_by): a worker
// whose lease ran out and whose job was taken by another changes nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/answers.hpp"

namespace repos::background_jobs {

void enqueue(db::Connection& c, std::int64_t org_id, const std::string& kind,
             std::optional<std::int64_t> answer_id, std::int64_t max_attempts,
             const std::string& now);
// A job about a resumable upload, due at `run_after`.
void enqueue_for_upload(db::Connection& c, std::int64_t org_id, const std::string& kind,
                        std::int64_t upload_id, const std::string& run_after,
                        const std::string& now);
// Takes the oldest job that is due, or whose lease ran out (its worker died) with
// attempts left, and leases it to `holder` (unique per claim) until `lease_until`.
// Runs in its own statement. Webhook drains (jobs with an endpoint) are left to
// claim_drain.
std::optional<domain::BackgroundJob> claim(db::Connection& c, const std::string& holder,
                                           const std::string& now, const std::string& lease_until);
// claim for the drains of webhook endpoints: a queued drain only while no other drain of
// its endpoint is running.
std::optional<domain::BackgroundJob> claim_drain(db::Connection& c, const std::string& holder,
                                                 const std::string& now,
                                                 const std::string& lease_until);
// Extends the lease of a job `holder` still holds; false when it does not (the lease
// ran out and another worker took the job, or it ended).
bool renew(db::Connection& c, std::int64_t id, const std::string& holder,
           const std::string& lease_until);
// The outcomes, each only while `holder` holds the job; false (nothing written) when
// it does not. `finish` counts a completion.
bool finish(db::Connection& c, std::int64_t id, const std::string& holder, const std::string& now);
// Back to the queue until `run_after`.
bool retry_later(db::Connection& c, std::int64_t id, const std::string& holder,
                 const std::string& error, const std::string& run_after, const std::string& now);
bool fail(db::Connection& c, std::int64_t id, const std::string& holder, const std::string& error,
          const std::string& now);

// Jobs whose lease ran out with no attempt left (each run was cut short: the worker
// died or hung) become `failed` with `error`; the answers they were for.
struct Abandoned {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::optional<std::int64_t> answer_id;
  std::int64_t attempts = 0;
};
std::vector<Abandoned> fail_abandoned(db::Connection& c, const std::string& error,
                                      const std::string& now);

// Jobs waiting or running, for the metrics.
std::int64_t depth(db::Connection& c);
struct Outcomes {
  std::int64_t done = 0;
  std::int64_t failed = 0;
};
Outcomes outcomes(db::Connection& c);

}  // namespace repos::background_jobs

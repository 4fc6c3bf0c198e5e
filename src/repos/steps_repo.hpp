// SQL for interview steps, their status history, and the application a step
// belongs to.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/interview.hpp"
#include "repos/insert_rows.hpp"

namespace repos::steps {

// Locks the candidate's application to the job for the rest of the transaction
// (row lock on PostgreSQL; SQLite's write transaction already holds the lock).
// nullopt when the candidate has not applied.
std::optional<domain::ApplicationStatus> lock_application(db::Connection& c, std::int64_t org_id,
                                                          std::int64_t job_id,
                                                          std::int64_t candidate_id);
void set_application_status(db::Connection& c, std::int64_t org_id, std::int64_t job_id,
                            std::int64_t candidate_id, domain::ApplicationStatus to,
                            const std::string& now);

// `lock`: hold the step's row (not its service's) until the transaction ends (PostgreSQL).
std::optional<domain::InterviewStep> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                          db::Lock lock = db::Lock::kNone);
// The candidate's steps in the module for the job.
std::vector<domain::InterviewStep> of_candidate(db::Connection& c, std::int64_t module_id,
                                                std::int64_t job_id, std::int64_t candidate_id);

struct Filter {
  std::optional<std::int64_t> candidate_id;
  std::optional<std::int64_t> job_id;
  std::optional<std::int64_t> module_id;
  std::optional<domain::StepStatus> status;
};
domain::Page<domain::InterviewStep> list(db::Connection& c, std::int64_t org_id, const Filter& f,
                                         const domain::PageRequest& page);

struct NewStep {
  std::int64_t org_id = 0;
  std::int64_t module_id = 0;
  std::int64_t job_id = 0;
  std::int64_t candidate_id = 0;
  std::int64_t service_id = 0;
  std::int64_t order = 0;
  // started_at and completed_at are set as the status says (domain::sets_started_at, ...).
  domain::StepStatus status = domain::StepStatus::kPending;
  std::optional<std::int64_t> shortlisting_step_id;  // see domain::InterviewStep
};
// The new step's id, or nullopt when the (module, job, candidate, service) step
// exists already (decided by the unique index interview_steps_key).
std::optional<std::int64_t> insert(db::Connection& c, const NewStep& s, std::int64_t by,
                                   const std::string& now);
// Many steps made by `by` in multi-row statements; their ids in order. A step that
// exists already is skipped, so fewer ids than steps means some were there.
std::vector<std::int64_t> insert_many(db::Connection& c, std::span<const Timed<NewStep>> rows,
                                      std::int64_t by);
// Stamps started_at or completed_at as `to` says (domain::sets_started_at, ...). `by`:
// nullopt when no user moved it (a candidate's progress through an invitation).
void set_status(db::Connection& c, std::int64_t id, domain::StepStatus to,
                std::optional<std::int64_t> by, const std::string& now);
void set_order(db::Connection& c, std::int64_t id, std::int64_t order, std::int64_t by,
               const std::string& now);
bool remove(db::Connection& c, std::int64_t org_id, std::int64_t id);
// Whether another step of the same candidate in the module for the job holds `order`.
bool order_taken(db::Connection& c, const domain::InterviewStep& step, std::int64_t order);
bool job_has_steps(db::Connection& c, std::int64_t org_id, std::int64_t job_id);

// `by`: nullopt when no user made the change (as set_status).
void add_history(db::Connection& c, std::int64_t org_id, std::int64_t step_id,
                 std::optional<domain::StepStatus> from, domain::StepStatus to,
                 std::optional<std::int64_t> by, const std::string& now);
struct NewChange {
  std::int64_t org_id = 0;
  std::int64_t step_id = 0;
  std::optional<domain::StepStatus> from;
  domain::StepStatus to = domain::StepStatus::kPending;
  std::optional<std::int64_t> by;
};
void add_history_many(db::Connection& c, std::span<const Timed<NewChange>> rows);
domain::Page<domain::StepChange> history(db::Connection& c, std::int64_t org_id,
                                         std::int64_t step_id, const domain::PageRequest& page);

}  // namespace repos::steps

// SQL for interview steps, their status history, and the application a step
// belongs to.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/interview.hpp"

namespace repos::steps {

// Locks the candidate's application to the job for the rest of the transaction
// (row lock on PostgreSQL; SQLite's write transaction already holds the lock).
// nullopt when the candidate has not applied.
std::optional<std::string> lock_application(db::Connection& c, std::int64_t org_id,
                                            std::int64_t job_id, std::int64_t candidate_id);
void set_application_status(db::Connection& c, std::int64_t org_id, std::int64_t job_id,
                            std::int64_t candidate_id, const std::string& status,
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
  std::optional<std::string> status;
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
  std::string status = "Pending";
  bool started = false;
  bool completed = false;
};
// The new step's id, or nullopt when the (module, job, candidate, service) step
// exists already (decided by the unique index interview_steps_key).
std::optional<std::int64_t> insert(db::Connection& c, const NewStep& s, std::int64_t by,
                                   const std::string& now);
void set_status(db::Connection& c, std::int64_t id, const std::string& status, bool set_started,
                bool set_completed, std::int64_t by, const std::string& now);
void set_order(db::Connection& c, std::int64_t id, std::int64_t order, std::int64_t by,
               const std::string& now);
bool remove(db::Connection& c, std::int64_t org_id, std::int64_t id);
// Whether another step of the same candidate in the module for the job holds `order`.
bool order_taken(db::Connection& c, const domain::InterviewStep& step, std::int64_t order);
bool job_has_steps(db::Connection& c, std::int64_t org_id, std::int64_t job_id);

void add_history(db::Connection& c, std::int64_t org_id, std::int64_t step_id,
                 const std::optional<std::string>& from, const std::string& to, std::int64_t by,
                 const std::string& now);
domain::Page<domain::StepChange> history(db::Connection& c, std::int64_t org_id,
                                         std::int64_t step_id, const domain::PageRequest& page);

}  // namespace repos::steps

// The workflow endpoints' operations: shortlist, unshortlist, step actions and
// status changes. Each is one transaction: resolve and lock, ask the workflow
// rules for a plan, apply it, record every status change.
#pragma once

#include <optional>
#include <string>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/interview.hpp"
#include "domain/workflow.hpp"

namespace services {

// Who and where: every workflow request names these.
struct WorkflowTarget {
  std::int64_t candidate_id = 0;
  std::int64_t job_id = 0;
  std::int64_t module_id = 0;
  std::optional<std::int64_t> service_id;   // the service object's id, or
  std::optional<std::string> service_name;  // its name
};

struct WorkflowOutcome {
  std::int64_t step_id = 0;     // the step the response names
  domain::Candidate candidate;  // with the application to the job
  domain::InterviewStep step;   // the step the request acted on
};

domain::Result<WorkflowOutcome> shortlist_candidate(db::Connection& db,
                                                    const domain::Principal& who,
                                                    const WorkflowTarget& target);
domain::Result<WorkflowOutcome> unshortlist_candidate(db::Connection& db,
                                                      const domain::Principal& who,
                                                      const WorkflowTarget& target,
                                                      domain::StepStatus to);
domain::Result<WorkflowOutcome> step_update(db::Connection& db, const domain::Principal& who,
                                            const WorkflowTarget& target,
                                            domain::workflow::Action action,
                                            std::optional<std::int64_t> order);
domain::Result<WorkflowOutcome> step_status_set(db::Connection& db, const domain::Principal& who,
                                                const WorkflowTarget& target,
                                                domain::StepStatus to);

}  // namespace services

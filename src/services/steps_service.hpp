// Interview steps as a resource (create, read, update, delete) and their history.
#pragma once

#include <optional>
#include <string>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/interview.hpp"
#include "repos/steps_repo.hpp"

namespace services {

struct StepInput {
  std::optional<std::int64_t> module;
  std::optional<std::int64_t> job;
  std::optional<std::int64_t> candidate;
  std::optional<std::int64_t> service;
  std::optional<std::int64_t> order;
  std::optional<domain::StepStatus> status;
};

domain::Page<domain::InterviewStep> steps_list(db::Connection& db, const domain::Principal& who,
                                               const repos::steps::Filter& filter,
                                               const domain::PageRequest& page);
domain::Result<domain::InterviewStep> step_get(db::Connection& db, const domain::Principal& who,
                                               std::int64_t id);
domain::Result<domain::InterviewStep> step_create(db::Connection& db, const domain::Principal& who,
                                                  const StepInput& in);
// Changes order and/or status; a status change is recorded in the history.
domain::Result<domain::InterviewStep> step_change(db::Connection& db, const domain::Principal& who,
                                                  std::int64_t id, const StepInput& in);
domain::Status step_delete(db::Connection& db, const domain::Principal& who, std::int64_t id);
domain::Result<domain::Page<domain::StepChange>> step_history(db::Connection& db,
                                                              const domain::Principal& who,
                                                              std::int64_t id,
                                                              const domain::PageRequest& page);

}  // namespace services

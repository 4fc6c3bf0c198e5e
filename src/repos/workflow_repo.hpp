// What a workflow action (shortlist, unshortlist, update-step, update-status) checks
// before it plans: read, and locked, in one batch (one round trip on PostgreSQL).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/workflow.hpp"

namespace repos::workflow {

struct TargetRequest {
  std::int64_t org_id = 0;
  std::int64_t candidate_id = 0;
  std::int64_t job_id = 0;
  std::int64_t module_id = 0;
  std::optional<std::int64_t> service_id;   // by id, or
  std::optional<std::string> service_name;  // by name (the oldest visible one)
};

struct Target {
  bool candidate = false;  // each of the organization, held to share until the end
  bool job = false;
  bool module = false;
  std::optional<std::int64_t> module_job_id;
  std::optional<std::int64_t> service_id;                        // visible to the organization
  std::vector<domain::workflow::ModuleService> module_services;  // by position
  // The candidate's application to the job, locked for update; nullopt: none.
  std::optional<domain::ApplicationStatus> application_status;
};

// Candidate, job and module are locked before the application, in that order, as
// every workflow write does.
Target load(db::Connection& c, const TargetRequest& t);

}  // namespace repos::workflow

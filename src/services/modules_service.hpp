// Interview modules: create, read, update, delete, and one service's settings.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/interview.hpp"

namespace services {

// One `services` item of a module body, already type-checked.
struct ModuleServiceInput {
  std::optional<std::int64_t> service_id;
  std::optional<std::string> service_name;
  std::int64_t order = 0;
  std::string preferences = "{}";
  std::optional<std::int64_t> question_set_id;
};

struct ModuleInput {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::optional<std::int64_t>> job;  // present; null detaches
  std::optional<bool> is_active;
  std::optional<std::vector<ModuleServiceInput>> services;
};

domain::Result<domain::InterviewModule> module_create(db::Connection& db,
                                                      const domain::Principal& who,
                                                      const ModuleInput& in);
domain::Result<domain::InterviewModule> module_update(db::Connection& db,
                                                      const domain::Principal& who,
                                                      std::int64_t id, const ModuleInput& in);
domain::Status module_delete(db::Connection& db, const domain::Principal& who, std::int64_t id);
domain::Result<domain::InterviewModule> module_get(db::Connection& db,
                                                   const domain::Principal& who, std::int64_t id);
domain::Page<domain::InterviewModule> modules_list(db::Connection& db,
                                                   const domain::Principal& who,
                                                   const domain::PageRequest& page);
// The modules attached to a job; 404 "Job not found." for another organization's job.
domain::Result<domain::Page<domain::InterviewModule>> modules_of_job(
    db::Connection& db, const domain::Principal& who, std::int64_t job_id,
    const domain::PageRequest& page);

struct ModuleServiceView {
  std::int64_t module_id = 0;
  domain::ModuleServiceEntry entry;
};
// A service's order and preferences in a module, by the service's name.
domain::Result<ModuleServiceView> module_service_by_name(db::Connection& db,
                                                         const domain::Principal& who,
                                                         std::int64_t module_id,
                                                         const std::string& service_name);

}  // namespace services

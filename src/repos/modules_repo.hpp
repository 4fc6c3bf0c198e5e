// SQL for interview modules and their ordered services.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/interview.hpp"

namespace repos::modules {

struct ServiceEntry {
  std::int64_t service_id = 0;
  std::int64_t order = 0;
  std::string preferences = "{}";
  std::optional<std::int64_t>
      question_set_id;  // preferences' question_set_id, kept apart to query it
};

struct Fields {
  std::string name;
  std::string description;
  std::optional<std::int64_t> job_id;
  bool is_active = true;
};

std::int64_t insert(db::Connection& c, std::int64_t org_id, const Fields& f,
                    std::int64_t created_by, const std::string& now);
void update(db::Connection& c, std::int64_t org_id, std::int64_t id, const Fields& f,
            std::int64_t updated_by, const std::string& now);
// Replaces the module's services with `entries`.
void replace_services(db::Connection& c, std::int64_t module_id,
                      const std::vector<ServiceEntry>& entries);
bool remove(db::Connection& c, std::int64_t org_id, std::int64_t id);

// `lock`: hold the module's row until the transaction ends (PostgreSQL).
std::optional<domain::InterviewModule> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                            db::Lock lock = db::Lock::kNone);
struct Filter {
  std::optional<std::int64_t> job_id;
};
domain::Page<domain::InterviewModule> list(db::Connection& c, std::int64_t org_id, const Filter& f,
                                           const domain::PageRequest& page);
// The question_set_id of the service's preferences in the module, if it has one.
std::optional<std::int64_t> question_set_of(db::Connection& c, std::int64_t module_id,
                                            std::int64_t service_id);

}  // namespace repos::modules

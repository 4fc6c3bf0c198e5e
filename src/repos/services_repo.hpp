// SQL for interview services: the built-in ones (no organization) and each
// organization's own.
#pragma once

#include <optional>
#include <string>

#include "db/connection.hpp"
#include "domain/models.hpp"

namespace repos::services {

struct NewService {
  std::int64_t org_id = 0;
  std::string name;
  std::string kind;
  std::string description;
};

// nullopt when the organization already has a service with this name (decided
// by the unique index services_org_name_key).
std::optional<domain::Service> insert(db::Connection& c, const NewService& s,
                                      const std::string& now);
// A built-in service or one of the organization's own.
std::optional<domain::Service> find(db::Connection& c, std::int64_t org_id, std::int64_t id);
// A built-in service or one of the organization's own, by its exact name.
std::optional<domain::Service> find_by_name(db::Connection& c, std::int64_t org_id,
                                            const std::string& name);
// Whether a built-in service has this exact name.
bool builtin_name_taken(db::Connection& c, const std::string& name);
// The built-in services and the organization's own, ordered by id.
domain::Page<domain::Service> list(db::Connection& c, std::int64_t org_id,
                                   const domain::PageRequest& page);

}  // namespace repos::services

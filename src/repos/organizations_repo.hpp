// SQL for organizations.
#pragma once

#include <optional>

#include "db/connection.hpp"
#include "domain/models.hpp"

namespace repos::organizations {

domain::Organization insert(db::Connection& c, const std::string& name, const std::string& now);
std::optional<domain::Organization> find(db::Connection& c, std::int64_t id);
void update_name(db::Connection& c, std::int64_t id, const std::string& name);
// Whether the database holds any organization.
bool any(db::Connection& c);

}  // namespace repos::organizations

// The caller's organization.
#pragma once

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"

namespace services {

domain::Result<domain::Organization> organization_get(db::Connection& db,
                                                      const domain::Principal& who, std::int64_t id);
domain::Result<domain::Organization> organization_rename(db::Connection& db,
                                                         const domain::Principal& who,
                                                         std::int64_t id, const std::string& name);

}  // namespace services

// Interview services: the built-in ones every organization sees, and its own.
#pragma once

#include <optional>
#include <string>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"

namespace services {

struct ServiceInput {
  std::string name;
  std::string kind;
  std::string description;
};

domain::Page<domain::Service> services_list(db::Connection& db, const domain::Principal& who,
                                            const domain::PageRequest& page);
// A built-in service or one of the organization's own.
domain::Result<domain::Service> service_get(db::Connection& db, const domain::Principal& who,
                                            std::int64_t id);
// An organization's own service; its name may not be one it already sees.
domain::Result<domain::Service> service_create(db::Connection& db, const domain::Principal& who,
                                               const ServiceInput& in);

}  // namespace services

// Users of an organization, managed by its admins.
#pragma once

#include <optional>
#include <string>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"
#include "services/deps.hpp"

namespace services {

struct UserInput {
  std::optional<std::string> email;
  std::optional<std::string> name;
  std::optional<domain::Role> role;
  std::optional<std::string> password;
  std::optional<bool> is_active;
};

domain::Page<domain::User> users_list(db::Connection& db, const domain::Principal& who,
                                      const domain::PageRequest& page);
domain::Result<domain::User> user_get(db::Connection& db, const domain::Principal& who,
                                      std::int64_t id);
domain::Result<domain::User> user_create(db::Connection& db, const Deps& deps,
                                         const domain::Principal& who, const UserInput& in);
domain::Result<domain::User> user_update(db::Connection& db, const Deps& deps,
                                         const domain::Principal& who, std::int64_t id,
                                         const UserInput& in);
domain::Status user_deactivate(db::Connection& db, const domain::Principal& who, std::int64_t id);

}  // namespace services

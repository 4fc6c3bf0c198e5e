// Registration, login, logout and token authentication.
#pragma once

#include <optional>
#include <string>

#include "auth/token_cache.hpp"
#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"
#include "services/deps.hpp"

namespace services {

struct RegisterInput {
  std::string organization_name;
  std::string name;
  std::string email;
  std::string password;
};

struct Session {
  std::string token;
  std::string expires_at;
  domain::User user;
  domain::Organization organization;
};

domain::Result<Session> register_organization(db::Connection& db, const Deps& deps,
                                              const RegisterInput& in);
// Creates an organization and its first admin (the CLI's create-org and demo use it too).
domain::Result<Session> organization_create(db::Connection& db, const Deps& deps,
                                            const RegisterInput& in);
domain::Result<Session> login(db::Connection& db, const Deps& deps, const std::string& email,
                              const std::string& password);
// A new token for an existing user.
Session token_issue(db::Connection& db, const Deps& deps, const domain::User& user,
                    const domain::Organization& org);
void logout(db::Connection& db, const domain::Principal& who);
// The principal for an Authorization header value; 401 errors as DRF words them.
// Valid tokens are remembered in `cache` (see auth/token_cache.hpp).
domain::Result<domain::Principal> authenticate(db::Connection& db, const std::string& header,
                                               auth::TokenCache& cache);

struct Me {
  domain::User user;
  domain::Organization organization;
};
domain::Result<Me> me(db::Connection& db, const domain::Principal& who);

}  // namespace services

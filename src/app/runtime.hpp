// Pieces every subcommand builds from the configuration: the database pool,
// the media folder, the collaborators services need.
#pragma once

#include <memory>
#include <string>

#include "app/config.hpp"
#include "auth/login_throttle.hpp"
#include "auth/password.hpp"
#include "db/pool.hpp"
#include "domain/error.hpp"
#include "services/deps.hpp"

namespace app {

struct Listen {
  std::string host;
  std::uint16_t port = 0;
};
domain::Result<Listen> parse_listen(const std::string& listen);

// Local storage root for `file://PATH`, created if missing.
domain::Result<std::string> local_storage_root(const std::string& storage_url);

class Runtime {
 public:
  // Opens the database (and migrates when asked); errors are for the operator.
  static domain::Result<std::unique_ptr<Runtime>> open(const Config& config, bool migrate);

  db::Pool& pool() { return *pool_; }
  services::Deps& deps() { return deps_; }
  const std::string& storage_root() const { return storage_root_; }

 private:
  Runtime(const Config& config, std::unique_ptr<db::Pool> pool, std::string storage_root);

  std::unique_ptr<db::Pool> pool_;
  auth::PasswordHasher hasher_;
  auth::LoginThrottle throttle_;
  services::Deps deps_;
  std::string storage_root_;
};

}  // namespace app

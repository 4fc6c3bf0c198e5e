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
#include "storage/storage.hpp"

namespace app {

struct Listen {
  std::string host;
  std::uint16_t port = 0;
};
domain::Result<Listen> parse_listen(const std::string& listen);
// The threads of the password pool: --password-workers, or half the cores.
int password_workers(const Config& config);

class Runtime {
 public:
  // Opens the database (and migrates when asked); errors are for the operator.
  static domain::Result<std::unique_ptr<Runtime>> open(const Config& config, bool migrate);

  // Opens the media storage of STORAGE_URL; `public_url` is where local presigned
  // uploads go. Errors are for the operator.
  domain::Status open_storage(const std::string& public_url);

  db::Pool& pool() { return *pool_; }
  // Opens a connection of its own, outside the pool (for a thread that must not wait
  // for the handlers' connections).
  const db::ConnectionFactory& connect() const { return factory_; }
  services::Deps& deps() { return deps_; }
  storage::Storage& storage() { return *storage_; }

 private:
  Runtime(const Config& config, db::ConnectionFactory factory, std::unique_ptr<db::Pool> pool);

  const Config& config_;
  db::ConnectionFactory factory_;
  std::unique_ptr<db::Pool> pool_;
  auth::PasswordHasher hasher_;
  std::unique_ptr<storage::Storage> storage_;
  services::Deps deps_;
};

}  // namespace app

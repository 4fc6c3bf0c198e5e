// Revocations reach every node on one PostgreSQL at once. A node remembers valid tokens
// for a second (auth/token_cache.hpp); the node where a token is revoked announces it
// (repos/token_events.hpp), and every node LISTENs and forgets what it remembered as the
// announcement arrives. A node trusts its cache only while it listens: before its
// listener is connected, and whenever the connection is lost, the cache is suspended
// and every request reads its token from the database.
#pragma once

#include <memory>
#include <string>

#include "auth/token_cache.hpp"
#include "db/postgres_listener.hpp"

namespace app {

class TokenRevocations {
 public:
  // `url`: the PostgreSQL URL as libpq takes it.
  TokenRevocations(const std::string& url, auth::TokenCache& cache);

 private:
  std::unique_ptr<db::PostgresListener> listener_;
};

}  // namespace app

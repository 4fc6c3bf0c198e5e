// Opening a libpq connection the way every connection of the service is opened
// (timeouts, keepalives, UTF-8), for the pool's connections and the listener's.
#pragma once

#include <libpq-fe.h>

#include <string>

namespace db {

// A new connection to `url` (check PQstatus); never null.
PGconn* open_postgres(const std::string& url);

}  // namespace db

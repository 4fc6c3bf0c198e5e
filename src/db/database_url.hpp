// Parses DATABASE_URL values: sqlite://PATH and postgresql://user:pass@host:port/db.
#pragma once

#include <string>

#include "db/connection.hpp"
#include "domain/error.hpp"

namespace db {

struct DatabaseUrl {
  Dialect dialect = Dialect::kSqlite;
  std::string target;  // SQLite: the file path; PostgreSQL: the URL as libpq takes it
};

domain::Result<DatabaseUrl> parse_database_url(const std::string& url);

}  // namespace db

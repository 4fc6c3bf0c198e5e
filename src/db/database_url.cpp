#include "db/database_url.hpp"

namespace db {

domain::Result<DatabaseUrl> parse_database_url(const std::string& url) {
  constexpr std::string_view kSqlite = "sqlite://";
  if (url.rfind(kSqlite, 0) == 0) {
    std::string path = url.substr(kSqlite.size());
    if (path.empty()) return domain::Error::bad_request("sqlite:// needs a path");
    return DatabaseUrl{Dialect::kSqlite, path};
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return DatabaseUrl{Dialect::kPostgres, url};
  }
  return domain::Error::bad_request("unsupported database URL (use sqlite://PATH or postgresql://...)");
}

}  // namespace db

// SQLite backend: WAL, busy timeout, foreign keys on, statements prepared once
// per connection and reused.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "db/connection.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace db {

class SqliteConnection final : public Connection {
 public:
  // Opens (creating if needed) the database file at `path`.
  explicit SqliteConnection(const std::string& path);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  void exec_script(std::string_view sql) override;
  Rows query(std::string_view sql, const Params& params) override;
  std::int64_t execute(std::string_view sql, const Params& params) override;
  void begin(bool write) override;
  void commit() override;
  void rollback() override;
  bool ping() override;
  Dialect dialect() const override { return Dialect::kSqlite; }

 private:
  struct StmtDeleter {
    void operator()(sqlite3_stmt* s) const;
  };
  using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtDeleter>;

  sqlite3_stmt* prepare(std::string_view sql, const Params& params);
  [[noreturn]] void fail(int rc, std::string_view context);

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, StmtPtr> cache_;
};

}  // namespace db

// SQLite backend: WAL, busy timeout, foreign keys on, statements prepared once
// per connection and reused. The connections of one process to one file share a
// writer lock: a write transaction waits for it in line, instead of polling in
// SQLite's busy handler (whose sleeps of up to 100 ms made a long tail of latency).
// The planner's statistics are kept by the connections themselves: optimize() on a
// schedule (db::Pool::maintain) and when a connection closes.
#pragma once

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "db/connection.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace db {

class SqliteConnection final : public Connection {
 public:
  // Opens (creating if needed) the database file at `path`. Connections that share
  // `writer_lock` take turns for write transactions; without one, each has its own.
  explicit SqliteConnection(const std::string& path,
                            std::shared_ptr<std::mutex> writer_lock = nullptr);
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
  // Refreshes the planner's statistics (see the .cpp); does nothing inside a transaction.
  void optimize() override;
  Dialect dialect() const override { return Dialect::kSqlite; }
  // Statements kept prepared (for tests of the bound).
  std::size_t cached_statements() const { return lru_.size(); }

  static constexpr std::size_t kMaxCachedStatements = 256;
  // Tables with fewer rows keep no statistics (see optimize).
  static constexpr int kMinRowsForStatistics = 1000;

 private:
  struct StmtDeleter {
    void operator()(sqlite3_stmt* s) const;
  };
  using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtDeleter>;

  sqlite3_stmt* prepare(std::string_view sql, const Params& params);
  // Runs `steps` in one write transaction, rolled back if one fails.
  void refresh_statistics(const std::string& steps);
  [[noreturn]] void fail(int rc, std::string_view context);

  sqlite3* db_ = nullptr;
  // Prepared statements by SQL text, most recently used first, at most
  // kMaxCachedStatements: queries built from input (an IN list of any length)
  // would otherwise grow the cache without bound.
  std::list<std::pair<std::string, StmtPtr>> lru_;
  std::unordered_map<std::string_view, std::list<std::pair<std::string, StmtPtr>>::iterator> cache_;
  std::shared_ptr<std::mutex> writer_lock_;
  std::unique_lock<std::mutex> writing_;  // held from BEGIN IMMEDIATE to its end
  // Open levels: 0 none, 1 a transaction, each one more a savepoint inside it.
  int depth_ = 0;
};

}  // namespace db

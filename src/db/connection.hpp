// The one interface repositories use to talk to a database. SQL is written with
// `?` placeholders; each backend adapts them (PostgreSQL turns them into $n).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/value.hpp"

namespace db {

enum class Dialect { kSqlite, kPostgres };

// One statement of a batch (Connection::query_all).
struct Statement {
  std::string sql;
  Params params;
};

class Connection {
 public:
  virtual ~Connection() = default;
  // Runs a script of one or more statements without parameters.
  virtual void exec_script(std::string_view sql) = 0;
  // Runs one statement and returns every row it yields.
  virtual Rows query(std::string_view sql, const Params& params = {}) = 0;
  // Runs one statement and returns the number of rows it changed.
  virtual std::int64_t execute(std::string_view sql, const Params& params = {}) = 0;
  // Runs independent statements in order and returns the rows of each. PostgreSQL
  // sends them all before reading any answer (pipeline mode): one round trip for a
  // page and its nested rows. Meant for reads; the first failing statement throws.
  virtual std::vector<Rows> query_all(std::span<const Statement> statements) {
    std::vector<Rows> out;
    out.reserve(statements.size());
    for (const auto& s : statements) out.push_back(query(s.sql, s.params));
    return out;
  }
  // Transactions; `write` takes the write lock up front where the backend needs it.
  // A begin while a transaction is open opens a savepoint inside it (SAVEPOINT):
  // its commit releases the savepoint into the transaction (RELEASE), its rollback
  // undoes only what ran since (ROLLBACK TO), and the transaction goes on. A write
  // savepoint needs a write transaction around it.
  virtual void begin(bool write) = 0;
  virtual void commit() = 0;
  virtual void rollback() = 0;
  // True when the database answers a trivial query.
  virtual bool ping() = 0;
  // Called when the pool hands the connection out: a place to notice, before the
  // first statement, that the server went away while the connection sat idle.
  virtual void checkout() {}
  // Periodic upkeep while the connection is idle, outside any transaction: SQLite
  // refreshes the planner's statistics there; PostgreSQL's autovacuum keeps its own.
  virtual void optimize() {}
  virtual Dialect dialect() const = 0;
};

// Row locks for a read that a later write in the same transaction depends on
// (PostgreSQL); SQLite needs none, since BEGIN IMMEDIATE holds its write lock.
enum class Lock { kNone, kShare, kUpdate };
inline const char* lock_clause(const Connection& c, Lock lock) {
  if (c.dialect() != Dialect::kPostgres || lock == Lock::kNone) return "";
  return lock == Lock::kShare ? " FOR SHARE" : " FOR UPDATE";
}

// The name of the savepoint that opens transaction level `level` (1 is the transaction
// itself, 2 the first savepoint inside it), for the backends.
inline std::string savepoint_name(int level) {
  return "sp" + std::to_string(level);
}

// Runs `begin` now and `rollback` at scope exit unless `commit` was called. Begun
// inside another Transaction on the same connection it is a savepoint of it: a
// service that owns its transaction can run as one step of a larger one.
class Transaction {
 public:
  Transaction(Connection& c, bool write) : c_(c) { c_.begin(write); }
  ~Transaction() {
    if (!done_) {
      try {
        c_.rollback();
      } catch (...) {
        // The connection is already broken; nothing more to undo.
      }
    }
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    c_.commit();
    done_ = true;
  }

 private:
  Connection& c_;
  bool done_ = false;
};

// First row's first column as an integer, or nullopt when there is no row.
inline std::optional<std::int64_t> scalar_int(Connection& c, std::string_view sql,
                                              const Params& params = {}) {
  Rows rows = c.query(sql, params);
  if (rows.empty() || rows[0].is_null(0)) return std::nullopt;
  return rows[0].int64(0);
}

}  // namespace db

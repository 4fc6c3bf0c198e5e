#include "db/sqlite_connection.hpp"

#include <sqlite3.h>

#include <string>

#include "db/error.hpp"

namespace db {

namespace {

constexpr int kBusyTimeoutMs = 10000;
// How long a closing connection waits for another process's writer before it leaves
// the statistics as they are.
constexpr int kCloseBusyTimeoutMs = 100;
// Rows ANALYZE reads per index (PRAGMA analysis_limit): the shape of the data, in about
// a millisecond per table however large it is.
constexpr int kAnalysisLimit = 1000;

// The planner's statistics, kept current by the service (a database filled through the
// API has none until something runs ANALYZE):
// - PRAGMA optimize analyzes each table that this connection's planner weighed an index
//   of, when one of its indexes has no statistics or the table grew about 25 times since
//   its last ANALYZE (SQLite 3.40). It looks at no other table, whatever the mask.
// - The statistics of tables under kMinRowsForStatistics rows are dropped. They describe
//   a table's smallness more than its shape: the planner would scan it, rightly while
//   it is small, and go on scanning until it has grown 25 times. Without statistics
//   SQLite plans with fixed guesses (10 rows per equality), which the indexes are made
//   for (tests/unit/query_plan_test.cpp checks every read).
std::string optimize_steps() {
  return "PRAGMA optimize;"
         "DELETE FROM sqlite_stat1 WHERE tbl IN (SELECT tbl FROM sqlite_stat1 GROUP BY tbl"
         " HAVING max(CAST(stat AS INTEGER)) < " +
         std::to_string(SqliteConnection::kMinRowsForStatistics) + ");";
}

ErrorKind kind_of(int rc) {
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return ErrorKind::kUniqueViolation;
      }
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return ErrorKind::kForeignKeyViolation;
      return ErrorKind::kOther;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ErrorKind::kSerialization;
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
      return ErrorKind::kUnavailable;
    default:
      return ErrorKind::kOther;
  }
}

}  // namespace

void SqliteConnection::StmtDeleter::operator()(sqlite3_stmt* s) const {
  sqlite3_finalize(s);
}

SqliteConnection::SqliteConnection(const std::string& path, std::shared_ptr<std::mutex> writer_lock)
    : writer_lock_(writer_lock ? std::move(writer_lock) : std::make_shared<std::mutex>()),
      writing_(*writer_lock_, std::defer_lock) {
  int rc =
      sqlite3_open_v2(path.c_str(), &db_,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw Error(ErrorKind::kUnavailable, "cannot open SQLite database " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  exec_script(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
      "PRAGMA temp_store=MEMORY; PRAGMA analysis_limit=" +
      std::to_string(kAnalysisLimit) + ";");
}

SqliteConnection::~SqliteConnection() {
  cache_.clear();
  lru_.clear();
  if (!db_) return;
  // What this connection's planner weighed goes into the statistics, unless a writer
  // of this process holds the lock: closing does not wait for it. Errors are of no use
  // to anyone here.
  if (sqlite3_get_autocommit(db_) && writer_lock_->try_lock()) {
    sqlite3_busy_timeout(db_, kCloseBusyTimeoutMs);
    try {
      refresh_statistics(optimize_steps());
    } catch (...) {
    }
    writer_lock_->unlock();
  }
  sqlite3_close(db_);
}

void SqliteConnection::fail(int rc, std::string_view context) {
  throw Error(kind_of(rc), std::string(context) + ": " + sqlite3_errmsg(db_));
}

void SqliteConnection::exec_script(std::string_view sql) {
  std::string copy(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, copy.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw Error(kind_of(rc), "sqlite: " + msg);
  }
}

sqlite3_stmt* SqliteConnection::prepare(std::string_view sql, const Params& params) {
  auto it = cache_.find(sql);
  sqlite3_stmt* stmt = nullptr;
  if (it == cache_.end()) {
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(rc, "prepare");
    lru_.emplace_front(std::string(sql), StmtPtr(stmt));
    cache_.emplace(lru_.front().first, lru_.begin());
    if (lru_.size() > kMaxCachedStatements) {
      // The least recently used one goes; the statement in hand is the newest.
      cache_.erase(lru_.back().first);
      lru_.pop_back();
    }
  } else {
    lru_.splice(lru_.begin(), lru_, it->second);
    stmt = it->second->second.get();
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    int idx = static_cast<int>(i + 1);
    int rc = SQLITE_OK;
    const Value& v = params[i];
    if (std::holds_alternative<std::nullptr_t>(v)) {
      rc = sqlite3_bind_null(stmt, idx);
    } else if (auto p = std::get_if<std::int64_t>(&v)) {
      rc = sqlite3_bind_int64(stmt, idx, *p);
    } else if (auto p = std::get_if<double>(&v)) {
      rc = sqlite3_bind_double(stmt, idx, *p);
    } else {
      const auto& s = std::get<std::string>(v);
      rc = sqlite3_bind_text(stmt, idx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
    }
    if (rc != SQLITE_OK) fail(rc, "bind");
  }
  return stmt;
}

Rows SqliteConnection::query(std::string_view sql, const Params& params) {
  sqlite3_stmt* stmt = prepare(sql, params);
  Rows rows;
  const int ncol = sqlite3_column_count(stmt);
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      sqlite3_reset(stmt);
      fail(rc, "step");
    }
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(ncol));
    for (int c = 0; c < ncol; ++c) {
      switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_NULL:
          values.emplace_back(nullptr);
          break;
        case SQLITE_INTEGER:
          values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, c)));
          break;
        case SQLITE_FLOAT:
          values.emplace_back(sqlite3_column_double(stmt, c));
          break;
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          values.emplace_back(std::string(text ? text : "",
                                          static_cast<std::size_t>(sqlite3_column_bytes(stmt, c))));
        }
      }
    }
    rows.emplace_back(std::move(values));
  }
  sqlite3_reset(stmt);
  return rows;
}

std::int64_t SqliteConnection::execute(std::string_view sql, const Params& params) {
  sqlite3_stmt* stmt = prepare(sql, params);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) fail(rc, "step");
  return sqlite3_changes64(db_);
}

void SqliteConnection::begin(bool write) {
  if (depth_ > 0) {
    // A savepoint writes under its transaction's lock; a read transaction has none,
    // and taking it now could not make the transaction's snapshot current.
    if (write && !writing_.owns_lock()) {
      throw Error(ErrorKind::kOther, "a write savepoint inside a read transaction");
    }
    exec_script("SAVEPOINT " + savepoint_name(depth_ + 1));
    ++depth_;
    return;
  }
  if (!write) {
    exec_script("BEGIN");
    depth_ = 1;
    return;
  }
  writing_.lock();
  try {
    exec_script("BEGIN IMMEDIATE");
  } catch (...) {
    writing_.unlock();
    throw;
  }
  depth_ = 1;
}

void SqliteConnection::commit() {
  // A failed COMMIT or RELEASE leaves its level open: rollback() ends it.
  if (depth_ > 1) {
    exec_script("RELEASE " + savepoint_name(depth_));
    --depth_;
    return;
  }
  exec_script("COMMIT");
  depth_ = 0;
  if (writing_.owns_lock()) writing_.unlock();
}

void SqliteConnection::rollback() {
  if (depth_ > 1) {
    const std::string name = savepoint_name(depth_--);
    // Some errors (SQLITE_FULL, SQLITE_IOERR) end the whole transaction by themselves,
    // the savepoint with it; the transaction's own end says so.
    if (!sqlite3_get_autocommit(db_)) exec_script("ROLLBACK TO " + name + "; RELEASE " + name);
    return;
  }
  depth_ = 0;
  try {
    if (!sqlite3_get_autocommit(db_)) exec_script("ROLLBACK");
  } catch (...) {
    if (writing_.owns_lock()) writing_.unlock();
    throw;
  }
  if (writing_.owns_lock()) writing_.unlock();
}

void SqliteConnection::optimize() {
  if (!sqlite3_get_autocommit(db_)) return;  // a transaction is open: next time
  // In line with the writers of this process (see begin).
  std::lock_guard writer(*writer_lock_);
  // ANALYZE sqlite_schema reads sqlite_stat1 again (creating it if missing): what
  // another connection analyzed reaches this one only then. Once before, so that
  // PRAGMA optimize measures growth against the newest statistics; once after, for
  // the statistics as they are now.
  refresh_statistics("ANALYZE sqlite_schema;" + optimize_steps() + "ANALYZE sqlite_schema;");
}

void SqliteConnection::refresh_statistics(const std::string& steps) {
  try {
    exec_script("BEGIN IMMEDIATE;" + steps + "COMMIT;");
  } catch (...) {
    if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

bool SqliteConnection::ping() {
  try {
    return scalar_int(*this, "SELECT 1").value_or(0) == 1;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace db

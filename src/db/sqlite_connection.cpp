#include "db/sqlite_connection.hpp"

#include <sqlite3.h>

#include <string>

#include "db/error.hpp"

namespace db {

namespace {

constexpr int kBusyTimeoutMs = 10000;

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
      "PRAGMA temp_store=MEMORY;");
}

SqliteConnection::~SqliteConnection() {
  cache_.clear();
  lru_.clear();
  if (db_) sqlite3_close(db_);
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
  if (!write) {
    exec_script("BEGIN");
    return;
  }
  writing_.lock();
  try {
    exec_script("BEGIN IMMEDIATE");
  } catch (...) {
    writing_.unlock();
    throw;
  }
}

void SqliteConnection::commit() {
  exec_script("COMMIT");  // a failed COMMIT leaves the transaction open: rollback() ends it
  if (writing_.owns_lock()) writing_.unlock();
}

void SqliteConnection::rollback() {
  try {
    if (!sqlite3_get_autocommit(db_)) exec_script("ROLLBACK");
  } catch (...) {
    if (writing_.owns_lock()) writing_.unlock();
    throw;
  }
  if (writing_.owns_lock()) writing_.unlock();
}

bool SqliteConnection::ping() {
  try {
    return scalar_int(*this, "SELECT 1").value_or(0) == 1;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace db

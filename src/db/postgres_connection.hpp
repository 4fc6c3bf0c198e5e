// PostgreSQL backend over libpq: `?` placeholders become $n, statements are
// prepared once per connection and reused, values travel as text. A connection
// that the server dropped is re-established on its next use outside a
// transaction, so the service recovers by itself when the server comes back.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "db/connection.hpp"

struct pg_conn;
struct pg_result;

namespace db {

// `?` → `$1..$n`, leaving quoted strings, quoted identifiers and comments alone
// (E'...' escapes and dollar quoting are not recognized: do not use them).
std::string postgres_placeholders(std::string_view sql);

// "host:port/db" for messages: never the user's password.
std::string describe_postgres_url(const std::string& url);

class PostgresConnection final : public Connection {
 public:
  // Connects to `url` (postgresql://...); throws Error(kUnavailable) when it cannot.
  explicit PostgresConnection(std::string url);
  ~PostgresConnection() override;
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  void exec_script(std::string_view sql) override;
  Rows query(std::string_view sql, const Params& params) override;
  std::int64_t execute(std::string_view sql, const Params& params) override;
  std::vector<Rows> query_all(std::span<const Statement> statements) override;
  void begin(bool write) override;
  void commit() override;
  void rollback() override;
  bool ping() override;
  void checkout() override;
  Dialect dialect() const override { return Dialect::kPostgres; }

 private:
  struct ConnDeleter {
    void operator()(pg_conn* c) const;
  };
  struct ResultDeleter {
    void operator()(pg_result* r) const;
  };
  using ResultPtr = std::unique_ptr<pg_result, ResultDeleter>;

  // Makes sure there is a live connection before a statement: inside a
  // transaction a lost connection is an error; outside one it is re-established.
  void ensure_usable();
  void reconnect();
  ResultPtr run(std::string_view sql, const Params& params);
  // Sends the statements (after BEGIN, when one is pending) in pipeline mode and
  // reads every answer; throws for the first that failed.
  std::vector<ResultPtr> pipeline(std::span<const Statement> statements);
  ResultPtr checked(pg_result* r, std::string_view context);
  // BEGIN and SAVEPOINT of the levels not sent yet, in order.
  std::vector<std::string> unsent_openings() const;
  void commit_savepoint();
  void rollback_savepoint();
  [[noreturn]] void unavailable(const std::string& what);

  std::string url_;
  std::unique_ptr<pg_conn, ConnDeleter> conn_;
  std::unordered_map<std::string, std::string> statements_;  // SQL text → prepared name
  int next_statement_ = 0;
  // Open levels: 0 none, 1 a transaction, each one more a savepoint inside it.
  int depth_ = 0;
  // Levels whose BEGIN or SAVEPOINT the server has been sent. The others go with
  // the next statement, not on their own: one round trip less per level.
  int sent_depth_ = 0;
  std::chrono::steady_clock::time_point retry_after_{};
  std::string reconnect_error_;
};

}  // namespace db

#include "db/postgres_connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <string>
#include <vector>

#include "db/error.hpp"
#include "db/postgres_open.hpp"

namespace db {

namespace {

// Beyond this many distinct statements a connection stops preparing new ones
// (they run unnamed), so SQL built from many filter combinations cannot grow
// the server's memory without bound.
constexpr std::size_t kMaxPrepared = 256;
// After a failed reconnect, statements fail fast for this long instead of each
// waiting for a connect timeout again.
constexpr std::chrono::milliseconds kReconnectBackoff{500};
constexpr int kMinServerVersion = 130000;

// libpq messages end with a newline and may span lines; one line for logs.
std::string one_line(const char* message) {
  std::string out;
  for (const char* p = message ? message : ""; *p; ++p) {
    if (*p == '\n' || *p == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += *p;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out.empty() ? "unknown error" : out;
}

ErrorKind kind_of(const char* sqlstate) {
  const std::string_view s = sqlstate ? sqlstate : "";
  if (s == "23505") return ErrorKind::kUniqueViolation;
  if (s == "23503") return ErrorKind::kForeignKeyViolation;
  if (s == "40001" || s == "40P01" || s == "55P03") return ErrorKind::kSerialization;
  // connection exceptions, server shutting down or starting, out of connections
  if (s.starts_with("08") || s == "57P01" || s == "57P02" || s == "57P03" || s == "53300") {
    return ErrorKind::kUnavailable;
  }
  return ErrorKind::kOther;
}

void ignore_notice(void*, const char*) {}

// Integers, floats and booleans come back as the values SQLite would give
// (booleans as 0/1), so that rows read the same on both databases.
enum class ColumnKind { kText, kInteger, kReal, kBoolean };

ColumnKind column_kind(Oid type) {
  switch (type) {
    case 20:  // int8
    case 21:  // int2
    case 23:  // int4
      return ColumnKind::kInteger;
    case 700:  // float4
    case 701:  // float8
      return ColumnKind::kReal;
    case 16:  // bool
      return ColumnKind::kBoolean;
    default:
      return ColumnKind::kText;
  }
}

Value to_value(ColumnKind kind, std::string_view text) {
  switch (kind) {
    case ColumnKind::kInteger: {
      std::int64_t n = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
      if (ec == std::errc() && ptr == text.data() + text.size()) return n;
      break;
    }
    case ColumnKind::kReal: {
      double d = 0;
      auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
      if (ec == std::errc() && ptr == text.data() + text.size()) return d;
      break;  // NaN and Infinity spellings stay text
    }
    case ColumnKind::kBoolean:
      return std::int64_t{text == "t" ? 1 : 0};
    case ColumnKind::kText:
      break;
  }
  return std::string(text);
}

}  // namespace

PGconn* open_postgres(const std::string& url) {
  // Defaults first, so that the URL (expanded from dbname) can override them;
  // client_encoding last, since the service speaks UTF-8 whatever the URL says.
  // The keepalives notice a server that vanished from the network in about a minute.
  const char* const keys[] = {
      "connect_timeout",  "application_name", "keepalives_idle", "keepalives_interval",
      "keepalives_count", "dbname",           "client_encoding", nullptr};
  const char* const values[] = {"5", "interviewd", "30", "10", "3", url.c_str(), "UTF8", nullptr};
  return PQconnectdbParams(keys, values, 1);
}

std::string postgres_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    std::size_t end = std::string_view::npos;
    if (c == '\'' || c == '"') {
      // A doubled quote inside closes and reopens: the same span either way.
      end = sql.find(c, i + 1);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      end = sql.find('\n', i);
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      end = sql.find("*/", i + 2);
      if (end != std::string_view::npos) ++end;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
      continue;
    } else {
      out += c;
      continue;
    }
    if (end == std::string_view::npos) end = sql.size() - 1;
    out.append(sql.substr(i, end - i + 1));
    i = end;
  }
  return out;
}

std::string describe_postgres_url(const std::string& url) {
  char* err = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &err);
  if (!options) {
    if (err) PQfreemem(err);
    return "(an invalid URL)";
  }
  std::string host, hostaddr, port, dbname, user;
  for (PQconninfoOption* o = options; o->keyword; ++o) {
    if (!o->val) continue;
    const std::string_view k = o->keyword;
    if (k == "host") host = o->val;
    if (k == "hostaddr") hostaddr = o->val;
    if (k == "port") port = o->val;
    if (k == "dbname") dbname = o->val;
    if (k == "user") user = o->val;
  }
  PQconninfoFree(options);
  if (host.empty()) host = hostaddr.empty() ? "localhost" : hostaddr;
  if (port.empty()) port = "5432";
  if (dbname.empty()) dbname = user;
  return host + ":" + port + "/" + dbname;
}

void PostgresConnection::ConnDeleter::operator()(pg_conn* c) const {
  PQfinish(c);
}
void PostgresConnection::ResultDeleter::operator()(pg_result* r) const {
  PQclear(r);
}

PostgresConnection::PostgresConnection(std::string url) : url_(std::move(url)) {
  conn_.reset(open_postgres(url_));
  if (!conn_) throw Error(ErrorKind::kUnavailable, "cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    throw Error(ErrorKind::kUnavailable, "cannot connect to PostgreSQL at " +
                                             describe_postgres_url(url_) + ": " +
                                             one_line(PQerrorMessage(conn_.get())));
  }
  if (PQserverVersion(conn_.get()) < kMinServerVersion) {
    throw Error(ErrorKind::kOther, "PostgreSQL at " + describe_postgres_url(url_) + " is version " +
                                       std::to_string(PQserverVersion(conn_.get()) / 10000) +
                                       "; interviewd needs 13 or newer");
  }
  // Notices (e.g. "relation already exists, skipping") are not for the log.
  PQsetNoticeProcessor(conn_.get(), ignore_notice, nullptr);
}

PostgresConnection::~PostgresConnection() = default;

void PostgresConnection::unavailable(const std::string& what) {
  throw Error(ErrorKind::kUnavailable, what);
}

void PostgresConnection::reconnect() {
  const auto now = std::chrono::steady_clock::now();
  if (now < retry_after_) unavailable(reconnect_error_);
  // Prepared statements die with the session.
  statements_.clear();
  PQreset(conn_.get());
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    retry_after_ = now + kReconnectBackoff;
    reconnect_error_ = "cannot connect to PostgreSQL at " + describe_postgres_url(url_) + ": " +
                       one_line(PQerrorMessage(conn_.get()));
    unavailable(reconnect_error_);
  }
}

void PostgresConnection::ensure_usable() {
  if (sent_depth_ > 0) {
    // Reconnecting here would run the rest of the transaction without it.
    if (PQstatus(conn_.get()) != CONNECTION_OK) {
      unavailable("the connection to PostgreSQL was lost during a transaction");
    }
    return;
  }
  if (PQstatus(conn_.get()) != CONNECTION_OK) reconnect();
}

void PostgresConnection::checkout() {
  if (depth_ > 0) return;
  // An idle connection learns that the server closed it only when it reads:
  // read now (the server's goodbye, then end of file) so that a restarted
  // server costs no failed request. Once per checkout, not per statement: the
  // reads are system calls.
  for (int i = 0; i < 2 && PQstatus(conn_.get()) == CONNECTION_OK; ++i) {
    if (!PQconsumeInput(conn_.get())) break;
  }
  if (PQstatus(conn_.get()) != CONNECTION_OK) reconnect();
}

PostgresConnection::ResultPtr PostgresConnection::checked(pg_result* raw,
                                                          std::string_view context) {
  ResultPtr r(raw);
  const ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
    return r;
  }
  const char* message = r ? PQresultErrorMessage(r.get()) : "";
  if (!message || !*message) message = PQerrorMessage(conn_.get());
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    unavailable("the connection to PostgreSQL was lost: " + one_line(message));
  }
  const char* sqlstate = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
  throw Error(kind_of(sqlstate), "postgresql " + std::string(context) + ": " + one_line(message));
}

namespace {

// Parameter values as libpq takes them: text with unspecified types (the server
// infers each from where it stands in the statement), NULL as a null pointer.
class BoundParams {
 public:
  explicit BoundParams(const Params& params)
      : texts_(params.size()), values_(params.size(), nullptr) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      const Value& v = params[i];
      if (auto p = std::get_if<std::int64_t>(&v)) {
        texts_[i] = std::to_string(*p);
      } else if (auto p = std::get_if<double>(&v)) {
        char buf[64];
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *p);
        texts_[i].assign(buf, ec == std::errc() ? end : buf);
      } else if (auto p = std::get_if<std::string>(&v)) {
        if (p->find('\0') != std::string::npos) {
          throw Error(ErrorKind::kOther, "PostgreSQL text cannot hold NUL characters");
        }
        values_[i] = p->c_str();
        continue;
      } else {
        continue;  // NULL
      }
      values_[i] = texts_[i].c_str();
    }
  }
  int size() const { return static_cast<int>(values_.size()); }
  const char* const* values() const { return values_.data(); }

 private:
  std::vector<std::string> texts_;
  std::vector<const char*> values_;
};

Rows rows_of(pg_result* r) {
  const int nrows = PQntuples(r);
  const int ncols = PQnfields(r);
  std::vector<ColumnKind> kinds;
  for (int c = 0; c < ncols; ++c) kinds.push_back(column_kind(PQftype(r, c)));
  Rows rows;
  rows.reserve(static_cast<std::size_t>(nrows));
  for (int i = 0; i < nrows; ++i) {
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(ncols));
    for (int c = 0; c < ncols; ++c) {
      if (PQgetisnull(r, i, c)) {
        values.emplace_back(nullptr);
        continue;
      }
      const std::string_view text(PQgetvalue(r, i, c),
                                  static_cast<std::size_t>(PQgetlength(r, i, c)));
      values.push_back(to_value(kinds[static_cast<std::size_t>(c)], text));
    }
    rows.emplace_back(std::move(values));
  }
  return rows;
}

}  // namespace

PostgresConnection::ResultPtr PostgresConnection::run(std::string_view sql, const Params& params) {
  // One statement is a pipeline of one: its PREPARE (the first time) and a pending
  // BEGIN travel with it.
  const Statement one{std::string(sql), params};
  return std::move(pipeline(std::span(&one, 1)).front());
}

std::vector<PostgresConnection::ResultPtr> PostgresConnection::pipeline(
    std::span<const Statement> statements) {
  ensure_usable();
  PGconn* pg = conn_.get();
  if (!PQenterPipelineMode(pg)) {
    if (PQstatus(pg) != CONNECTION_OK) {
      unavailable("the connection to PostgreSQL was lost: " + one_line(PQerrorMessage(pg)));
    }
    throw Error(ErrorKind::kOther, "postgresql pipeline: " + one_line(PQerrorMessage(pg)));
  }
  // What each queued command answers with: a statement's rows, or a result
  // only looked at for errors (BEGIN, PREPARE). Statements prepared here get
  // their names only once the server accepted them.
  enum class Answer { kBegin, kPrepare, kRows };
  std::vector<Answer> answers;
  std::vector<std::pair<std::string, std::string>> prepared;  // in the order sent
  bool sent = true;
  for (const std::string& opening : unsent_openings()) {
    sent = sent && PQsendQueryParams(pg, opening.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0);
    answers.push_back(Answer::kBegin);
  }
  for (const Statement& st : statements) {
    const BoundParams bound(st.params);
    auto it = statements_.find(st.sql);
    std::string name;
    if (it != statements_.end()) {
      name = it->second;
    } else if (statements_.size() + prepared.size() < kMaxPrepared) {
      name = "s" + std::to_string(++next_statement_);
      sent = sent &&
             PQsendPrepare(pg, name.c_str(), postgres_placeholders(st.sql).c_str(), 0, nullptr);
      answers.push_back(Answer::kPrepare);
      prepared.emplace_back(st.sql, name);
    }
    sent = sent && (name.empty()
                        ? PQsendQueryParams(pg, postgres_placeholders(st.sql).c_str(), bound.size(),
                                            nullptr, bound.values(), nullptr, nullptr, 0)
                        : PQsendQueryPrepared(pg, name.c_str(), bound.size(), bound.values(),
                                              nullptr, nullptr, 0));
    answers.push_back(Answer::kRows);
  }
  const auto lost = [&] {
    unavailable("the connection to PostgreSQL was lost: " + one_line(PQerrorMessage(pg)));
  };
  if (!(sent && PQpipelineSync(pg))) lost();
  sent_depth_ = depth_;

  std::vector<ResultPtr> rows;
  ResultPtr failure;
  std::size_t next_prepared = 0;
  for (Answer answer : answers) {
    ResultPtr r(PQgetResult(pg));
    if (!r) lost();
    // Each command's result is followed by a null that ends it.
    while (pg_result* extra = PQgetResult(pg)) PQclear(extra);
    const ExecStatusType status = PQresultStatus(r.get());
    const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!ok && !failure && status != PGRES_PIPELINE_ABORTED) failure = std::move(r);
    if (answer == Answer::kPrepare) {
      auto& [sql, name] = prepared[next_prepared++];
      if (ok) statements_.emplace(std::move(sql), std::move(name));
    }
    if (answer == Answer::kRows) rows.push_back(ok ? std::move(r) : ResultPtr());
  }
  ResultPtr sync(PQgetResult(pg));
  if (!sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC) lost();
  PQexitPipelineMode(pg);
  if (failure) checked(failure.release(), "query");
  return rows;
}

void PostgresConnection::exec_script(std::string_view sql) {
  ensure_usable();
  std::string script;
  for (const std::string& opening : unsent_openings()) script += opening + "; ";
  script += sql;
  sent_depth_ = depth_;
  checked(PQexec(conn_.get(), script.c_str()), "script");
}

Rows PostgresConnection::query(std::string_view sql, const Params& params) {
  return rows_of(run(sql, params).get());
}

std::vector<Rows> PostgresConnection::query_all(std::span<const Statement> statements) {
  std::vector<Rows> out;
  out.reserve(statements.size());
  for (auto& r : pipeline(statements)) out.push_back(rows_of(r.get()));
  return out;
}

std::int64_t PostgresConnection::execute(std::string_view sql, const Params& params) {
  ResultPtr r = run(sql, params);
  const std::string_view count = PQcmdTuples(r.get());
  std::int64_t n = 0;
  std::from_chars(count.data(), count.data() + count.size(), n);
  return n;
}

std::vector<std::string> PostgresConnection::unsent_openings() const {
  std::vector<std::string> out;
  for (int level = sent_depth_ + 1; level <= depth_; ++level) {
    out.push_back(level == 1 ? "BEGIN" : "SAVEPOINT " + savepoint_name(level));
  }
  return out;
}

void PostgresConnection::begin(bool /*write*/) {
  // No table lock up front: writes are decided by row locks (FOR UPDATE) and
  // unique constraints (ON CONFLICT).
  ensure_usable();
  ++depth_;
}

void PostgresConnection::commit() {
  if (depth_ > 1) {
    commit_savepoint();
    return;
  }
  const bool sent = sent_depth_ > 0;
  depth_ = sent_depth_ = 0;  // whatever happens now, the transaction is over
  if (!sent) return;         // no statement ran: nothing to commit
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    unavailable("the connection to PostgreSQL was lost before commit");
  }
  if (PQtransactionStatus(conn_.get()) == PQTRANS_INERROR) {
    // PostgreSQL would answer COMMIT with a silent rollback.
    checked(PQexec(conn_.get(), "ROLLBACK"), "rollback");
    throw Error(ErrorKind::kOther, "commit of a transaction in which a statement failed");
  }
  checked(PQexec(conn_.get(), "COMMIT"), "commit");
}

// A savepoint whose commit fails stays open: the Transaction's rollback() ends it.
void PostgresConnection::commit_savepoint() {
  if (sent_depth_ < depth_) {  // no statement ran in it: it never existed
    --depth_;
    return;
  }
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    unavailable("the connection to PostgreSQL was lost before a savepoint's release");
  }
  if (PQtransactionStatus(conn_.get()) == PQTRANS_INERROR) {
    throw Error(ErrorKind::kOther, "release of a savepoint in which a statement failed");
  }
  checked(PQexec(conn_.get(), ("RELEASE SAVEPOINT " + savepoint_name(depth_)).c_str()),
          "release savepoint");
  --depth_;
  --sent_depth_;
}

void PostgresConnection::rollback() {
  if (depth_ > 1) {
    rollback_savepoint();
    return;
  }
  const bool unsent = depth_ == 1 && sent_depth_ == 0;
  depth_ = sent_depth_ = 0;
  if (unsent) return;
  // A lost session took its transaction with it.
  if (PQstatus(conn_.get()) != CONNECTION_OK) return;
  if (PQtransactionStatus(conn_.get()) == PQTRANS_IDLE) return;
  checked(PQexec(conn_.get(), "ROLLBACK"), "rollback");
}

void PostgresConnection::rollback_savepoint() {
  const int level = depth_--;
  if (sent_depth_ < level) return;  // never sent: nothing to undo
  sent_depth_ = depth_;
  if (PQstatus(conn_.get()) != CONNECTION_OK) return;
  // Also what takes the transaction out of the error state a failed statement left.
  const std::string name = savepoint_name(level);
  checked(PQexec(conn_.get(),
                 ("ROLLBACK TO SAVEPOINT " + name + "; RELEASE SAVEPOINT " + name).c_str()),
          "rollback to savepoint");
}

bool PostgresConnection::ping() {
  // A connection the server dropped fails once; the second try reconnects.
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      return scalar_int(*this, "SELECT 1").value_or(0) == 1;
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kUnavailable || depth_ > 0) return false;
    }
  }
  return false;
}

}  // namespace db

#include "repos/login_failures_repo.hpp"

namespace repos::login_failures {

namespace {

constexpr const char* kFind =
    "SELECT failures, first_failure_at FROM login_failures WHERE email_hash = ?";
constexpr const char* kRecord =
    "INSERT INTO login_failures (email_hash, failures, first_failure_at) VALUES (?, 1, ?) "
    "ON CONFLICT (email_hash) DO UPDATE SET "
    "failures = CASE WHEN login_failures.first_failure_at <= ? THEN 1 "
    "ELSE login_failures.failures + 1 END, "
    "first_failure_at = CASE WHEN login_failures.first_failure_at <= ? "
    "THEN excluded.first_failure_at ELSE login_failures.first_failure_at END";
constexpr const char* kClear = "DELETE FROM login_failures WHERE email_hash = ?";
constexpr const char* kPrune = "DELETE FROM login_failures WHERE first_failure_at <= ?";

}  // namespace

std::optional<auth::LoginFailures> find(db::Connection& c, const std::string& email_hash) {
  auto rows = c.query(kFind, {email_hash});
  if (rows.empty()) return std::nullopt;
  return auth::LoginFailures{rows[0].int64(0), rows[0].int64(1)};
}

void record(db::Connection& c, const std::string& email_hash, std::int64_t now,
            std::int64_t stale_before) {
  c.execute(kRecord, {email_hash, now, stale_before, stale_before});
}

void clear(db::Connection& c, const std::string& email_hash) {
  c.execute(kClear, {email_hash});
}

std::int64_t prune(db::Connection& c, std::int64_t stale_before) {
  return c.execute(kPrune, {stale_before});
}

}  // namespace repos::login_failures

#include "repos/idempotency_keys_repo.hpp"

namespace repos::idempotency_keys {

namespace {

constexpr const char* kClaim =
    "INSERT INTO idempotency_keys (scope, idem_key, fingerprint, holder, locked_until_ms, "
    "created_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (scope, idem_key) DO NOTHING";
constexpr const char* kFind =
    "SELECT fingerprint, holder, locked_until_ms, status, content_type, headers, body, "
    "expires_ms FROM idempotency_keys WHERE scope = ? AND idem_key = ?";
constexpr const char* kTakeOver =
    "UPDATE idempotency_keys SET holder = ?, locked_until_ms = ? WHERE scope = ? AND "
    "idem_key = ? AND status IS NULL AND holder = ? AND locked_until_ms < ?";
// An expired row; a claim that still runs is never removed, whatever its age.
constexpr const char* kRemoveExpired =
    "DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ? AND expires_ms <= ? AND "
    "(status IS NOT NULL OR locked_until_ms < ?)";
constexpr const char* kPrune =
    "DELETE FROM idempotency_keys WHERE id IN (SELECT id FROM idempotency_keys WHERE "
    "expires_ms <= ? AND (status IS NOT NULL OR locked_until_ms < ?) ORDER BY expires_ms "
    "LIMIT ?)";
constexpr const char* kRenew =
    "UPDATE idempotency_keys SET locked_until_ms = ? WHERE scope = ? AND idem_key = ? AND "
    "status IS NULL AND holder = ?";
constexpr const char* kComplete =
    "UPDATE idempotency_keys SET status = ?, content_type = ?, headers = ?, body = ?, "
    "holder = NULL, locked_until_ms = NULL WHERE scope = ? AND idem_key = ? AND "
    "status IS NULL AND holder = ?";
constexpr const char* kRelease =
    "DELETE FROM idempotency_keys WHERE scope = ? AND idem_key = ? AND status IS NULL AND "
    "holder = ?";

}  // namespace

bool claim(db::Connection& c, const Key& k, const std::string& fingerprint,
           const std::string& holder, std::int64_t now_ms, std::int64_t until_ms,
           std::int64_t expires_ms) {
  const db::Params params{k.scope, k.key, fingerprint, holder, until_ms, now_ms, expires_ms};
  return c.execute(kClaim, params) == 1;
}

std::optional<Row> find(db::Connection& c, const Key& k) {
  const db::Params params{k.scope, k.key};
  auto rows = c.query(kFind, params);
  if (rows.empty()) return std::nullopt;
  const db::Row& r = rows[0];
  Row row;
  row.fingerprint = r.text(0);
  row.holder = r.opt_text(1).value_or("");
  row.locked_until_ms = r.opt_int64(2).value_or(0);
  if (!r.is_null(3)) row.response = StoredResponse{r.int64(3), r.text(4), r.text(5), r.text(6)};
  row.expires_ms = r.int64(7);
  return row;
}

bool take_over(db::Connection& c, const Key& k, const std::string& old_holder,
               const std::string& holder, std::int64_t now_ms, std::int64_t until_ms) {
  const db::Params params{holder, until_ms, k.scope, k.key, old_holder, now_ms};
  return c.execute(kTakeOver, params) == 1;
}

bool remove_expired(db::Connection& c, const Key& k, std::int64_t now_ms) {
  const db::Params params{k.scope, k.key, now_ms, now_ms};
  return c.execute(kRemoveExpired, params) == 1;
}

bool renew(db::Connection& c, const Key& k, const std::string& holder, std::int64_t until_ms) {
  const db::Params params{until_ms, k.scope, k.key, holder};
  return c.execute(kRenew, params) == 1;
}

bool complete(db::Connection& c, const Key& k, const std::string& holder,
              const StoredResponse& response) {
  const db::Params params{
      response.status, response.content_type, response.headers, response.body, k.scope, k.key,
      holder};
  return c.execute(kComplete, params) == 1;
}

bool release(db::Connection& c, const Key& k, const std::string& holder) {
  const db::Params params{k.scope, k.key, holder};
  return c.execute(kRelease, params) == 1;
}

std::int64_t prune(db::Connection& c, std::int64_t now_ms, std::int64_t limit) {
  const db::Params params{now_ms, now_ms, limit};
  return c.execute(kPrune, params);
}

}  // namespace repos::idempotency_keys

// SQL for Idempotency-Key rows (app/idempotency.hpp): claiming a key, taking over a
// claim whose holder stopped renewing it, storing the response, and removing rows.
// Every change of a claimed row is fenced on its holder and counts what it changed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "db/connection.hpp"

namespace repos::idempotency_keys {

// A stored response: its status and content type, and its headers and body as the
// caller stores them (sealed, app/idempotency.hpp).
struct StoredResponse {
  std::int64_t status = 0;
  std::string content_type;
  std::string headers;
  std::string body;
};

struct Row {
  std::string fingerprint;
  std::string holder;                      // "" once completed
  std::int64_t locked_until_ms = 0;        // the claim's deadline (while in flight)
  std::optional<StoredResponse> response;  // nullopt while in flight
  std::int64_t expires_ms = 0;
};

// The identity of a row: the caller's scope and (a digest of) the key.
struct Key {
  std::string scope;
  std::string key;
};

// A new in-flight claim of `k` by `holder` until `until_ms`; false when the key has a
// row already (whoever inserted it). One statement: of concurrent claims, one wins.
bool claim(db::Connection& c, const Key& k, const std::string& fingerprint,
           const std::string& holder, std::int64_t now_ms, std::int64_t until_ms,
           std::int64_t expires_ms);
std::optional<Row> find(db::Connection& c, const Key& k);
// Moves an in-flight claim whose deadline passed from `old_holder` to `holder`.
bool take_over(db::Connection& c, const Key& k, const std::string& old_holder,
               const std::string& holder, std::int64_t now_ms, std::int64_t until_ms);
// Removes the row of `k` if it expired (and is not a claim that still runs).
bool remove_expired(db::Connection& c, const Key& k, std::int64_t now_ms);
// Pushes the deadline of `holder`'s claim on to `until_ms`.
bool renew(db::Connection& c, const Key& k, const std::string& holder, std::int64_t until_ms);
// Stores the response of `holder`'s claim, which ends it.
bool complete(db::Connection& c, const Key& k, const std::string& holder,
              const StoredResponse& response);
// Removes `holder`'s claim (nothing stored: the next request with the key runs again).
bool release(db::Connection& c, const Key& k, const std::string& holder);
// Removes at most `limit` expired rows; returns how many.
std::int64_t prune(db::Connection& c, std::int64_t now_ms, std::int64_t limit);

}  // namespace repos::idempotency_keys

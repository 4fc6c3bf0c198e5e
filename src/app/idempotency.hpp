// Idempotency-Key (API.md, "Idempotency-Key"): a write under /api/v1 that carries a key
// runs once per caller and key; the same request again within 24 hours gets the first
// one's response, stored in the database so that every node on it sees the key.
//
// A request claims its key with a row (repos/idempotency_keys_repo.hpp) before its
// handler runs. The claim has a deadline (the lease, 30 s) that a thread of this class
// pushes on every third of it while the handler runs; the claim of a node that died is
// taken over by the next request with the key once its deadline passed. The response is
// stored when the handler is done, unless it is a 5xx or not a plain body: then the
// row goes and a retry runs again. The database holds no key, request or response in the
// clear (see Key).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "db/pool.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"
#include "http/access_log.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "repos/idempotency_keys_repo.hpp"

namespace app {

namespace idempotency {

using Headers = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::size_t kMaxKeyLength = 255;
inline constexpr std::string_view kMalformed =
    "Idempotency-Key must be one header of 1 to 255 printable ASCII characters.";
inline constexpr std::string_view kReused = "Idempotency-Key reused with a different request.";
inline constexpr std::string_view kInProgress =
    "A request with this Idempotency-Key is in progress.";
// The header a replayed response carries.
inline constexpr std::string_view kReplayed = "Idempotent-Replayed";

// A request's key: the row it names, and a secret derived from the key itself that the
// database never holds. The secret keys the fingerprint (an HMAC) and encrypts the stored
// response (AES-256-GCM), so that the table shows neither what was sent (a new user's
// password) nor what was answered (an invitation's link) to a reader without the key.
struct Key {
  repos::idempotency_keys::Key row;  // the caller's scope and a digest of the key
  std::string secret;                // 32 bytes
};
// The Key of `key` as sent by the caller `scope` ("user:<id>", "invitation:<id>").
Key derive(const std::string& scope, std::string_view key);

// Whether a key applies to requests of `method`: POST, PUT, PATCH, DELETE.
bool is_write(std::string_view method);
// The key of a write by `who`: nullopt when the request has none, is no write, or has no
// caller (register, token, a signed upload: nothing to scope a key to); a 400 when it is
// malformed (empty, longer than 255, a character outside 0x20-0x7E, or sent twice).
domain::Result<std::optional<Key>> key_of(const web::Request& req, const domain::Principal* who);
// HMAC-SHA256 (hex, under the key's secret) of what makes the request: method, path and
// query, the tus headers that change its meaning, and the body; a streamed body by its
// form fields and its file's field, name, type and content (its SHA-256).
std::string fingerprint(const web::Request& req, const Key& key);
// Headers as stored ("Name: value" lines), and back.
std::string encode_headers(const Headers& headers);
Headers decode_headers(std::string_view text);
// Whether `res` is stored and replayed: a plain body (no file, no stream) of a status
// below 500.
bool storable(const web::Response& res);
// The response as stored (its headers and body sealed under the key's secret), and back;
// nullopt when the stored one does not open under `key`.
repos::idempotency_keys::StoredResponse seal_response(const web::Response& res, const Key& key);
std::optional<web::Response> open_response(const repos::idempotency_keys::StoredResponse& stored,
                                           const Key& key);

}  // namespace idempotency

struct IdempotencyOptions {
  std::chrono::milliseconds lease{30000};  // an in-flight claim's deadline, renewed meanwhile
  std::chrono::milliseconds keep{std::chrono::hours(24)};  // a key's life from its first use
  std::chrono::milliseconds prune_every{std::chrono::minutes(1)};
  std::int64_t prune_batch = 1000;  // expired rows removed per statement
};

class Idempotency {
 public:
  using Key = idempotency::Key;

  // `connect` opens the connection of the thread that renews claims and removes expired
  // rows (a connection of its own: the pool's may all be held by the handlers it serves).
  Idempotency(db::ConnectionFactory connect, IdempotencyOptions options, web::Logger& logger);
  ~Idempotency();
  Idempotency(const Idempotency&) = delete;
  Idempotency& operator=(const Idempotency&) = delete;

  // A key this request holds. Its deadline is renewed while the Claim lives; `finish`
  // stores the response (or lets the key go when it is not storable); a Claim that goes
  // without `finish` (the handler threw) lets the key go.
  class Claim {
   public:
    Claim(Idempotency& owner, db::Connection& conn, Key key, std::string holder);
    ~Claim();
    Claim(const Claim&) = delete;
    Claim& operator=(const Claim&) = delete;
    // Never throws: the handler's work is done, and its response goes out whatever
    // happens to the key.
    void finish(const web::Response& res);

   private:
    void release() noexcept;

    Idempotency& owner_;
    db::Connection& conn_;
    Key key_;
    std::string holder_;
    std::uint64_t slot_;
    bool done_ = false;
  };

  // A keyed request either replays a stored response or runs holding the claim.
  struct Start {
    std::optional<web::Response> replay;
    std::unique_ptr<Claim> claim;
  };
  // 422 when the key was used with another fingerprint, 409 while its first request runs.
  domain::Result<Start> start(db::Connection& conn, const Key& key, const std::string& fingerprint);
  // Whether `key` has a row that has not expired (stored or in flight).
  bool known(db::Connection& conn, const Key& key);
  // One round of the background thread's work, now (tests).
  void renew_claims();
  std::int64_t prune_expired();

 private:
  struct Held {
    repos::idempotency_keys::Key row;
    std::string holder;
    bool lost = false;
  };
  std::uint64_t hold(const repos::idempotency_keys::Key& row, const std::string& holder);
  void unhold(std::uint64_t slot);
  void loop();
  db::Connection& connection();  // the thread's own; under work_mu_

  db::ConnectionFactory connect_;
  IdempotencyOptions options_;
  web::Logger& logger_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::uint64_t next_slot_ = 0;
  std::map<std::uint64_t, Held> held_;
  std::mutex work_mu_;  // the background connection is used by one round at a time
  std::unique_ptr<db::Connection> conn_;
  std::thread thread_;
};

}  // namespace app

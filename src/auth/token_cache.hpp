// Who a token belongs to, remembered by one node for a short time so that most
// requests skip the token lookup (one database round trip less per request).
//
// Revocation: an entry lives at most `ttl` (one second by default) after it was
// read from the database, so a token deleted, or a user deactivated or given another
// role, on any node is refused everywhere within that time; the node where it
// happens clears its own entries at once (Dispatcher). A token past its expiry is
// refused from the cache too. Only valid tokens of active users are remembered.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/models.hpp"

namespace auth {

class TokenCache {
 public:
  using Clock = std::chrono::steady_clock;

  explicit TokenCache(Clock::duration ttl = std::chrono::seconds(1), std::size_t capacity = 10000)
      : ttl_(ttl), capacity_(capacity) {}

  // The principal of `key_hash` if it was stored less than `ttl` before `now` and
  // its token's expiry (RFC 3339, as stored) is after `now_rfc3339`.
  std::optional<domain::Principal> find(const std::string& key_hash, Clock::time_point now,
                                        const std::string& now_rfc3339);
  void store(const std::string& key_hash, const domain::Principal& who, std::string expires_at,
             Clock::time_point now);
  void clear();
  std::size_t size();
  // While suspended the cache remembers nothing and finds nothing: every request reads
  // its token from the database. A node on PostgreSQL suspends it whenever it does not
  // hear of revocations (app/token_revocations.hpp).
  void suspend();
  // Forgets everything, then remembers again.
  void resume();
  // A node that hears of revocations (app/token_revocations.hpp) tells the cache how to
  // know that news is arriving: while `news_pending` answers true, nothing is found.
  // Set once, before the cache is used.
  void set_news_check(std::function<bool()> news_pending) {
    news_pending_ = std::move(news_pending);
  }
  // How many times the cache was cleared: a node that announced a revocation waits until
  // the announcement came back to it (wait_for_clear), as it reaches every node.
  std::uint64_t clears();
  // Waits until clears() exceeds `seen`, at most `timeout`; false on the timeout, and at
  // once when the cache does not hear of revocations (no news check, or suspended).
  bool wait_for_clear(std::uint64_t seen, Clock::duration timeout);

 private:
  struct Entry {
    domain::Principal who;
    std::string expires_at;
    Clock::time_point stored;
  };
  void drop_stale(Clock::time_point now);

  Clock::duration ttl_;
  std::size_t capacity_;
  std::atomic<bool> suspended_{false};
  std::function<bool()> news_pending_;
  std::uint64_t clears_ = 0;
  std::condition_variable cleared_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace auth

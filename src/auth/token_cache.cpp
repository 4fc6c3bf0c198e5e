#include "auth/token_cache.hpp"

namespace auth {

std::optional<domain::Principal> TokenCache::find(const std::string& key_hash,
                                                  Clock::time_point now,
                                                  const std::string& now_rfc3339) {
  if (ttl_ <= Clock::duration::zero() || suspended_) return std::nullopt;
  if (news_pending_ && news_pending_()) return std::nullopt;  // it may be a revocation
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key_hash);
  if (it == entries_.end()) return std::nullopt;
  if (now - it->second.stored >= ttl_ || it->second.expires_at <= now_rfc3339) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.who;
}

void TokenCache::store(const std::string& key_hash, const domain::Principal& who,
                       std::string expires_at, Clock::time_point now) {
  if (ttl_ <= Clock::duration::zero()) return;
  std::lock_guard lock(mutex_);
  // Checked under the lock: suspend() clears under it too, so nothing read before a
  // suspension is stored after it.
  if (suspended_) return;
  if (entries_.size() >= capacity_) drop_stale(now);
  // Still full of live entries (many tokens within one ttl): start over rather than
  // grow; the cost is one lookup per token.
  if (entries_.size() >= capacity_) entries_.clear();
  entries_.insert_or_assign(key_hash, Entry{who, std::move(expires_at), now});
}

void TokenCache::clear() {
  {
    std::lock_guard lock(mutex_);
    entries_.clear();
    ++clears_;
  }
  cleared_.notify_all();
}

std::uint64_t TokenCache::clears() {
  std::lock_guard lock(mutex_);
  return clears_;
}

bool TokenCache::wait_for_clear(std::uint64_t seen, Clock::duration timeout) {
  std::unique_lock lock(mutex_);
  if (!news_pending_ || suspended_) return false;
  return cleared_.wait_for(lock, timeout, [&] { return clears_ > seen || suspended_; });
}

void TokenCache::suspend() {
  std::lock_guard lock(mutex_);
  suspended_ = true;
  entries_.clear();
}

void TokenCache::resume() {
  std::lock_guard lock(mutex_);
  entries_.clear();
  suspended_ = false;
}

std::size_t TokenCache::size() {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void TokenCache::drop_stale(Clock::time_point now) {
  std::erase_if(entries_, [&](const auto& e) { return now - e.second.stored >= ttl_; });
}

}  // namespace auth

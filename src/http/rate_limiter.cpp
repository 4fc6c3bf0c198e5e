#include "http/rate_limiter.hpp"

#include <boost/asio/ip/address.hpp>

#include <algorithm>

namespace web {

RateDecision RateLimiter::take(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = windows_.find(key);
  if (it != windows_.end() && now >= it->second.start + kWindow) {
    it->second = Window{now, 0};
  }
  if (it == windows_.end()) {
    if (windows_.size() >= max_keys_) make_room(now);
    it = windows_.emplace(key, Window{now, 0}).first;
  }
  Window& w = it->second;
  const auto left = w.start + kWindow - now;
  RateDecision d;
  d.limit = limit_;
  d.reset_seconds = static_cast<int>(std::chrono::ceil<std::chrono::seconds>(left).count());
  if (d.reset_seconds < 1) d.reset_seconds = 1;
  if (w.count >= limit_) {
    d.allowed = false;
    d.remaining = 0;
    return d;
  }
  ++w.count;
  d.remaining = limit_ - w.count;
  return d;
}

RateDecision RateLimiter::peek(const std::string& key, Clock::time_point now) const {
  std::lock_guard lock(mu_);
  RateDecision d{true, limit_, limit_, static_cast<int>(kWindow.count())};
  auto it = windows_.find(key);
  if (it == windows_.end() || now >= it->second.start + kWindow) return d;
  d.remaining = limit_ - it->second.count;
  d.allowed = d.remaining > 0;
  d.reset_seconds = std::max(
      1, static_cast<int>(
             std::chrono::ceil<std::chrono::seconds>(it->second.start + kWindow - now).count()));
  return d;
}

std::size_t RateLimiter::keys() const {
  std::lock_guard lock(mu_);
  return windows_.size();
}

void RateLimiter::make_room(Clock::time_point now) {
  for (auto it = windows_.begin(); it != windows_.end();) {
    it = now >= it->second.start + kWindow ? windows_.erase(it) : std::next(it);
  }
  // Still full of live windows (a flood of distinct keys): one is forgotten, so
  // that memory stays bounded; its owner starts a new window.
  if (windows_.size() >= max_keys_) windows_.erase(windows_.begin());
}

std::string client_key(std::string_view address) {
  boost::system::error_code ec;
  auto a = boost::asio::ip::make_address(std::string(address), ec);
  if (ec || !a.is_v6()) return std::string(address);
  auto v6 = a.to_v6();
  if (v6.is_v4_mapped()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_string();
  }
  auto bytes = v6.to_bytes();
  for (std::size_t i = 8; i < bytes.size(); ++i) bytes[i] = 0;
  return boost::asio::ip::address_v6(bytes).to_string() + "/64";
}

}  // namespace web

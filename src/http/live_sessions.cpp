#include "http/live_sessions.hpp"

#include "http/session.hpp"

namespace web {

LiveSessions::Ticket::~Ticket() {
  if (!session_) return;
  session_->close();
  set_->leave(session_);
}

std::optional<LiveSessions::Ticket> LiveSessions::enter(std::shared_ptr<Session> session) {
  std::lock_guard lock(mu_);
  if (sessions_.size() >= max_) return std::nullopt;
  sessions_.insert(session);
  return Ticket(*this, std::move(session));
}

std::vector<std::shared_ptr<Session>> LiveSessions::drain(std::function<void()> drained) {
  std::lock_guard lock(mu_);
  draining_ = true;
  drained_ = std::move(drained);
  return {sessions_.begin(), sessions_.end()};
}

void LiveSessions::forget_drained() {
  std::lock_guard lock(mu_);
  drained_ = nullptr;
}

bool LiveSessions::empty() const {
  std::lock_guard lock(mu_);
  return sessions_.empty();
}

std::size_t LiveSessions::size() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

void LiveSessions::leave(const std::shared_ptr<Session>& session) {
  std::function<void()> drained;
  {
    std::lock_guard lock(mu_);
    sessions_.erase(session);
    if (draining_ && sessions_.empty()) drained = drained_;
  }
  if (drained) drained();
}

}  // namespace web

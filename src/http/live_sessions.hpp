// The connections a server has open: counted against --max-connections, and
// closed or waited for by a shutdown. A session belongs to the set for as long
// as its Ticket lives; the ticket's end closes the session and gives its place
// back, so a session that ends by an exception is gone as surely as one that
// answered, and a shutdown never waits for it.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

namespace web {

class Session;

class LiveSessions {
 public:
  // A session's place in the set.
  class Ticket {
   public:
    Ticket(Ticket&& other) noexcept = default;
    Ticket& operator=(Ticket&&) = delete;
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;
    // Closes the session's connection and takes it out of the set.
    ~Ticket();

   private:
    friend class LiveSessions;
    Ticket(LiveSessions& set, std::shared_ptr<Session> session)
        : set_(&set), session_(std::move(session)) {}

    LiveSessions* set_;
    std::shared_ptr<Session> session_;  // empty once moved from
  };

  explicit LiveSessions(std::size_t max) : max_(max) {}

  // A place for `session`, or none when `max` sessions are open already.
  std::optional<Ticket> enter(std::shared_ptr<Session> session);
  // The sessions open now; from now on `drained` runs (on the thread of the last
  // session to end) once none is left.
  std::vector<std::shared_ptr<Session>> drain(std::function<void()> drained);
  // No more `drained` calls: what it would reach is being destroyed.
  void forget_drained();
  bool empty() const;
  std::size_t size() const;

 private:
  void leave(const std::shared_ptr<Session>& session);

  const std::size_t max_;
  mutable std::mutex mu_;
  std::set<std::shared_ptr<Session>> sessions_;
  bool draining_ = false;
  std::function<void()> drained_;
};

}  // namespace web

#include "db/pool.hpp"

#include <algorithm>

namespace db {

Pool::Pool(ConnectionFactory factory, std::size_t size)
    : factory_(std::move(factory)), size_(size == 0 ? 1 : size) {}

Pool::~Pool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  stop_.notify_all();
  if (maintenance_.joinable()) maintenance_.join();
}

Pool::Lease Pool::acquire() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !idle_.empty() || opened_ < size_; });
  if (!idle_.empty()) {
    auto c = std::move(idle_.back());
    idle_.pop_back();
    lock.unlock();
    Lease lease(*this, std::move(c));
    lease->checkout();  // may throw (unavailable): the lease gives the connection back
    return lease;
  }
  ++opened_;
  lock.unlock();
  try {
    return Lease(*this, factory_());
  } catch (...) {
    lock.lock();
    --opened_;
    cv_.notify_one();
    throw;
  }
}

void Pool::give_back(std::unique_ptr<Connection> c) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(c));
  }
  cv_.notify_one();
}

void Pool::maintain(std::chrono::milliseconds first, std::chrono::milliseconds every) {
  maintenance_ = std::thread([this, first, every] { maintain_loop(first, every); });
}

void Pool::maintain_loop(std::chrono::milliseconds first, std::chrono::milliseconds every) {
  auto next = std::chrono::steady_clock::now() + first;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      if (stop_.wait_until(lock, next, [this] { return stopping_; })) return;
    }
    optimize_idle();
    next = std::chrono::steady_clock::now() + every;
  }
}

void Pool::optimize_idle() {
  // One connection at a time, so that the others stay free for requests.
  std::vector<const Connection*> done;
  for (;;) {
    std::unique_ptr<Connection> c;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      auto it = std::find_if(idle_.begin(), idle_.end(), [&done](const auto& idle) {
        return std::find(done.begin(), done.end(), idle.get()) == done.end();
      });
      if (it == idle_.end()) return;
      c = std::move(*it);
      idle_.erase(it);
    }
    done.push_back(c.get());
    try {
      c->optimize();
    } catch (...) {
      // Busy or unavailable now: the next round tries again.
    }
    give_back(std::move(c));
  }
}

}  // namespace db

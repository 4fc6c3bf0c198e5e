#include "db/pool.hpp"

namespace db {

Pool::Pool(ConnectionFactory factory, std::size_t size)
    : factory_(std::move(factory)), size_(size == 0 ? 1 : size) {}

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

}  // namespace db

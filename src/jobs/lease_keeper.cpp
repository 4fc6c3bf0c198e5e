#include "jobs/lease_keeper.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "repos/background_jobs_repo.hpp"
#include "util/clock.hpp"

namespace jobs {

LeaseKeeper::LeaseKeeper(db::Pool& pool, std::chrono::seconds lease, web::Logger& logger)
    : pool_(pool),
      lease_(lease),
      interval_(std::max<std::chrono::milliseconds>(
          std::chrono::duration_cast<std::chrono::milliseconds>(lease) / 3,
          std::chrono::milliseconds(100))),
      logger_(logger),
      thread_([this] { loop(); }) {}

LeaseKeeper::~LeaseKeeper() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

LeaseKeeper::Hold LeaseKeeper::hold(const domain::BackgroundJob& job) {
  std::lock_guard lock(mu_);
  const std::uint64_t key = ++next_key_;
  held_[key] = Held{job.id, job.locked_by};
  return Hold(*this, key);
}

void LeaseKeeper::release(std::uint64_t key) {
  std::lock_guard lock(mu_);
  held_.erase(key);
}

void LeaseKeeper::loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, interval_, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    renew_all();
    lock.lock();
  }
}

void LeaseKeeper::renew_all() {
  std::vector<std::pair<std::uint64_t, Held>> now_held;
  {
    std::lock_guard lock(mu_);
    for (const auto& [key, h] : held_) {
      if (!h.lost) now_held.emplace_back(key, h);
    }
  }
  if (now_held.empty()) return;
  try {
    auto conn = pool_.acquire();
    const std::string until = util::rfc3339_in(lease_);
    for (const auto& [key, h] : now_held) {
      if (!repos::background_jobs::renew(*conn, h.id, h.holder, until)) {
        {
          std::lock_guard lock(mu_);
          if (auto it = held_.find(key); it != held_.end()) it->second.lost = true;
        }
        logger_.message("warn", "job " + std::to_string(h.id) +
                                    ": no longer held (its lease ran out and another worker took "
                                    "it, or its answer was deleted); this run's outcome will "
                                    "not be recorded");
      }
    }
  } catch (const std::exception& e) {
    // The database is away: the next round tries again, and if the lease runs out
    // meanwhile, the fencing decides who records the outcome.
    logger_.message("warn", std::string("job leases: renewal failed: ") + e.what());
  }
}

}  // namespace jobs

// Keeps the leases of the jobs a process is working on: every lease/3 it renews each
// held job's lease (fenced on its holder), so that a short lease is safe for a long
// job and the job of a worker that died is taken again within one lease. A renewal
// that finds the job no longer held marks the hold lost: another worker has it now,
// and this one's outcome will be refused anyway (repos/background_jobs_repo).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "db/pool.hpp"
#include "domain/answers.hpp"
#include "http/access_log.hpp"

namespace jobs {

class LeaseKeeper {
 public:
  LeaseKeeper(db::Pool& pool, std::chrono::seconds lease, web::Logger& logger);
  ~LeaseKeeper();
  LeaseKeeper(const LeaseKeeper&) = delete;
  LeaseKeeper& operator=(const LeaseKeeper&) = delete;

  // The lease of one job is renewed while its Hold lives.
  class Hold {
   public:
    Hold(LeaseKeeper& keeper, std::uint64_t key, std::shared_ptr<std::atomic<bool>> lost)
        : keeper_(&keeper), key_(key), lost_(std::move(lost)) {}
    Hold(Hold&& o) noexcept : keeper_(o.keeper_), key_(o.key_), lost_(std::move(o.lost_)) {
      o.keeper_ = nullptr;
    }
    Hold& operator=(Hold&&) = delete;
    ~Hold() {
      if (keeper_) keeper_->release(key_);
    }
    // True once a renewal found the job held by someone else.
    bool lost() const { return lost_->load(); }

   private:
    LeaseKeeper* keeper_;
    std::uint64_t key_;
    std::shared_ptr<std::atomic<bool>> lost_;
  };

  Hold hold(const domain::BackgroundJob& job);
  // How often leases are renewed: a third of the lease.
  std::chrono::milliseconds interval() const { return interval_; }

 private:
  struct Held {
    std::int64_t id = 0;
    std::string holder;
    std::shared_ptr<std::atomic<bool>> lost;
  };
  void release(std::uint64_t key);
  void loop();
  void renew_all();

  db::Pool& pool_;
  std::chrono::seconds lease_;
  std::chrono::milliseconds interval_;
  web::Logger& logger_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::uint64_t next_key_ = 0;
  std::map<std::uint64_t, Held> held_;
  std::thread thread_;
};

}  // namespace jobs

// Keeps the leases of the jobs a process is working on: every lease/3 it renews each
// held job's lease (fenced on its holder), so that a short lease is safe for a long
// job and the job of a worker that died is taken again within one lease. A renewal
// that finds the job no longer held stops renewing it: another worker has it now (or it
// went with its answer), and this run's outcome will be refused anyway
// (repos/background_jobs_repo).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
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
    Hold(LeaseKeeper& keeper, std::uint64_t key) : keeper_(&keeper), key_(key) {}
    Hold(Hold&& o) noexcept : keeper_(o.keeper_), key_(o.key_) { o.keeper_ = nullptr; }
    Hold& operator=(Hold&&) = delete;
    ~Hold() {
      if (keeper_) keeper_->release(key_);
    }

   private:
    LeaseKeeper* keeper_;
    std::uint64_t key_;
  };

  Hold hold(const domain::BackgroundJob& job);

 private:
  struct Held {
    std::int64_t id = 0;
    std::string holder;
    bool lost = false;  // a renewal found it no longer held: not renewed again
  };
  void release(std::uint64_t key);
  void loop();
  void renew_all();

  db::Pool& pool_;
  std::chrono::seconds lease_;
  std::chrono::milliseconds interval_;  // a third of the lease
  web::Logger& logger_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::uint64_t next_key_ = 0;
  std::map<std::uint64_t, Held> held_;
  std::thread thread_;
};

}  // namespace jobs

// A fixed set of connections shared by the handler threads. acquire() blocks
// until one is free; the lease gives it back when it goes out of scope. maintain()
// runs each connection's upkeep (Connection::optimize) on a schedule.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "db/connection.hpp"

namespace db {

using ConnectionFactory = std::function<std::unique_ptr<Connection>()>;

class Pool {
 public:
  Pool(ConnectionFactory factory, std::size_t size);
  ~Pool();
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> c) : pool_(&pool), c_(std::move(c)) {}
    Lease(Lease&& o) noexcept : pool_(o.pool_), c_(std::move(o.c_)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (c_) pool_->give_back(std::move(c_));
    }
    Connection& operator*() { return *c_; }
    Connection* operator->() { return c_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> c_;
  };

  Lease acquire();
  std::size_t size() const { return size_; }

  // From `first` on, then every `every`, calls optimize() on each idle connection in
  // turn, on a thread of its own, until the pool goes. A connection in use meanwhile
  // waits for the next round, and so does one whose optimize() failed. Call it once.
  void maintain(std::chrono::milliseconds first, std::chrono::milliseconds every);

 private:
  void give_back(std::unique_ptr<Connection> c);
  void maintain_loop(std::chrono::milliseconds first, std::chrono::milliseconds every);
  void optimize_idle();

  ConnectionFactory factory_;
  std::size_t size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::size_t opened_ = 0;
  bool stopping_ = false;
  std::condition_variable stop_;
  std::thread maintenance_;
};

}  // namespace db

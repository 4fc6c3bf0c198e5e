// Background workers for the durable job queue: each thread claims a due job
// (or one whose lease ran out because its worker died), processes the answer's
// media with FFmpeg's libraries, stores the results, and records the outcome,
// retrying failures that may pass with backoff.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "db/pool.hpp"
#include "http/access_log.hpp"
#include "domain/answers.hpp"
#include "storage/storage.hpp"

namespace jobs {

struct WorkerOptions {
  int threads = 1;
  std::chrono::seconds lease{120};            // a claimed job is someone else's after this
  std::chrono::seconds processing_limit{60};  // time box of one media file
  std::chrono::milliseconds idle_poll{500};   // how often an idle worker looks for due jobs
  std::string scratch_dir;                    // temp files of processing
};

class MediaWorkers {
 public:
  MediaWorkers(WorkerOptions options, db::Pool& pool, storage::Storage& storage,
               web::Logger& logger);
  ~MediaWorkers();
  MediaWorkers(const MediaWorkers&) = delete;
  MediaWorkers& operator=(const MediaWorkers&) = delete;

  void start();
  // Wakes an idle worker now (a job was just queued in this process).
  void notify();
  // Lets running jobs finish, then joins.
  void stop();
  // Claims and runs due jobs until none is left; returns how many ran (tests, CLI).
  int run_due_jobs();

 private:
  void loop(int index);
  // Claims one due job and runs it; false when there was none.
  bool run_one(const std::string& worker_name);
  void process(const domain::BackgroundJob& job);

  WorkerOptions options_;
  db::Pool& pool_;
  storage::Storage& storage_;
  web::Logger& logger_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  std::uint64_t wakeups_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace jobs

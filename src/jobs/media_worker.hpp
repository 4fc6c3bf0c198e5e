// Background workers for the durable job queue: each thread claims a due job
// (or one whose lease ran out because its worker died), processes the answer's
// media with FFmpeg's libraries, stores the results, and records the outcome,
// retrying failures that may pass with backoff. The lease of a job in hand is renewed
// while it runs (LeaseKeeper); every outcome is written only if this run still holds
// the job, and a job whose runs were all cut short fails after its attempts.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "db/pool.hpp"
#include "domain/answers.hpp"
#include "http/access_log.hpp"
#include "jobs/lease_keeper.hpp"
#include "repos/answers_repo.hpp"
#include "storage/storage.hpp"

namespace jobs {

// Why a processing attempt failed, as media.error tells the answer's owner.
enum class FailureKind {
  kNotMedia,     // the file is not usable media (never will be)
  kTimedOut,     // processing did not finish within its time box
  kStorage,      // the media storage failed or could not be reached
  kInputGone,    // the uploaded file is no longer in storage
  kInterrupted,  // every attempt ended without an outcome (its worker died or hung)
  kInternal,     // anything else on the server's side (database, scratch folder, ...)
};

// The text stored in media.error (and shown in the answer's JSON): fixed words per kind,
// never a path, URL or library message of the server's own (those go to the log). For
// kNotMedia, `media_detail` is media's own account of what is wrong with the file, used
// when it holds nothing that looks like a path.
std::string failure_reason(FailureKind kind, std::string_view media_detail = {});

struct WorkerOptions {
  int threads = 1;
  std::chrono::seconds lease{30};  // a claimed job is someone else's after this, unless renewed
  std::chrono::seconds processing_limit{60};  // time box of one media file
  std::chrono::milliseconds idle_poll{500};   // how often an idle worker looks for due jobs
  std::string scratch_dir;                    // temp files of processing
  // Called by a worker thread after it claims a job and before it runs it (a worker
  // process sets its CPU allowance for the job there: jobs/worker_limits.hpp).
  std::function<void()> before_job;
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
  // Fails the jobs left without attempts by runs that never ended, on their answers too.
  void fail_abandoned();
  // Runs a claimed job to an outcome; whatever it throws becomes a retry or a failure.
  void process(const domain::BackgroundJob& job);
  void process_answer(const domain::BackgroundJob& job);
  // An unfinished resumable upload whose time ran out: removed with its bytes.
  void expire_upload(const domain::BackgroundJob& job);
  // Downloads, processes and stores the derived files of the answer's video; records them
  // unless the answer was deleted meanwhile (then removes them). Throws on failure.
  void process_video(const domain::BackgroundJob& job, std::int64_t answer_id,
                     const std::string& video_key);
  // Records a failed attempt: `reason` on the answer (see failure_reason), `detail` in
  // the log and on the job; tried again later when `transient` and attempts are left.
  // Nothing is written when this run no longer holds the job.
  // Records the job done and the answer's derived files, if this run still holds the
  // job and the answer still exists; when not, why not (the caller removes the files).
  enum class Recorded { kYes, kAnswerGone, kLeaseLost };
  Recorded record_ready(const domain::BackgroundJob& job, std::int64_t answer_id,
                        const repos::answers::MediaResult& result);
  void record_failure(const domain::BackgroundJob& job, const std::string& reason,
                      const std::string& detail, bool transient);

  WorkerOptions options_;
  db::Pool& pool_;
  storage::Storage& storage_;
  web::Logger& logger_;
  LeaseKeeper leases_;
  // When fail_abandoned looks next (steady_clock ticks); one thread of many does.
  std::atomic<std::chrono::steady_clock::rep> next_abandoned_check_{0};
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  std::uint64_t wakeups_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace jobs

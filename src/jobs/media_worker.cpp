#include "jobs/media_worker.hpp"

#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "db/error.hpp"
#include "media/process_media.hpp"
#include "repos/answers_repo.hpp"
#include "repos/background_jobs_repo.hpp"
#include "services/tus_service.hpp"
#include "services/webhook_events.hpp"
#include "storage/spool.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"

namespace jobs {

namespace {

constexpr const char* kProcessMedia = "process_media";

// answer.failed, with the reason the answer's owner reads.
void answer_failed(db::Connection& c, std::int64_t org_id, std::int64_t answer_id,
                   const std::string& reason) {
  services::webhook_events::answer_event(
      c, org_id, "answer.failed", answer_id, {},
      [&](json::Writer& w) {
        json::field(w, "media_status", "failed");
        json::field(w, "error", reason);
      },
      util::now_rfc3339());
}

// The folder of one run's derived files: "{org}/answers/{uuid}/derived/{job}-{attempt}/"
// of the answer's video key. Under derived/, so that no name of an uploaded file (say
// "audio.m4a") is ever the name of a derived one; one folder per run, so that a run
// whose lease was lost removes only its own files, never those of the run that won.
std::string derived_folder(const std::string& video_key, const domain::BackgroundJob& job) {
  auto slash = video_key.rfind('/');
  return (slash == std::string::npos ? video_key + "/" : video_key.substr(0, slash + 1)) +
         "derived/" + std::to_string(job.id) + "-" + std::to_string(job.attempts) + "/";
}

// A failed attempt, thrown out of processing: the words for the answer's owner, and what
// happened, for the log.
struct JobFailure : std::runtime_error {
  JobFailure(FailureKind kind, const std::string& detail, bool transient,
             std::string_view media_detail = {})
      : std::runtime_error(detail),
        reason(failure_reason(kind, media_detail)),
        transient(transient) {}
  std::string reason;
  bool transient;
};

// A scratch folder for one job, removed when processing ends, whatever happens; it is
// locked while it exists, so that the spool sweep of another process leaves it alone.
storage::spool::Folder scratch_folder(const std::string& spool_dir) {
  try {
    return storage::spool::Folder(spool_dir, "job");
  } catch (const storage::Error& e) {
    throw JobFailure(FailureKind::kInternal,
                     "cannot create a scratch folder in " + spool_dir + ": " + e.what(), true);
  }
}

}  // namespace

std::string failure_reason(FailureKind kind, std::string_view media_detail) {
  switch (kind) {
    case FailureKind::kNotMedia:
      // media writes these for the user; a slash would be the first sign of a path.
      if (!media_detail.empty() && media_detail.find('/') == std::string_view::npos) {
        return std::string(media_detail);
      }
      return "The file is not usable media.";
    case FailureKind::kTimedOut:
      return "Processing the file did not finish in time.";
    case FailureKind::kStorage:
      return "The media storage could not be reached.";
    case FailureKind::kInputGone:
      return "The uploaded file is no longer in storage.";
    case FailureKind::kInterrupted:
      return "Processing the file was interrupted too many times.";
    case FailureKind::kInternal:
      break;
  }
  return "The file could not be processed because of a server error.";
}

MediaWorkers::MediaWorkers(WorkerOptions options, db::Pool& pool, storage::Storage& storage,
                           web::Logger& logger)
    : options_(std::move(options)),
      pool_(pool),
      storage_(storage),
      logger_(logger),
      leases_(pool, options_.lease, logger) {}

MediaWorkers::~MediaWorkers() {
  stop();
}

void MediaWorkers::start() {
  for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this, i] { loop(i); });
}

void MediaWorkers::notify() {
  {
    std::lock_guard lock(mu_);
    ++wakeups_;
  }
  cv_.notify_one();
}

void MediaWorkers::stop() {
  stopping_ = true;
  cv_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

int MediaWorkers::run_due_jobs() {
  const std::string name = "cli-" + std::to_string(::getpid());
  int ran = 0;
  while (run_one(name)) ++ran;
  return ran;
}

void MediaWorkers::loop(int index) {
  char host[128] = {};
  ::gethostname(host, sizeof host - 1);
  const std::string name =
      std::string(host) + ":" + std::to_string(::getpid()) + ":" + std::to_string(index);
  while (!stopping_) {
    bool ran = false;
    try {
      ran = run_one(name);
    } catch (const std::exception& e) {
      logger_.message("warn", std::string("media worker: ") + e.what());
    }
    if (ran) continue;
    std::unique_lock lock(mu_);
    const auto seen = wakeups_;
    cv_.wait_for(lock, options_.idle_poll, [&] { return stopping_ || wakeups_ != seen; });
  }
}

bool MediaWorkers::run_one(const std::string& worker_name) {
  fail_abandoned();
  std::optional<domain::BackgroundJob> job;
  {
    auto conn = pool_.acquire();
    // The holder is unique per claim: a later claim of the same job by this very
    // worker is a different holder, so the fencing tells the two runs apart.
    job = repos::background_jobs::claim(*conn, worker_name + ":" + util::random_hex(6),
                                        util::now_rfc3339(), util::rfc3339_in(options_.lease));
  }
  if (!job) return false;
  if (options_.before_job) options_.before_job();
  const auto hold = leases_.hold(*job);
  process(*job);
  return true;
}

void MediaWorkers::fail_abandoned() {
  // A lease runs out at most once per lease: looking every third of one is enough, and
  // keeps this write off most polls of an idle worker.
  const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
  auto due = next_abandoned_check_.load();
  if (now < due) return;
  const auto every = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration_cast<std::chrono::milliseconds>(options_.lease) / 3);
  if (!next_abandoned_check_.compare_exchange_strong(due, now + every.count())) return;
  std::vector<repos::background_jobs::Abandoned> abandoned;
  {
    auto conn = pool_.acquire();
    db::Transaction tx(*conn, true);
    abandoned = repos::background_jobs::fail_abandoned(
        *conn, "every attempt ended without an outcome (the worker died or hung)",
        util::now_rfc3339());
    for (const auto& a : abandoned) {
      if (a.answer_id) {
        repos::answers::set_media_status(*conn, *a.answer_id, domain::MediaStatus::kFailed,
                                         failure_reason(FailureKind::kInterrupted));
        answer_failed(*conn, a.org_id, *a.answer_id, failure_reason(FailureKind::kInterrupted));
      }
    }
    tx.commit();
  }
  for (const auto& a : abandoned) {
    logger_.message("warn", "job " + std::to_string(a.id) + " failed: its " +
                                std::to_string(a.attempts) +
                                " attempts all ended without an outcome");
  }
}

void MediaWorkers::record_failure(const domain::BackgroundJob& job, const std::string& reason,
                                  const std::string& detail, bool transient) {
  auto conn = pool_.acquire();
  db::Transaction tx(*conn, true);
  const std::string now = util::now_rfc3339();
  const bool again = transient && job.attempts < job.max_attempts;
  // 2, 4, 8, ... seconds.
  const auto backoff = std::chrono::seconds(1LL << std::min<std::int64_t>(job.attempts, 10));
  const bool held = again
                        ? repos::background_jobs::retry_later(*conn, job.id, job.locked_by, detail,
                                                              util::rfc3339_in(backoff), now)
                        : repos::background_jobs::fail(*conn, job.id, job.locked_by, detail, now);
  if (!held) {
    logger_.message("warn", "job " + std::to_string(job.id) + " attempt " +
                                std::to_string(job.attempts) + " failed (" + detail +
                                ") after its lease was lost; the run that holds it decides");
    return;  // rolled back: nothing of this run is written
  }
  if (job.answer_id) {
    repos::answers::set_media_status(
        *conn, *job.answer_id, again ? domain::MediaStatus::kPending : domain::MediaStatus::kFailed,
        reason);
    if (!again) answer_failed(*conn, job.org_id, *job.answer_id, reason);
  }
  tx.commit();
  logger_.message("warn", "job " + std::to_string(job.id) + " (" + job.kind + ") attempt " +
                              std::to_string(job.attempts) + " failed: " + detail);
}

void MediaWorkers::process(const domain::BackgroundJob& job) {
  // Whatever goes wrong, the answer's owner reads fixed words; paths, URLs and library
  // messages go to the log only. If even recording the failure fails (the database is
  // away), the lease runs out and another run takes the job.
  try {
    try {
      if (job.kind == services::tus::kExpireJob) {
        expire_upload(job);
      } else {
        process_answer(job);
      }
    } catch (const JobFailure& e) {
      record_failure(job, e.reason, e.what(), e.transient);
    } catch (const storage::Error& e) {
      record_failure(job, failure_reason(FailureKind::kStorage), e.what(), true);
    } catch (const std::exception& e) {
      record_failure(job, failure_reason(FailureKind::kInternal), e.what(), true);
    } catch (...) {
      record_failure(job, failure_reason(FailureKind::kInternal), "an unknown exception", true);
    }
  } catch (const std::exception& e) {
    logger_.message("warn",
                    "job " + std::to_string(job.id) + ": cannot record the outcome: " + e.what());
  }
}

void MediaWorkers::expire_upload(const domain::BackgroundJob& job) {
  if (!job.upload_id)
    throw JobFailure(FailureKind::kInternal, "an upload job without an upload", false);
  auto conn = pool_.acquire();
  services::tus::expire(*conn, storage_, *job.upload_id);
  repos::background_jobs::finish(*conn, job.id, job.locked_by, util::now_rfc3339());
}

void MediaWorkers::process_answer(const domain::BackgroundJob& job) {
  if (job.kind != kProcessMedia || !job.answer_id) {
    throw JobFailure(FailureKind::kInternal, "unknown job kind: " + job.kind, false);
  }
  std::optional<domain::Answer> answer;
  {
    auto conn = pool_.acquire();
    db::Transaction tx(*conn, true);
    // Only while this run holds the job: a run whose lease was lost must not mark an
    // answer `processing` that another run has finished.
    if (!repos::background_jobs::renew(*conn, job.id, job.locked_by,
                                       util::rfc3339_in(options_.lease))) {
      return;
    }
    answer = repos::answers::find(*conn, job.org_id, *job.answer_id);
    if (answer && answer->media && answer->media->video_key) {
      repos::answers::set_media_status(*conn, answer->id, domain::MediaStatus::kProcessing,
                                       std::nullopt);
    } else {
      // The answer was deleted meanwhile: nothing left to do.
      repos::background_jobs::finish(*conn, job.id, job.locked_by, util::now_rfc3339());
    }
    tx.commit();
  }
  if (answer && answer->media && answer->media->video_key) {
    process_video(job, answer->id, *answer->media->video_key);
  }
}

MediaWorkers::Recorded MediaWorkers::record_ready(const domain::BackgroundJob& job,
                                                  std::int64_t answer_id,
                                                  const repos::answers::MediaResult& result) {
  bool recorded = false;
  bool answer_gone = false;
  {
    auto conn = pool_.acquire();
    db::Transaction tx(*conn, true);
    // Not held: the lease ran out and another run has the job (it records the result),
    // or the answer was deleted while we worked and its job with it (the deletion took
    // the keys it knew; these it could not know). Either way the files just stored go.
    if (repos::background_jobs::finish(*conn, job.id, job.locked_by, util::now_rfc3339())) {
      recorded = repos::answers::set_media_ready(*conn, answer_id, result);
      if (recorded) {
        services::webhook_events::answer_event(
            *conn, job.org_id, "answer.processed", answer_id, {},
            [&](json::Writer& w) { json::field(w, "media_status", "ready"); }, util::now_rfc3339());
      }
      tx.commit();
    }
    answer_gone = !recorded && !repos::answers::find(*conn, job.org_id, answer_id);
  }
  if (recorded) return Recorded::kYes;
  return answer_gone ? Recorded::kAnswerGone : Recorded::kLeaseLost;
}

void MediaWorkers::process_video(const domain::BackgroundJob& job, std::int64_t answer_id,
                                 const std::string& video_key) {
  const storage::spool::Folder scratch = scratch_folder(options_.scratch_dir);
  const std::string input = scratch.path() + "/input";
  try {
    storage_.get_file(video_key, input);
  } catch (const storage::Error& e) {
    if (e.kind() == storage::ErrorKind::kNotFound) {
      throw JobFailure(FailureKind::kInputGone, e.what(), false);
    }
    throw;
  }
  const auto deadline = std::chrono::steady_clock::now() + options_.processing_limit;
  auto out = media::process_media(input, scratch.path(), deadline);
  if (!out) {
    // A file that is not media never will be; a time-out or a full disk may pass.
    const auto code = out.error().code;
    if (code == domain::ErrorCode::kBadRequest) {
      throw JobFailure(FailureKind::kNotMedia, out.error().detail, false, out.error().detail);
    }
    if (code == domain::ErrorCode::kUnavailable) {
      throw JobFailure(FailureKind::kTimedOut, out.error().detail, true);
    }
    throw JobFailure(FailureKind::kInternal, out.error().detail,
                     code != domain::ErrorCode::kNotFound);
  }

  repos::answers::MediaResult result;
  result.duration_seconds = out->duration_seconds;
  const std::string folder = derived_folder(video_key, job);
  std::vector<std::string> stored;
  // What this attempt stored goes again unless an answer ends up naming it.
  struct Unstore {
    storage::Storage& storage;
    std::vector<std::string>& keys;
    void remove() {
      for (const auto& key : keys) {
        try {
          storage.remove(key);
        } catch (const storage::Error&) {
          // An orphaned object costs space, not correctness.
        }
      }
      keys.clear();
    }
    ~Unstore() { remove(); }
  } unstore{storage_, stored};
  if (out->audio_path) {
    const std::string ext = std::filesystem::path(*out->audio_path).extension().string();
    result.audio_key = folder + "audio" + ext;
    result.audio_content_type = out->audio_content_type;
    stored.push_back(*result.audio_key);
    storage_.put_file(*result.audio_key, *out->audio_path, out->audio_content_type);
  }
  if (out->thumbnail_path) {
    result.thumbnail_key = folder + "thumbnail.jpg";
    stored.push_back(*result.thumbnail_key);
    storage_.put_file(*result.thumbnail_key, *out->thumbnail_path, "image/jpeg");
  }
  const Recorded recorded = record_ready(job, answer_id, result);
  if (recorded == Recorded::kYes) {
    stored.clear();  // the answer names them now
    return;
  }
  unstore.remove();
  logger_.message("info", "job " + std::to_string(job.id) + ": " +
                              (recorded == Recorded::kAnswerGone
                                   ? "answer " + std::to_string(answer_id) +
                                         " was deleted while it was processed"
                                   : std::string("the lease was lost before the end")) +
                              "; this run's derived files were removed");
}

}  // namespace jobs

#include "jobs/media_worker.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "db/error.hpp"
#include "media/process_media.hpp"
#include "repos/answers_repo.hpp"
#include "repos/background_jobs_repo.hpp"
#include "storage/spool.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"

namespace jobs {

namespace {

constexpr const char* kProcessMedia = "process_media";

// The folder of an answer's derived files: "{org}/answers/{uuid}/derived/" of its video
// key. A folder of its own, so that no name of an uploaded file (say "audio.m4a") is ever
// the name of a derived one.
std::string derived_folder(const std::string& video_key) {
  auto slash = video_key.rfind('/');
  return (slash == std::string::npos ? video_key + "/" : video_key.substr(0, slash + 1)) +
         "derived/";
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

// A scratch folder made for one job, removed when processing ends, whatever happens.
struct ScratchDir {
  explicit ScratchDir(const std::string& spool_dir) {
    std::error_code ec;
    std::filesystem::create_directories(spool_dir, ec);
    path = storage::spool::name_template(spool_dir, "job");
    if (ec || !::mkdtemp(path.data())) {
      const std::string why = ec ? ec.message() : std::strerror(errno);
      throw JobFailure(FailureKind::kInternal,
                       "cannot create a scratch folder in " + spool_dir + ": " + why, true);
    }
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string path;
};

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
    case FailureKind::kInternal:
      break;
  }
  return "The file could not be processed because of a server error.";
}

MediaWorkers::MediaWorkers(WorkerOptions options, db::Pool& pool, storage::Storage& storage,
                           web::Logger& logger)
    : options_(std::move(options)), pool_(pool), storage_(storage), logger_(logger) {}

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
  std::optional<domain::BackgroundJob> job;
  {
    auto conn = pool_.acquire();
    job = repos::background_jobs::claim(*conn, worker_name, util::now_rfc3339(),
                                        util::rfc3339_in(options_.lease));
  }
  if (!job) return false;
  process(*job);
  return true;
}

void MediaWorkers::record_failure(const domain::BackgroundJob& job, const std::string& reason,
                                  const std::string& detail, bool transient) {
  auto conn = pool_.acquire();
  db::Transaction tx(*conn, true);
  const std::string now = util::now_rfc3339();
  if (transient && job.attempts < job.max_attempts) {
    // 2, 4, 8, ... seconds.
    const auto backoff = std::chrono::seconds(1LL << std::min<std::int64_t>(job.attempts, 10));
    repos::background_jobs::retry_later(*conn, job.id, detail, util::rfc3339_in(backoff), now);
    if (job.answer_id) {
      repos::answers::set_media_status(*conn, *job.answer_id, domain::MediaStatus::kPending,
                                       reason);
    }
  } else {
    repos::background_jobs::fail(*conn, job.id, detail, now);
    if (job.answer_id) {
      repos::answers::set_media_status(*conn, *job.answer_id, domain::MediaStatus::kFailed, reason);
    }
  }
  tx.commit();
  logger_.message("warn", "job " + std::to_string(job.id) + " (" + job.kind + ") attempt " +
                              std::to_string(job.attempts) + " failed: " + detail);
}

void MediaWorkers::process(const domain::BackgroundJob& job) {
  if (job.kind != kProcessMedia || !job.answer_id) {
    record_failure(job, failure_reason(FailureKind::kInternal), "unknown job kind: " + job.kind,
                   false);
    return;
  }
  std::optional<domain::Answer> answer;
  {
    auto conn = pool_.acquire();
    answer = repos::answers::find(*conn, job.org_id, *job.answer_id);
    if (answer && answer->media) {
      repos::answers::set_media_status(*conn, answer->id, domain::MediaStatus::kProcessing,
                                       std::nullopt);
    }
  }
  if (!answer || !answer->media || !answer->media->video_key) {
    // The answer was deleted meanwhile: nothing left to do.
    auto conn = pool_.acquire();
    repos::background_jobs::finish(*conn, job.id, util::now_rfc3339());
    return;
  }
  // Whatever goes wrong, the answer's owner reads fixed words; paths, URLs and library
  // messages go to the log only.
  try {
    process_video(job, answer->id, *answer->media->video_key);
  } catch (const JobFailure& e) {
    record_failure(job, e.reason, e.what(), e.transient);
  } catch (const storage::Error& e) {
    record_failure(job, failure_reason(FailureKind::kStorage), e.what(), true);
  } catch (const std::exception& e) {
    record_failure(job, failure_reason(FailureKind::kInternal), e.what(), true);
  }
}

void MediaWorkers::process_video(const domain::BackgroundJob& job, std::int64_t answer_id,
                                 const std::string& video_key) {
  ScratchDir scratch(options_.scratch_dir);
  const std::string input = scratch.path + "/input";
  try {
    storage_.get_file(video_key, input);
  } catch (const storage::Error& e) {
    if (e.kind() == storage::ErrorKind::kNotFound) {
      throw JobFailure(FailureKind::kInputGone, e.what(), false);
    }
    throw;
  }
  const auto deadline = std::chrono::steady_clock::now() + options_.processing_limit;
  auto out = media::process_media(input, scratch.path, deadline);
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
  const std::string folder = derived_folder(video_key);
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
  bool recorded = false;
  {
    auto conn = pool_.acquire();
    db::Transaction tx(*conn, true);
    // No row changed: the answer was deleted while we worked (the deletion took the keys
    // it knew; these it could not know), so the files just stored are removed.
    recorded = repos::answers::set_media_ready(*conn, answer_id, result);
    repos::background_jobs::finish(*conn, job.id, util::now_rfc3339());
    tx.commit();
  }
  if (recorded) {
    stored.clear();  // the answer names them now
    return;
  }
  unstore.remove();
  logger_.message("info",
                  "job " + std::to_string(job.id) + ": answer " + std::to_string(answer_id) +
                      " was deleted while it was processed; its derived files were removed");
}

}  // namespace jobs

#include "jobs/media_worker.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

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

// The folder of an answer's objects: "{org}/answers/{uuid}/" of its video key.
std::string key_folder(const std::string& video_key) {
  auto slash = video_key.rfind('/');
  return slash == std::string::npos ? video_key + "/" : video_key.substr(0, slash + 1);
}

// A failure worth another attempt (storage or database trouble), as opposed to
// a file that will never decode.
struct Transient : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A scratch folder made for one job, removed when processing ends, whatever happens.
struct ScratchDir {
  explicit ScratchDir(const std::string& spool_dir) {
    std::filesystem::create_directories(spool_dir);
    path = storage::spool::name_template(spool_dir, "job");
    if (!::mkdtemp(path.data())) {
      throw Transient("cannot create a scratch folder in " + spool_dir + ": " +
                      std::strerror(errno));
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

void MediaWorkers::process(const domain::BackgroundJob& job) {
  auto record_failure = [&](const std::string& error, bool transient) {
    auto conn = pool_.acquire();
    db::Transaction tx(*conn, true);
    const std::string now = util::now_rfc3339();
    if (transient && job.attempts < job.max_attempts) {
      // 2, 4, 8, ... seconds.
      const auto backoff = std::chrono::seconds(1LL << std::min<std::int64_t>(job.attempts, 10));
      repos::background_jobs::retry_later(*conn, job.id, error, util::rfc3339_in(backoff), now);
      if (job.answer_id) repos::answers::set_media_status(*conn, *job.answer_id, "pending", error);
    } else {
      repos::background_jobs::fail(*conn, job.id, error, now);
      if (job.answer_id) repos::answers::set_media_status(*conn, *job.answer_id, "failed", error);
    }
    tx.commit();
    logger_.message("warn", "job " + std::to_string(job.id) + " (" + job.kind + ") attempt " +
                                std::to_string(job.attempts) + " failed: " + error);
  };

  if (job.kind != kProcessMedia || !job.answer_id) {
    record_failure("unknown job kind: " + job.kind, false);
    return;
  }
  std::optional<domain::Answer> answer;
  {
    auto conn = pool_.acquire();
    answer = repos::answers::find(*conn, job.org_id, *job.answer_id);
    if (answer && answer->media) {
      repos::answers::set_media_status(*conn, answer->id, "processing", std::nullopt);
    }
  }
  if (!answer || !answer->media || !answer->media->video_key) {
    // The answer was deleted meanwhile: nothing left to do.
    auto conn = pool_.acquire();
    repos::background_jobs::finish(*conn, job.id, util::now_rfc3339());
    return;
  }

  const std::string video_key = *answer->media->video_key;
  try {
    ScratchDir scratch(options_.scratch_dir);
    const std::string input = scratch.path + "/input";
    try {
      storage_.get_file(video_key, input);
    } catch (const storage::Error& e) {
      if (e.kind() == storage::ErrorKind::kNotFound) {
        record_failure("the uploaded file is gone from storage", false);
        return;
      }
      throw Transient(e.what());
    }
    const auto deadline = std::chrono::steady_clock::now() + options_.processing_limit;
    auto out = media::process_media(input, scratch.path, deadline);
    if (!out) {
      // A file that is not media never will be; a time-out or a full disk may pass.
      const auto code = out.error().code;
      const bool permanent =
          code == domain::ErrorCode::kBadRequest || code == domain::ErrorCode::kNotFound;
      record_failure(out.error().detail, !permanent);
      return;
    }
    repos::answers::MediaResult result;
    result.duration_seconds = out->duration_seconds;
    const std::string folder = key_folder(video_key);
    try {
      if (out->audio_path) {
        const std::string ext = std::filesystem::path(*out->audio_path).extension().string();
        result.audio_key = folder + "audio" + ext;
        result.audio_content_type = out->audio_content_type;
        storage_.put_file(*result.audio_key, *out->audio_path, out->audio_content_type);
      }
      if (out->thumbnail_path) {
        result.thumbnail_key = folder + "thumbnail.jpg";
        storage_.put_file(*result.thumbnail_key, *out->thumbnail_path, "image/jpeg");
      }
    } catch (const storage::Error& e) {
      throw Transient(e.what());
    }
    auto conn = pool_.acquire();
    db::Transaction tx(*conn, true);
    repos::answers::set_media_ready(*conn, answer->id, result);
    repos::background_jobs::finish(*conn, job.id, util::now_rfc3339());
    tx.commit();
  } catch (const Transient& e) {
    record_failure(e.what(), true);
  } catch (const db::Error& e) {
    record_failure(e.what(), true);
  }
}

}  // namespace jobs

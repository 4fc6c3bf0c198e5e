// A candidate's answer to a question in a screening, with its media, and the
// background jobs that process media.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/enum_names.hpp"

namespace domain {

// Where the processing of an answer's media stands.
enum class MediaStatus { kPending, kProcessing, kReady, kFailed };
inline constexpr std::array<std::string_view, 4> kMediaStatuses = {"pending", "processing", "ready",
                                                                   "failed"};
constexpr std::string_view to_string(MediaStatus s) {
  return name_of(kMediaStatuses, s);
}
constexpr std::optional<MediaStatus> parse_media_status(std::string_view s) {
  return value_of<MediaStatus>(kMediaStatuses, s);
}

struct AnswerMedia {
  MediaStatus status = MediaStatus::kPending;
  std::optional<std::string> content_type;
  std::optional<std::int64_t> size;
  std::optional<double> duration_seconds;
  std::optional<std::string> error;
  std::optional<std::string> video_key;
  std::optional<std::string> audio_key;
  std::optional<std::string> audio_content_type;
  std::optional<std::string> thumbnail_key;
};

struct Answer {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::int64_t screening_id = 0;
  std::int64_t question_id = 0;
  std::optional<std::string> text;
  std::optional<std::string> choices;  // a JSON array of strings
  std::optional<std::int64_t> rating;
  std::optional<AnswerMedia> media;
  std::string created_at;
};

// A background job's place in the queue: waiting (again, after a failed attempt),
// leased to a worker, or finished either way.
enum class BackgroundJobStatus { kQueued, kRunning, kDone, kFailed };
inline constexpr std::array<std::string_view, 4> kBackgroundJobStatuses = {"queued", "running",
                                                                           "done", "failed"};
constexpr std::string_view to_string(BackgroundJobStatus s) {
  return name_of(kBackgroundJobStatuses, s);
}
constexpr std::optional<BackgroundJobStatus> parse_background_job_status(std::string_view s) {
  return value_of<BackgroundJobStatus>(kBackgroundJobStatuses, s);
}

// A claimed background job.
struct BackgroundJob {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string kind;
  std::optional<std::int64_t> answer_id;
  std::int64_t attempts = 0;
  std::int64_t max_attempts = 0;
  // Who holds it: unique per claim, so that only this run may record its outcome.
  std::string locked_by;
  std::optional<std::int64_t> upload_id;  // a resumable upload the job is about
  std::optional<std::int64_t> endpoint_id;  // a webhook endpoint whose deliveries it sends
};

}  // namespace domain

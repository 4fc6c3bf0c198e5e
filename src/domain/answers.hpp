// A candidate's answer to a question in a screening, with its media, and the
// background jobs that process media.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace domain {

struct AnswerMedia {
  std::string status;  // pending, processing, ready, failed
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

// A claimed background job.
struct BackgroundJob {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string kind;
  std::optional<std::int64_t> answer_id;
  std::int64_t attempts = 0;
  std::int64_t max_attempts = 0;
};

}  // namespace domain

// Answers to a screening's questions: JSON answers, uploaded media (streamed to
// storage, then processed in the background), listings and deletion.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/connection.hpp"
#include "domain/answers.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"
#include "domain/questions.hpp"
#include "services/deps.hpp"
#include "storage/storage.hpp"

namespace services {

// A media file received with the request, spooled on local disk.
struct UploadedFile {
  std::string path;
  std::string filename;
  std::string content_type;
  std::uint64_t size = 0;
};

struct AnswerInput {
  std::int64_t screening_id = 0;
  std::int64_t question_id = 0;
  std::optional<std::string> text;
  std::optional<std::vector<std::string>> choices;
  std::optional<std::int64_t> rating;
  std::optional<std::string> video_key;
  std::optional<UploadedFile> file;
};

domain::Result<domain::Answer> answer_create(db::Connection& db, const Deps& deps,
                                             const domain::Principal& who, const AnswerInput& in);
domain::Result<domain::Answer> answer_get(db::Connection& db, const domain::Principal& who,
                                          std::int64_t id);
domain::Page<domain::Answer> answers_list(db::Connection& db, const domain::Principal& who,
                                          std::optional<std::int64_t> screening_id,
                                          const domain::PageRequest& page);
// The candidate's answers (all, or of one job and service); 404 for an unknown candidate.
domain::Result<domain::Page<domain::Answer>> answers_of_candidate(
    db::Connection& db, const domain::Principal& who, std::int64_t candidate_id,
    std::optional<std::int64_t> job_id, std::optional<std::int64_t> service_id,
    const domain::PageRequest& page);
// Deletes the answer, then its stored files.
domain::Status answer_delete(db::Connection& db, const Deps& deps, const domain::Principal& who,
                             std::int64_t id);

// For answers made another way (a candidate's attempts, services/candidate_service.hpp):
// what is wrong with `in` for a question of its type (the text, choices or rating
// rules of POST /answers/; empty: nothing).
// Whether media of `content_type` fit a question of `question_type` ("video" or "audio"):
// an audio question takes audio, a video question video or audio.
bool answer_media_fits(const std::string& question_type, std::string_view content_type);
domain::FieldErrors answer_type_problems(const domain::Question& q, const AnswerInput& in);
// Deletes the answer inside the caller's write transaction, its row locked first (a
// media worker recording files for it waits, then finds it gone); the storage keys of
// its files, for the caller to remove once the transaction has committed. nullopt when
// the organization has no such answer.
std::optional<std::vector<std::string>> answer_remove(db::Connection& db, std::int64_t org_id,
                                                      std::int64_t id);
// Queues the processing of a new answer's media, in the transaction that made it.
void answer_media_enqueue(db::Connection& db, std::int64_t org_id, std::int64_t answer_id,
                          const std::string& now);

}  // namespace services

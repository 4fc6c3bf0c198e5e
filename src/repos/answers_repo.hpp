// SQL for answers and their media.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/answers.hpp"
#include "domain/models.hpp"
#include "repos/insert_rows.hpp"

namespace repos::answers {

struct NewAnswer {
  std::int64_t org_id = 0;
  std::int64_t screening_id = 0;
  std::int64_t question_id = 0;
  std::optional<std::string> text;
  std::optional<std::string> choices;
  std::optional<std::int64_t> rating;
  std::optional<std::string> video_key;  // with media: pending
  std::optional<std::string> media_content_type;
  std::optional<std::int64_t> media_size;
};
// nullopt when the screening already has an answer to the question, or another
// answer holds the video key (decided by the unique indexes).
std::optional<std::int64_t> insert(db::Connection& c, const NewAnswer& a, const std::string& now);
// Many answers in multi-row statements; how many were new.
std::size_t insert_many(db::Connection& c, std::span<const Timed<NewAnswer>> rows);
// `lock`: hold the row until the transaction ends (PostgreSQL), so that a media worker
// cannot record files for it meanwhile (see set_media_ready).
std::optional<domain::Answer> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                   db::Lock lock = db::Lock::kNone);
bool exists(db::Connection& c, std::int64_t screening_id, std::int64_t question_id);
// The id of the screening's answer to the question, if it has one.
std::optional<std::int64_t> id_for_question(db::Connection& c, std::int64_t screening_id,
                                            std::int64_t question_id);

struct Filter {
  std::int64_t candidate_id = 0;
  std::optional<std::int64_t> job_id;
  std::optional<std::int64_t> service_id;
};
domain::Page<domain::Answer> of_candidate(db::Connection& c, std::int64_t org_id, const Filter& f,
                                          const domain::PageRequest& page);
domain::Page<domain::Answer> list(db::Connection& c, std::int64_t org_id,
                                  std::optional<std::int64_t> screening_id,
                                  const domain::PageRequest& page);
bool remove(db::Connection& c, std::int64_t org_id, std::int64_t id);
// Every stored object key of the candidate's answers (video, audio, thumbnail, and the
// presigned upload each answer was made from), their rows locked until the transaction
// ends so that a media worker cannot add files unseen.
std::vector<std::string> media_keys_of_candidate(db::Connection& c, std::int64_t org_id,
                                                 std::int64_t candidate_id);

// Media processing.
void set_media_status(db::Connection& c, std::int64_t answer_id, domain::MediaStatus status,
                      const std::optional<std::string>& error);
struct MediaResult {
  double duration_seconds = 0;
  std::optional<std::string> audio_key;
  std::optional<std::string> audio_content_type;
  std::optional<std::string> thumbnail_key;
};
// False when the answer is gone (deleted while it was processed): nothing was recorded,
// and the files of `r` belong to no one.
bool set_media_ready(db::Connection& c, std::int64_t answer_id, const MediaResult& r);

}  // namespace repos::answers

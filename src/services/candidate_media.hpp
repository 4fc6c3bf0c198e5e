// A candidate's recorded answer arriving through a resumable upload: whether an upload
// for an attempt may start now, and the finished upload becoming the attempt's answer,
// both within the limits the server enforces (think time, time limit, retakes).
#pragma once

#include <cstdint>
#include <string>

#include "db/connection.hpp"
#include "domain/answers.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"
#include "services/deps.hpp"

namespace services {

// Whether a media upload for `attempt_id` may start now: the attempt is the invitation's,
// the latest of its question, the question is video/audio, consent given, not submitted,
// and now <= think_deadline. Errors: 404 unknown attempt, 409 otherwise (with a detail
// saying which limit).
domain::Status check_media_start(db::Connection& db, const domain::Principal& who,
                                 std::int64_t attempt_id);

struct AttemptMedia {
  std::string key;
  std::string content_type;
  std::uint64_t size = 0;
  std::int64_t upload_started_ms = 0;
  double duration_seconds = 0;
};
// Makes the finished upload the attempt's answer (replacing the previous answer of the
// question), enqueues its processing like any video answer, records `answered` in the
// timeline. 409 and no answer when the upload started after the think deadline, the
// attempt is no longer the latest, or duration_seconds > time limit + 2 s. The object
// under `key` is already in storage; on success the answer owns it, on failure the
// caller removes it.
domain::Result<domain::Answer> accept_attempt_media(db::Connection& db, const Deps& deps,
                                                    const domain::Principal& who,
                                                    std::int64_t attempt_id,
                                                    const AttemptMedia& media);

}  // namespace services

#include "services/candidate_media.hpp"

#include "domain/invitation.hpp"
#include "services/answers_service.hpp"
#include "services/candidate_writes.hpp"
#include "storage/storage.hpp"
#include "util/clock.hpp"
#include "util/timestamps.hpp"

namespace services {

namespace {

bool is_media_question(const domain::Question& q) {
  return q.type == "video" || q.type == "audio";
}

domain::Error not_a_recording() {
  return domain::Error::conflict("This question is not answered with a recording.");
}

domain::Error think_time_over() {
  return domain::Error::conflict(
      "The think time of this attempt is over; a recording must start within it.");
}

}  // namespace

domain::Status check_media_start(db::Connection& db, const domain::Principal& who,
                                 std::int64_t attempt_id) {
  auto inv = candidate::writable_invitation(db, who, true, db::Lock::kNone);
  if (!inv) return inv.take_error();
  auto target = candidate::open_attempt(db, *inv, attempt_id);
  if (!target) return target.take_error();
  if (!is_media_question(target->question)) return not_a_recording();
  if (!domain::media_started_in_time(target->attempt, util::unix_now_ms())) {
    return think_time_over();
  }
  return domain::ok();
}

domain::Result<domain::Answer> accept_attempt_media(db::Connection& db, const Deps& deps,
                                                    const domain::Principal& who,
                                                    std::int64_t attempt_id,
                                                    const AttemptMedia& media) {
  candidate::Recorded recorded;
  {
    db::Transaction tx(db, true);
    auto inv = candidate::writable_invitation(db, who, true, db::Lock::kUpdate);
    if (!inv) return inv.take_error();
    auto target = candidate::open_attempt(db, *inv, attempt_id);
    if (!target) return target.take_error();
    const auto& q = target->question;
    if (!is_media_question(q)) return not_a_recording();
    if (!answer_media_fits(q.type, media.content_type)) {
      return domain::Error::unsupported_media("A " + q.type + " question takes a " + q.type +
                                              " file.");
    }
    if (media.size > deps.media_limit) {
      return domain::Error::too_large("The recording is too large.");
    }
    if (!domain::media_started_in_time(target->attempt, media.upload_started_ms)) {
      return think_time_over();
    }
    if (!domain::media_duration_fits(target->attempt, media.duration_seconds)) {
      return domain::Error::conflict(
          "The recording is longer than the time limit of this question.");
    }
    repos::answers::NewAnswer a;
    a.org_id = who.org_id;
    a.screening_id = inv->screening_id;
    a.question_id = q.id;
    a.video_key = media.key;
    a.media_content_type = media.content_type;
    a.media_size = static_cast<std::int64_t>(media.size);
    auto r = candidate::record_answer(db, *inv, *target, a, util::now_rfc3339());
    if (!r) return r.take_error();
    recorded = std::move(r.value());
    tx.commit();
  }
  storage::remove_quietly(*deps.storage, recorded.replaced_keys);
  return recorded.answer;
}

}  // namespace services

#include "services/feedback_service.hpp"

#include "domain/messages.hpp"
#include "repos/feedback_repo.hpp"
#include "repos/steps_repo.hpp"
#include "services/related_rows.hpp"
#include "services/webhook_events.hpp"
#include "util/clock.hpp"

namespace services {

namespace {

using domain::messages::invalid_pk;

bool may_change(const domain::Principal& who, const domain::Feedback& f) {
  return f.author_id == who.user_id || who.role == domain::Role::kAdmin;
}

}  // namespace

domain::Result<domain::Feedback> feedback_create(db::Connection& db, const domain::Principal& who,
                                                 const FeedbackInput& in) {
  db::Transaction tx(db, true);
  // Job, candidate and step are locked to share: none is deleted before the feedback is in.
  domain::FieldErrors errors;
  lock_job_and_candidate(db, who, *in.job, *in.candidate, errors);
  if (in.step) {
    auto step = repos::steps::find(db, who.org_id, *in.step, db::Lock::kShare);
    if (!step) {
      errors["step"].push_back(invalid_pk(*in.step));
    } else if (step->job_id != *in.job || step->candidate_id != *in.candidate) {
      errors["step"].push_back("The step is not this candidate's step for this job.");
    }
  }
  if (!errors.empty()) return domain::Error::invalid(errors);
  domain::Feedback f;
  f.org_id = who.org_id;
  f.job_id = *in.job;
  f.candidate_id = *in.candidate;
  f.step_id = in.step;
  f.author_id = who.user_id;
  f.rating = *in.rating;
  f.recommendation = *in.recommendation;
  f.comments = in.comments.value_or("");
  f.scores = in.scores.value_or("{}");
  auto id = repos::feedback::insert(db, f, util::now_rfc3339());
  if (!id) {
    return domain::Error::invalid("non_field_errors",
                                  in.step ? "You have already given feedback on this step."
                                          : "You have already given feedback on this candidate for "
                                            "this job.");
  }
  auto created = repos::feedback::find(db, who.org_id, *id);
  webhook_events::feedback_created(db, *created, created->created_at);
  tx.commit();
  return *created;
}

domain::Result<domain::Feedback> feedback_update(db::Connection& db, const domain::Principal& who,
                                                 std::int64_t id, const FeedbackInput& in) {
  db::Transaction tx(db, true);
  auto f = repos::feedback::find(db, who.org_id, id);
  if (!f) return domain::Error::not_found();
  if (!may_change(who, *f)) return domain::Error::forbidden();
  if (in.rating) f->rating = *in.rating;
  if (in.recommendation) f->recommendation = *in.recommendation;
  if (in.comments) f->comments = *in.comments;
  if (in.scores) f->scores = *in.scores;
  repos::feedback::update(db, *f, util::now_rfc3339());
  auto updated = repos::feedback::find(db, who.org_id, id);
  tx.commit();
  return *updated;
}

domain::Status feedback_delete(db::Connection& db, const domain::Principal& who, std::int64_t id) {
  db::Transaction tx(db, true);
  auto f = repos::feedback::find(db, who.org_id, id);
  if (!f) return domain::Error::not_found();
  if (!may_change(who, *f)) return domain::Error::forbidden();
  repos::feedback::remove(db, who.org_id, id);
  tx.commit();
  return domain::ok();
}

domain::Result<domain::Page<domain::Feedback>> feedback_of_candidate(
    db::Connection& db, const domain::Principal& who, std::int64_t job_id,
    std::int64_t candidate_id, const domain::PageRequest& page) {
  std::optional<std::int64_t> only_author;
  if (who.role == domain::Role::kInterviewer &&
      !repos::feedback::has_written(db, who.org_id, job_id, candidate_id, who.user_id)) {
    only_author = who.user_id;
  }
  auto items =
      repos::feedback::of_candidate(db, who.org_id, job_id, candidate_id, only_author, page);
  if (items.total == 0) return domain::Error::not_found("Feedback not found.");
  return items;
}

}  // namespace services

#include "services/questions_service.hpp"

#include "domain/messages.hpp"
#include "repos/question_sets_repo.hpp"
#include "repos/questions_repo.hpp"
#include "util/clock.hpp"

namespace services {

namespace {

// The question as it will be: the input over `current` (a new question's defaults).
repos::questions::Fields merge(const domain::Question& current, const QuestionInput& in) {
  repos::questions::Fields f;
  f.question_set_id = in.question_set.value_or(current.question_set_id);
  f.text = in.text.value_or(current.text);
  f.type = in.type.value_or(current.type);
  f.options = in.options.value_or(current.options);
  f.order = in.order.value_or(current.order);
  f.is_required = in.is_required.value_or(current.is_required);
  f.time_limit_seconds = in.time_limit_seconds.value_or(current.time_limit_seconds);
  f.think_time_seconds = in.think_time_seconds.value_or(current.think_time_seconds);
  f.max_retakes = in.max_retakes.value_or(current.max_retakes);
  return f;
}

// A new question set must be the organization's (locked to share, so that it is
// not deleted under the question); the options must fit the type.
domain::Status check(db::Connection& db, const domain::Principal& who,
                     const repos::questions::Fields& f, const QuestionInput& in,
                     bool new_question_set) {
  domain::FieldErrors errors;
  if (new_question_set &&
      !repos::question_sets::exists(db, who.org_id, f.question_set_id, db::Lock::kShare)) {
    errors["question_set"].push_back(domain::messages::invalid_pk(f.question_set_id));
  }
  if (auto problem = domain::options_problem(f.type, f.options, in.options.has_value())) {
    errors["options"].push_back(*problem);
  }
  if (!errors.empty()) return domain::Error::invalid(errors);
  return domain::ok();
}

}  // namespace

domain::Page<domain::Question> questions_list(db::Connection& db, const domain::Principal& who,
                                              const QuestionFilter& filter,
                                              const domain::PageRequest& page) {
  return repos::questions::list(db, who.org_id, {filter.question_set_id, filter.ids}, page);
}

domain::Result<domain::Question> question_get(db::Connection& db, const domain::Principal& who,
                                              std::int64_t id) {
  auto q = repos::questions::find(db, who.org_id, id);
  if (!q) return domain::Error::not_found();
  return *q;
}

domain::Result<domain::Question> question_create(db::Connection& db, const domain::Principal& who,
                                                 const QuestionInput& in) {
  db::Transaction tx(db, true);
  auto f = merge(domain::Question{}, in);
  if (auto st = check(db, who, f, in, true); !st) return st.take_error();
  auto q = repos::questions::insert(db, who.org_id, f, util::now_rfc3339());
  tx.commit();
  return q;
}

domain::Result<domain::Question> question_update(db::Connection& db, const domain::Principal& who,
                                                 std::int64_t id, const QuestionInput& in) {
  db::Transaction tx(db, true);
  auto current = repos::questions::find(db, who.org_id, id, db::Lock::kUpdate);
  if (!current) return domain::Error::not_found();
  auto f = merge(*current, in);
  // Its own set is not checked again: locking it after the question could
  // deadlock with a delete of that set, which locks the set, then its questions.
  const bool moving = f.question_set_id != current->question_set_id;
  if (auto st = check(db, who, f, in, moving); !st) return st.take_error();
  if (moving && repos::questions::has_answers(db, who.org_id, id)) {
    return domain::Error::conflict(
        "The question has answers; it cannot move to another question set.");
  }
  repos::questions::update(db, who.org_id, id, f);
  auto q = repos::questions::find(db, who.org_id, id);
  tx.commit();
  return *q;
}

domain::Status question_delete(db::Connection& db, const domain::Principal& who, std::int64_t id) {
  db::Transaction tx(db, true);
  if (!repos::questions::soft_delete(db, who.org_id, id)) return domain::Error::not_found();
  tx.commit();
  return domain::ok();
}

}  // namespace services

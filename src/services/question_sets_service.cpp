#include "services/question_sets_service.hpp"

#include "domain/messages.hpp"
#include "repos/question_sets_repo.hpp"
#include "repos/services_repo.hpp"
#include "util/clock.hpp"

namespace services {

namespace {

domain::Status check_service(db::Connection& db, const domain::Principal& who,
                             const std::optional<std::int64_t>& service) {
  if (service && !repos::services::find(db, who.org_id, *service)) {
    return domain::Error::invalid("service", domain::messages::invalid_pk(*service));
  }
  return domain::ok();
}

}  // namespace

domain::Page<domain::QuestionSet> question_sets_list(db::Connection& db,
                                                     const domain::Principal& who,
                                                     const domain::PageRequest& page) {
  return repos::question_sets::list(db, who.org_id, page);
}

domain::Result<domain::QuestionSet> question_set_get(db::Connection& db,
                                                     const domain::Principal& who,
                                                     std::int64_t id) {
  auto set = repos::question_sets::find(db, who.org_id, id);
  if (!set) return domain::Error::not_found();
  return *set;
}

domain::Result<domain::QuestionSet> question_set_create(db::Connection& db,
                                                        const domain::Principal& who,
                                                        const QuestionSetInput& in) {
  db::Transaction tx(db, true);
  repos::question_sets::Fields f{in.name.value_or(""), in.description.value_or(""),
                                 in.service.value_or(std::nullopt)};
  if (auto st = check_service(db, who, f.service_id); !st) return st.take_error();
  auto set = repos::question_sets::insert(db, who.org_id, f, who.user_id, util::now_rfc3339());
  tx.commit();
  return set;
}

domain::Result<domain::QuestionSet> question_set_update(db::Connection& db,
                                                        const domain::Principal& who,
                                                        std::int64_t id,
                                                        const QuestionSetInput& in) {
  db::Transaction tx(db, true);
  // Locked, so that a concurrent delete waits and the row is still there to return.
  if (!repos::question_sets::exists(db, who.org_id, id, db::Lock::kUpdate)) {
    return domain::Error::not_found();
  }
  auto current = repos::question_sets::find(db, who.org_id, id);
  repos::question_sets::Fields f{in.name.value_or(current->name),
                                 in.description.value_or(current->description),
                                 in.service ? *in.service : current->service_id};
  if (auto st = check_service(db, who, f.service_id); !st) return st.take_error();
  repos::question_sets::update(db, who.org_id, id, f);
  auto set = repos::question_sets::find(db, who.org_id, id);
  tx.commit();
  return *set;
}

domain::Status question_set_delete(db::Connection& db, const domain::Principal& who,
                                   std::int64_t id) {
  db::Transaction tx(db, true);
  // The row lock makes a module, question or screening that is being pointed at
  // this set (they lock it to share) wait for the delete, or the delete for them.
  if (!repos::question_sets::exists(db, who.org_id, id, db::Lock::kUpdate)) {
    return domain::Error::not_found();
  }
  if (repos::question_sets::used_by_modules(db, who.org_id, id)) {
    return domain::Error::conflict("The question set is used by interview module preferences.");
  }
  if (repos::question_sets::has_answers(db, who.org_id, id)) {
    return domain::Error::conflict("The question set has answers.");
  }
  if (repos::question_sets::used_by_screenings(db, who.org_id, id)) {
    return domain::Error::conflict("The question set is used by screenings.");
  }
  repos::question_sets::remove(db, who.org_id, id);
  tx.commit();
  return domain::ok();
}

}  // namespace services

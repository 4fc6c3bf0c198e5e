#include "services/users_service.hpp"

#include "repos/users_repo.hpp"
#include "util/clock.hpp"

namespace services {

domain::Page<domain::User> users_list(db::Connection& db, const domain::Principal& who,
                                      const domain::PageRequest& page) {
  return repos::users::list(db, who.org_id, page);
}

domain::Result<domain::User> user_get(db::Connection& db, const domain::Principal& who,
                                      std::int64_t id) {
  auto u = repos::users::find(db, who.org_id, id);
  if (!u) return domain::Error::not_found();
  return *u;
}

domain::Result<domain::User> user_create(db::Connection& db, const Deps& deps,
                                         const domain::Principal& who, const UserInput& in) {
  const std::string hash = deps.hasher.hash(*in.password);
  db::Transaction tx(db, true);
  auto u = repos::users::insert(
      db, {who.org_id, *in.email, *in.name, in.role.value_or(domain::Role::kInterviewer), hash},
      util::now_rfc3339());
  if (!u) return domain::Error::invalid("email", "A user with this email already exists.");
  if (in.is_active && !*in.is_active) {
    repos::users::Changes deactivate;
    deactivate.is_active = false;
    repos::users::update(db, who.org_id, u->id, deactivate);
    u->is_active = false;
  }
  tx.commit();
  return *u;
}

domain::Result<domain::User> user_update(db::Connection& db, const Deps& deps,
                                         const domain::Principal& who, std::int64_t id,
                                         const UserInput& in) {
  if (id == who.user_id) {
    if (in.is_active && !*in.is_active) {
      return domain::Error::invalid("non_field_errors", "You cannot deactivate yourself.");
    }
    if (in.role && *in.role != domain::Role::kAdmin) {
      return domain::Error::invalid("non_field_errors", "You cannot change your own role.");
    }
  }
  std::optional<std::string> hash;
  if (in.password) hash = deps.hasher.hash(*in.password);
  db::Transaction tx(db, true);
  if (!repos::users::find(db, who.org_id, id)) return domain::Error::not_found();
  repos::users::update(db, who.org_id, id, {in.name, in.role, in.is_active, hash});
  // A new password or a deactivation ends every session of that user.
  if (hash || (in.is_active && !*in.is_active)) repos::users::delete_tokens_of(db, id);
  auto u = repos::users::find(db, who.org_id, id);
  tx.commit();
  return *u;
}

domain::Status user_deactivate(db::Connection& db, const domain::Principal& who, std::int64_t id) {
  if (id == who.user_id) {
    return domain::Error::invalid("non_field_errors", "You cannot deactivate yourself.");
  }
  db::Transaction tx(db, true);
  if (!repos::users::find(db, who.org_id, id)) return domain::Error::not_found();
  repos::users::Changes deactivate;
  deactivate.is_active = false;
  repos::users::update(db, who.org_id, id, deactivate);
  repos::users::delete_tokens_of(db, id);
  tx.commit();
  return domain::ok();
}

}  // namespace services

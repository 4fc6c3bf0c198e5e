#include "services/organizations_service.hpp"

#include "repos/organizations_repo.hpp"

namespace services {

domain::Result<domain::Organization> organization_get(db::Connection& db,
                                                      const domain::Principal& who,
                                                      std::int64_t id) {
  if (id != who.org_id) return domain::Error::not_found();
  auto org = repos::organizations::find(db, id);
  if (!org) return domain::Error::not_found();
  return *org;
}

domain::Result<domain::Organization> organization_rename(db::Connection& db,
                                                         const domain::Principal& who,
                                                         std::int64_t id, const std::string& name) {
  if (id != who.org_id) return domain::Error::not_found();
  db::Transaction tx(db, true);
  repos::organizations::update_name(db, id, name);
  auto org = repos::organizations::find(db, id);
  tx.commit();
  if (!org) return domain::Error::not_found();
  return *org;
}

}  // namespace services

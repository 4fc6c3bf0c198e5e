#include "services/services_service.hpp"

#include "repos/services_repo.hpp"
#include "util/clock.hpp"

namespace services {

domain::Page<domain::Service> services_list(db::Connection& db, const domain::Principal& who,
                                            const domain::PageRequest& page) {
  return repos::services::list(db, who.org_id, page);
}

domain::Result<domain::Service> service_get(db::Connection& db, const domain::Principal& who,
                                            std::int64_t id) {
  auto s = repos::services::find(db, who.org_id, id);
  if (!s) return domain::Error::not_found();
  return *s;
}

domain::Result<domain::Service> service_create(db::Connection& db, const domain::Principal& who,
                                               const ServiceInput& in) {
  const domain::Error taken =
      domain::Error::invalid("name", "A service with this name already exists.");
  db::Transaction tx(db, true);
  // Built-ins never change at run time, so reading them first is race-free; the
  // organization's own names are decided by the unique index.
  if (repos::services::builtin_name_taken(db, in.name)) return taken;
  auto s = repos::services::insert(db, {who.org_id, in.name, in.kind, in.description},
                                   util::now_rfc3339());
  if (!s) return taken;
  tx.commit();
  return *s;
}

}  // namespace services

#include "app/demo_data.hpp"

#include "repos/organizations_repo.hpp"
#include "repos/users_repo.hpp"
#include "services/auth_service.hpp"

namespace app {

domain::Result<DemoResult> seed_demo(db::Connection& db, const services::Deps& deps) {
  DemoResult out{false, kDemoOrganization, kDemoEmail, kDemoPassword, {}};
  if (auto creds = repos::users::find_credentials(db, kDemoEmail)) {
    auto org = repos::organizations::find(db, creds->user.org_id);
    if (!org) return domain::Error::internal();
    db::Transaction tx(db, true);
    out.organization = org->name;
    out.token = services::token_issue(db, deps, creds->user, *org).token;
    tx.commit();
    return out;
  }
  auto session = services::organization_create(
      db, deps, {kDemoOrganization, "Demo Admin", kDemoEmail, kDemoPassword});
  if (!session) return session.take_error();
  out.created = true;
  out.token = session->token;
  return out;
}

}  // namespace app

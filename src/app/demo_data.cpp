#include "app/demo_data.hpp"

#include "repos/organizations_repo.hpp"
#include "repos/users_repo.hpp"
#include "services/applications_service.hpp"
#include "services/auth_service.hpp"
#include "services/candidates_service.hpp"
#include "services/jobs_service.hpp"

namespace app {

namespace {

// A little content for a first look: two jobs and five candidates applied to them.
domain::Status seed_content(db::Connection& db, const domain::Principal& who) {
  auto backend = services::job_create(
      db, who,
      {"Backend Engineer", "Builds and runs the services behind the hiring platform.", "open"});
  if (!backend) return backend.take_error();
  auto designer = services::job_create(
      db, who,
      {"Product Designer", "Shapes how recruiters and candidates use the product.", "open"});
  if (!designer) return designer.take_error();

  struct Person {
    const char* name;
    const char* email;
    const char* phone;
    std::int64_t job_id;
  };
  const Person people[] = {
      {"Alice Martin", "alice.martin@example.com", "+1 555 0101", backend->id},
      {"Bruno Costa", "bruno.costa@example.com", "+1 555 0102", backend->id},
      {"Chen Wei", "chen.wei@example.com", "", backend->id},
      {"Dana Kowalski", "dana.kowalski@example.com", "+1 555 0104", designer->id},
      {"Emeka Obi", "emeka.obi@example.com", "", designer->id},
  };
  for (const auto& p : people) {
    auto c = services::candidate_create(db, who, {p.name, p.email, p.phone, ""});
    if (!c) return c.take_error();
    auto applied = services::candidate_apply(db, who, p.job_id, c->id);
    if (!applied) return applied.take_error();
  }
  return domain::ok();
}

}  // namespace

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
  const domain::Principal admin{session->user.id, session->organization.id, 0,
                                domain::Role::kAdmin};
  if (auto st = seed_content(db, admin); !st) return st.take_error();
  return out;
}

}  // namespace app

#include "services/auth_service.hpp"

#include "auth/token.hpp"
#include "repos/login_failures_repo.hpp"
#include "repos/organizations_repo.hpp"
#include "repos/users_repo.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"

namespace services {

namespace {

domain::Error email_taken() {
  return domain::Error::invalid("email", "A user with this email already exists.");
}

}  // namespace

Session token_issue(db::Connection& db, const Deps& deps, const domain::User& user,
                    const domain::Organization& org) {
  auto token = auth::make_token();
  const std::string expires = util::rfc3339_in(deps.token_lifetime);
  repos::users::insert_token(db, user, token.hash, util::now_rfc3339(), expires);
  return Session{token.key, expires, user, org};
}

domain::Result<Session> organization_create(db::Connection& db, const Deps& deps,
                                            const RegisterInput& in) {
  const std::string hash = deps.hasher.hash(in.password);  // slow: outside the transaction
  db::Transaction tx(db, true);
  const std::string now = util::now_rfc3339();
  auto org = repos::organizations::insert(db, in.organization_name, now);
  auto user =
      repos::users::insert(db, {org.id, in.email, in.name, domain::Role::kAdmin, hash}, now);
  if (!user) return email_taken();
  Session s = token_issue(db, deps, *user, org);
  tx.commit();
  return s;
}

domain::Result<Session> register_organization(db::Connection& db, const Deps& deps,
                                              const RegisterInput& in) {
  if (repos::users::email_taken(db, in.email, 0)) return email_taken();
  return organization_create(db, deps, in);
}

domain::Result<Session> login(db::Connection& db, const Deps& deps, const std::string& email,
                              const std::string& password) {
  const std::string email_key = util::sha256_hex(email);
  const std::int64_t now = util::unix_now();
  const auth::LoginThrottle& throttle = deps.login_throttle;
  if (int wait = throttle.retry_after(repos::login_failures::find(db, email_key), now); wait > 0) {
    return domain::Error::throttled(wait);
  }
  auto creds = repos::users::find_credentials(db, email);
  bool ok = false;
  if (creds) {
    ok = deps.hasher.verify(creds->password_hash, password) && creds->user.is_active;
  } else {
    deps.hasher.burn(password);
  }
  if (!ok) {
    db::Transaction tx(db, true);
    repos::login_failures::prune(db, throttle.stale_before(now));
    repos::login_failures::record(db, email_key, now, throttle.stale_before(now));
    tx.commit();
    return domain::Error::invalid("non_field_errors",
                                  "Unable to log in with provided credentials.");
  }
  auto org = repos::organizations::find(db, creds->user.org_id);
  if (!org) return domain::Error::internal();
  db::Transaction tx(db, true);
  repos::login_failures::clear(db, email_key);
  Session s = token_issue(db, deps, creds->user, *org);
  tx.commit();
  return s;
}

void logout(db::Connection& db, const domain::Principal& who) {
  repos::users::delete_token(db, who.token_id);
}

domain::Result<domain::Principal> authenticate(db::Connection& db, const std::string& header,
                                               auth::TokenCache& cache) {
  if (header.empty()) {
    return domain::Error::unauthenticated("Authentication credentials were not provided.");
  }
  auto key = auth::key_from_authorization(header);
  if (!key) return domain::Error::unauthenticated("Invalid token header.");
  const std::string key_hash = auth::hash_token(*key);
  const std::string now = util::now_rfc3339();
  const auto read_at = auth::TokenCache::Clock::now();
  if (auto who = cache.find(key_hash, read_at, now)) return *who;
  auto owner = repos::users::find_token_owner(db, key_hash, now);
  if (!owner) return domain::Error::unauthenticated("Invalid token.");
  if (!owner->is_active) return domain::Error::unauthenticated("User inactive or deleted.");
  cache.store(key_hash, owner->principal, owner->expires_at, read_at);
  return owner->principal;
}

domain::Result<Me> me(db::Connection& db, const domain::Principal& who) {
  auto user = repos::users::find(db, who.org_id, who.user_id);
  auto org = repos::organizations::find(db, who.org_id);
  if (!user || !org) return domain::Error::not_found();
  return Me{*user, *org};
}

}  // namespace services

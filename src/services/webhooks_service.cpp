#include "services/webhooks_service.hpp"

#include "repos/webhook_endpoints_repo.hpp"
#include "repos/webhook_outbox_repo.hpp"
#include "services/webhook_events.hpp"
#include "util/clock.hpp"
#include "webhooks/destination.hpp"
#include "webhooks/signature.hpp"

namespace services {

domain::Status webhook_url_check(const Deps& deps, const std::string& url) {
  auto checked = webhooks::check_destination(url, deps.webhook_allow_private);
  if (!checked) return checked.take_error();
  return domain::ok();
}

domain::Result<WebhookWithSecret> webhook_create(db::Connection& db, const domain::Principal& who,
                                                 const WebhookInput& in) {
  repos::webhook_endpoints::NewEndpoint e;
  e.org_id = who.org_id;
  e.url = *in.url;
  e.events = *in.events;
  e.description = in.description.value_or("");
  e.is_active = in.is_active.value_or(true);
  e.secret = webhooks::new_secret();
  e.created_by = who.user_id;
  db::Transaction tx(db, true);
  const auto id = repos::webhook_endpoints::insert(db, e, util::now_rfc3339());
  auto created = repos::webhook_endpoints::find(db, who.org_id, id);
  tx.commit();
  return WebhookWithSecret{*created, e.secret};
}

domain::Page<domain::WebhookEndpoint> webhooks_list(db::Connection& db,
                                                    const domain::Principal& who,
                                                    const domain::PageRequest& page) {
  return repos::webhook_endpoints::list(db, who.org_id, page);
}

domain::Result<domain::WebhookEndpoint> webhook_get(db::Connection& db,
                                                    const domain::Principal& who, std::int64_t id) {
  auto e = repos::webhook_endpoints::find(db, who.org_id, id);
  if (!e) return domain::Error::not_found();
  return *e;
}

domain::Result<domain::WebhookEndpoint> webhook_update(db::Connection& db,
                                                       const domain::Principal& who,
                                                       std::int64_t id, const WebhookInput& in) {
  db::Transaction tx(db, true);
  auto e = repos::webhook_endpoints::find(db, who.org_id, id, db::Lock::kUpdate);
  if (!e) return domain::Error::not_found();
  const bool reactivated = in.is_active && *in.is_active && !e->is_active;
  if (in.url) e->url = *in.url;
  if (in.events) e->events = *in.events;
  if (in.description) e->description = *in.description;
  if (in.is_active) e->is_active = *in.is_active;
  const std::string now = util::now_rfc3339();
  repos::webhook_endpoints::update(db, *e, now);
  // Deliveries wait while an endpoint is inactive; they go once it is active again.
  if (reactivated) repos::webhook_outbox::wake(db, who.org_id, id, now);
  auto changed = repos::webhook_endpoints::find(db, who.org_id, id);
  tx.commit();
  return *changed;
}

domain::Status webhook_delete(db::Connection& db, const domain::Principal& who, std::int64_t id) {
  db::Transaction tx(db, true);
  if (!repos::webhook_endpoints::remove(db, who.org_id, id)) return domain::Error::not_found();
  tx.commit();
  return domain::ok();
}

domain::Result<WebhookWithSecret> webhook_rotate_secret(db::Connection& db,
                                                        const domain::Principal& who,
                                                        std::int64_t id) {
  db::Transaction tx(db, true);
  auto e = repos::webhook_endpoints::find(db, who.org_id, id, db::Lock::kUpdate);
  if (!e) return domain::Error::not_found();
  const std::string secret = webhooks::new_secret();
  repos::webhook_endpoints::rotate(db, id, secret, util::rfc3339_in(domain::kSecretRotationOverlap),
                                   util::now_rfc3339());
  auto rotated = repos::webhook_endpoints::find(db, who.org_id, id);
  tx.commit();
  return WebhookWithSecret{*rotated, secret};
}

domain::Result<domain::WebhookDelivery> webhook_ping(db::Connection& db,
                                                     const domain::Principal& who,
                                                     std::int64_t id) {
  db::Transaction tx(db, true);
  if (!repos::webhook_endpoints::find(db, who.org_id, id, db::Lock::kShare)) {
    return domain::Error::not_found();
  }
  const std::string now = util::now_rfc3339();
  const auto delivery = webhook_events::emit_to(
      db, who.org_id, id, "ping",
      [&](json::Writer& w) {
        json::field(w, "endpoint", id);
        webhook_events::write_actor(w, webhook_events::actor_of(who));
      },
      now);
  auto out = repos::webhook_outbox::find_delivery(db, id, delivery);
  tx.commit();
  return *out;
}

domain::Result<domain::Page<domain::WebhookDelivery>> webhook_deliveries(
    db::Connection& db, const domain::Principal& who, std::int64_t id,
    const domain::PageRequest& page) {
  if (!repos::webhook_endpoints::find(db, who.org_id, id)) return domain::Error::not_found();
  return repos::webhook_outbox::deliveries(db, id, page);
}

domain::Result<domain::WebhookDelivery> webhook_redeliver(db::Connection& db,
                                                          const domain::Principal& who,
                                                          std::int64_t id,
                                                          std::int64_t delivery_id) {
  db::Transaction tx(db, true);
  if (!repos::webhook_endpoints::find(db, who.org_id, id, db::Lock::kShare)) {
    return domain::Error::not_found();
  }
  if (!repos::webhook_outbox::find_delivery(db, id, delivery_id)) {
    return domain::Error::not_found();
  }
  const std::string now = util::now_rfc3339();
  const auto event = *repos::webhook_outbox::event_of(db, delivery_id);
  const auto again = repos::webhook_outbox::add_delivery(db, who.org_id, id, event, now);
  repos::webhook_outbox::wake(db, who.org_id, id, now);
  auto out = repos::webhook_outbox::find_delivery(db, id, again);
  tx.commit();
  return *out;
}

}  // namespace services

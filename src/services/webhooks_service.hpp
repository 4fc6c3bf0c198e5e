// Webhook endpoints as an organization's admins manage them (API.md, "Webhooks"):
// create (the secret shown once), read, change, delete, rotate the secret, ping, and the
// log of deliveries with redelivery.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"
#include "domain/webhook.hpp"
#include "services/deps.hpp"

namespace services {

// A create names url and events; a change any of the fields (the others stay).
struct WebhookInput {
  std::optional<std::string> url;  // checked against the destination rules first
  std::optional<std::vector<std::string>> events;
  std::optional<std::string> description;
  std::optional<bool> is_active;
};

// An endpoint with its secret, shown only when it is made or rotated.
struct WebhookWithSecret {
  domain::WebhookEndpoint endpoint;
  std::string secret;
};

// Checks `url` by the destination rules (scheme, resolved addresses): a 400 on `url`.
domain::Status webhook_url_check(const Deps& deps, const std::string& url);

domain::Result<WebhookWithSecret> webhook_create(db::Connection& db, const domain::Principal& who,
                                                 const WebhookInput& in);
domain::Page<domain::WebhookEndpoint> webhooks_list(db::Connection& db,
                                                    const domain::Principal& who,
                                                    const domain::PageRequest& page);
domain::Result<domain::WebhookEndpoint> webhook_get(db::Connection& db,
                                                    const domain::Principal& who, std::int64_t id);
domain::Result<domain::WebhookEndpoint> webhook_update(db::Connection& db,
                                                       const domain::Principal& who,
                                                       std::int64_t id, const WebhookInput& in);
domain::Status webhook_delete(db::Connection& db, const domain::Principal& who, std::int64_t id);
// A new secret; the old one keeps signing too for domain::kSecretRotationOverlap.
domain::Result<WebhookWithSecret> webhook_rotate_secret(db::Connection& db,
                                                        const domain::Principal& who,
                                                        std::int64_t id);
// A `ping` event for this endpoint alone; its delivery.
domain::Result<domain::WebhookDelivery> webhook_ping(db::Connection& db,
                                                     const domain::Principal& who, std::int64_t id);
domain::Result<domain::Page<domain::WebhookDelivery>> webhook_deliveries(
    db::Connection& db, const domain::Principal& who, std::int64_t id,
    const domain::PageRequest& page);
// The delivery's event sent again (same webhook-id) as a new delivery at the end of the
// endpoint's queue.
domain::Result<domain::WebhookDelivery> webhook_redeliver(db::Connection& db,
                                                          const domain::Principal& who,
                                                          std::int64_t id,
                                                          std::int64_t delivery_id);

}  // namespace services

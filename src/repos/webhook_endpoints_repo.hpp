// SQL for webhook endpoints and their secrets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/models.hpp"
#include "domain/webhook.hpp"

namespace repos::webhook_endpoints {

struct NewEndpoint {
  std::int64_t org_id = 0;
  std::string url;
  std::vector<std::string> events;
  std::string description;
  bool is_active = true;
  std::string secret;
  std::optional<std::int64_t> created_by;
};

// Where and how a worker sends an endpoint's deliveries.
struct Target {
  std::int64_t org_id = 0;
  std::string url;
  bool is_active = false;
  domain::WebhookSecrets secrets;  // the previous one only while its overlap lasts
};

std::int64_t insert(db::Connection& c, const NewEndpoint& e, const std::string& now);
std::optional<domain::WebhookEndpoint> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                            db::Lock lock = db::Lock::kNone);
domain::Page<domain::WebhookEndpoint> list(db::Connection& c, std::int64_t org_id,
                                           const domain::PageRequest& page);
void update(db::Connection& c, const domain::WebhookEndpoint& e, const std::string& now);
bool remove(db::Connection& c, std::int64_t org_id, std::int64_t id);
// The new secret signs from now on; the old one too until `previous_until`.
void rotate(db::Connection& c, std::int64_t id, const std::string& secret,
            const std::string& previous_until, const std::string& now);
// The org's active endpoints, each with what it subscribed to.
std::vector<domain::WebhookEndpoint> active(db::Connection& c, std::int64_t org_id);
std::optional<Target> target(db::Connection& c, std::int64_t id, const std::string& now);

}  // namespace repos::webhook_endpoints

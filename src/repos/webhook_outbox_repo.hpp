// SQL for the webhook outbox: events, their deliveries to endpoints, and the drain jobs
// that send an endpoint's deliveries in order (migrations/0012_webhooks.sql).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "db/connection.hpp"
#include "domain/models.hpp"
#include "domain/webhook.hpp"

namespace repos::webhook_outbox {

inline constexpr const char* kDrainJob = "deliver_webhooks";
// PostgreSQL: wake() NOTIFYs this channel (sent at the commit), so that every node's
// deliverer looks at once rather than at its next poll.
inline constexpr const char* kChannel = "interviewd_webhooks";

std::int64_t add_event(db::Connection& c, std::int64_t org_id, const std::string& type,
                       const std::string& public_id, const std::string& body,
                       const std::string& now);
std::int64_t add_delivery(db::Connection& c, std::int64_t org_id, std::int64_t endpoint_id,
                          std::int64_t event_id, const std::string& now);
// Makes sure a drain job of the endpoint is queued. A queued one is kept as it is (its
// row locked until the caller's commit, so that no worker takes it before it can see
// the caller's deliveries); else one is queued to run at once.
void wake(db::Connection& c, std::int64_t org_id, std::int64_t endpoint_id, const std::string& now);

std::optional<domain::WebhookDelivery> find_delivery(db::Connection& c, std::int64_t endpoint_id,
                                                     std::int64_t id);
domain::Page<domain::WebhookDelivery> deliveries(db::Connection& c, std::int64_t endpoint_id,
                                                 const domain::PageRequest& page);
// The event a delivery sends (its row id), for a redelivery.
std::optional<std::int64_t> event_of(db::Connection& c, std::int64_t delivery_id);

// The oldest pending delivery of an endpoint: the next one to send.
struct Head {
  std::int64_t id = 0;
  std::int64_t attempts = 0;
  std::string next_attempt_at;
  std::string event_id;  // public
  std::string body;
};
std::optional<Head> head(db::Connection& c, std::int64_t endpoint_id);

// The outcome of one attempt of a delivery, written only while the drain job
// (job_id, holder) is still held. False when it no longer is.
struct Outcome {
  domain::DeliveryStatus status = domain::DeliveryStatus::kPending;
  std::int64_t attempts = 0;
  std::optional<std::int64_t> status_code;
  std::optional<std::string> error;
  std::optional<std::string> next_attempt_at;  // when pending
};
bool record(db::Connection& c, std::int64_t delivery_id, const Outcome& o, std::int64_t job_id,
            const std::string& holder, const std::string& now);

// Ends a drain job that still holds its lease; with `next_run`, the endpoint's next
// drain is queued for then (a queued one moves to then: nothing of the endpoint may be
// sent before its oldest pending delivery). False when the lease was lost.
bool finish_drain(db::Connection& c, std::int64_t job_id, const std::string& holder,
                  std::int64_t org_id, std::int64_t endpoint_id,
                  const std::optional<std::string>& next_run, const std::string& now);

}  // namespace repos::webhook_outbox

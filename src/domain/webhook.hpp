// Webhooks: the endpoints an organization registers, the events it can hear of, and
// the deliveries of events to endpoints (see API.md, "Webhooks").
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/enum_names.hpp"

namespace domain {

// Every event type an endpoint may subscribe to ("*" is all of them). `ping` is sent
// only on request, to the one endpoint.
inline constexpr std::array<std::string_view, 11> kWebhookEventTypes = {"candidate.shortlisted",
                                                                        "candidate.unshortlisted",
                                                                        "step.status_changed",
                                                                        "screening.submitted",
                                                                        "answer.created",
                                                                        "answer.processed",
                                                                        "answer.failed",
                                                                        "feedback.created",
                                                                        "invitation.opened",
                                                                        "invitation.completed",
                                                                        "ping"};
inline constexpr std::string_view kAllWebhookEvents = "*";

struct WebhookEndpoint {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string url;
  std::vector<std::string> events;  // {"*"} or event types
  std::string description;
  bool is_active = true;
  std::string created_at;
  std::string updated_at;
};

// What signs an endpoint's deliveries: its secret, and during a rotation the one before.
struct WebhookSecrets {
  std::string current;
  std::optional<std::string> previous;
};

// Whether an endpoint subscribed to `events` hears of `type`.
bool subscribes(const std::vector<std::string>& events, std::string_view type);

enum class DeliveryStatus { kPending, kDelivered, kFailed };
inline constexpr std::array<std::string_view, 3> kDeliveryStatuses = {"pending", "delivered",
                                                                      "failed"};
constexpr std::string_view to_string(DeliveryStatus s) {
  return name_of(kDeliveryStatuses, s);
}
constexpr std::optional<DeliveryStatus> parse_delivery_status(std::string_view s) {
  return value_of<DeliveryStatus>(kDeliveryStatuses, s);
}

struct WebhookDelivery {
  std::int64_t id = 0;
  std::int64_t endpoint_id = 0;
  std::string event_id;  // the event's public id (webhook-id)
  std::string event_type;
  DeliveryStatus status = DeliveryStatus::kPending;
  std::int64_t attempts = 0;
  std::optional<std::int64_t> last_status_code;
  std::optional<std::string> last_error;
  std::optional<std::string> next_attempt_at;  // while pending
  std::optional<std::string> delivered_at;
  std::string created_at;
};

// The waits between attempts (API.md: 5 s, 30 s, 2 min, ... 12 h): after the n-th failed
// attempt the next comes delays[n-1] later (with jitter); after the last one, none.
struct RetrySchedule {
  std::vector<std::chrono::seconds> delays;
  static RetrySchedule standard();
  // The wait after `attempts` failed attempts, nullopt when they are used up.
  std::optional<std::chrono::seconds> after(std::int64_t attempts) const;
};

// How long the secret before a rotation keeps signing next to the new one.
inline constexpr std::chrono::hours kSecretRotationOverlap{24};

}  // namespace domain

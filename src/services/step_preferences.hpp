// What invitations read from a service's preferences in a module (API.md, "Objects":
// module preferences): the limits of its questions and the validity of a link.
#pragma once

#include <cstdint>
#include <optional>

#include "db/connection.hpp"
#include "domain/invitation.hpp"

namespace services {

struct StepPreferences {
  domain::LimitSource limits;  // think_time_seconds, time_limit_seconds, max_retakes
  std::optional<std::int64_t> deadline_days;
};

// The preferences of `service_id` in the module; empty when the module or the service
// in it is gone, or a key is missing or not an integer.
StepPreferences step_preferences(db::Connection& db, std::int64_t org_id, std::int64_t module_id,
                                 std::int64_t service_id);

}  // namespace services

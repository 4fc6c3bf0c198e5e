#include "services/step_preferences.hpp"

#include <simdjson.h>

#include "repos/modules_repo.hpp"

namespace services {

namespace {

std::optional<std::int64_t> integer(simdjson::dom::object prefs, std::string_view key) {
  std::int64_t v = 0;
  if (prefs.at_key(key).get_int64().get(v)) return std::nullopt;
  return v;
}

}  // namespace

StepPreferences step_preferences(db::Connection& db, std::int64_t org_id, std::int64_t module_id,
                                 std::int64_t service_id) {
  StepPreferences out;
  auto module = repos::modules::find(db, org_id, module_id);
  if (!module) return out;
  for (const auto& entry : module->services) {
    if (entry.service.id != service_id) continue;
    simdjson::dom::parser parser;
    simdjson::dom::object prefs;
    // Checked when written: a known key is an integer in its range.
    if (parser.parse(entry.preferences).get_object().get(prefs)) return out;
    out.limits.think_time_seconds = integer(prefs, "think_time_seconds");
    out.limits.time_limit_seconds = integer(prefs, "time_limit_seconds");
    out.limits.max_retakes = integer(prefs, "max_retakes");
    out.deadline_days = integer(prefs, "deadline_days");
  }
  return out;
}

}  // namespace services

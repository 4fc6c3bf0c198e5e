#include "api/modules_api.hpp"

#include "api/interview_serializers.hpp"
#include "api/serializers.hpp"
#include "json/input.hpp"
#include "services/modules_service.hpp"

namespace api {

namespace {

constexpr std::size_t kMaxPreferencesBytes = 16 * 1024;

struct PreferenceRule {
  std::string_view key;
  std::int64_t min;
  std::int64_t max;
};
constexpr PreferenceRule kPreferenceRules[] = {
    {"time_limit_seconds", 1, 3600}, {"think_time_seconds", 0, 600}, {"max_retakes", 0, 10},
    {"deadline_days", 1, 365},       {"pass_score", 0, 100},
};

// Checks the known preference keys; unknown keys are kept as given.
void read_preferences(simdjson::dom::object prefs, const std::string& where,
                      services::ModuleServiceInput& out, std::vector<std::string>& errors) {
  out.preferences = simdjson::minify(prefs);
  if (out.preferences.size() > kMaxPreferencesBytes) {
    errors.push_back(where + "preferences must be at most 16 KiB.");
    return;
  }
  json::FieldReader in(prefs);
  out.question_set_id = in.id("question_set_id", false);
  for (const auto& rule : kPreferenceRules) in.integer(rule.key, false, rule.min, rule.max);
  for (const auto& [key, messages] : in.errors()) {
    for (const auto& m : messages) errors.push_back(where + "preferences." + key + ": " + m);
  }
}

std::optional<std::vector<services::ModuleServiceInput>> read_services(json::FieldReader& in) {
  // A null list is refused for its type, as any other value that is not a list.
  if (in.has("services") && !in.given("services")) {
    in.add("services", "Expected a list of items but got type \"NoneType\".");
    return std::nullopt;
  }
  auto items = in.list("services", false);
  if (!items) return std::nullopt;
  std::vector<services::ModuleServiceInput> out;
  std::vector<std::string> errors;
  std::size_t i = 0;
  for (simdjson::dom::element item : *items) {
    ++i;
    const std::string where = "Item " + std::to_string(i) + ": ";
    simdjson::dom::object obj;
    if (item.get_object().get(obj)) {
      errors.push_back(where +
                       "expected an object with service_id or service_name, order and "
                       "preferences.");
      continue;
    }
    json::FieldReader entry(obj);
    services::ModuleServiceInput s;
    if (entry.has("service_id")) {
      s.service_id = entry.id("service_id", true);
    } else if (entry.has("service_name")) {
      s.service_name = entry.string("service_name", {.required = true, .max_length = 100});
    } else {
      entry.add("service_id", "Give service_id or service_name.");
    }
    auto order = entry.integer("order", true, 1, 1000000);
    auto prefs = entry.has("preferences") ? entry.object("preferences", false) : std::nullopt;
    for (const auto& [key, messages] : entry.errors()) {
      for (const auto& m : messages) errors.push_back(where + key + ": " + m);
    }
    if (!entry.ok()) continue;
    s.order = *order;
    if (prefs) read_preferences(*prefs, where, s, errors);
    out.push_back(std::move(s));
  }
  for (auto& m : errors) in.add("services", std::move(m));
  if (!errors.empty()) return std::nullopt;
  return out;
}

domain::Result<services::ModuleInput> read_module(const web::Request& req, bool partial) {
  auto body = json::Body::parse(req.content_type, req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  services::ModuleInput m;
  m.name = in.string("name", {.required = !partial, .max_length = 200});
  m.description =
      in.string("description", {.required = false, .allow_blank = true, .max_length = 10000});
  m.job = in.nullable_id("job");
  m.is_active = in.boolean("is_active", false);
  if (in.has("services")) {
    m.services = read_services(in);
  } else if (!partial) {
    m.services = std::vector<services::ModuleServiceInput>{};
  }
  if (!in.ok()) return in.error();
  return m;
}

domain::Result<web::Response> update(Ctx& ctx, bool partial) {
  auto input = read_module(ctx.req, partial);
  if (!input) return input.take_error();
  auto m = services::module_update(*ctx.db, *ctx.who, ctx.req.id_param(0), *input);
  if (!m) return m.take_error();
  return object_response(200, *m, write_module);
}

}  // namespace

domain::Result<web::Response> modules_list(Ctx& ctx) {
  auto page = page_request(ctx.req);
  return list_response(ctx, page, services::modules_list(*ctx.db, *ctx.who, page), write_module);
}

domain::Result<web::Response> modules_create(Ctx& ctx) {
  auto input = read_module(ctx.req, false);
  if (!input) return input.take_error();
  auto m = services::module_create(*ctx.db, *ctx.who, *input);
  if (!m) return m.take_error();
  return object_response(201, *m, write_module);
}

domain::Result<web::Response> modules_retrieve(Ctx& ctx) {
  auto m = services::module_get(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!m) return m.take_error();
  return object_response(200, *m, write_module);
}

domain::Result<web::Response> modules_update(Ctx& ctx) {
  return update(ctx, false);
}
domain::Result<web::Response> modules_partial_update(Ctx& ctx) {
  return update(ctx, true);
}

domain::Result<web::Response> modules_destroy(Ctx& ctx) {
  auto st = services::module_delete(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!st) return st.take_error();
  return web::Response::no_content();
}

domain::Result<web::Response> modules_of_job(Ctx& ctx) {
  auto page = page_request(ctx.req);
  auto modules = services::modules_of_job(*ctx.db, *ctx.who, ctx.req.id_param(0), page);
  if (!modules) return modules.take_error();
  return list_response(ctx, page, *modules, write_module);
}

domain::Result<web::Response> module_service_steps(Ctx& ctx) {
  auto view = services::module_service_by_name(*ctx.db, *ctx.who, ctx.req.id_param(0),
                                               ctx.req.str_param(1));
  if (!view) return view.take_error();
  return web::Response::json(200, json::build([&](json::Writer& w) {
                               w.StartObject();
                               json::field(w, "module", view->module_id);
                               json::key(w, "service");
                               write_service(w, view->entry.service);
                               json::field(w, "order", view->entry.order);
                               json::raw_field(w, "preferences", view->entry.preferences);
                               w.EndObject();
                             }));
}

}  // namespace api

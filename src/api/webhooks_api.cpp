#include "api/webhooks_api.hpp"

#include <algorithm>

#include "api/pagination.hpp"
#include "api/serializers.hpp"
#include "json/input.hpp"
#include "services/webhooks_service.hpp"

namespace api {

namespace {

constexpr std::size_t kMaxUrlLength = 2048;
constexpr std::size_t kMaxDescriptionLength = 500;

// `events`: a non-empty list of known event types or "*" (which then stands alone).
std::optional<std::vector<std::string>> read_events(json::FieldReader& in, bool required) {
  auto events = in.strings("events", required, {.item = {.max_length = 64}, .distinct = true});
  if (!events) return std::nullopt;
  if (events->empty()) {
    in.add("events", "This list may not be empty.");
    return std::nullopt;
  }
  bool ok = true;
  for (const auto& e : *events) {
    const bool known =
        e == domain::kAllWebhookEvents ||
        std::find(domain::kWebhookEventTypes.begin(), domain::kWebhookEventTypes.end(), e) !=
            domain::kWebhookEventTypes.end();
    if (!known) {
      in.add("events", "\"" + e + "\" is not a valid choice.");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  if (std::find(events->begin(), events->end(), domain::kAllWebhookEvents) != events->end()) {
    return std::vector<std::string>{std::string(domain::kAllWebhookEvents)};
  }
  return events;
}

// The fields of a create (partial: false) or a change; the url checked last, once the
// rest is valid (it resolves the host).
domain::Result<services::WebhookInput> read_input(const Ctx& ctx, bool partial) {
  auto body = json::Body::parse(ctx.req.content_type, ctx.req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  services::WebhookInput out;
  out.url = in.string("url", {.required = !partial, .max_length = kMaxUrlLength});
  out.events = read_events(in, !partial);
  out.description = in.string(
      "description", {.required = false, .allow_blank = true, .max_length = kMaxDescriptionLength});
  out.is_active = in.boolean("is_active", false);
  if (!in.ok()) return in.error();
  if (out.url) {
    if (auto checked = services::webhook_url_check(ctx.deps, *out.url); !checked) {
      return checked.take_error();
    }
  }
  return out;
}

void write_endpoint_with(json::Writer& w, const domain::WebhookEndpoint& e,
                         const std::optional<std::string>& secret) {
  w.StartObject();
  json::field(w, "id", e.id);
  json::field(w, "url", e.url);
  json::key(w, "events");
  w.StartArray();
  for (const auto& type : e.events) json::string(w, type);
  w.EndArray();
  json::field(w, "description", e.description);
  json::field(w, "is_active", e.is_active);
  if (secret) json::field(w, "secret", *secret);
  json::field(w, "created_at", e.created_at);
  w.EndObject();
}

void write_endpoint(json::Writer& w, const domain::WebhookEndpoint& e) {
  write_endpoint_with(w, e, std::nullopt);
}

void write_delivery(json::Writer& w, const domain::WebhookDelivery& d) {
  w.StartObject();
  json::field(w, "id", d.id);
  json::field(w, "endpoint", d.endpoint_id);
  json::field(w, "event_id", d.event_id);
  json::field(w, "event_type", d.event_type);
  json::field(w, "status", domain::to_string(d.status));
  json::field(w, "attempts", d.attempts);
  json::field(w, "last_response_code", d.last_status_code);
  json::field(w, "last_error", d.last_error);
  json::field(w, "next_attempt_at", d.next_attempt_at);
  json::field(w, "delivered_at", d.delivered_at);
  json::field(w, "created_at", d.created_at);
  w.EndObject();
}

web::Response with_secret(unsigned status, const services::WebhookWithSecret& e) {
  return web::Response::json(
      status, json::build([&](json::Writer& w) { write_endpoint_with(w, e.endpoint, e.secret); }));
}

domain::Result<web::Response> change(Ctx& ctx, bool partial) {
  auto input = read_input(ctx, partial);
  if (!input) return input.take_error();
  auto e = services::webhook_update(*ctx.db, *ctx.who, ctx.req.id_param(0), *input);
  if (!e) return e.take_error();
  return object_response(200, *e, write_endpoint);
}

}  // namespace

domain::Result<web::Response> webhooks_list(Ctx& ctx) {
  auto page = page_request(ctx.req);
  return list_response(ctx, page, services::webhooks_list(*ctx.db, *ctx.who, page), write_endpoint);
}

domain::Result<web::Response> webhooks_create(Ctx& ctx) {
  auto input = read_input(ctx, false);
  if (!input) return input.take_error();
  auto created = services::webhook_create(*ctx.db, *ctx.who, *input);
  if (!created) return created.take_error();
  return with_secret(201, *created);
}

domain::Result<web::Response> webhooks_retrieve(Ctx& ctx) {
  auto e = services::webhook_get(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!e) return e.take_error();
  return object_response(200, *e, write_endpoint);
}

domain::Result<web::Response> webhooks_update(Ctx& ctx) {
  return change(ctx, false);
}

domain::Result<web::Response> webhooks_partial_update(Ctx& ctx) {
  return change(ctx, true);
}

domain::Result<web::Response> webhooks_destroy(Ctx& ctx) {
  auto done = services::webhook_delete(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!done) return done.take_error();
  return web::Response::no_content();
}

domain::Result<web::Response> webhooks_rotate_secret(Ctx& ctx) {
  auto rotated = services::webhook_rotate_secret(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!rotated) return rotated.take_error();
  return with_secret(200, *rotated);
}

domain::Result<web::Response> webhooks_ping(Ctx& ctx) {
  auto d = services::webhook_ping(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!d) return d.take_error();
  return object_response(202, *d, write_delivery);
}

domain::Result<web::Response> webhooks_deliveries(Ctx& ctx) {
  auto page = page_request(ctx.req);
  auto list = services::webhook_deliveries(*ctx.db, *ctx.who, ctx.req.id_param(0), page);
  if (!list) return list.take_error();
  return list_response(ctx, page, *list, write_delivery);
}

domain::Result<web::Response> webhooks_redeliver(Ctx& ctx) {
  auto d = services::webhook_redeliver(*ctx.db, *ctx.who, ctx.req.id_param(0), ctx.req.id_param(1));
  if (!d) return d.take_error();
  return object_response(202, *d, write_delivery);
}

}  // namespace api

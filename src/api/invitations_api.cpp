#include "api/invitations_api.hpp"

#include "api/query_params.hpp"
#include "api/screenings_api.hpp"
#include "api/serializers.hpp"
#include "json/input.hpp"
#include "services/invitations_service.hpp"
#include "util/clock.hpp"
#include "util/timestamps.hpp"

namespace api {

namespace {

constexpr std::string_view kWrongFormat =
    "Datetime has wrong format. Use one of these formats instead: "
    "YYYY-MM-DDThh:mm:ss[.uuuuuu][+HH:MM|-HH:MM|Z].";

// `expires_at`: absent or null is the default; else an RFC 3339 time in the future, at
// most a year ahead, kept to the second (rounded up).
std::optional<std::string> read_expires_at(json::FieldReader& in) {
  if (!in.given("expires_at")) return std::nullopt;
  auto text = in.string("expires_at", {.required = true, .max_length = 64});
  if (!text) return std::nullopt;
  auto at = util::parse_rfc3339(*text);
  if (!at) {
    in.add("expires_at", std::string(kWrongFormat));
    return std::nullopt;
  }
  const auto now =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  if (auto problem = domain::expiry_problem(*at, now)) {
    in.add("expires_at", *problem);
    return std::nullopt;
  }
  return util::format_rfc3339(std::chrono::ceil<std::chrono::seconds>(*at));
}

// A number (integer or not) in [min, max] for accommodations.`key`.
std::optional<double> read_multiplier(json::FieldReader& in, simdjson::dom::element e) {
  const std::string field = "accommodations.time_multiplier";
  double v = 0;
  if (e.is_bool() || e.get_double().get(v)) {
    in.add(field, "A valid number is required.");
    return std::nullopt;
  }
  if (v < domain::kMinTimeMultiplier) {
    in.add(field, "Ensure this value is greater than or equal to 1.");
    return std::nullopt;
  }
  if (v > domain::kMaxTimeMultiplier) {
    in.add(field, "Ensure this value is less than or equal to 4.");
    return std::nullopt;
  }
  return v;
}

// `accommodations`: absent or null is none; else an object of the known keys only.
domain::Accommodations read_accommodations(json::FieldReader& in) {
  domain::Accommodations out;
  if (!in.given("accommodations")) return out;
  auto obj = in.object("accommodations", false);
  if (!obj) return out;
  json::FieldReader fields(*obj, "accommodations");
  for (auto [key, value] : *obj) {
    if (key == "time_multiplier") {
      if (value.is_null()) continue;
      if (auto m = read_multiplier(in, value)) out.time_multiplier = *m;
    } else if (key != "extra_retakes") {
      in.add("accommodations." + std::string(key), "Unknown field.");
    }
  }
  if (fields.given("extra_retakes")) {
    out.extra_retakes =
        fields.integer("extra_retakes", false, 0, domain::kMaxExtraRetakes).value_or(0);
  }
  for (auto& [k, v] : fields.errors()) {
    for (auto& m : v) in.add(k, m);
  }
  return out;
}

domain::Result<services::InvitationInput> read_new_invitation(const web::Request& req) {
  auto body = json::Body::parse(req.content_type, req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  services::InvitationInput out;
  auto screening = read_screening_fields(in);
  out.expires_at = read_expires_at(in);
  out.accommodations = read_accommodations(in);
  if (!in.ok() || !screening) return in.error();
  out.screening = *screening;
  return out;
}

void write_accommodations(json::Writer& w, const domain::Accommodations& a) {
  json::key(w, "accommodations");
  w.StartObject();
  json::key(w, "time_multiplier");
  w.Double(a.time_multiplier);
  json::field(w, "extra_retakes", a.extra_retakes);
  w.EndObject();
}

// `url`: the link, only where it was just made (create, reissue).
void write_invitation_with(json::Writer& w, const domain::Invitation& i,
                           const std::optional<std::string>& url) {
  w.StartObject();
  json::field(w, "id", i.id);
  json::field(w, "candidate", i.candidate_id);
  json::field(w, "job", i.job_id);
  json::field(w, "module", i.module_id);
  json::field(w, "service", i.service_id);
  json::field(w, "screening", i.screening_id);
  json::field(w, "status", domain::to_string(i.status));
  if (url) json::field(w, "url", *url);
  json::field(w, "expires_at", i.expires_at);
  write_accommodations(w, i.accommodations);
  json::field(w, "created_at", i.created_at);
  json::field(w, "opened_at", i.opened_at);
  json::field(w, "completed_at", i.completed_at);
  w.EndObject();
}

void write_invitation(json::Writer& w, const domain::Invitation& i) {
  write_invitation_with(w, i, std::nullopt);
}

void write_event(json::Writer& w, const domain::InvitationEvent& e) {
  w.StartObject();
  json::field(w, "id", e.id);
  json::field(w, "kind", domain::to_string(e.kind));
  json::field(w, "at", e.at);
  json::field(w, "question", e.question_id);
  json::field(w, "attempt", e.attempt_id);
  json::field(w, "detail", e.detail);
  w.EndObject();
}

web::Response issued_response(const Ctx& ctx, unsigned status,
                              const services::IssuedInvitation& issued) {
  const std::optional<std::string> url = ctx.public_url + "/i/" + issued.token;
  return web::Response::json(status, json::build([&](json::Writer& w) {
                               write_invitation_with(w, issued.invitation, url);
                             }));
}

}  // namespace

domain::Result<web::Response> invitations_list(Ctx& ctx) {
  QueryReader query(ctx.req);
  services::InvitationFilter f;
  f.candidate_id = query.id("candidate_id");
  f.job_id = query.id("job_id");
  auto status = query.choice("status", domain::kInvitationStatuses);
  if (!query.ok()) return query.error();
  if (status) f.status = domain::parse_invitation_status(*status);
  auto page = page_request(ctx.req);
  return list_response(ctx, page, services::invitations_list(*ctx.db, *ctx.who, f, page),
                       write_invitation);
}

domain::Result<web::Response> invitations_create(Ctx& ctx) {
  auto input = read_new_invitation(ctx.req);
  if (!input) return input.take_error();
  auto issued = services::invitation_create(*ctx.db, *ctx.who, *input);
  if (!issued) return issued.take_error();
  return issued_response(ctx, 201, *issued);
}

domain::Result<web::Response> invitations_retrieve(Ctx& ctx) {
  auto inv = services::invitation_get(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!inv) return inv.take_error();
  return object_response(200, *inv, write_invitation);
}

domain::Result<web::Response> invitations_reissue(Ctx& ctx) {
  auto body = json::Body::parse(ctx.req.content_type, ctx.req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  auto expires_at = read_expires_at(in);
  if (!in.ok()) return in.error();
  auto issued = services::invitation_reissue(*ctx.db, *ctx.who, ctx.req.id_param(0), expires_at);
  if (!issued) return issued.take_error();
  return issued_response(ctx, 200, *issued);
}

domain::Result<web::Response> invitations_revoke(Ctx& ctx) {
  auto inv = services::invitation_revoke(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!inv) return inv.take_error();
  return object_response(200, *inv, write_invitation);
}

domain::Result<web::Response> invitations_timeline(Ctx& ctx) {
  auto page = page_request(ctx.req);
  auto events = services::invitation_timeline(*ctx.db, *ctx.who, ctx.req.id_param(0), page);
  if (!events) return events.take_error();
  return list_response(ctx, page, *events, write_event);
}

}  // namespace api

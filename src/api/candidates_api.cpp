#include "api/candidates_api.hpp"

#include "api/query_params.hpp"

#include "api/serializers.hpp"
#include "json/input.hpp"
#include "services/candidates_service.hpp"
#include "util/text.hpp"

namespace api {

namespace {

// Creation and PUT need name and email; PATCH (partial) makes every field optional.
domain::Result<services::CandidateInput> read_candidate(const web::Request& req, bool partial) {
  auto body = json::Body::parse(req.content_type, req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  services::CandidateInput c;
  c.name = in.string("name", {.required = !partial, .max_length = 200});
  c.email = in.email("email", !partial);
  c.phone = in.string("phone", {.allow_blank = true, .max_length = 32});
  c.resume_url = in.url("resume_url", false);
  if (!in.ok()) return in.error();
  return c;
}

// ?job_id= (candidates applied to that job) and ?search= (in name or email);
// empty values are no filter, as with django-filter.
domain::Result<services::CandidateFilter> read_candidate_filter(const web::Request& req) {
  services::CandidateFilter f;
  if (auto job = req.query_value("job_id"); job && !job->empty()) {
    if (auto id = util::parse_positive_id(*job)) {
      f.job_id = *id;
    } else if (job->find_first_not_of("-0123456789") == std::string::npos &&
               job->find('-', 1) == std::string::npos && *job != "-") {
      // A whole number that cannot be an id (0, -3, too large): no job has it.
      f.job_id = 0;
    } else {
      return domain::Error::invalid("job_id", "Enter a whole number.");
    }
  }
  QueryReader q(req);
  f.search = q.text("search");
  if (!q.ok()) return q.error();
  return f;
}

domain::Result<web::Response> update(Ctx& ctx, bool partial) {
  auto input = read_candidate(ctx.req, partial);
  if (!input) return input.take_error();
  auto c = services::candidate_update(*ctx.db, *ctx.who, ctx.req.id_param(0), *input);
  if (!c) return c.take_error();
  return object_response(200, *c, write_candidate);
}

}  // namespace

domain::Result<web::Response> candidates_list(Ctx& ctx) {
  auto filter = read_candidate_filter(ctx.req);
  if (!filter) return filter.take_error();
  auto page = page_request(ctx.req);
  return list_response(ctx, page, services::candidates_list(*ctx.db, *ctx.who, *filter, page),
                       write_candidate);
}

domain::Result<web::Response> candidates_create(Ctx& ctx) {
  auto input = read_candidate(ctx.req, false);
  if (!input) return input.take_error();
  auto c = services::candidate_create(*ctx.db, *ctx.who, *input);
  if (!c) return c.take_error();
  return object_response(201, *c, write_candidate);
}

domain::Result<web::Response> candidates_retrieve(Ctx& ctx) {
  auto c = services::candidate_get(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!c) return c.take_error();
  return object_response(200, *c, write_candidate);
}

domain::Result<web::Response> candidates_update(Ctx& ctx) {
  return update(ctx, false);
}
domain::Result<web::Response> candidates_partial_update(Ctx& ctx) {
  return update(ctx, true);
}

domain::Result<web::Response> candidates_destroy(Ctx& ctx) {
  auto st = services::candidate_erase(*ctx.db, ctx.deps, *ctx.who, ctx.req.id_param(0));
  if (!st) return st.take_error();
  return web::Response::no_content();
}

}  // namespace api

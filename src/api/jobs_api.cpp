#include "api/jobs_api.hpp"

#include "api/serializers.hpp"
#include "json/input.hpp"
#include "services/applications_service.hpp"
#include "services/jobs_service.hpp"
#include "util/text.hpp"

namespace api {

namespace {

// Creation and PUT need a title; PATCH (partial) makes every field optional.
domain::Result<services::JobInput> read_job(const web::Request& req, bool partial) {
  auto body = json::Body::parse(req.content_type, req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  services::JobInput j;
  j.title = in.string("title", {.required = !partial, .max_length = 200});
  j.description = in.string("description", {.allow_blank = true, .max_length = 10000});
  auto status = in.choice("status", domain::kJobStatuses, false);
  if (!in.ok()) return in.error();
  if (status) j.status = domain::parse_job_status(*status);
  return j;
}

// ?status= (one of the job statuses) and ?search= (in the title); empty values
// are no filter, as with django-filter.
domain::Result<services::JobFilter> read_job_filter(const web::Request& req) {
  services::JobFilter f;
  if (auto status = req.query_value("status"); status && !status->empty()) {
    f.status = domain::parse_job_status(*status);
    if (!f.status) {
      return domain::Error::invalid(
          "status", "Select a valid choice. " + *status + " is not one of the available choices.");
    }
  }
  if (auto search = req.query_value("search")) {
    std::string text(util::trim(*search));
    if (!text.empty()) f.search = std::move(text);
  }
  return f;
}

domain::Result<web::Response> update(Ctx& ctx, bool partial) {
  auto input = read_job(ctx.req, partial);
  if (!input) return input.take_error();
  auto job = services::job_update(*ctx.db, *ctx.who, ctx.req.id_param(0), *input);
  if (!job) return job.take_error();
  return object_response(200, *job, write_job);
}

}  // namespace

domain::Result<web::Response> jobs_list(Ctx& ctx) {
  auto filter = read_job_filter(ctx.req);
  if (!filter) return filter.take_error();
  auto page = page_request(ctx.req);
  return list_response(ctx, page, services::jobs_list(*ctx.db, *ctx.who, *filter, page), write_job);
}

domain::Result<web::Response> jobs_create(Ctx& ctx) {
  auto input = read_job(ctx.req, false);
  if (!input) return input.take_error();
  auto job = services::job_create(*ctx.db, *ctx.who, *input);
  if (!job) return job.take_error();
  return object_response(201, *job, write_job);
}

domain::Result<web::Response> jobs_retrieve(Ctx& ctx) {
  auto job = services::job_get(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!job) return job.take_error();
  return object_response(200, *job, write_job);
}

domain::Result<web::Response> jobs_update(Ctx& ctx) {
  return update(ctx, false);
}
domain::Result<web::Response> jobs_partial_update(Ctx& ctx) {
  return update(ctx, true);
}

domain::Result<web::Response> jobs_destroy(Ctx& ctx) {
  auto st = services::job_delete(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!st) return st.take_error();
  return web::Response::no_content();
}

domain::Result<web::Response> jobs_candidates_list(Ctx& ctx) {
  auto page = page_request(ctx.req);
  auto items = services::job_candidates(*ctx.db, *ctx.who, ctx.req.id_param(0), page);
  if (!items) return items.take_error();
  return list_response(ctx, page, *items, write_candidate);
}

domain::Result<web::Response> jobs_candidates_create(Ctx& ctx) {
  auto body = json::Body::parse(ctx.req.content_type, ctx.req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  auto candidate_id = in.id("candidate_id", true);
  if (!in.ok()) return in.error();
  auto candidate = services::candidate_apply(*ctx.db, *ctx.who, ctx.req.id_param(0), *candidate_id);
  if (!candidate) return candidate.take_error();
  return object_response(201, *candidate, write_candidate);
}

}  // namespace api

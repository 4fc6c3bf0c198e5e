#include "api/answers_api.hpp"

#include <limits>

#include "api/answer_serializer.hpp"
#include "api/query_params.hpp"
#include "api/serializers.hpp"
#include "domain/messages.hpp"
#include "json/input.hpp"
#include "services/answers_service.hpp"
#include "util/text.hpp"

namespace api {

namespace {}  // namespace

void read_answer_content(json::FieldReader& in, services::AnswerInput& a) {
  a.text = in.string("text", {.required = false, .allow_blank = true, .max_length = 10000});
  // A null list of choices is no list.
  if (in.given("choices")) {
    a.choices = in.strings("choices", false,
                           {.item = {.allow_blank = true,
                                     .max_length = std::numeric_limits<std::size_t>::max(),
                                     .trim = false},
                            .not_a_string = "Each choice must be a string."});
  }
  a.rating = in.integer("rating", false, 1, 5);
}

namespace {

// A JSON body: {screening_id, question, text | choices | rating | video_key}.
domain::Result<services::AnswerInput> read_json(const web::Request& req) {
  auto body = json::Body::parse(req.content_type, req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  services::AnswerInput a;
  auto screening = in.id("screening_id", true);
  auto question = in.id("question", true);
  read_answer_content(in, a);
  a.video_key = in.string("video_key", {.required = false, .max_length = 1024, .trim = false});
  if (!in.ok()) return in.error();
  a.screening_id = *screening;
  a.question_id = *question;
  return a;
}

// A multipart form: screening_id, question, and one file part (video or audio).
domain::Result<services::AnswerInput> read_form(const web::Request& req) {
  domain::FieldErrors errors;
  services::AnswerInput a;
  auto id_field = [&](const char* name) -> std::int64_t {
    auto v = req.form_value(name);
    if (!v) {
      errors[name].push_back(std::string(domain::messages::kRequired));
      return 0;
    }
    auto id = util::parse_positive_id(util::trim(*v));
    if (!id) errors[name].push_back(domain::messages::invalid_pk(*v));
    return id.value_or(0);
  };
  a.screening_id = id_field("screening_id");
  a.question_id = id_field("question");
  if (auto text = req.form_value("text")) a.text = *text;
  if (!req.upload) errors["video"].push_back("No file was submitted.");
  if (!errors.empty()) return domain::Error::invalid(errors);
  a.file = services::UploadedFile{req.upload->path, req.upload->filename, req.upload->content_type,
                                  req.upload->size};
  return a;
}

domain::Result<web::Response> page_of(Ctx& ctx, const domain::PageRequest& page,
                                      const domain::Page<domain::Answer>& items) {
  auto res = web::Response::json(200, json::build([&](json::Writer& w) {
                                   w.StartArray();
                                   for (const auto& a : items.items)
                                     write_answer(w, a, ctx.public_url);
                                   w.EndArray();
                                 }));
  add_page_headers(res, ctx.req, ctx.public_url, page, items.total);
  return res;
}

domain::Result<web::Response> of_candidate(Ctx& ctx, std::optional<std::int64_t> job,
                                           std::optional<std::int64_t> service) {
  auto page = page_request(ctx.req);
  auto items =
      services::answers_of_candidate(*ctx.db, *ctx.who, ctx.req.id_param(0), job, service, page);
  if (!items) return items.take_error();
  return page_of(ctx, page, *items);
}

}  // namespace

domain::Result<web::Response> answers_create(Ctx& ctx) {
  auto input = ctx.req.upload || !ctx.req.form.empty() ? read_form(ctx.req) : read_json(ctx.req);
  if (!input) return input.take_error();
  auto answer = services::answer_create(*ctx.db, ctx.deps, *ctx.who, *input);
  if (!answer) return answer.take_error();
  return web::Response::json(
      201, json::build([&](json::Writer& w) { write_answer(w, *answer, ctx.public_url); }));
}

domain::Result<web::Response> answers_list(Ctx& ctx) {
  QueryReader q(ctx.req);
  auto screening = q.id("screening_id");
  if (!q.ok()) return q.error();
  auto page = page_request(ctx.req);
  return page_of(ctx, page, services::answers_list(*ctx.db, *ctx.who, screening, page));
}

domain::Result<web::Response> answers_retrieve(Ctx& ctx) {
  auto answer = services::answer_get(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!answer) return answer.take_error();
  return web::Response::json(
      200, json::build([&](json::Writer& w) { write_answer(w, *answer, ctx.public_url); }));
}

domain::Result<web::Response> answers_destroy(Ctx& ctx) {
  auto st = services::answer_delete(*ctx.db, ctx.deps, *ctx.who, ctx.req.id_param(0));
  if (!st) return st.take_error();
  return web::Response::no_content();
}

domain::Result<web::Response> answers_of_candidate(Ctx& ctx) {
  return of_candidate(ctx, std::nullopt, std::nullopt);
}

domain::Result<web::Response> answers_of_candidate_job_service(Ctx& ctx) {
  return of_candidate(ctx, ctx.req.id_param(1), ctx.req.id_param(2));
}

}  // namespace api

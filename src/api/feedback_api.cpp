#include "api/feedback_api.hpp"

#include "api/interview_serializers.hpp"
#include "api/serializers.hpp"
#include "json/input.hpp"
#include "services/feedback_service.hpp"
#include "util/text.hpp"

namespace api {

namespace {

constexpr std::size_t kMaxCriteria = 50;
constexpr std::size_t kMaxCriterionLength = 100;

// {criterion: 1..5}: a small object of named scores.
std::optional<std::string> read_scores(json::FieldReader& in) {
  auto scores = in.object("scores", false);
  if (!scores) return std::nullopt;
  if (scores->size() > kMaxCriteria) {
    in.add("scores", "At most " + std::to_string(kMaxCriteria) + " criteria.");
    return std::nullopt;
  }
  bool ok = true;
  for (auto [key, value] : *scores) {
    const std::string criterion(key);
    if (util::trim(criterion).empty() || util::utf8_length(criterion) > kMaxCriterionLength) {
      in.add("scores", "Each criterion needs a name of 1 to 100 characters.");
      ok = false;
      continue;
    }
    std::int64_t v = 0;
    if (value.get_int64().get(v) || v < 1 || v > 5) {
      in.add("scores", "Score of \"" + criterion + "\" must be an integer from 1 to 5.");
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return simdjson::minify(*scores);
}

domain::Result<services::FeedbackInput> read_feedback(const web::Request& req, bool create) {
  auto body = json::Body::parse(req.content_type, req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  services::FeedbackInput f;
  if (create) {
    f.job = in.id("job", true);
    f.candidate = in.id("candidate", true);
    // A null step is no step.
    f.step = in.nullable_id("step").value_or(std::nullopt);
  }
  f.rating = in.integer("rating", create, 1, 5);
  f.recommendation = in.choice("recommendation", domain::kRecommendations, create);
  f.comments = in.string("comments", {.required = false, .allow_blank = true, .max_length = 10000});
  f.scores = read_scores(in);
  if (!in.ok()) return in.error();
  return f;
}

}  // namespace

domain::Result<web::Response> feedback_create(Ctx& ctx) {
  auto input = read_feedback(ctx.req, true);
  if (!input) return input.take_error();
  auto f = services::feedback_create(*ctx.db, *ctx.who, *input);
  if (!f) return f.take_error();
  return object_response(201, *f, write_feedback);
}

domain::Result<web::Response> feedback_update(Ctx& ctx) {
  auto input = read_feedback(ctx.req, false);
  if (!input) return input.take_error();
  auto f = services::feedback_update(*ctx.db, *ctx.who, ctx.req.id_param(0), *input);
  if (!f) return f.take_error();
  return object_response(200, *f, write_feedback);
}

domain::Result<web::Response> feedback_destroy(Ctx& ctx) {
  auto st = services::feedback_delete(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!st) return st.take_error();
  return web::Response::no_content();
}

domain::Result<web::Response> feedback_of_candidate(Ctx& ctx) {
  auto page = page_request(ctx.req);
  auto items = services::feedback_of_candidate(*ctx.db, *ctx.who, ctx.req.id_param(0),
                                               ctx.req.id_param(1), page);
  if (!items) return items.take_error();
  return list_response(ctx, page, *items, write_feedback);
}

}  // namespace api

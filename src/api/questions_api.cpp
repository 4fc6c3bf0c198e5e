#include "api/questions_api.hpp"

#include <set>

#include "api/query_params.hpp"
#include "api/question_serializers.hpp"
#include "api/serializers.hpp"
#include "json/input.hpp"
#include "services/questions_service.hpp"
#include "util/text.hpp"

namespace api {

namespace {

constexpr std::size_t kMaxOptionLength = 500;
constexpr std::int64_t kMaxOrder = 2147483647;
constexpr std::size_t kMaxQuestionIds = 1000;

// A field that may be null: absent → nullopt; null → present and empty.
std::optional<std::optional<std::int64_t>> nullable_integer(json::FieldReader& in,
                                                            simdjson::dom::object root,
                                                            std::string_view key, std::int64_t min,
                                                            std::int64_t max) {
  simdjson::dom::element e;
  if (root.at_key(key).get(e)) return std::nullopt;
  if (e.is_null()) return std::optional<std::int64_t>{};
  auto v = in.integer(key, false, min, max);
  if (!v) return std::nullopt;
  return std::optional<std::int64_t>{*v};
}

// A list of distinct, non-blank strings. Whether the type takes options, and how
// many, is the service's check: it knows the question's type on a partial update.
std::optional<std::vector<std::string>> read_options(json::FieldReader& in,
                                                     simdjson::dom::object root) {
  simdjson::dom::element e;
  if (root.at_key("options").get(e)) return std::nullopt;
  if (e.is_null()) {
    in.add("options", "This field may not be null.");
    return std::nullopt;
  }
  simdjson::dom::array items;
  if (e.get_array().get(items)) {
    in.add("options",
           "Expected a list of items but got type \"" + std::string(json::type_name(e)) + "\".");
    return std::nullopt;
  }
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::vector<std::string> errors;
  std::size_t i = 0;
  for (simdjson::dom::element item : items) {
    const std::string where = "Item " + std::to_string(++i) + ": ";
    std::string_view sv;
    if (item.get_string().get(sv)) {
      errors.push_back(where + "Not a valid string.");
      continue;
    }
    std::string value(util::trim(sv));
    if (value.empty()) {
      errors.push_back(where + "This field may not be blank.");
    } else if (value.find('\0') != std::string::npos) {
      errors.push_back(where + "Null characters are not allowed.");
    } else if (util::utf8_length(value) > kMaxOptionLength) {
      errors.push_back(where + "Ensure this field has no more than " +
                       std::to_string(kMaxOptionLength) + " characters.");
    } else if (!seen.insert(value).second) {
      errors.push_back(where + "\"" + value + "\" appears more than once.");
    } else {
      out.push_back(std::move(value));
    }
  }
  for (auto& m : errors) in.add("options", std::move(m));
  if (!errors.empty()) return std::nullopt;
  return out;
}

// Creation and PUT need question_set, text and type; PATCH (partial) makes every
// field optional.
domain::Result<services::QuestionInput> read_question(const web::Request& req, bool partial) {
  auto body = json::Body::parse(req.content_type, req.body);
  if (!body) return body.take_error();
  auto root = body->root();
  json::FieldReader in(root);
  services::QuestionInput q;
  q.question_set = in.id("question_set", !partial);
  q.text = in.string("text", {.required = !partial, .max_length = 5000});
  q.type = in.choice("type", domain::kQuestionTypes, !partial);
  q.options = read_options(in, root);
  q.order = in.integer("order", false, 0, kMaxOrder);
  q.is_required = in.boolean("is_required", false);
  q.time_limit_seconds = nullable_integer(in, root, "time_limit_seconds", 1, 3600);
  q.think_time_seconds = nullable_integer(in, root, "think_time_seconds", 0, 600);
  q.max_retakes = nullable_integer(in, root, "max_retakes", 0, 10);
  if (!in.ok()) return in.error();
  return q;
}

domain::Result<web::Response> update(Ctx& ctx, bool partial) {
  auto input = read_question(ctx.req, partial);
  if (!input) return input.take_error();
  auto q = services::question_update(*ctx.db, *ctx.who, ctx.req.id_param(0), *input);
  if (!q) return q.take_error();
  return object_response(200, *q, write_question);
}

}  // namespace

domain::Result<web::Response> questions_list(Ctx& ctx) {
  QueryReader query(ctx.req);
  services::QuestionFilter f;
  f.question_set_id = query.id("question_set_id");
  f.ids = query.id_list("question_ids", kMaxQuestionIds);
  if (!query.ok()) return query.error();
  auto page = page_request(ctx.req);
  return list_response(ctx, page, services::questions_list(*ctx.db, *ctx.who, f, page),
                       write_question);
}

domain::Result<web::Response> questions_create(Ctx& ctx) {
  auto input = read_question(ctx.req, false);
  if (!input) return input.take_error();
  auto q = services::question_create(*ctx.db, *ctx.who, *input);
  if (!q) return q.take_error();
  return object_response(201, *q, write_question);
}

domain::Result<web::Response> questions_retrieve(Ctx& ctx) {
  auto q = services::question_get(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!q) return q.take_error();
  return object_response(200, *q, write_question);
}

domain::Result<web::Response> questions_update(Ctx& ctx) {
  return update(ctx, false);
}
domain::Result<web::Response> questions_partial_update(Ctx& ctx) {
  return update(ctx, true);
}

domain::Result<web::Response> questions_destroy(Ctx& ctx) {
  auto st = services::question_delete(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!st) return st.take_error();
  return web::Response::no_content();
}

}  // namespace api

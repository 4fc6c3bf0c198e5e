// Fuzzes JSON request bodies: json::Body::parse, then json::FieldReader's typed readers
// on the fields the handlers in src/api/ read, nested objects included.
// Input: one byte choosing the Content-Type, then the body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "json/input.hpp"
#include "util/text.hpp"

namespace {

constexpr std::string_view kContentTypes[] = {
    "application/json",
    "application/json; charset=utf-8",
    "application/vnd.api+json",
    "text/plain",
    "",
    "multipart/form-data; boundary=x",
    "APPLICATION/JSON",
    "application/+json",
};

// A string that a reader hands to a service: valid UTF-8, no NUL, within its limit.
void check_string(const std::optional<std::string>& s, std::size_t max_length) {
  if (!s) return;
  if (s->find('\0') != std::string::npos || !util::valid_utf8(*s)) std::abort();
  if (util::utf8_length(*s) > max_length) std::abort();
}

void read_fields(json::FieldReader& in) {
  check_string(in.string("name", {.required = true}), 255);
  check_string(in.string("description", {.allow_blank = true, .max_length = 10000}), 10000);
  check_string(in.string("title", {}), 255);
  check_string(in.string("text", {.allow_blank = true, .max_length = 5000, .trim = false}), 5000);
  check_string(
      in.string("password", {.required = true, .max_length = 128, .min_length = 8, .trim = false}),
      128);
  check_string(in.email("email", true), 254);
  check_string(in.url("resume_url", false), 2048);
  check_string(in.string("phone", {.allow_blank = true, .max_length = 32}), 32);
  check_string(in.string("video_key", {.max_length = 1024}), 1024);
  check_string(in.string("content_type", {.max_length = 255}), 255);
  constexpr std::string_view kStatuses[] = {"pending", "in_progress", "passed", "failed"};
  check_string(in.choice("status", kStatuses, false), 255);
  constexpr std::string_view kActions[] = {"shortlist", "unshortlist", "update-step",
                                           "update-status"};
  check_string(in.choice("action", kActions, false), 255);
  for (std::string_view key : {"id", "job", "job_id", "candidate_id", "module_id", "service",
                               "question_set_id", "screening_id", "step", "question"}) {
    if (auto id = in.id(key, false); id && *id <= 0) std::abort();
  }
  if (auto v = in.integer("order", false, 0, 1000); v && (*v < 0 || *v > 1000)) std::abort();
  if (auto v = in.integer("rating", false, 1, 5); v && (*v < 1 || *v > 5)) std::abort();
  // Lists (question options, answer choices) and nullable fields (a feedback's step,
  // a question's time limits), as the handlers read them.
  json::StringListRule options;
  options.distinct = true;
  if (auto items = in.strings("options", false, options)) {
    for (const auto& item : *items) check_string(item, 255);
  }
  json::StringListRule choices;
  choices.not_a_string = "Each choice must be a string.";
  if (auto items = in.strings("choices", false, choices)) {
    for (const auto& item : *items) check_string(item, 255);
  }
  in.list("services", false);
  if (auto v = in.nullable_id("step"); v && *v && **v <= 0) std::abort();
  if (auto v = in.nullable_integer("time_limit_seconds", 1, 3600);
      v && *v && (**v < 1 || **v > 3600)) {
    std::abort();
  }
  in.given("preferences");
  in.type("text");
  in.boolean("is_active", false);
  in.boolean("is_required", false);
  in.has("service_name");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view content_type = kContentTypes[data[0] % std::size(kContentTypes)];
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto body = json::Body::parse(content_type, text);
  if (!body) return 0;
  json::FieldReader in(body->root());
  read_fields(in);
  // Nested objects, as register (organization), screenings (service), modules
  // (preferences) and feedback (scores) read them.
  for (std::string_view key : {"organization", "service", "preferences", "scores"}) {
    if (auto obj = in.object(key, false)) {
      json::FieldReader nested(*obj, std::string(key));
      read_fields(nested);
    }
  }
  // Free-form maps, written back minified (feedback scores).
  simdjson::dom::object scores;
  if (!body->root().at_key("scores").get(scores)) {
    for (auto [key, value] : scores) {
      if (!util::valid_utf8(key)) std::abort();
      std::int64_t v = 0;
      (void)value.get_int64().get(v);
    }
    if (simdjson::minify(scores).empty()) std::abort();
  }
  // Lists of strings (a question's options).
  simdjson::dom::array options;
  if (!body->root().at_key("options").get(options)) {
    for (simdjson::dom::element item : options) {
      std::string_view sv;
      if (!item.get_string().get(sv) && !util::valid_utf8(sv)) std::abort();
    }
  }
  if (!in.ok()) in.error();
  return 0;
}

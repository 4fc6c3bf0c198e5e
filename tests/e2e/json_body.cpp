// JSON values written with the product's JSON writer (src/json/writer.hpp), so
// that the tests escape strings as the service does.
#include "json_body.hpp"

#include <algorithm>

#include "json/writer.hpp"

namespace e2e {
namespace {

void write_raw(json::Writer& w, const Json& value) {
  w.RawValue(value.text().data(), value.text().size(), rapidjson::kObjectType);
}

}  // namespace

Json::Json(std::nullptr_t) : text_("null") {}
Json::Json(bool value) : text_(value ? "true" : "false") {}
Json::Json(std::int64_t value, Number) : text_(std::to_string(value)) {}
Json::Json(double value) : text_(json::build([&](json::Writer& w) { w.Double(value); })) {}
Json::Json(const char* value) : Json(std::string_view(value)) {}
Json::Json(std::string_view value)
    : text_(json::build([&](json::Writer& w) { json::string(w, value); })) {}
Json::Json(const std::string& value) : Json(std::string_view(value)) {}
Json::Json(const Object& value) : text_(value.text()) {}

Json Json::raw(std::string text) {
  return Json(std::move(text), Raw{});
}

Json array(const std::vector<Json>& items) {
  return Json::raw(json::build([&](json::Writer& w) {
    w.StartArray();
    for (const auto& item : items) write_raw(w, item);
    w.EndArray();
  }));
}

Object& Object::set(const std::string& key, Json value) {
  auto it =
      std::find_if(members_.begin(), members_.end(), [&](const Member& m) { return m.key == key; });
  if (it == members_.end()) {
    members_.push_back({key, std::move(value)});
  } else {
    it->value = std::move(value);
  }
  return *this;
}

Object& Object::merge(const Object& other) {
  for (const auto& m : other.members_) set(m.key, m.value);
  return *this;
}

std::string Object::text() const {
  return json::build([&](json::Writer& w) {
    w.StartObject();
    for (const auto& m : members_) {
      json::key(w, m.key);
      write_raw(w, m.value);
    }
    w.EndObject();
  });
}

}  // namespace e2e

// Request bodies built as JSON values, so that each body is valid JSON by
// construction (strings escaped, members separated) whatever its values:
//
//   admin.post("/api/v1/jobs/", e2e::Object{{"title", title}, {"status", "open"}});
//   e2e::Object{{"service", e2e::Object{{"name", name}}}, {"ids", e2e::array({1, 2})}};
//
// Bodies that are fixed text stay raw string literals; a value a test writes on
// purpose as text (a wrong type, a huge number, broken JSON) is Json::raw.
#pragma once

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace e2e {

class Object;

// One JSON value, held as its text.
class Json {
 public:
  Json(std::nullptr_t);  // NOLINT: the values convert implicitly, as in a literal
  Json(bool value);      // NOLINT
  template <std::integral T>
  requires(!std::same_as<T, bool>) Json(T value)
      : Json(static_cast<std::int64_t>(value), Number{}) {}  // NOLINT
  Json(double value);                                        // NOLINT
  Json(const char* value);                                   // NOLINT
  Json(std::string_view value);                              // NOLINT
  Json(const std::string& value);                            // NOLINT
  Json(const Object& value);                                 // NOLINT

  // `text` as it is, unchecked.
  static Json raw(std::string text);

  const std::string& text() const { return text_; }
  operator const std::string&() const { return text_; }  // NOLINT: a body

 private:
  struct Number {};
  struct Raw {};
  Json(std::int64_t value, Number);
  Json(std::string text, Raw) : text_(std::move(text)) {}

  std::string text_;
};

// A JSON array of `items`.
Json array(const std::vector<Json>& items);

// A JSON object whose members keep the order they were given in.
class Object {
 public:
  struct Member {
    std::string key;
    Json value;
  };

  Object() = default;
  Object(std::initializer_list<Member> members) : members_(members) {}

  // Sets `key`: its value is replaced where it stands, or it is appended.
  Object& set(const std::string& key, Json value);
  // Sets each member of `other` in turn.
  Object& merge(const Object& other);

  std::string text() const;
  operator std::string() const { return text(); }  // NOLINT: a body

 private:
  std::vector<Member> members_;
};

// As text, for assertion messages.
inline std::ostream& operator<<(std::ostream& out, const Json& value) {
  return out << value.text();
}
inline std::ostream& operator<<(std::ostream& out, const Object& value) {
  return out << value.text();
}

}  // namespace e2e

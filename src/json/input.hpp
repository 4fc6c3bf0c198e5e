// JSON input: parse a request body with simdjson and read typed, validated
// fields from it, collecting every field error at once (DRF style).
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"

namespace json {

// What a request body must be: an object (else 400 naming the type it is) without a
// NUL in any string (else 400 naming the field). `may_hold_nul` false skips that walk
// when the text had no \u0000 to make one.
domain::Result<simdjson::dom::object> body_object(simdjson::dom::element root,
                                                  bool may_hold_nul = true);

// A parsed JSON object body. Owns the parser that the values point into.
class Body {
 public:
  // What the whole body is checked for. A body that carries other bodies (the bulk
  // endpoint's items) leaves NULs to the check of each (body_object).
  enum class Nul { kRefuse, kLeaveToItems };
  // 415 for a non-JSON content type, 400 for malformed JSON or a non-object.
  // An empty body is an empty object.
  static domain::Result<Body> parse(std::string_view content_type, std::string_view text,
                                    Nul nul = Nul::kRefuse);
  // Whether the text may hold a NUL in a string (it has an escape that makes one).
  bool may_hold_nul() const { return may_hold_nul_; }
  simdjson::dom::object root() const { return root_; }

 private:
  std::unique_ptr<simdjson::dom::parser> parser_;
  simdjson::dom::object root_;
  bool may_hold_nul_ = false;
};

struct StringRule {
  bool required = false;
  bool allow_blank = false;
  std::size_t max_length = 255;
  std::size_t min_length = 0;
  bool trim = true;
};

// A list of strings, each item checked by `item` (its messages prefixed "Item N: ").
struct StringListRule {
  StringRule item = {.allow_blank = true, .max_length = 255, .trim = false};
  // "Item N: \"x\" appears more than once." for a repeated (trimmed) item.
  bool distinct = false;
  // When set, one message for the list on its first item that is not a string, instead
  // of "Item N: Not a valid string." for each.
  std::string_view not_a_string = {};
};

// A field that may be given as null to clear what it sets: absent is nullopt (leave it
// as it is), null an empty inner value, anything else read as the plain getter reads it
// (nullopt again when that records an error).
template <class T>
using Nullable = std::optional<std::optional<T>>;

// Reads fields of one JSON object. Each getter returns nullopt when the field is
// absent or invalid; invalid ones (and missing required ones) are recorded.
class FieldReader {
 public:
  explicit FieldReader(simdjson::dom::object obj, std::string prefix = "")
      : obj_(obj), prefix_(std::move(prefix)) {}

  bool has(std::string_view key) const;
  // Present and not null: null means "not given" for the fields read after this test.
  bool given(std::string_view key) const;
  // The JSON type of a present field, to read a field that takes several shapes.
  std::optional<simdjson::dom::element_type> type(std::string_view key) const;
  std::optional<std::string> string(std::string_view key, const StringRule& rule);
  std::optional<std::string> email(std::string_view key, bool required);
  std::optional<std::string> url(std::string_view key, bool required);
  std::optional<std::string> choice(std::string_view key, std::span<const std::string_view> choices,
                                    bool required);
  // A related object's id: a positive 64-bit integer (or its decimal string).
  std::optional<std::int64_t> id(std::string_view key, bool required);
  std::optional<std::int64_t> integer(std::string_view key, bool required, std::int64_t min,
                                      std::int64_t max);
  std::optional<bool> boolean(std::string_view key, bool required);
  std::optional<simdjson::dom::object> object(std::string_view key, bool required);
  // A list (DRF's ListField): "Expected a list of items but got type ..." otherwise.
  std::optional<simdjson::dom::array> list(std::string_view key, bool required);
  std::optional<std::vector<std::string>> strings(std::string_view key, bool required,
                                                  const StringListRule& rule);
  Nullable<std::int64_t> nullable_id(std::string_view key);
  Nullable<std::int64_t> nullable_integer(std::string_view key, std::int64_t min, std::int64_t max);

  void add(const std::string& field, std::string message);
  bool ok() const { return errors_.empty(); }
  domain::FieldErrors& errors() { return errors_; }
  domain::Error error() const { return domain::Error::invalid(errors_); }

 private:
  // The element for `key`, or nullopt (recording "required"/"null" as needed).
  std::optional<simdjson::dom::element> get(std::string_view key, bool required);
  std::string name(std::string_view key) const;

  simdjson::dom::object obj_;
  std::string prefix_;
  domain::FieldErrors errors_;
};

// The JSON type name DRF would report ("str", "int", "list", ...).
std::string_view type_name(const simdjson::dom::element& e);

}  // namespace json

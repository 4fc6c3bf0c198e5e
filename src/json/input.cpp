#include "json/input.hpp"

#include <charconv>
#include <set>

#include "domain/messages.hpp"
#include "util/text.hpp"

namespace json {

namespace {

bool is_json_content_type(std::string_view ct) {
  auto semi = ct.find(';');
  std::string base = util::ascii_lower(util::trim(ct.substr(0, semi)));
  if (base == "application/json") return true;
  // application/problem+json, application/vnd.x+json, ...
  return base.rfind("application/", 0) == 0 && base.size() > 5 &&
         base.compare(base.size() - 5, 5, "+json") == 0;
}

// Whether a string anywhere inside `e` (a key or a value) holds a NUL, which
// neither database stores as text. The depth is bounded by the parser's.
bool holds_nul(const simdjson::dom::element& e) {
  switch (e.type()) {
    case simdjson::dom::element_type::STRING:
      return e.get_string().value_unsafe().find('\0') != std::string_view::npos;
    case simdjson::dom::element_type::ARRAY: {
      const simdjson::dom::array items = e.get_array().value_unsafe();
      for (auto item : items) {
        if (holds_nul(item)) return true;
      }
      return false;
    }
    case simdjson::dom::element_type::OBJECT: {
      const simdjson::dom::object fields = e.get_object().value_unsafe();
      for (auto field : fields) {
        if (field.key.find('\0') != std::string_view::npos || holds_nul(field.value)) return true;
      }
      return false;
    }
    default:
      return false;
  }
}

// DRF's message for a NUL in a string field, named per top-level field.
domain::Result<bool> refuse_nul(simdjson::dom::object root) {
  domain::FieldErrors errors;
  for (auto field : root) {
    const bool in_key = field.key.find('\0') != std::string_view::npos;
    if (in_key || holds_nul(field.value)) {
      errors[in_key ? "non_field_errors" : std::string(field.key)].push_back(
          std::string(domain::messages::kNulCharacters));
    }
  }
  if (!errors.empty()) return domain::Error::invalid(errors);
  return true;
}

// A string under `rule`: the value to keep, or else the message refusing it.
struct CheckedString {
  std::string value;
  std::string problem;
};

CheckedString check_string(std::string_view sv, const StringRule& rule) {
  CheckedString out{std::string(rule.trim ? util::trim(sv) : sv), {}};
  const std::size_t len = util::utf8_length(out.value);
  if (out.value.empty() && !rule.allow_blank) {
    out.problem = std::string(domain::messages::kBlank);
  } else if (len > rule.max_length) {
    out.problem =
        "Ensure this field has no more than " + std::to_string(rule.max_length) + " characters.";
  } else if (len < rule.min_length) {
    out.problem =
        "Ensure this field has at least " + std::to_string(rule.min_length) + " characters.";
  }
  return out;
}

}  // namespace

std::string_view type_name(const simdjson::dom::element& e) {
  switch (e.type()) {
    case simdjson::dom::element_type::ARRAY:
      return "list";
    case simdjson::dom::element_type::OBJECT:
      return "dict";
    case simdjson::dom::element_type::INT64:
    case simdjson::dom::element_type::UINT64:
      return "int";
    case simdjson::dom::element_type::DOUBLE:
      return "float";
    case simdjson::dom::element_type::STRING:
      return "str";
    case simdjson::dom::element_type::BOOL:
      return "bool";
    case simdjson::dom::element_type::NULL_VALUE:
      return "NoneType";
  }
  return "unknown";
}

domain::Result<simdjson::dom::object> body_object(simdjson::dom::element root, bool may_hold_nul) {
  if (root.type() != simdjson::dom::element_type::OBJECT) {
    return domain::Error::invalid(
        "non_field_errors",
        "Invalid data. Expected a dictionary, but got " + std::string(type_name(root)) + ".");
  }
  const simdjson::dom::object object = root.get_object().value_unsafe();
  if (may_hold_nul) {
    if (auto st = refuse_nul(object); !st) return st.take_error();
  }
  return object;
}

domain::Result<Body> Body::parse(std::string_view content_type, std::string_view text, Nul nul) {
  Body body;
  body.parser_ = std::make_unique<simdjson::dom::parser>();
  std::string_view input = text;
  if (util::trim(text).empty()) {
    input = "{}";
  } else if (!is_json_content_type(content_type)) {
    std::string shown = content_type.empty() ? std::string() : std::string(content_type);
    return domain::Error{domain::ErrorCode::kUnsupportedMedia,
                         "Unsupported media type \"" + shown + "\" in request.",
                         {},
                         0,
                         {}};
  }
  simdjson::dom::element root;
  auto err = body.parser_->parse(input.data(), input.size(), true).get(root);
  if (err) {
    return domain::Error::bad_request(std::string("JSON parse error - ") +
                                      simdjson::error_message(err));
  }
  // A NUL can only come in as the escape \u0000: most bodies skip the walk.
  body.may_hold_nul_ = input.find("u0000") != std::string_view::npos;
  auto object = body_object(root, body.may_hold_nul_ && nul == Nul::kRefuse);
  if (!object) return object.take_error();
  body.root_ = *object;
  return body;
}

std::string FieldReader::name(std::string_view key) const {
  return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
}

void FieldReader::add(const std::string& field, std::string message) {
  errors_[field].push_back(std::move(message));
}

std::optional<simdjson::dom::element_type> FieldReader::type(std::string_view key) const {
  simdjson::dom::element e;
  if (obj_.at_key(key).get(e)) return std::nullopt;
  return e.type();
}

bool FieldReader::has(std::string_view key) const {
  return type(key).has_value();
}

bool FieldReader::given(std::string_view key) const {
  auto t = type(key);
  return t && *t != simdjson::dom::element_type::NULL_VALUE;
}

std::optional<simdjson::dom::element> FieldReader::get(std::string_view key, bool required) {
  simdjson::dom::element e;
  if (obj_.at_key(key).get(e)) {
    if (required) add(name(key), std::string(domain::messages::kRequired));
    return std::nullopt;
  }
  if (e.is_null()) {
    add(name(key), std::string(domain::messages::kNull));
    return std::nullopt;
  }
  return e;
}

std::optional<std::string> FieldReader::string(std::string_view key, const StringRule& rule) {
  auto e = get(key, rule.required);
  if (!e) return std::nullopt;
  std::string_view sv;
  if (e->get_string().get(sv)) {
    add(name(key), std::string(domain::messages::kNotAString));
    return std::nullopt;
  }
  auto checked = check_string(sv, rule);
  if (!checked.problem.empty()) {
    add(name(key), std::move(checked.problem));
    return std::nullopt;
  }
  return std::move(checked.value);
}

std::optional<std::string> FieldReader::email(std::string_view key, bool required) {
  auto v = string(key, {.required = required, .allow_blank = false, .max_length = 254});
  if (!v) return std::nullopt;
  const auto at = v->find('@');
  const bool shape_ok = at != std::string::npos && at > 0 && at == v->rfind('@') &&
                        v->find_first_of(" \t\r\n<>(),;:\"[]\\") == std::string::npos;
  std::string_view domain_part = shape_ok ? std::string_view(*v).substr(at + 1) : "";
  const bool domain_ok = !domain_part.empty() && domain_part.find('.') != std::string::npos &&
                         domain_part.front() != '.' && domain_part.back() != '.' &&
                         domain_part.find("..") == std::string::npos;
  if (!shape_ok || !domain_ok) {
    add(name(key), "Enter a valid email address.");
    return std::nullopt;
  }
  return util::ascii_lower(*v);
}

std::optional<std::string> FieldReader::url(std::string_view key, bool required) {
  auto v = string(key, {.required = required, .allow_blank = !required, .max_length = 2048});
  if (!v || v->empty()) return v;
  const std::string lower = util::ascii_lower(*v);
  std::string_view rest;
  if (lower.rfind("http://", 0) == 0) {
    rest = std::string_view(*v).substr(7);
  } else if (lower.rfind("https://", 0) == 0) {
    rest = std::string_view(*v).substr(8);
  }
  const auto host_end = rest.find_first_of("/?#");
  std::string_view host = rest.substr(0, host_end);
  if (host.empty() || v->find_first_of(" \t\r\n") != std::string::npos) {
    add(name(key), "Enter a valid URL.");
    return std::nullopt;
  }
  return v;
}

std::optional<std::string> FieldReader::choice(std::string_view key,
                                               std::span<const std::string_view> choices,
                                               bool required) {
  auto e = get(key, required);
  if (!e) return std::nullopt;
  std::string_view sv;
  if (e->get_string().get(sv)) {
    add(name(key), domain::messages::invalid_choice(simdjson::minify(*e)));
    return std::nullopt;
  }
  for (auto c : choices) {
    if (c == sv) return std::string(sv);
  }
  add(name(key), domain::messages::invalid_choice(sv));
  return std::nullopt;
}

std::optional<std::int64_t> FieldReader::id(std::string_view key, bool required) {
  auto e = get(key, required);
  if (!e) return std::nullopt;
  std::string shown;
  switch (e->type()) {
    case simdjson::dom::element_type::INT64: {
      std::int64_t v = e->get_int64().value_unsafe();
      if (v > 0) return v;
      shown = std::to_string(v);
      break;
    }
    case simdjson::dom::element_type::UINT64:
      shown = std::to_string(e->get_uint64().value_unsafe());
      break;
    case simdjson::dom::element_type::STRING: {
      std::string_view sv = e->get_string().value_unsafe();
      if (auto v = util::parse_positive_id(sv)) return v;
      bool digits = !sv.empty() && sv.find_first_not_of("-0123456789") == std::string_view::npos;
      if (!digits) {
        add(name(key), "Incorrect type. Expected pk value, received str.");
        return std::nullopt;
      }
      shown = std::string(sv);
      break;
    }
    default:
      add(name(key),
          "Incorrect type. Expected pk value, received " + std::string(type_name(*e)) + ".");
      return std::nullopt;
  }
  add(name(key), domain::messages::invalid_pk(shown));
  return std::nullopt;
}

std::optional<std::int64_t> FieldReader::integer(std::string_view key, bool required,
                                                 std::int64_t min, std::int64_t max) {
  auto e = get(key, required);
  if (!e) return std::nullopt;
  std::int64_t v = 0;
  if (e->type() == simdjson::dom::element_type::INT64) {
    v = e->get_int64().value_unsafe();
  } else if (e->type() == simdjson::dom::element_type::UINT64) {
    add(name(key), "Ensure this value is less than or equal to " + std::to_string(max) + ".");
    return std::nullopt;
  } else {
    add(name(key), "A valid integer is required.");
    return std::nullopt;
  }
  if (v < min) {
    add(name(key), "Ensure this value is greater than or equal to " + std::to_string(min) + ".");
    return std::nullopt;
  }
  if (v > max) {
    add(name(key), "Ensure this value is less than or equal to " + std::to_string(max) + ".");
    return std::nullopt;
  }
  return v;
}

std::optional<bool> FieldReader::boolean(std::string_view key, bool required) {
  auto e = get(key, required);
  if (!e) return std::nullopt;
  bool b = false;
  if (e->get_bool().get(b)) {
    add(name(key), "Must be a valid boolean.");
    return std::nullopt;
  }
  return b;
}

std::optional<simdjson::dom::object> FieldReader::object(std::string_view key, bool required) {
  auto e = get(key, required);
  if (!e) return std::nullopt;
  simdjson::dom::object o;
  if (e->get_object().get(o)) {
    add(name(key),
        "Expected a dictionary of items but got type \"" + std::string(type_name(*e)) + "\".");
    return std::nullopt;
  }
  return o;
}

std::optional<simdjson::dom::array> FieldReader::list(std::string_view key, bool required) {
  auto e = get(key, required);
  if (!e) return std::nullopt;
  simdjson::dom::array items;
  if (e->get_array().get(items)) {
    add(name(key), "Expected a list of items but got type \"" + std::string(type_name(*e)) + "\".");
    return std::nullopt;
  }
  return items;
}

std::optional<std::vector<std::string>> FieldReader::strings(std::string_view key, bool required,
                                                             const StringListRule& rule) {
  auto items = list(key, required);
  if (!items) return std::nullopt;
  std::vector<std::string> out;
  std::set<std::string> seen;
  bool ok = true;
  std::size_t i = 0;
  for (simdjson::dom::element item : *items) {
    const std::string where = "Item " + std::to_string(++i) + ": ";
    std::string_view sv;
    if (item.get_string().get(sv)) {
      if (!rule.not_a_string.empty()) {
        add(name(key), std::string(rule.not_a_string));
        return std::nullopt;
      }
      add(name(key), where + std::string(domain::messages::kNotAString));
      ok = false;
      continue;
    }
    auto checked = check_string(sv, rule.item);
    if (!checked.problem.empty()) {
      add(name(key), where + checked.problem);
      ok = false;
    } else if (rule.distinct && !seen.insert(checked.value).second) {
      add(name(key), where + "\"" + checked.value + "\" appears more than once.");
      ok = false;
    } else {
      out.push_back(std::move(checked.value));
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

Nullable<std::int64_t> FieldReader::nullable_id(std::string_view key) {
  if (!has(key)) return std::nullopt;
  if (!given(key)) return std::optional<std::int64_t>{};
  auto v = id(key, false);
  if (!v) return std::nullopt;
  return std::optional<std::int64_t>{*v};
}

Nullable<std::int64_t> FieldReader::nullable_integer(std::string_view key, std::int64_t min,
                                                     std::int64_t max) {
  if (!has(key)) return std::nullopt;
  if (!given(key)) return std::optional<std::int64_t>{};
  auto v = integer(key, false, min, max);
  if (!v) return std::nullopt;
  return std::optional<std::int64_t>{*v};
}

}  // namespace json

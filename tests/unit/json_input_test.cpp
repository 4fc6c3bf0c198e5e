// json::Body and json::FieldReader: content types, malformed bodies, and every
// validation message worded as Django REST Framework words it.
#include "json/input.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "domain/models.hpp"

namespace {

using domain::ErrorCode;
using Messages = std::vector<std::string>;

json::Body body_of(std::string_view text) {
  auto body = json::Body::parse("application/json", text);
  if (!body) throw std::runtime_error("unexpected parse failure: " + body.error().detail);
  return std::move(body).value();
}

// The messages recorded for `field`, or none.
Messages messages(json::FieldReader& in, const std::string& field) {
  auto it = in.errors().find(field);
  return it == in.errors().end() ? Messages{} : it->second;
}

// --- Body::parse -----------------------------------------------------------------------

TEST(JsonBody, AcceptsJsonContentTypes) {
  for (const char* ct : {"application/json", "application/json; charset=utf-8", "Application/JSON",
                         " application/json ", "application/vnd.api+json",
                         "application/problem+json; charset=utf-8"}) {
    auto body = json::Body::parse(ct, R"({"a":1})");
    ASSERT_TRUE(body.ok()) << ct;
    EXPECT_EQ(int64_t(body->root()["a"]), 1) << ct;
  }
}

TEST(JsonBody, RefusesOtherContentTypesWith415) {
  for (const char* ct : {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                         "application/jsonx", "text/json", "+json", ""}) {
    auto body = json::Body::parse(ct, R"({"a":1})");
    ASSERT_FALSE(body.ok()) << ct;
    EXPECT_EQ(body.error().code, ErrorCode::kUnsupportedMedia) << ct;
  }
  auto body = json::Body::parse("text/plain", "{}");
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.error().detail, "Unsupported media type \"text/plain\" in request.");
}

TEST(JsonBody, EmptyBodyIsAnEmptyObjectWhateverTheContentType) {
  for (const char* text : {"", "  ", "\r\n\t "}) {
    for (const char* ct : {"application/json", "text/plain", ""}) {
      auto body = json::Body::parse(ct, text);
      ASSERT_TRUE(body.ok()) << '"' << text << "\" " << ct;
      EXPECT_EQ(body->root().size(), 0u);
    }
  }
}

TEST(JsonBody, MalformedJsonIsABadRequest) {
  for (const char* text :
       {"{", "{\"a\":}", "{'a':1}", "nope", "{\"a\":1,}", "{\"a\":1} x", "{\"a\":\"\xff\"}",
        "{\"a\":\"\xc0\x80\"}", "{\"a\":\"\xed\xa0\x80\"}"}) {
    auto body = json::Body::parse("application/json", text);
    ASSERT_FALSE(body.ok()) << text;
    EXPECT_EQ(body.error().code, ErrorCode::kBadRequest) << text;
    EXPECT_EQ(body.error().detail.rfind("JSON parse error - ", 0), 0u) << body.error().detail;
  }
}

TEST(JsonBody, NonObjectIsANonFieldError) {
  const std::array<std::pair<const char*, const char*>, 6> cases = {{
      {"[]", "list"},
      {"[{\"a\":1}]", "list"},
      {"\"text\"", "str"},
      {"12", "int"},
      {"1.5", "float"},
      {"null", "NoneType"},
  }};
  for (const auto& [text, type] : cases) {
    auto body = json::Body::parse("application/json", text);
    ASSERT_FALSE(body.ok()) << text;
    EXPECT_EQ(body.error().code, ErrorCode::kInvalid) << text;
    EXPECT_EQ(body.error().fields,
              (domain::FieldErrors{
                  {"non_field_errors",
                   {std::string("Invalid data. Expected a dictionary, but got ") + type + "."}}}))
        << text;
  }
}

TEST(JsonBody, RootOutlivesAMove) {
  auto body = body_of(R"({"name":"Ann"})");
  json::Body moved = std::move(body);
  EXPECT_EQ(std::string_view(moved.root()["name"]), "Ann");
}

// --- FieldReader: presence ---------------------------------------------------------------

TEST(FieldReader, RequiredAndNull) {
  auto body = body_of(R"({"b":null,"c":null})");
  json::FieldReader in(body.root());
  EXPECT_FALSE(in.string("a", {.required = true}));
  EXPECT_FALSE(in.string("b", {.required = true}));
  EXPECT_FALSE(in.string("c", {.required = false}));
  EXPECT_FALSE(in.string("d", {.required = false}));
  EXPECT_EQ(messages(in, "a"), Messages{"This field is required."});
  EXPECT_EQ(messages(in, "b"), Messages{"This field may not be null."});
  EXPECT_EQ(messages(in, "c"), Messages{"This field may not be null."});
  EXPECT_TRUE(messages(in, "d").empty());
  EXPECT_FALSE(in.ok());
  EXPECT_TRUE(in.has("b"));
  EXPECT_FALSE(in.has("d"));
}

TEST(FieldReader, CollectsEveryFieldErrorAtOnce) {
  auto body = body_of(R"({"email":"nope","is_active":"yes","role":"boss"})");
  json::FieldReader in(body.root());
  in.string("name", {.required = true});
  in.email("email", true);
  in.boolean("is_active", false);
  in.choice("role", domain::kRoleNames, true);
  in.id("job", true);
  auto e = in.error();
  EXPECT_EQ(e.code, ErrorCode::kInvalid);
  EXPECT_EQ(e.fields, (domain::FieldErrors{
                          {"email", {"Enter a valid email address."}},
                          {"is_active", {"Must be a valid boolean."}},
                          {"job", {"This field is required."}},
                          {"name", {"This field is required."}},
                          {"role", {"\"boss\" is not a valid choice."}},
                      }));
}

TEST(FieldReader, OkWhenNothingWasWrong) {
  auto body = body_of(R"({"name":"Ann"})");
  json::FieldReader in(body.root());
  EXPECT_EQ(in.string("name", {.required = true}), "Ann");
  EXPECT_EQ(in.string("other", {}), std::nullopt);
  EXPECT_TRUE(in.ok());
}

// --- strings --------------------------------------------------------------------------

TEST(FieldReader, StringBlankTrimAndWrongType) {
  auto body =
      body_of(R"({"empty":"","spaces":"  \t ","padded":"  Ann  ","raw":"  pw  ","blank_ok":"",)"
              R"("num":5,"flt":1.5,"bool":true,"obj":{},"arr":[]})");
  json::FieldReader in(body.root());
  EXPECT_FALSE(in.string("empty", {.required = true}));
  EXPECT_FALSE(in.string("spaces", {.required = true}));
  EXPECT_EQ(in.string("padded", {.required = true}), "Ann");
  EXPECT_EQ(in.string("raw", {.required = true, .trim = false}), "  pw  ");
  EXPECT_EQ(in.string("blank_ok", {.required = true, .allow_blank = true}), "");
  for (const char* key : {"num", "flt", "bool", "obj", "arr"}) {
    EXPECT_FALSE(in.string(key, {}));
    EXPECT_EQ(messages(in, key), Messages{"Not a valid string."}) << key;
  }
  EXPECT_EQ(messages(in, "empty"), Messages{"This field may not be blank."});
  EXPECT_EQ(messages(in, "spaces"), Messages{"This field may not be blank."});
}

TEST(FieldReader, StringLengthsCountCharactersNotBytes) {
  auto body = body_of(R"({"short":"abcdefg","exact":"abcdefgh","long":"abcdefghi",)"
                      R"("accents":"ééé","accents4":"éééé"})");
  json::FieldReader in(body.root());
  const json::StringRule password{
      .required = true, .max_length = 8, .min_length = 8, .trim = false};
  EXPECT_FALSE(in.string("short", password));
  EXPECT_EQ(in.string("exact", password), "abcdefgh");
  EXPECT_FALSE(in.string("long", password));
  EXPECT_EQ(in.string("accents", {.max_length = 3}), "ééé");
  EXPECT_FALSE(in.string("accents4", {.max_length = 3}));
  EXPECT_EQ(messages(in, "short"), Messages{"Ensure this field has at least 8 characters."});
  EXPECT_EQ(messages(in, "long"), Messages{"Ensure this field has no more than 8 characters."});
  EXPECT_EQ(messages(in, "accents4"), Messages{"Ensure this field has no more than 3 characters."});
}

TEST(FieldReader, DefaultMaxLengthIs255) {
  const std::string ok(255, 'x');
  const std::string too_long(256, 'x');
  auto body = body_of(R"({"ok":")" + ok + R"(","long":")" + too_long + R"("})");
  json::FieldReader in(body.root());
  EXPECT_EQ(in.string("ok", {}), ok);
  EXPECT_FALSE(in.string("long", {}));
  EXPECT_EQ(messages(in, "long"), Messages{"Ensure this field has no more than 255 characters."});
}

// --- email and url ----------------------------------------------------------------------

TEST(FieldReader, Email) {
  auto body = body_of(R"({"ok":" Ann.Lee+x@Example.COM ","blank":""})");
  json::FieldReader in(body.root());
  EXPECT_EQ(in.email("ok", true), "ann.lee+x@example.com");
  EXPECT_FALSE(in.email("missing", true));
  EXPECT_FALSE(in.email("blank", true));
  EXPECT_EQ(in.email("absent", false), std::nullopt);
  EXPECT_EQ(messages(in, "missing"), Messages{"This field is required."});
  EXPECT_EQ(messages(in, "blank"), Messages{"This field may not be blank."});
  EXPECT_TRUE(messages(in, "absent").empty());
}

TEST(FieldReader, EmailRejectsWhatDjangoRejects) {
  for (const char* bad : {"plain", "@example.com", "a@", "a@b", "a@@b.com", "a@b@c.com",
                          "a b@example.com", "a@exa mple.com", "a@.example.com", "a@example.com.",
                          "a@example..com", "<a@example.com>", "a,b@example.com"}) {
    auto body = body_of(std::string(R"({"email":")") + bad + R"("})");
    json::FieldReader in(body.root());
    EXPECT_FALSE(in.email("email", true)) << bad;
    EXPECT_EQ(messages(in, "email"), Messages{"Enter a valid email address."}) << bad;
  }
  auto body = body_of(R"({"email":5})");
  json::FieldReader in(body.root());
  EXPECT_FALSE(in.email("email", true));
  EXPECT_EQ(messages(in, "email"), Messages{"Not a valid string."});
}

TEST(FieldReader, Url) {
  auto body = body_of(R"({"http":"http://example.com","https":"HTTPS://example.com/cv.pdf?x=1",)"
                      R"("ftp":"ftp://example.com/x","bare":"example.com","nohost":"http://",)"
                      R"("space":"http://exa mple.com","empty":""})");
  json::FieldReader in(body.root());
  EXPECT_EQ(in.url("http", true), "http://example.com");
  EXPECT_EQ(in.url("https", true), "HTTPS://example.com/cv.pdf?x=1");
  for (const char* key : {"ftp", "bare", "nohost", "space"}) {
    EXPECT_FALSE(in.url(key, true)) << key;
    EXPECT_EQ(messages(in, key), Messages{"Enter a valid URL."}) << key;
  }
  // Optional URLs may be blank (DRF: allow_blank on an optional field).
  EXPECT_EQ(in.url("empty", false), "");
  EXPECT_TRUE(messages(in, "empty").empty());
}

TEST(FieldReader, RequiredUrlMayNotBeBlank) {
  auto body = body_of(R"({"empty":""})");
  json::FieldReader in(body.root());
  EXPECT_FALSE(in.url("empty", true));
  EXPECT_EQ(messages(in, "empty"), Messages{"This field may not be blank."});
}

// --- choice ---------------------------------------------------------------------------

TEST(FieldReader, Choice) {
  auto body = body_of(R"({"ok":"recruiter","bad":"boss","case":"Admin","num":1,"nul":null})");
  json::FieldReader in(body.root());
  EXPECT_EQ(in.choice("ok", domain::kRoleNames, true), "recruiter");
  EXPECT_FALSE(in.choice("bad", domain::kRoleNames, true));
  EXPECT_FALSE(in.choice("case", domain::kRoleNames, true));
  EXPECT_FALSE(in.choice("num", domain::kRoleNames, true));
  EXPECT_FALSE(in.choice("nul", domain::kRoleNames, false));
  EXPECT_FALSE(in.choice("missing", domain::kRoleNames, true));
  EXPECT_EQ(messages(in, "bad"), Messages{"\"boss\" is not a valid choice."});
  EXPECT_EQ(messages(in, "case"), Messages{"\"Admin\" is not a valid choice."});
  EXPECT_EQ(messages(in, "num"), Messages{"\"1\" is not a valid choice."});
  EXPECT_EQ(messages(in, "nul"), Messages{"This field may not be null."});
  EXPECT_EQ(messages(in, "missing"), Messages{"This field is required."});
}

// --- id --------------------------------------------------------------------------------

TEST(FieldReader, IdAcceptsPositiveIntegersAndTheirStrings) {
  auto body = body_of(R"({"a":5,"b":"7","c":9223372036854775807})");
  json::FieldReader in(body.root());
  EXPECT_EQ(in.id("a", true), 5);
  EXPECT_EQ(in.id("b", true), 7);
  EXPECT_EQ(in.id("c", true), INT64_MAX);
  EXPECT_TRUE(in.ok());
}

TEST(FieldReader, IdRefusesEverythingElseAsDrfDoes) {
  const std::array<std::pair<const char*, const char*>, 13> cases = {{
      {R"("abc")", "Incorrect type. Expected pk value, received str."},
      {R"("")", "Incorrect type. Expected pk value, received str."},
      {R"("1.5")", "Incorrect type. Expected pk value, received str."},
      {"1.5", "Incorrect type. Expected pk value, received float."},
      {"true", "Incorrect type. Expected pk value, received bool."},
      {"{}", "Incorrect type. Expected pk value, received dict."},
      {"[]", "Incorrect type. Expected pk value, received list."},
      {"-1", "Invalid pk \"-1\" - object does not exist."},
      {"0", "Invalid pk \"0\" - object does not exist."},
      {R"("-1")", "Invalid pk \"-1\" - object does not exist."},
      {R"("0")", "Invalid pk \"0\" - object does not exist."},
      {"9223372036854775808", "Invalid pk \"9223372036854775808\" - object does not exist."},
      {R"("9223372036854775808")", "Invalid pk \"9223372036854775808\" - object does not exist."},
  }};
  for (const auto& [value, message] : cases) {
    auto body = body_of(std::string(R"({"job":)") + value + "}");
    json::FieldReader in(body.root());
    EXPECT_EQ(in.id("job", true), std::nullopt) << value;
    EXPECT_EQ(messages(in, "job"), Messages{message}) << value;
  }
  auto body = body_of(R"({"job":null})");
  json::FieldReader in(body.root());
  EXPECT_EQ(in.id("job", false), std::nullopt);
  EXPECT_EQ(messages(in, "job"), Messages{"This field may not be null."});
}

// --- integer and boolean ----------------------------------------------------------------

TEST(FieldReader, IntegerRange) {
  auto body =
      body_of(R"({"lo":0,"min":1,"max":3600,"hi":3601,"neg":-5,"huge":18446744073709551615,)"
              R"("flt":1.5,"str":"5","bool":false,"arr":[]})");
  json::FieldReader in(body.root());
  EXPECT_EQ(in.integer("min", true, 1, 3600), 1);
  EXPECT_EQ(in.integer("max", true, 1, 3600), 3600);
  EXPECT_FALSE(in.integer("lo", true, 1, 3600));
  EXPECT_FALSE(in.integer("hi", true, 1, 3600));
  EXPECT_FALSE(in.integer("neg", true, 1, 3600));
  EXPECT_FALSE(in.integer("huge", true, 1, 3600));
  EXPECT_EQ(messages(in, "lo"), Messages{"Ensure this value is greater than or equal to 1."});
  EXPECT_EQ(messages(in, "neg"), Messages{"Ensure this value is greater than or equal to 1."});
  EXPECT_EQ(messages(in, "hi"), Messages{"Ensure this value is less than or equal to 3600."});
  EXPECT_EQ(messages(in, "huge"), Messages{"Ensure this value is less than or equal to 3600."});
  for (const char* key : {"flt", "str", "bool", "arr"}) {
    EXPECT_FALSE(in.integer(key, true, 0, 10)) << key;
    EXPECT_EQ(messages(in, key), Messages{"A valid integer is required."}) << key;
  }
  EXPECT_FALSE(in.integer("absent", false, 0, 10));
  EXPECT_TRUE(messages(in, "absent").empty());
}

TEST(FieldReader, Boolean) {
  auto body = body_of(R"({"t":true,"f":false,"s":"true","n":1,"o":{}})");
  json::FieldReader in(body.root());
  EXPECT_EQ(in.boolean("t", true), true);
  EXPECT_EQ(in.boolean("f", true), false);
  for (const char* key : {"s", "n", "o"}) {
    EXPECT_FALSE(in.boolean(key, true)) << key;
    EXPECT_EQ(messages(in, key), Messages{"Must be a valid boolean."}) << key;
  }
  EXPECT_FALSE(in.boolean("absent", true));
  EXPECT_EQ(messages(in, "absent"), Messages{"This field is required."});
}

// --- nested objects ----------------------------------------------------------------------

TEST(FieldReader, NestedObjectNamesItsFieldsWithADottedPrefix) {
  auto body = body_of(R"({"organization":{"name":"  "},"other":"x"})");
  json::FieldReader in(body.root());
  auto org = in.object("organization", true);
  ASSERT_TRUE(org);
  json::FieldReader org_in(*org, "organization");
  EXPECT_FALSE(org_in.string("name", {.required = true}));
  EXPECT_FALSE(org_in.string("city", {.required = true}));
  EXPECT_EQ(messages(org_in, "organization.name"), Messages{"This field may not be blank."});
  EXPECT_EQ(messages(org_in, "organization.city"), Messages{"This field is required."});

  EXPECT_FALSE(in.object("other", true));
  EXPECT_FALSE(in.object("missing", true));
  EXPECT_EQ(messages(in, "other"),
            Messages{"Expected a dictionary of items but got type \"str\"."});
  EXPECT_EQ(messages(in, "missing"), Messages{"This field is required."});
}

TEST(FieldReader, TypeNames) {
  auto body = body_of(
      R"({"a":[],"b":{},"c":1,"d":1.5,"e":"s","f":true,"g":null,"h":18446744073709551615})");
  const auto root = body.root();
  EXPECT_EQ(json::type_name(root["a"]), "list");
  EXPECT_EQ(json::type_name(root["b"]), "dict");
  EXPECT_EQ(json::type_name(root["c"]), "int");
  EXPECT_EQ(json::type_name(root["d"]), "float");
  EXPECT_EQ(json::type_name(root["e"]), "str");
  EXPECT_EQ(json::type_name(root["f"]), "bool");
  EXPECT_EQ(json::type_name(root["g"]), "NoneType");
  EXPECT_EQ(json::type_name(root["h"]), "int");
}

}  // namespace

namespace {

// Neither database stores a NUL in text: it is refused where it comes in, with
// DRF's message on the field that holds it, however deep.
TEST(JsonBody, NulCharactersAreRefusedPerField) {
  auto body = json::Body::parse("application/json",
                                R"({"title": "a\u0000b", "ok": "x", "deep": {"l": ["\u0000"]}})");
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.error().code, ErrorCode::kInvalid);
  EXPECT_EQ(body.error().fields.at("title"), Messages{"Null characters are not allowed."});
  EXPECT_EQ(body.error().fields.at("deep"), Messages{"Null characters are not allowed."});
  EXPECT_EQ(body.error().fields.count("ok"), 0u);
  auto key = json::Body::parse("application/json", R"({"a\u0000": 1})");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.error().fields.count("non_field_errors"), 1u);
  // An escaped backslash followed by "u0000" is six ordinary characters.
  EXPECT_TRUE(json::Body::parse("application/json", R"({"title": "a\\u0000"})").ok());
}

TEST(JsonBody, InvalidUtf8IsAMalformedBody) {
  auto body = json::Body::parse("application/json", "{\"title\": \"\xff\xfe\"}");
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.error().code, ErrorCode::kBadRequest);
}

}  // namespace

// --- lists, nullable fields --------------------------------------------------------------

namespace {

TEST(FieldReader, GivenIsPresentAndNotNull) {
  auto body = body_of(R"({"a":1,"n":null})");
  json::FieldReader in(body.root());
  EXPECT_TRUE(in.given("a"));
  EXPECT_FALSE(in.given("n"));
  EXPECT_FALSE(in.given("absent"));
  EXPECT_EQ(in.type("a"), simdjson::dom::element_type::INT64);
  EXPECT_EQ(in.type("n"), simdjson::dom::element_type::NULL_VALUE);
  EXPECT_EQ(in.type("absent"), std::nullopt);
  EXPECT_TRUE(in.ok());
}

TEST(FieldReader, ListRefusesNullAndOtherTypes) {
  auto body = body_of(R"({"l":[1,"a"],"n":null,"s":"x","o":{}})");
  json::FieldReader in(body.root());
  auto l = in.list("l", true);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->size(), 2u);
  EXPECT_FALSE(in.list("n", false));
  EXPECT_FALSE(in.list("s", false));
  EXPECT_FALSE(in.list("o", false));
  EXPECT_FALSE(in.list("absent", true));
  EXPECT_FALSE(in.list("optional", false));
  EXPECT_EQ(messages(in, "n"), Messages{"This field may not be null."});
  EXPECT_EQ(messages(in, "s"), Messages{"Expected a list of items but got type \"str\"."});
  EXPECT_EQ(messages(in, "o"), Messages{"Expected a list of items but got type \"dict\"."});
  EXPECT_EQ(messages(in, "absent"), Messages{"This field is required."});
  EXPECT_TRUE(messages(in, "optional").empty());
}

TEST(FieldReader, StringsCheckEachItemAndNameIt) {
  auto body = body_of(R"({"ok":[" Yes ","No"],"bad":["a",1," ","a"," a ","abcd"]})");
  json::FieldReader in(body.root());
  const json::StringListRule rule{.item = {.max_length = 3}, .distinct = true};
  EXPECT_EQ(in.strings("ok", true, rule), (std::vector<std::string>{"Yes", "No"}));
  EXPECT_FALSE(in.strings("bad", true, rule));
  EXPECT_EQ(
      messages(in, "bad"),
      (Messages{"Item 2: Not a valid string.", "Item 3: This field may not be blank.",
                "Item 4: \"a\" appears more than once.", "Item 5: \"a\" appears more than once.",
                "Item 6: Ensure this field has no more than 3 "
                "characters."}));
  EXPECT_TRUE(messages(in, "ok").empty());
}

TEST(FieldReader, StringsMayReportOneMessageForItemsOfAnotherType) {
  auto body = body_of(R"({"c":["a",1,true],"e":[]})");
  json::FieldReader in(body.root());
  const json::StringListRule rule{.not_a_string = "Each choice must be a string."};
  EXPECT_FALSE(in.strings("c", false, rule));
  EXPECT_EQ(messages(in, "c"), Messages{"Each choice must be a string."});
  EXPECT_EQ(in.strings("e", false, rule), std::vector<std::string>{});
  // Without a rule on repeats or blanks, items are kept as given.
  auto kept = body_of(R"({"c":[" a","a",""]})");
  json::FieldReader in2(kept.root());
  EXPECT_EQ(in2.strings("c", false, {}), (std::vector<std::string>{" a", "a", ""}));
}

TEST(FieldReader, NullableIdTellsAbsentFromNull) {
  auto body = body_of(R"({"set":7,"clear":null,"bad":0,"str":"x"})");
  json::FieldReader in(body.root());
  EXPECT_EQ(in.nullable_id("set"), json::Nullable<std::int64_t>{7});
  EXPECT_EQ(in.nullable_id("clear"), json::Nullable<std::int64_t>{std::optional<std::int64_t>{}});
  EXPECT_EQ(in.nullable_id("absent"), std::nullopt);
  EXPECT_TRUE(in.ok());
  EXPECT_EQ(in.nullable_id("bad"), std::nullopt);
  EXPECT_EQ(in.nullable_id("str"), std::nullopt);
  EXPECT_EQ(messages(in, "bad"), Messages{"Invalid pk \"0\" - object does not exist."});
  EXPECT_EQ(messages(in, "str"), Messages{"Incorrect type. Expected pk value, received str."});
}

TEST(FieldReader, NullableIntegerTellsAbsentFromNull) {
  auto body = body_of(R"({"set":30,"clear":null,"high":9999,"str":"5"})");
  json::FieldReader in(body.root());
  EXPECT_EQ(in.nullable_integer("set", 1, 3600), json::Nullable<std::int64_t>{30});
  EXPECT_EQ(in.nullable_integer("clear", 1, 3600),
            json::Nullable<std::int64_t>{std::optional<std::int64_t>{}});
  EXPECT_EQ(in.nullable_integer("absent", 1, 3600), std::nullopt);
  EXPECT_TRUE(in.ok());
  EXPECT_EQ(in.nullable_integer("high", 1, 3600), std::nullopt);
  EXPECT_EQ(in.nullable_integer("str", 1, 3600), std::nullopt);
  EXPECT_EQ(messages(in, "high"), Messages{"Ensure this value is less than or equal to 3600."});
  EXPECT_EQ(messages(in, "str"), Messages{"A valid integer is required."});
}

}  // namespace

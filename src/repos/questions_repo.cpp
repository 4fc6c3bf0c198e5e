#include "repos/questions_repo.hpp"

#include <simdjson.h>

#include "json/writer.hpp"
#include "repos/filters.hpp"
#include "repos/page_query.hpp"

namespace repos::questions {

namespace {

constexpr const char* kColumns =
    "id, org_id, question_set_id, text, type, options, position, is_required, "
    "time_limit_seconds, think_time_seconds, max_retakes, is_deleted, created_at";

// Options are stored as a JSON array of strings.
std::string encode_options(const std::vector<std::string>& options) {
  return json::build([&](json::Writer& w) {
    w.StartArray();
    for (const auto& o : options) json::string(w, o);
    w.EndArray();
  });
}

std::vector<std::string> decode_options(const std::string& text) {
  std::vector<std::string> out;
  simdjson::dom::parser parser;
  simdjson::dom::array items;
  if (parser.parse(text).get_array().get(items)) return out;
  for (simdjson::dom::element item : items) {
    std::string_view s;
    if (!item.get_string().get(s)) out.emplace_back(s);
  }
  return out;
}

domain::Question from_row(const db::Row& r) {
  domain::Question q;
  q.id = r.int64(0);
  q.org_id = r.int64(1);
  q.question_set_id = r.int64(2);
  q.text = r.text(3);
  q.type = r.text(4);
  q.options = decode_options(r.text(5));
  q.order = r.int64(6);
  q.is_required = r.boolean(7);
  q.time_limit_seconds = r.opt_int64(8);
  q.think_time_seconds = r.opt_int64(9);
  q.max_retakes = r.opt_int64(10);
  q.is_deleted = r.boolean(11);
  q.created_at = r.text(12);
  return q;
}

}  // namespace

domain::Question insert(db::Connection& c, std::int64_t org_id, const Fields& f,
                        const std::string& now) {
  auto id = db::scalar_int(
      c,
      "INSERT INTO questions (org_id, question_set_id, text, type, options, position, "
      "is_required, time_limit_seconds, think_time_seconds, max_retakes, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {org_id, f.question_set_id, f.text, f.type, encode_options(f.options), f.order,
       std::int64_t{f.is_required ? 1 : 0}, db::nullable(f.time_limit_seconds),
       db::nullable(f.think_time_seconds), db::nullable(f.max_retakes), now});
  return {*id,
          org_id,
          f.question_set_id,
          f.text,
          f.type,
          f.options,
          f.order,
          f.is_required,
          f.time_limit_seconds,
          f.think_time_seconds,
          f.max_retakes,
          false,
          now};
}

std::optional<domain::Question> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                     db::Lock lock) {
  auto rows = c.query(std::string("SELECT ") + kColumns +
                          " FROM questions WHERE org_id = ? AND id = ? AND is_deleted = 0" +
                          db::lock_clause(c, lock),
                      {org_id, id});
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

domain::Page<domain::Question> list(db::Connection& c, std::int64_t org_id, const Filter& f,
                                    const domain::PageRequest& page) {
  if (f.ids && f.ids->empty()) return {};
  Filters where(" FROM questions WHERE org_id = ? AND is_deleted = 0", {org_id});
  where.equal("question_set_id", f.question_set_id).in("id", f.ids);
  const char* order = f.question_set_id ? " ORDER BY position, id" : " ORDER BY id";
  return fetch_page<domain::Question>(c, kColumns, where.sql(), where.params(), order, page,
                                      from_row);
}

void update(db::Connection& c, std::int64_t org_id, std::int64_t id, const Fields& f) {
  c.execute(
      "UPDATE questions SET question_set_id = ?, text = ?, type = ?, options = ?, position = ?, "
      "is_required = ?, time_limit_seconds = ?, think_time_seconds = ?, max_retakes = ? "
      "WHERE org_id = ? AND id = ? AND is_deleted = 0",
      {f.question_set_id, f.text, f.type, encode_options(f.options), f.order,
       std::int64_t{f.is_required ? 1 : 0}, db::nullable(f.time_limit_seconds),
       db::nullable(f.think_time_seconds), db::nullable(f.max_retakes), org_id, id});
}

bool soft_delete(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  return c.execute(
             "UPDATE questions SET is_deleted = 1 WHERE org_id = ? AND id = ? AND is_deleted = 0",
             {org_id, id}) > 0;
}

bool has_answers(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  return !c.query("SELECT 1 FROM answers WHERE org_id = ? AND question_id = ? LIMIT 1",
                  {org_id, id})
              .empty();
}

}  // namespace repos::questions

#include "repos/question_sets_repo.hpp"

#include "repos/page_query.hpp"

namespace repos::question_sets {

namespace {

// The count is a subquery of the same statement: one query for a whole page.
constexpr const char* kColumns =
    "qs.id, qs.org_id, qs.name, qs.description, qs.service_id, qs.created_by, qs.created_at, "
    "(SELECT COUNT(*) FROM questions q WHERE q.question_set_id = qs.id AND q.is_deleted = 0)";

domain::QuestionSet from_row(const db::Row& r) {
  domain::QuestionSet s;
  s.id = r.int64(0);
  s.org_id = r.int64(1);
  s.name = r.text(2);
  s.description = r.text(3);
  s.service_id = r.opt_int64(4);
  s.created_by = r.opt_int64(5);
  s.created_at = r.text(6);
  s.questions_count = r.int64(7);
  return s;
}

}  // namespace

domain::QuestionSet insert(db::Connection& c, std::int64_t org_id, const Fields& f,
                           std::int64_t created_by, const std::string& now) {
  auto id = db::scalar_int(
      c,
      "INSERT INTO question_sets (org_id, name, description, service_id, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {org_id, f.name, f.description, db::nullable(f.service_id), created_by, now});
  return {*id, org_id, f.name, f.description, f.service_id, 0, created_by, now};
}

std::optional<domain::QuestionSet> find(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  auto rows = c.query(std::string("SELECT ") + kColumns +
                          " FROM question_sets qs WHERE qs.org_id = ? AND qs.id = ?",
                      {org_id, id});
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

bool exists(db::Connection& c, std::int64_t org_id, std::int64_t id, db::Lock lock) {
  return !c.query(std::string("SELECT id FROM question_sets WHERE org_id = ? AND id = ?") +
                      db::lock_clause(c, lock),
                  {org_id, id})
              .empty();
}

domain::Page<domain::QuestionSet> list(db::Connection& c, std::int64_t org_id,
                                       const domain::PageRequest& page) {
  return fetch_page<domain::QuestionSet>(c, kColumns, " FROM question_sets qs WHERE qs.org_id = ?",
                                         {org_id}, " ORDER BY qs.id", page, from_row);
}

void update(db::Connection& c, std::int64_t org_id, std::int64_t id, const Fields& f) {
  c.execute(
      "UPDATE question_sets SET name = ?, description = ?, service_id = ? "
      "WHERE org_id = ? AND id = ?",
      {f.name, f.description, db::nullable(f.service_id), org_id, id});
}

bool remove(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  return c.execute("DELETE FROM question_sets WHERE org_id = ? AND id = ?", {org_id, id}) > 0;
}

bool used_by_modules(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  return !c.query(
               "SELECT 1 FROM module_services ms JOIN interview_modules m ON m.id = ms.module_id "
               "WHERE m.org_id = ? AND ms.question_set_id = ? LIMIT 1",
               {org_id, id})
              .empty();
}

bool has_answers(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  return !c.query(
               "SELECT 1 FROM answers a JOIN questions q ON q.id = a.question_id "
               "WHERE q.org_id = ? AND q.question_set_id = ? LIMIT 1",
               {org_id, id})
              .empty();
}

bool used_by_screenings(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  return !c.query("SELECT 1 FROM screenings WHERE org_id = ? AND question_set_id = ? LIMIT 1",
                  {org_id, id})
              .empty();
}

}  // namespace repos::question_sets

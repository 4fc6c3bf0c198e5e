#include "repos/feedback_repo.hpp"

#include "repos/filters.hpp"
#include "repos/page_query.hpp"

namespace repos::feedback {

namespace {

constexpr const char* kColumns =
    "id, org_id, job_id, candidate_id, step_id, author_id, rating, recommendation, comments, "
    "scores, created_at, updated_at";

domain::Feedback from_row(const db::Row& r) {
  domain::Feedback f;
  f.id = r.int64(0);
  f.org_id = r.int64(1);
  f.job_id = r.int64(2);
  f.candidate_id = r.int64(3);
  f.step_id = r.opt_int64(4);
  f.author_id = r.int64(5);
  f.rating = r.int64(6);
  f.recommendation = r.text(7);
  f.comments = r.text(8);
  f.scores = r.text(9);
  f.created_at = r.text(10);
  f.updated_at = r.text(11);
  return f;
}

// Two partial unique indexes guard duplicates; DO NOTHING without a target covers
// whichever applies.
constexpr std::string_view kInsertColumns[] = {
    "org_id",         "job_id",   "candidate_id", "step_id",    "author_id", "rating",
    "recommendation", "comments", "scores",       "created_at", "updated_at"};
constexpr InsertShape kInsert{"feedback", kInsertColumns, "ON CONFLICT DO NOTHING RETURNING id"};

db::Params insert_values(const domain::Feedback& f, const std::string& now) {
  return {f.org_id,
          f.job_id,
          f.candidate_id,
          db::nullable(f.step_id),
          f.author_id,
          f.rating,
          f.recommendation,
          f.comments,
          f.scores,
          now,
          now};
}

}  // namespace

std::optional<std::int64_t> insert(db::Connection& c, const domain::Feedback& f,
                                   const std::string& now) {
  static const std::string sql = insert_sql(kInsert, 1);
  return db::scalar_int(c, sql, insert_values(f, now));
}

std::size_t insert_many(db::Connection& c, std::span<const Timed<domain::Feedback>> rows) {
  return insert_timed(c, kInsert, rows, insert_values).size();
}

std::optional<domain::Feedback> find(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  auto rows =
      c.query(std::string("SELECT ") + kColumns + " FROM feedback WHERE org_id = ? AND id = ?",
              {org_id, id});
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

void update(db::Connection& c, const domain::Feedback& f, const std::string& now) {
  c.execute(
      "UPDATE feedback SET rating = ?, recommendation = ?, comments = ?, scores = ?, "
      "updated_at = ? WHERE org_id = ? AND id = ?",
      {f.rating, f.recommendation, f.comments, f.scores, now, f.org_id, f.id});
}

void remove(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  c.execute("DELETE FROM feedback WHERE org_id = ? AND id = ?", {org_id, id});
}

domain::Page<domain::Feedback> of_candidate(db::Connection& c, std::int64_t org_id,
                                            std::int64_t job_id, std::int64_t candidate_id,
                                            std::optional<std::int64_t> only_author,
                                            const domain::PageRequest& page) {
  Filters where(" FROM feedback WHERE org_id = ? AND job_id = ? AND candidate_id = ?",
                {org_id, job_id, candidate_id});
  where.equal("author_id", only_author);
  return fetch_page<domain::Feedback>(c, kColumns, where.sql(), where.params(),
                                      " ORDER BY created_at DESC, id DESC", page, from_row);
}

bool has_written(db::Connection& c, std::int64_t org_id, std::int64_t job_id,
                 std::int64_t candidate_id, std::int64_t author_id) {
  return db::scalar_int(c,
                        "SELECT COUNT(*) FROM feedback WHERE org_id = ? AND job_id = ? AND "
                        "candidate_id = ? AND author_id = ?",
                        {org_id, job_id, candidate_id, author_id})
             .value_or(0) > 0;
}

}  // namespace repos::feedback

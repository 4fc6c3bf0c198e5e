#include "repos/screenings_repo.hpp"

#include "db/error.hpp"
#include "repos/filters.hpp"
#include "repos/page_query.hpp"

namespace repos::screenings {

namespace {

constexpr std::string_view kInsertColumns[] = {"org_id",    "candidate_id", "job_id",
                                               "module_id", "service_id",   "question_set_id",
                                               "status",    "created_at"};
constexpr InsertShape kInsert{"screenings", kInsertColumns, "RETURNING id"};

db::Params insert_values(const NewScreening& s, const std::string& now) {
  return {s.org_id,
          s.candidate_id,
          s.job_id,
          s.module_id,
          s.service_id,
          s.question_set_id,
          std::string(domain::to_string(domain::ScreeningStatus::kInProgress)),
          now};
}

constexpr const char* kColumns =
    "id, org_id, candidate_id, job_id, module_id, service_id, question_set_id, status, "
    "created_at, submitted_at";

domain::Screening from_row(const db::Row& r) {
  domain::Screening s;
  s.id = r.int64(0);
  s.org_id = r.int64(1);
  s.candidate_id = r.int64(2);
  s.job_id = r.int64(3);
  s.module_id = r.int64(4);
  s.service_id = r.int64(5);
  s.question_set_id = r.int64(6);
  s.status = domain::parse_screening_status(r.text(7)).value();
  s.created_at = r.text(8);
  s.submitted_at = r.opt_text(9);
  return s;
}

}  // namespace

std::optional<domain::Screening> insert(db::Connection& c, const NewScreening& s,
                                        const std::string& now) {
  std::optional<std::int64_t> id;
  try {
    static const std::string sql = insert_sql(kInsert, 1);
    id = db::scalar_int(c, sql, insert_values(s, now));
  } catch (const db::Error& e) {
    if (e.kind() == db::ErrorKind::kForeignKeyViolation) return std::nullopt;
    throw;
  }
  return domain::Screening{
      *id,         s.org_id,     s.candidate_id,    s.job_id,
      s.module_id, s.service_id, s.question_set_id, domain::ScreeningStatus::kInProgress,
      now,         std::nullopt};
}

std::vector<std::int64_t> insert_many(db::Connection& c,
                                      std::span<const Timed<NewScreening>> rows) {
  return ids_in_row_order(insert_timed(c, kInsert, rows, insert_values));
}

std::optional<domain::Screening> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                      db::Lock lock) {
  auto rows = c.query(std::string("SELECT ") + kColumns +
                          " FROM screenings WHERE org_id = ? AND id = ?" + db::lock_clause(c, lock),
                      {org_id, id});
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

domain::Page<domain::Screening> list(db::Connection& c, std::int64_t org_id, const Filter& f,
                                     const domain::PageRequest& page) {
  Filters where(" FROM screenings WHERE org_id = ?", {org_id});
  where.equal("candidate_id", f.candidate_id).equal("job_id", f.job_id).equal("status", f.status);
  return fetch_page<domain::Screening>(c, kColumns, where.sql(), where.params(), " ORDER BY id",
                                       page, from_row);
}

void set_question_set(db::Connection& c, std::int64_t org_id, std::int64_t id,
                      std::int64_t question_set_id) {
  c.execute("UPDATE screenings SET question_set_id = ? WHERE org_id = ? AND id = ?",
            {question_set_id, org_id, id});
}

void submit(db::Connection& c, std::int64_t org_id, std::int64_t id, const std::string& now) {
  c.execute(
      "UPDATE screenings SET status = 'submitted', submitted_at = ? "
      "WHERE org_id = ? AND id = ? AND status = 'in_progress'",
      {now, org_id, id});
}

bool remove(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  return c.execute("DELETE FROM screenings WHERE org_id = ? AND id = ?", {org_id, id}) > 0;
}

bool has_answers(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  return !c.query("SELECT 1 FROM answers WHERE org_id = ? AND screening_id = ? LIMIT 1",
                  {org_id, id})
              .empty();
}

std::vector<std::string> media_keys(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  std::vector<std::string> keys;
  // Locked (PostgreSQL): a media worker recording files for one of these answers waits,
  // then finds it gone and removes them itself. The upload an answer was made from goes
  // too (on S3 a second PUT to its URL may have put something there).
  const char* lock = c.dialect() == db::Dialect::kPostgres ? " FOR UPDATE OF a" : "";
  for (const auto& r :
       c.query(std::string("SELECT a.video_key, a.audio_key, a.thumbnail_key, u.object_key "
                           "FROM answers a LEFT JOIN uploads u ON u.answer_id = a.id "
                           "WHERE a.org_id = ? AND a.screening_id = ? ORDER BY a.id") +
                   lock,
               {org_id, id})) {
    for (std::size_t i = 0; i < 4; ++i) {
      if (!r.is_null(i) && !r.text(i).empty()) keys.push_back(r.text(i));
    }
  }
  return keys;
}

}  // namespace repos::screenings

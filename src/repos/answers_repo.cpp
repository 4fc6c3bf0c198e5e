#include "repos/answers_repo.hpp"

#include "repos/filters.hpp"
#include "repos/page_query.hpp"

namespace repos::answers {

namespace {

constexpr const char* kColumns =
    "a.id, a.org_id, a.screening_id, a.question_id, a.text, a.choices, a.rating, a.media_status, "
    "a.media_content_type, a.media_size, a.media_duration, a.media_error, a.video_key, "
    "a.audio_key, a.audio_content_type, a.thumbnail_key, a.created_at";

domain::Answer from_row(const db::Row& r) {
  domain::Answer a;
  a.id = r.int64(0);
  a.org_id = r.int64(1);
  a.screening_id = r.int64(2);
  a.question_id = r.int64(3);
  a.text = r.opt_text(4);
  a.choices = r.opt_text(5);
  a.rating = r.opt_int64(6);
  if (!r.is_null(7)) {
    domain::AnswerMedia m;
    m.status = domain::parse_media_status(r.text(7)).value();
    m.content_type = r.opt_text(8);
    m.size = r.opt_int64(9);
    if (!r.is_null(10)) m.duration_seconds = r.real(10);
    m.error = r.opt_text(11);
    m.video_key = r.opt_text(12);
    m.audio_key = r.opt_text(13);
    m.audio_content_type = r.opt_text(14);
    m.thumbnail_key = r.opt_text(15);
    a.media = m;
  }
  a.created_at = r.text(16);
  return a;
}

// Two unique indexes guard duplicates (one answer per question of a screening, one
// answer per video key); DO NOTHING without a target covers whichever applies.
constexpr std::string_view kInsertColumns[] = {
    "org_id",       "screening_id",       "question_id", "text",      "choices",   "rating",
    "media_status", "media_content_type", "media_size",  "video_key", "created_at"};
constexpr InsertShape kInsert{"answers", kInsertColumns, "ON CONFLICT DO NOTHING RETURNING id"};

db::Params insert_values(const NewAnswer& a, const std::string& now) {
  const bool media = a.video_key.has_value();
  return {a.org_id,
          a.screening_id,
          a.question_id,
          db::nullable(a.text),
          db::nullable(a.choices),
          db::nullable(a.rating),
          media ? db::Value{std::string(domain::to_string(domain::MediaStatus::kPending))}
                : db::Value{nullptr},
          db::nullable(a.media_content_type),
          db::nullable(a.media_size),
          db::nullable(a.video_key),
          now};
}

}  // namespace

std::optional<std::int64_t> insert(db::Connection& c, const NewAnswer& a, const std::string& now) {
  static const std::string sql = insert_sql(kInsert, 1);
  return db::scalar_int(c, sql, insert_values(a, now));
}

std::size_t insert_many(db::Connection& c, std::span<const Timed<NewAnswer>> rows) {
  return insert_timed(c, kInsert, rows, insert_values).size();
}

std::optional<domain::Answer> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                   db::Lock lock) {
  auto rows =
      c.query(std::string("SELECT ") + kColumns +
                  " FROM answers a WHERE a.org_id = ? AND a.id = ?" + db::lock_clause(c, lock),
              {org_id, id});
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

bool exists(db::Connection& c, std::int64_t screening_id, std::int64_t question_id) {
  return db::scalar_int(c,
                        "SELECT COUNT(*) FROM answers WHERE screening_id = ? AND question_id = ?",
                        {screening_id, question_id})
             .value_or(0) > 0;
}

std::optional<std::int64_t> id_for_question(db::Connection& c, std::int64_t screening_id,
                                            std::int64_t question_id) {
  const db::Params where{screening_id, question_id};
  return db::scalar_int(c, "SELECT id FROM answers WHERE screening_id = ? AND question_id = ?",
                        where);
}

domain::Page<domain::Answer> of_candidate(db::Connection& c, std::int64_t org_id, const Filter& f,
                                          const domain::PageRequest& page) {
  // s.org_id lets the candidate's screenings be found by their index. An answer has its
  // screening's organization; a condition on a.org_id would let SQLite, without
  // statistics, walk every answer of the organization instead.
  Filters where(
      " FROM answers a JOIN screenings s ON s.id = a.screening_id"
      " WHERE s.org_id = ? AND s.candidate_id = ?",
      {org_id, f.candidate_id});
  where.equal("s.job_id", f.job_id).equal("s.service_id", f.service_id);
  return fetch_page<domain::Answer>(c, kColumns, where.sql(), where.params(), " ORDER BY a.id",
                                    page, from_row);
}

domain::Page<domain::Answer> list(db::Connection& c, std::int64_t org_id,
                                  std::optional<std::int64_t> screening_id,
                                  const domain::PageRequest& page) {
  Filters where(" FROM answers a WHERE a.org_id = ?", {org_id});
  where.equal("a.screening_id", screening_id);
  return fetch_page<domain::Answer>(c, kColumns, where.sql(), where.params(), " ORDER BY a.id",
                                    page, from_row);
}

bool remove(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  return c.execute("DELETE FROM answers WHERE org_id = ? AND id = ?", {org_id, id}) > 0;
}

std::vector<std::string> media_keys_of_candidate(db::Connection& c, std::int64_t org_id,
                                                 std::int64_t candidate_id) {
  std::vector<std::string> keys;
  const char* lock = c.dialect() == db::Dialect::kPostgres ? " FOR UPDATE OF a" : "";
  for (const auto& r :
       c.query(std::string("SELECT a.video_key, a.audio_key, a.thumbnail_key, u.object_key "
                           "FROM answers a JOIN screenings s ON s.id = a.screening_id "
                           "LEFT JOIN uploads u ON u.answer_id = a.id "
                           "WHERE s.org_id = ? AND s.candidate_id = ?") +
                   lock,
               {org_id, candidate_id})) {
    for (std::size_t i = 0; i < 4; ++i) {
      if (!r.is_null(i)) keys.push_back(r.text(i));
    }
  }
  return keys;
}

void set_media_status(db::Connection& c, std::int64_t answer_id, domain::MediaStatus status,
                      const std::optional<std::string>& error) {
  c.execute("UPDATE answers SET media_status = ?, media_error = ? WHERE id = ?",
            {std::string(domain::to_string(status)), db::nullable(error), answer_id});
}

bool set_media_ready(db::Connection& c, std::int64_t answer_id, const MediaResult& r) {
  return c.execute(
             "UPDATE answers SET media_status = 'ready', media_error = NULL, media_duration = ?, "
             "audio_key = ?, audio_content_type = ?, thumbnail_key = ? WHERE id = ?",
             {r.duration_seconds, db::nullable(r.audio_key), db::nullable(r.audio_content_type),
              db::nullable(r.thumbnail_key), answer_id}) > 0;
}

}  // namespace repos::answers

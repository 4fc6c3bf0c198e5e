#include "repos/candidates_repo.hpp"

#include "db/error.hpp"
#include "repos/filters.hpp"
#include "repos/page_query.hpp"

namespace repos::candidates {

namespace {

constexpr std::string_view kCandidateColumns[] = {"org_id", "name",       "email",
                                                  "phone",  "resume_url", "created_at"};
constexpr InsertShape kCandidateInsert{"candidates", kCandidateColumns,
                                       "ON CONFLICT (org_id, email) DO NOTHING RETURNING id"};

db::Params candidate_values(const NewCandidate& n, const std::string& now) {
  return {n.org_id, n.name, n.email, n.phone, n.resume_url, now};
}

constexpr std::string_view kApplicationColumns[] = {"org_id", "job_id",     "candidate_id",
                                                    "status", "created_at", "updated_at"};
constexpr InsertShape kApplicationInsert{
    "applications", kApplicationColumns,
    "ON CONFLICT (job_id, candidate_id) DO NOTHING RETURNING id"};

db::Params application_values(const NewApplication& a, const std::string& now) {
  return {a.org_id,
          a.job_id,
          a.candidate_id,
          std::string(domain::to_string(domain::ApplicationStatus::kApplied)),
          now,
          now};
}

constexpr const char* kColumns =
    "c.id, c.org_id, c.name, c.email, c.phone, c.resume_url, c.created_at";

domain::Candidate from_row(const db::Row& r) {
  domain::Candidate c;
  c.id = r.int64(0);
  c.org_id = r.int64(1);
  c.name = r.text(2);
  c.email = r.text(3);
  c.phone = r.text(4);
  c.resume_url = r.text(5);
  c.created_at = r.text(6);
  return c;
}

}  // namespace

std::optional<domain::Candidate> insert(db::Connection& c, const NewCandidate& n,
                                        const std::string& now) {
  static const std::string sql = insert_sql(kCandidateInsert, 1);
  auto id = db::scalar_int(c, sql, candidate_values(n, now));
  if (!id) return std::nullopt;
  return domain::Candidate{*id, n.org_id, n.name, n.email, n.phone, n.resume_url, now, {}};
}

std::vector<std::int64_t> insert_many(db::Connection& c,
                                      std::span<const Timed<NewCandidate>> rows) {
  return ids_in_row_order(insert_timed(c, kCandidateInsert, rows, candidate_values));
}

std::optional<domain::Candidate> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                      db::Lock lock) {
  auto rows =
      c.query(std::string("SELECT ") + kColumns +
                  " FROM candidates c WHERE c.org_id = ? AND c.id = ?" + db::lock_clause(c, lock),
              {org_id, id});
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

domain::Page<domain::Candidate> list(db::Connection& c, std::int64_t org_id, const Filter& f,
                                     const domain::PageRequest& page) {
  Filters where(" FROM candidates c WHERE c.org_id = ?", {org_id});
  if (f.job_id) {
    // IN, not a correlated EXISTS: SQLite seeks the job's candidates by id instead of
    // testing every candidate of the organization.
    where.add(
        "c.id IN (SELECT a.candidate_id FROM applications a WHERE a.org_id = ? "
        "AND a.job_id = ?)",
        {org_id, *f.job_id});
  }
  where.contains({"c.name", "c.email"}, f.search);
  return fetch_page<domain::Candidate>(c, kColumns, where.sql(), where.params(), " ORDER BY c.id",
                                       page, from_row);
}

bool update(db::Connection& c, std::int64_t org_id, std::int64_t id, const Changes& ch) {
  try {
    c.execute(
        "UPDATE candidates SET name = COALESCE(?, name), email = COALESCE(?, email), "
        "phone = COALESCE(?, phone), resume_url = COALESCE(?, resume_url) "
        "WHERE org_id = ? AND id = ?",
        {db::nullable(ch.name), db::nullable(ch.email), db::nullable(ch.phone),
         db::nullable(ch.resume_url), org_id, id});
  } catch (const db::Error& e) {
    if (e.kind() == db::ErrorKind::kUniqueViolation) return false;
    throw;
  }
  return true;
}

bool remove(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  return c.execute("DELETE FROM candidates WHERE org_id = ? AND id = ?", {org_id, id}) > 0;
}

std::optional<domain::Application> apply(db::Connection& c, std::int64_t org_id,
                                         std::int64_t job_id, std::int64_t candidate_id,
                                         const std::string& now) {
  static const std::string sql = insert_sql(kApplicationInsert, 1);
  auto id = db::scalar_int(c, sql, application_values({org_id, job_id, candidate_id}, now));
  if (!id) return std::nullopt;
  return domain::Application{job_id, domain::ApplicationStatus::kApplied, now};
}

std::size_t apply_many(db::Connection& c, std::span<const Timed<NewApplication>> rows) {
  return insert_timed(c, kApplicationInsert, rows, application_values).size();
}

std::optional<domain::Candidate> find_in_job(db::Connection& c, std::int64_t org_id,
                                             std::int64_t job_id, std::int64_t candidate_id) {
  auto rows =
      c.query(std::string("SELECT ") + kColumns +
                  ", a.job_id, a.status, a.created_at FROM applications a JOIN candidates c "
                  "ON c.id = a.candidate_id WHERE a.org_id = ? AND a.job_id = ? AND "
                  "a.candidate_id = ?",
              {org_id, job_id, candidate_id});
  if (rows.empty()) return std::nullopt;
  auto cand = from_row(rows[0]);
  cand.application = domain::Application{
      rows[0].int64(7), domain::parse_application_status(rows[0].text(8)).value(), rows[0].text(9)};
  return cand;
}

domain::Page<domain::Candidate> list_of_job(db::Connection& c, std::int64_t org_id,
                                            std::int64_t job_id, const domain::PageRequest& page) {
  // An application's candidate is of its organization; a condition on c.org_id would let
  // SQLite, without statistics, walk every candidate of the organization instead.
  const std::string from =
      " FROM applications a JOIN candidates c ON c.id = a.candidate_id "
      "WHERE a.org_id = ? AND a.job_id = ?";
  return fetch_page<domain::Candidate>(
      c, std::string(kColumns) + ", a.job_id, a.status, a.created_at", from, {org_id, job_id},
      " ORDER BY c.id", page, [](const db::Row& r) {
        auto cand = from_row(r);
        cand.application = domain::Application{
            r.int64(7), domain::parse_application_status(r.text(8)).value(), r.text(9)};
        return cand;
      });
}

}  // namespace repos::candidates

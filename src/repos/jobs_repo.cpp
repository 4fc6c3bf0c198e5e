#include "repos/jobs_repo.hpp"

#include "repos/filters.hpp"
#include "repos/page_query.hpp"

namespace repos::jobs {

namespace {

constexpr const char* kColumns =
    "id, org_id, title, description, status, created_by, created_at, updated_at";

domain::Job from_row(const db::Row& r) {
  domain::Job j;
  j.id = r.int64(0);
  j.org_id = r.int64(1);
  j.title = r.text(2);
  j.description = r.text(3);
  j.status = domain::parse_job_status(r.text(4)).value();
  j.created_by = r.opt_int64(5);
  j.created_at = r.text(6);
  j.updated_at = r.text(7);
  return j;
}

}  // namespace

domain::Job insert(db::Connection& c, const NewJob& j, const std::string& now) {
  auto id = db::scalar_int(
      c,
      "INSERT INTO jobs (org_id, title, description, status, created_by, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {j.org_id, j.title, j.description, std::string(domain::to_string(j.status)),
       db::nullable(j.created_by), now, now});
  return {*id, j.org_id, j.title, j.description, j.status, j.created_by, now, now};
}

std::optional<domain::Job> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                db::Lock lock) {
  auto rows = c.query(std::string("SELECT ") + kColumns + " FROM jobs WHERE org_id = ? AND id = ?" +
                          db::lock_clause(c, lock),
                      {org_id, id});
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

domain::Page<domain::Job> list(db::Connection& c, std::int64_t org_id, const Filter& f,
                               const domain::PageRequest& page) {
  Filters where(" FROM jobs WHERE org_id = ?", {org_id});
  where.equal("status", f.status).contains({"title"}, f.title_contains);
  return fetch_page<domain::Job>(c, kColumns, where.sql(), where.params(), " ORDER BY id", page,
                                 from_row);
}

void update(db::Connection& c, std::int64_t org_id, std::int64_t id, const Changes& ch,
            const std::string& now) {
  c.execute(
      "UPDATE jobs SET title = COALESCE(?, title), description = COALESCE(?, description), "
      "status = COALESCE(?, status), updated_at = ? WHERE org_id = ? AND id = ?",
      {db::nullable(ch.title), db::nullable(ch.description),
       ch.status ? db::Value{std::string(domain::to_string(*ch.status))} : db::Value{nullptr}, now,
       org_id, id});
}

bool remove(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  return c.execute("DELETE FROM jobs WHERE org_id = ? AND id = ?", {org_id, id}) > 0;
}

}  // namespace repos::jobs

#include "repos/modules_repo.hpp"

#include "repos/filters.hpp"
#include "repos/page_query.hpp"

#include <map>

namespace repos::modules {

namespace {

constexpr const char* kModuleColumns =
    "m.id, m.org_id, m.name, m.description, m.job_id, m.is_active, m.created_by, m.created_at, "
    "m.updated_by, m.updated_at";
constexpr const char* kEntryColumns =
    "ms.module_id, ms.position, ms.preferences, s.id, s.org_id, s.name, s.kind, s.description, "
    "s.is_builtin";

domain::InterviewModule module_from_row(const db::Row& r) {
  domain::InterviewModule m;
  m.id = r.int64(0);
  m.org_id = r.int64(1);
  m.name = r.text(2);
  m.description = r.text(3);
  m.job_id = r.opt_int64(4);
  m.is_active = r.boolean(5);
  m.created_by = r.opt_int64(6);
  m.created_at = r.text(7);
  m.updated_by = r.opt_int64(8);
  m.updated_at = r.opt_text(9);
  return m;
}

domain::ModuleServiceEntry entry_from_row(const db::Row& r) {
  domain::ModuleServiceEntry e;
  e.order = r.int64(1);
  e.preferences = r.text(2);
  e.service.id = r.int64(3);
  e.service.org_id = r.opt_int64(4);
  e.service.name = r.text(5);
  e.service.kind = r.text(6);
  e.service.description = r.text(7);
  e.service.is_builtin = r.boolean(8);
  return e;
}

}  // namespace

std::int64_t insert(db::Connection& c, std::int64_t org_id, const Fields& f,
                    std::int64_t created_by, const std::string& now) {
  return *db::scalar_int(
      c,
      "INSERT INTO interview_modules (org_id, name, description, job_id, is_active, created_by, "
      "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {org_id, f.name, f.description, db::nullable(f.job_id), std::int64_t{f.is_active ? 1 : 0},
       created_by, now});
}

void update(db::Connection& c, std::int64_t org_id, std::int64_t id, const Fields& f,
            std::int64_t updated_by, const std::string& now) {
  c.execute(
      "UPDATE interview_modules SET name = ?, description = ?, job_id = ?, is_active = ?, "
      "updated_by = ?, updated_at = ? WHERE org_id = ? AND id = ?",
      {f.name, f.description, db::nullable(f.job_id), std::int64_t{f.is_active ? 1 : 0}, updated_by,
       now, org_id, id});
}

void replace_services(db::Connection& c, std::int64_t module_id,
                      const std::vector<ServiceEntry>& entries) {
  c.execute("DELETE FROM module_services WHERE module_id = ?", {module_id});
  for (const auto& e : entries) {
    c.execute(
        "INSERT INTO module_services (module_id, service_id, position, preferences, "
        "question_set_id) VALUES (?, ?, ?, ?, ?)",
        {module_id, e.service_id, e.order, e.preferences, db::nullable(e.question_set_id)});
  }
}

bool remove(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  return c.execute("DELETE FROM interview_modules WHERE org_id = ? AND id = ?", {org_id, id}) > 0;
}

std::optional<domain::InterviewModule> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                            db::Lock lock) {
  // The module and its services, sent together; the services count only if the
  // module is of this organization.
  const db::Statement statements[] = {
      {std::string("SELECT ") + kModuleColumns +
           " FROM interview_modules m WHERE m.org_id = ? AND m.id = ?" + db::lock_clause(c, lock),
       {org_id, id}},
      {std::string("SELECT ") + kEntryColumns +
           " FROM module_services ms JOIN services s ON s.id = ms.service_id"
           " WHERE ms.module_id = ? ORDER BY ms.position",
       {id}}};
  const auto results = c.query_all(statements);
  if (results[0].empty()) return std::nullopt;
  auto m = module_from_row(results[0][0]);
  for (const auto& r : results[1]) m.services.push_back(entry_from_row(r));
  return m;
}

domain::Page<domain::InterviewModule> list(db::Connection& c, std::int64_t org_id, const Filter& f,
                                           const domain::PageRequest& page) {
  Filters where(" FROM interview_modules m WHERE m.org_id = ?", {org_id});
  where.equal("m.job_id", f.job_id);
  // The page, and the services of the whole page (no query per module), sent together.
  const db::Statement statements[] = {
      page_statement(kModuleColumns, where.sql(), where.params(), " ORDER BY m.id", page),
      {std::string("SELECT ") + kEntryColumns +
           " FROM module_services ms JOIN services s ON s.id = ms.service_id"
           " WHERE ms.module_id IN (SELECT m.id" +
           where.sql() + " ORDER BY m.id LIMIT ? OFFSET ?) ORDER BY ms.module_id, ms.position",
       where.params_and({page.limit, page.offset})}};
  const auto results = c.query_all(statements);
  domain::Page<domain::InterviewModule> out;
  std::map<std::int64_t, std::size_t> index;
  for (const auto& r : results[0]) {
    index[r.int64(0)] = out.items.size();
    out.items.push_back(module_from_row(r));
  }
  out.total = page_total(c, results[0], where.sql(), where.params(), page);
  for (const auto& r : results[1]) {
    auto it = index.find(r.int64(0));
    if (it != index.end()) out.items[it->second].services.push_back(entry_from_row(r));
  }
  return out;
}

std::optional<std::int64_t> question_set_of(db::Connection& c, std::int64_t module_id,
                                            std::int64_t service_id) {
  return db::scalar_int(
      c, "SELECT question_set_id FROM module_services WHERE module_id = ? AND service_id = ?",
      {module_id, service_id});
}

}  // namespace repos::modules

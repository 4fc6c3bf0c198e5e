#include "repos/services_repo.hpp"

#include "repos/page_query.hpp"

namespace repos::services {

namespace {

constexpr const char* kColumns = "id, org_id, name, kind, description, is_builtin";
constexpr const char* kVisible = " FROM services WHERE (org_id IS NULL OR org_id = ?)";

domain::Service from_row(const db::Row& r) {
  domain::Service s;
  s.id = r.int64(0);
  s.org_id = r.opt_int64(1);
  s.name = r.text(2);
  s.kind = r.text(3);
  s.description = r.text(4);
  s.is_builtin = r.boolean(5);
  return s;
}

}  // namespace

std::optional<domain::Service> insert(db::Connection& c, const NewService& s,
                                      const std::string& now) {
  auto id = db::scalar_int(
      c,
      "INSERT INTO services (org_id, name, kind, description, is_builtin, created_at) "
      "VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT (COALESCE(org_id, 0), name) DO NOTHING RETURNING id",
      {s.org_id, s.name, s.kind, s.description, now});
  if (!id) return std::nullopt;
  return domain::Service{*id, s.org_id, s.name, s.kind, s.description, false};
}

std::optional<domain::Service> find(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  auto rows = c.query(std::string("SELECT ") + kColumns + kVisible + " AND id = ?", {org_id, id});
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

std::optional<domain::Service> find_by_name(db::Connection& c, std::int64_t org_id,
                                            const std::string& name) {
  auto rows = c.query(std::string("SELECT ") + kColumns + kVisible + " AND name = ? ORDER BY id",
                      {org_id, name});
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

bool builtin_name_taken(db::Connection& c, const std::string& name) {
  return db::scalar_int(c, "SELECT COUNT(*) FROM services WHERE org_id IS NULL AND name = ?",
                        {name})
             .value_or(0) > 0;
}

domain::Page<domain::Service> list(db::Connection& c, std::int64_t org_id,
                                   const domain::PageRequest& page) {
  return fetch_page<domain::Service>(c, kColumns, kVisible, {org_id}, " ORDER BY id", page,
                                     from_row);
}

}  // namespace repos::services

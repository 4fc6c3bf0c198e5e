#include "repos/organizations_repo.hpp"

namespace repos::organizations {

namespace {
domain::Organization from_row(const db::Row& r) {
  return {r.int64(0), r.text(1), r.text(2)};
}
}  // namespace

domain::Organization insert(db::Connection& c, const std::string& name, const std::string& now) {
  auto id = db::scalar_int(
      c, "INSERT INTO organizations (name, created_at) VALUES (?, ?) RETURNING id", {name, now});
  return {*id, name, now};
}

std::optional<domain::Organization> find(db::Connection& c, std::int64_t id) {
  auto rows = c.query("SELECT id, name, created_at FROM organizations WHERE id = ?", {id});
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

void update_name(db::Connection& c, std::int64_t id, const std::string& name) {
  c.execute("UPDATE organizations SET name = ? WHERE id = ?", {name, id});
}

bool any(db::Connection& c) {
  // MAX(id) reads one end of the primary key, however many rows there are.
  return db::scalar_int(c, "SELECT MAX(id) FROM organizations").has_value();
}

}  // namespace repos::organizations

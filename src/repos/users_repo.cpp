#include "repos/users_repo.hpp"

#include "repos/page_query.hpp"

namespace repos::users {

namespace {

constexpr const char* kColumns = "id, org_id, email, name, role, is_active, created_at";

domain::User from_row(const db::Row& r) {
  domain::User u;
  u.id = r.int64(0);
  u.org_id = r.int64(1);
  u.email = r.text(2);
  u.name = r.text(3);
  u.role = domain::parse_role(r.text(4)).value_or(domain::Role::kInterviewer);
  u.is_active = r.boolean(5);
  u.created_at = r.text(6);
  return u;
}

}  // namespace

std::optional<domain::User> insert(db::Connection& c, const NewUser& u, const std::string& now) {
  auto id = db::scalar_int(
      c,
      "INSERT INTO users (org_id, email, name, role, password_hash, is_active, created_at) "
      "VALUES (?, ?, ?, ?, ?, 1, ?) ON CONFLICT (email) DO NOTHING RETURNING id",
      {u.org_id, u.email, u.name, std::string(domain::role_name(u.role)), u.password_hash, now});
  if (!id) return std::nullopt;
  return domain::User{*id, u.org_id, u.email, u.name, u.role, true, now};
}

std::optional<domain::User> find(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  auto rows = c.query(std::string("SELECT ") + kColumns + " FROM users WHERE org_id = ? AND id = ?",
                      {org_id, id});
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

std::optional<Credentials> find_credentials(db::Connection& c, const std::string& email) {
  auto rows = c.query(
      std::string("SELECT ") + kColumns + ", password_hash FROM users WHERE email = ?", {email});
  if (rows.empty()) return std::nullopt;
  return Credentials{from_row(rows[0]), rows[0].text(7)};
}

domain::Page<domain::User> list(db::Connection& c, std::int64_t org_id,
                                const domain::PageRequest& page) {
  return fetch_page<domain::User>(c, kColumns, " FROM users WHERE org_id = ?", {org_id},
                                  " ORDER BY id", page, from_row);
}

bool email_taken(db::Connection& c, const std::string& email, std::int64_t except_id) {
  return db::scalar_int(c, "SELECT COUNT(*) FROM users WHERE email = ? AND id <> ?",
                        {email, except_id})
             .value_or(0) > 0;
}

void update(db::Connection& c, std::int64_t org_id, std::int64_t id, const Changes& ch) {
  if (ch.name)
    c.execute("UPDATE users SET name = ? WHERE org_id = ? AND id = ?", {*ch.name, org_id, id});
  if (ch.role) {
    c.execute("UPDATE users SET role = ? WHERE org_id = ? AND id = ?",
              {std::string(domain::role_name(*ch.role)), org_id, id});
  }
  if (ch.is_active) {
    c.execute("UPDATE users SET is_active = ? WHERE org_id = ? AND id = ?",
              {std::int64_t{*ch.is_active ? 1 : 0}, org_id, id});
  }
  if (ch.password_hash) {
    c.execute("UPDATE users SET password_hash = ? WHERE org_id = ? AND id = ?",
              {*ch.password_hash, org_id, id});
  }
}

void insert_token(db::Connection& c, const domain::User& u, const std::string& key_hash,
                  const std::string& now, const std::string& expires_at) {
  c.execute(
      "INSERT INTO auth_tokens (org_id, user_id, key_hash, created_at, expires_at) "
      "VALUES (?, ?, ?, ?, ?)",
      {u.org_id, u.id, key_hash, now, expires_at});
}

std::optional<TokenOwner> find_token_owner(db::Connection& c, const std::string& key_hash,
                                           const std::string& now) {
  auto rows = c.query(
      "SELECT t.id, u.id, u.org_id, u.role, u.is_active, t.expires_at FROM auth_tokens t "
      "JOIN users u ON u.id = t.user_id WHERE t.key_hash = ? AND t.expires_at > ?",
      {key_hash, now});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  TokenOwner owner;
  owner.principal.token_id = r.int64(0);
  owner.principal.user_id = r.int64(1);
  owner.principal.org_id = r.int64(2);
  owner.principal.role = domain::parse_role(r.text(3)).value_or(domain::Role::kInterviewer);
  owner.is_active = r.boolean(4);
  owner.expires_at = r.text(5);
  return owner;
}

void delete_token(db::Connection& c, std::int64_t token_id) {
  c.execute("DELETE FROM auth_tokens WHERE id = ?", {token_id});
}

void delete_tokens_of(db::Connection& c, std::int64_t user_id) {
  c.execute("DELETE FROM auth_tokens WHERE user_id = ?", {user_id});
}

}  // namespace repos::users

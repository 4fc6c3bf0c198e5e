#include "repos/uploads_repo.hpp"

namespace repos::uploads {

namespace {

constexpr const char* kColumns =
    "id, org_id, object_key, content_type, content_length, "
    "CASE WHEN used_at IS NULL THEN 0 ELSE 1 END";

Upload from_row(const db::Row& r) {
  Upload u;
  u.id = r.int64(0);
  u.org_id = r.int64(1);
  u.key = r.text(2);
  u.content_type = r.text(3);
  u.content_length = r.opt_int64(4);
  u.used = r.boolean(5);
  return u;
}

std::optional<Upload> first(const db::Rows& rows) {
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

}  // namespace

void insert(db::Connection& c, const NewUpload& u, const std::string& now) {
  c.execute(
      "INSERT INTO uploads (org_id, object_key, content_type, content_length, created_at, "
      "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
      {u.org_id, u.key, u.content_type, db::nullable(u.content_length), now, u.expires_at});
}

std::optional<Upload> find(db::Connection& c, std::int64_t org_id, const std::string& key) {
  return first(c.query(
      std::string("SELECT ") + kColumns + " FROM uploads WHERE object_key = ? AND org_id = ?",
      {key, org_id}));
}

std::optional<Upload> find_by_key(db::Connection& c, const std::string& key) {
  return first(
      c.query(std::string("SELECT ") + kColumns + " FROM uploads WHERE object_key = ?", {key}));
}

bool take(db::Connection& c, std::int64_t id, std::int64_t answer_id, const std::string& now) {
  return c.execute("UPDATE uploads SET used_at = ?, answer_id = ? WHERE id = ? AND used_at IS NULL",
                   {now, answer_id, id}) == 1;
}

std::optional<std::string> key_of_answer(db::Connection& c, std::int64_t answer_id) {
  auto rows = c.query("SELECT object_key FROM uploads WHERE answer_id = ?", {answer_id});
  if (rows.empty()) return std::nullopt;
  return rows[0].text(0);
}

}  // namespace repos::uploads

#include "repos/webhook_endpoints_repo.hpp"

#include <sstream>

#include "repos/page_query.hpp"

namespace repos::webhook_endpoints {

namespace {

constexpr const char* kColumns =
    "id, org_id, url, events, description, is_active, created_at, updated_at";

std::string join_events(const std::vector<std::string>& events) {
  std::string out;
  for (const auto& e : events) {
    if (!out.empty()) out += ' ';
    out += e;
  }
  return out;
}

std::vector<std::string> split_events(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

domain::WebhookEndpoint from_row(const db::Row& r) {
  domain::WebhookEndpoint e;
  e.id = r.int64(0);
  e.org_id = r.int64(1);
  e.url = r.text(2);
  e.events = split_events(r.text(3));
  e.description = r.text(4);
  e.is_active = r.boolean(5);
  e.created_at = r.text(6);
  e.updated_at = r.text(7);
  return e;
}

}  // namespace

std::int64_t insert(db::Connection& c, const NewEndpoint& e, const std::string& now) {
  db::Params params;
  params.emplace_back(e.org_id);
  params.emplace_back(e.url);
  params.emplace_back(join_events(e.events));
  params.emplace_back(e.description);
  params.emplace_back(std::int64_t{e.is_active ? 1 : 0});
  params.emplace_back(e.secret);
  params.emplace_back(db::nullable(e.created_by));
  params.emplace_back(now);
  params.emplace_back(now);
  return *db::scalar_int(c,
                         "INSERT INTO webhook_endpoints (org_id, url, events, description, "
                         "is_active, secret, created_by, created_at, updated_at) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                         params);
}

std::optional<domain::WebhookEndpoint> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                            db::Lock lock) {
  auto rows =
      c.query(std::string("SELECT ") + kColumns +
                  " FROM webhook_endpoints WHERE org_id = ? AND id = ?" + db::lock_clause(c, lock),
              {org_id, id});
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

domain::Page<domain::WebhookEndpoint> list(db::Connection& c, std::int64_t org_id,
                                           const domain::PageRequest& page) {
  return fetch_page<domain::WebhookEndpoint>(c, kColumns,
                                             " FROM webhook_endpoints WHERE org_id = ?", {org_id},
                                             " ORDER BY id", page, from_row);
}

void update(db::Connection& c, const domain::WebhookEndpoint& e, const std::string& now) {
  db::Params params;
  params.emplace_back(e.url);
  params.emplace_back(join_events(e.events));
  params.emplace_back(e.description);
  params.emplace_back(std::int64_t{e.is_active ? 1 : 0});
  params.emplace_back(now);
  params.emplace_back(e.id);
  params.emplace_back(e.org_id);
  c.execute(
      "UPDATE webhook_endpoints SET url = ?, events = ?, description = ?, is_active = ?, "
      "updated_at = ? WHERE id = ? AND org_id = ?",
      params);
}

bool remove(db::Connection& c, std::int64_t org_id, std::int64_t id) {
  return c.execute("DELETE FROM webhook_endpoints WHERE org_id = ? AND id = ?", {org_id, id}) > 0;
}

void rotate(db::Connection& c, std::int64_t id, const std::string& secret,
            const std::string& previous_until, const std::string& now) {
  c.execute(
      "UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_until = ?, "
      "secret = ?, updated_at = ? WHERE id = ?",
      {previous_until, secret, now, id});
}

std::vector<domain::WebhookEndpoint> active(db::Connection& c, std::int64_t org_id) {
  std::vector<domain::WebhookEndpoint> out;
  for (const auto& r : c.query(std::string("SELECT ") + kColumns +
                                   " FROM webhook_endpoints WHERE org_id = ? AND is_active = 1 "
                                   "ORDER BY id",
                               {org_id})) {
    out.push_back(from_row(r));
  }
  return out;
}

std::optional<Target> target(db::Connection& c, std::int64_t id, const std::string& now) {
  auto rows = c.query(
      "SELECT org_id, url, is_active, secret, previous_secret, previous_secret_until "
      "FROM webhook_endpoints WHERE id = ?",
      {id});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  Target t{r.int64(0), r.text(1), r.boolean(2), {r.text(3), std::nullopt}};
  auto until = r.opt_text(5);
  if (until && *until > now) t.secrets.previous = r.opt_text(4);
  return t;
}

}  // namespace repos::webhook_endpoints

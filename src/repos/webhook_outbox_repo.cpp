#include "repos/webhook_outbox_repo.hpp"

#include "repos/page_query.hpp"

namespace repos::webhook_outbox {

namespace {

constexpr const char* kDeliveryColumns =
    "d.id, d.endpoint_id, e.public_id, e.type, d.status, d.attempts, d.last_status_code, "
    "d.last_error, d.next_attempt_at, d.delivered_at, d.created_at";
constexpr const char* kDeliveryFrom =
    " FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id ";

domain::WebhookDelivery delivery_from_row(const db::Row& r) {
  domain::WebhookDelivery d;
  d.id = r.int64(0);
  d.endpoint_id = r.int64(1);
  d.event_id = r.text(2);
  d.event_type = r.text(3);
  d.status = domain::parse_delivery_status(r.text(4)).value();
  d.attempts = r.int64(5);
  d.last_status_code = r.opt_int64(6);
  d.last_error = r.opt_text(7);
  if (d.status == domain::DeliveryStatus::kPending) d.next_attempt_at = r.opt_text(8);
  d.delivered_at = r.opt_text(9);
  d.created_at = r.text(10);
  return d;
}

// The condition that the drain job (id, holder) still holds its lease.
constexpr const char* kJobHeld =
    "EXISTS (SELECT 1 FROM background_jobs WHERE id = ? AND locked_by = ? AND status = "
    "'running')";

}  // namespace

std::int64_t add_event(db::Connection& c, std::int64_t org_id, const std::string& type,
                       const std::string& public_id, const std::string& body,
                       const std::string& now) {
  return *db::scalar_int(c,
                         "INSERT INTO webhook_events (public_id, org_id, type, body, created_at) "
                         "VALUES (?, ?, ?, ?, ?) RETURNING id",
                         {public_id, org_id, type, body, now});
}

std::int64_t add_delivery(db::Connection& c, std::int64_t org_id, std::int64_t endpoint_id,
                          std::int64_t event_id, const std::string& now) {
  db::Params params;
  params.emplace_back(org_id);
  params.emplace_back(endpoint_id);
  params.emplace_back(event_id);
  params.emplace_back(now);
  params.emplace_back(now);
  params.emplace_back(now);
  return *db::scalar_int(c,
                         "INSERT INTO webhook_deliveries (org_id, endpoint_id, event_id, status, "
                         "attempts, next_attempt_at, created_at, updated_at) "
                         "VALUES (?, ?, ?, 'pending', 0, ?, ?, ?) RETURNING id",
                         params);
}

void wake(db::Connection& c, std::int64_t org_id, std::int64_t endpoint_id,
          const std::string& now) {
  db::Params params;
  params.emplace_back(org_id);
  params.emplace_back(std::string(kDrainJob));
  params.emplace_back(endpoint_id);
  params.emplace_back(now);
  params.emplace_back(now);
  params.emplace_back(now);
  // The update of a conflicting row changes nothing but locks it.
  c.execute(
      "INSERT INTO background_jobs (org_id, kind, endpoint_id, status, attempts, max_attempts, "
      "run_after, created_at, updated_at) VALUES (?, ?, ?, 'queued', 0, 1000, ?, ?, ?) "
      "ON CONFLICT (endpoint_id) WHERE status = 'queued' "
      "DO UPDATE SET updated_at = background_jobs.updated_at",
      params);
  if (c.dialect() == db::Dialect::kPostgres) c.execute(std::string("NOTIFY ") + kChannel);
}

std::optional<domain::WebhookDelivery> find_delivery(db::Connection& c, std::int64_t endpoint_id,
                                                     std::int64_t id) {
  auto rows = c.query(std::string("SELECT ") + kDeliveryColumns + " " + kDeliveryFrom +
                          "WHERE d.endpoint_id = ? AND d.id = ?",
                      {endpoint_id, id});
  if (rows.empty()) return std::nullopt;
  return delivery_from_row(rows[0]);
}

domain::Page<domain::WebhookDelivery> deliveries(db::Connection& c, std::int64_t endpoint_id,
                                                 const domain::PageRequest& page) {
  return fetch_page<domain::WebhookDelivery>(
      c, kDeliveryColumns, std::string(kDeliveryFrom) + "WHERE d.endpoint_id = ?", {endpoint_id},
      " ORDER BY d.id", page, delivery_from_row);
}

std::optional<std::int64_t> event_of(db::Connection& c, std::int64_t delivery_id) {
  return db::scalar_int(c, "SELECT event_id FROM webhook_deliveries WHERE id = ?", {delivery_id});
}

std::optional<Head> head(db::Connection& c, std::int64_t endpoint_id) {
  auto rows = c.query(
      "SELECT d.id, d.attempts, d.next_attempt_at, e.public_id, e.body FROM webhook_deliveries d "
      "JOIN webhook_events e ON e.id = d.event_id "
      "WHERE d.endpoint_id = ? AND d.status = 'pending' ORDER BY d.id LIMIT 1",
      {endpoint_id});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return Head{r.int64(0), r.int64(1), r.opt_text(2).value_or(""), r.text(3), r.text(4)};
}

bool record(db::Connection& c, std::int64_t delivery_id, const Outcome& o, std::int64_t job_id,
            const std::string& holder, const std::string& now) {
  const bool delivered = o.status == domain::DeliveryStatus::kDelivered;
  db::Params params;
  params.emplace_back(std::string(domain::to_string(o.status)));
  params.emplace_back(o.attempts);
  params.emplace_back(db::nullable(o.status_code));
  params.emplace_back(db::nullable(o.error));
  params.emplace_back(db::nullable(o.next_attempt_at));
  params.emplace_back(delivered ? db::Value(now) : db::Value(nullptr));
  params.emplace_back(now);
  params.emplace_back(delivery_id);
  params.emplace_back(job_id);
  params.emplace_back(holder);
  return c.execute(std::string("UPDATE webhook_deliveries SET status = ?, attempts = ?, "
                               "last_status_code = ?, last_error = ?, next_attempt_at = ?, "
                               "delivered_at = COALESCE(?, delivered_at), updated_at = ? "
                               "WHERE id = ? AND ") +
                       kJobHeld,
                   params) > 0;
}

bool finish_drain(db::Connection& c, std::int64_t job_id, const std::string& holder,
                  std::int64_t org_id, std::int64_t endpoint_id,
                  const std::optional<std::string>& next_run, const std::string& now) {
  db::Transaction tx(c, true);
  // A drain that ended leaves no row: drains come and go with every burst of events.
  const bool held = c.execute(
                        "DELETE FROM background_jobs WHERE id = ? AND locked_by = ? AND "
                        "status = 'running'",
                        {job_id, holder}) > 0;
  if (!held) return false;
  if (next_run) {
    db::Params params;
    params.emplace_back(org_id);
    params.emplace_back(std::string(kDrainJob));
    params.emplace_back(endpoint_id);
    params.emplace_back(*next_run);
    params.emplace_back(now);
    params.emplace_back(now);
    c.execute(
        "INSERT INTO background_jobs (org_id, kind, endpoint_id, status, attempts, "
        "max_attempts, run_after, created_at, updated_at) "
        "VALUES (?, ?, ?, 'queued', 0, 1000, ?, ?, ?) "
        "ON CONFLICT (endpoint_id) WHERE status = 'queued' "
        "DO UPDATE SET run_after = excluded.run_after, updated_at = excluded.updated_at",
        params);
  }
  tx.commit();
  return true;
}

}  // namespace repos::webhook_outbox

#include "repos/invitations_repo.hpp"

#include "repos/filters.hpp"
#include "repos/insert_rows.hpp"
#include "repos/page_query.hpp"

namespace repos::invitations {

namespace {

using domain::InvitationStatus;

constexpr std::string_view kInsertColumns[] = {
    "org_id",        "candidate_id", "job_id",    "module_id",  "service_id",
    "screening_id",  "token_hash",   "status",    "expires_at", "time_multiplier",
    "extra_retakes", "created_by",   "created_at"};
constexpr InsertShape kInsert{"invitations", kInsertColumns, "RETURNING id"};

constexpr const char* kColumns =
    "id, org_id, candidate_id, job_id, module_id, service_id, screening_id, status, expires_at, "
    "time_multiplier, extra_retakes, consent_at, created_at, opened_at, completed_at";

domain::Invitation from_row(const db::Row& r) {
  domain::Invitation i;
  i.id = r.int64(0);
  i.org_id = r.int64(1);
  i.candidate_id = r.int64(2);
  i.job_id = r.int64(3);
  i.module_id = r.int64(4);
  i.service_id = r.int64(5);
  i.screening_id = r.int64(6);
  i.status = domain::parse_invitation_status(r.text(7)).value();
  i.expires_at = r.text(8);
  i.accommodations.time_multiplier = r.real(9);
  i.accommodations.extra_retakes = r.int64(10);
  i.consent_at = r.opt_text(11);
  i.created_at = r.text(12);
  i.opened_at = r.opt_text(13);
  i.completed_at = r.opt_text(14);
  return i;
}

std::string word(InvitationStatus s) {
  return std::string(domain::to_string(s));
}

// The condition that selects the invitations shown with `status` at `now`. One value
// per `add`: GCC 12 misreads longer temporary lists of values (see steps_repo's history).
void add_status(Filters& where, InvitationStatus status, const std::string& now) {
  switch (status) {
    case InvitationStatus::kSent:
    case InvitationStatus::kOpened:
      where.add("status = ?", {word(status)}).add("expires_at > ?", {now});
      break;
    case InvitationStatus::kExpired:
      where.add("status <> ?", {word(InvitationStatus::kCompleted)})
          .add("status <> ?", {word(InvitationStatus::kRevoked)})
          .add("expires_at <= ?", {now});
      break;
    case InvitationStatus::kCompleted:
    case InvitationStatus::kRevoked:
      where.add("status = ?", {word(status)});
      break;
  }
}

}  // namespace

std::int64_t insert(db::Connection& c, const NewInvitation& n, const std::string& now) {
  static const std::string sql = insert_sql(kInsert, 1);
  const db::Params values{n.org_id,
                          n.candidate_id,
                          n.job_id,
                          n.module_id,
                          n.service_id,
                          n.screening_id,
                          n.token_hash,
                          word(InvitationStatus::kSent),
                          n.expires_at,
                          n.accommodations.time_multiplier,
                          n.accommodations.extra_retakes,
                          n.created_by,
                          now};
  return db::scalar_int(c, sql, values).value();
}

std::optional<domain::Invitation> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                       db::Lock lock) {
  const db::Params where{org_id, id};
  auto rows =
      c.query(std::string("SELECT ") + kColumns + " FROM invitations WHERE org_id = ? AND id = ?" +
                  db::lock_clause(c, lock),
              where);
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

std::optional<TokenOwner> find_by_token(db::Connection& c, const std::string& token_hash) {
  const db::Params where{token_hash};
  auto rows =
      c.query("SELECT id, org_id, status, expires_at FROM invitations WHERE token_hash = ?", where);
  if (rows.empty()) return std::nullopt;
  return TokenOwner{rows[0].int64(0), rows[0].int64(1),
                    domain::parse_invitation_status(rows[0].text(2)).value(), rows[0].text(3)};
}

domain::Page<domain::Invitation> list(db::Connection& c, std::int64_t org_id, const Filter& f,
                                      const std::string& now, const domain::PageRequest& page) {
  Filters where(" FROM invitations WHERE org_id = ?", {org_id});
  where.equal("candidate_id", f.candidate_id).equal("job_id", f.job_id);
  if (f.status) add_status(where, *f.status, now);
  return fetch_page<domain::Invitation>(c, kColumns, where.sql(), where.params(), " ORDER BY id",
                                        page, from_row);
}

void set_token(db::Connection& c, std::int64_t id, const std::string& token_hash,
               const std::string& expires_at) {
  const db::Params values{token_hash, expires_at, id};
  c.execute("UPDATE invitations SET token_hash = ?, expires_at = ? WHERE id = ?", values);
}

void mark_opened(db::Connection& c, std::int64_t id, const std::string& now) {
  const db::Params values{word(InvitationStatus::kOpened), now, id, word(InvitationStatus::kSent)};
  c.execute("UPDATE invitations SET status = ?, opened_at = ? WHERE id = ? AND status = ?", values);
}

void mark_completed(db::Connection& c, std::int64_t id, const std::string& now) {
  const db::Params values{word(InvitationStatus::kCompleted), now, id,
                          word(InvitationStatus::kSent), word(InvitationStatus::kOpened)};
  c.execute("UPDATE invitations SET status = ?, completed_at = ? WHERE id = ? AND status IN (?, ?)",
            values);
}

void mark_revoked(db::Connection& c, std::int64_t id, const std::string& now) {
  const db::Params values{word(InvitationStatus::kRevoked), now, id,
                          word(InvitationStatus::kCompleted), word(InvitationStatus::kRevoked)};
  c.execute(
      "UPDATE invitations SET status = ?, revoked_at = ? WHERE id = ? AND status NOT IN (?, ?)",
      values);
}

void set_consent(db::Connection& c, std::int64_t id, const std::string& now,
                 const std::string& address) {
  const db::Params values{now, address, id};
  c.execute(
      "UPDATE invitations SET consent_at = ?, consent_address = ? "
      "WHERE id = ? AND consent_at IS NULL",
      values);
}

void add_event(db::Connection& c, const NewEvent& e, const std::string& now) {
  const db::Params values{e.org_id,
                          e.invitation_id,
                          std::string(domain::to_string(e.kind)),
                          db::nullable(e.question_id),
                          db::nullable(e.attempt_id),
                          e.detail,
                          now};
  c.execute(
      "INSERT INTO invitation_events (org_id, invitation_id, kind, question_id, attempt_id, "
      "detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      values);
}

domain::Page<domain::InvitationEvent> events(db::Connection& c, std::int64_t org_id,
                                             std::int64_t invitation_id,
                                             const domain::PageRequest& page) {
  const db::Params where{invitation_id, org_id};
  return fetch_page<domain::InvitationEvent>(
      c, "id, kind, created_at, question_id, attempt_id, detail",
      " FROM invitation_events WHERE invitation_id = ? AND org_id = ?", where, " ORDER BY id", page,
      [](const db::Row& r) {
        return domain::InvitationEvent{
            r.int64(0),     domain::parse_invitation_event_kind(r.text(1)).value(),
            r.text(2),      r.opt_int64(3),
            r.opt_int64(4), r.text(5)};
      });
}

}  // namespace repos::invitations

#include "services/invitations_service.hpp"

#include "auth/token.hpp"
#include "repos/invitations_repo.hpp"
#include "services/step_preferences.hpp"
#include "util/clock.hpp"

namespace services {

namespace {

using domain::InvitationEventKind;
using domain::InvitationStatus;

domain::Invitation shown(domain::Invitation inv, const std::string& now) {
  inv.status = domain::invitation_status(inv.status, inv.expires_at, now);
  return inv;
}

// The expiry of a link made now without one: the preferences' deadline_days, else the
// default.
std::string default_expiry(db::Connection& db, std::int64_t org_id, std::int64_t module_id,
                           std::int64_t service_id) {
  const auto days = step_preferences(db, org_id, module_id, service_id)
                        .deadline_days.value_or(domain::kDefaultInvitationDays);
  return util::rfc3339_in(std::chrono::days(days));
}

void record(db::Connection& db, const domain::Invitation& inv, InvitationEventKind kind,
            std::string detail, const std::string& now) {
  repos::invitations::add_event(
      db, {inv.org_id, inv.id, kind, std::nullopt, std::nullopt, std::move(detail)}, now);
}

}  // namespace

domain::Result<IssuedInvitation> invitation_create(db::Connection& db, const domain::Principal& who,
                                                   const InvitationInput& in) {
  db::Transaction tx(db, true);
  auto screening = screening_insert(db, who, in.screening);
  if (!screening) return screening.take_error();
  const std::string expires =
      in.expires_at ? *in.expires_at
                    : default_expiry(db, who.org_id, screening->module_id, screening->service_id);
  const auto token = auth::make_token();
  const std::string now = util::now_rfc3339();
  repos::invitations::NewInvitation n;
  n.org_id = who.org_id;
  n.candidate_id = screening->candidate_id;
  n.job_id = screening->job_id;
  n.module_id = screening->module_id;
  n.service_id = screening->service_id;
  n.screening_id = screening->id;
  n.token_hash = token.hash;
  n.expires_at = expires;
  n.accommodations = in.accommodations;
  n.created_by = who.user_id;
  const auto id = repos::invitations::insert(db, n, now);
  auto inv = repos::invitations::find(db, who.org_id, id);
  record(db, *inv, InvitationEventKind::kSent, "Expires at " + expires + ".", now);
  tx.commit();
  return IssuedInvitation{shown(*inv, now), token.key};
}

domain::Page<domain::Invitation> invitations_list(db::Connection& db, const domain::Principal& who,
                                                  const InvitationFilter& filter,
                                                  const domain::PageRequest& page) {
  const std::string now = util::now_rfc3339();
  auto out = repos::invitations::list(
      db, who.org_id, {filter.candidate_id, filter.job_id, filter.status}, now, page);
  for (auto& inv : out.items) inv = shown(std::move(inv), now);
  return out;
}

domain::Result<domain::Invitation> invitation_get(db::Connection& db, const domain::Principal& who,
                                                  std::int64_t id) {
  auto inv = repos::invitations::find(db, who.org_id, id);
  if (!inv) return domain::Error::not_found();
  return shown(*inv, util::now_rfc3339());
}

domain::Result<IssuedInvitation> invitation_reissue(db::Connection& db,
                                                    const domain::Principal& who, std::int64_t id,
                                                    const std::optional<std::string>& expires_at) {
  db::Transaction tx(db, true);
  auto inv = repos::invitations::find(db, who.org_id, id, db::Lock::kUpdate);
  if (!inv) return domain::Error::not_found();
  if (inv->status == InvitationStatus::kCompleted) {
    return domain::Error::conflict("This invitation has been completed; it cannot be reissued.");
  }
  if (inv->status == InvitationStatus::kRevoked) {
    return domain::Error::conflict("This invitation has been revoked; it cannot be reissued.");
  }
  const std::string now = util::now_rfc3339();
  std::string expires = inv->expires_at;
  if (expires_at) {
    expires = *expires_at;
  } else if (shown(*inv, now).status == InvitationStatus::kExpired) {
    expires = default_expiry(db, who.org_id, inv->module_id, inv->service_id);
  }
  const auto token = auth::make_token();
  repos::invitations::set_token(db, id, token.hash, expires);
  record(db, *inv, InvitationEventKind::kReissued,
         "A new link replaces the old one; expires at " + expires + ".", now);
  auto updated = repos::invitations::find(db, who.org_id, id);
  tx.commit();
  return IssuedInvitation{shown(*updated, now), token.key};
}

domain::Result<domain::Invitation> invitation_revoke(db::Connection& db,
                                                     const domain::Principal& who,
                                                     std::int64_t id) {
  db::Transaction tx(db, true);
  auto inv = repos::invitations::find(db, who.org_id, id, db::Lock::kUpdate);
  if (!inv) return domain::Error::not_found();
  if (inv->status == InvitationStatus::kCompleted) {
    return domain::Error::conflict("This invitation has been completed; it cannot be revoked.");
  }
  const std::string now = util::now_rfc3339();
  if (inv->status != InvitationStatus::kRevoked) {
    repos::invitations::mark_revoked(db, id, now);
    record(db, *inv, InvitationEventKind::kRevoked, "The link no longer opens the interview.", now);
  }
  auto updated = repos::invitations::find(db, who.org_id, id);
  tx.commit();
  return shown(*updated, now);
}

domain::Result<domain::Page<domain::InvitationEvent>> invitation_timeline(
    db::Connection& db, const domain::Principal& who, std::int64_t id,
    const domain::PageRequest& page) {
  if (!repos::invitations::find(db, who.org_id, id)) return domain::Error::not_found();
  return repos::invitations::events(db, who.org_id, id, page);
}

}  // namespace services

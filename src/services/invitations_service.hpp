// Invitations, as recruiters and admins manage them: a candidate's link to one
// screening (made with it), reissued or revoked, and the timeline of what happened.
#pragma once

#include <optional>
#include <string>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/invitation.hpp"
#include "domain/models.hpp"
#include "services/screenings_service.hpp"

namespace services {

struct InvitationInput {
  ScreeningInput screening;               // the screening the answers go into
  std::optional<std::string> expires_at;  // RFC 3339 UTC, checked; nullopt: the default
  domain::Accommodations accommodations;
};

// An invitation and its link's token, shown only when it is made (create, reissue).
struct IssuedInvitation {
  domain::Invitation invitation;
  std::string token;
};

struct InvitationFilter {
  std::optional<std::int64_t> candidate_id;
  std::optional<std::int64_t> job_id;
  std::optional<domain::InvitationStatus> status;
};

// Invitations come out with their status as shown now (kExpired once expires_at has
// passed, unless completed or revoked).
//
// The screening is made by screening_create's rules, with the same errors. Without
// expires_at the link lasts the preferences' deadline_days, else kDefaultInvitationDays.
domain::Result<IssuedInvitation> invitation_create(db::Connection& db, const domain::Principal& who,
                                                   const InvitationInput& in);
domain::Page<domain::Invitation> invitations_list(db::Connection& db, const domain::Principal& who,
                                                  const InvitationFilter& filter,
                                                  const domain::PageRequest& page);
domain::Result<domain::Invitation> invitation_get(db::Connection& db, const domain::Principal& who,
                                                  std::int64_t id);
// A new token; the old one names nothing from now on, and the status stays what it
// was. `expires_at`: a new expiry; nullopt keeps the old one, or, once it has passed,
// gives the default from now. 409 for a completed or revoked invitation.
domain::Result<IssuedInvitation> invitation_reissue(db::Connection& db,
                                                    const domain::Principal& who, std::int64_t id,
                                                    const std::optional<std::string>& expires_at);
// Voids the link; 409 once completed. A revoked invitation is returned unchanged.
domain::Result<domain::Invitation> invitation_revoke(db::Connection& db,
                                                     const domain::Principal& who, std::int64_t id);
domain::Result<domain::Page<domain::InvitationEvent>> invitation_timeline(
    db::Connection& db, const domain::Principal& who, std::int64_t id,
    const domain::PageRequest& page);

}  // namespace services

// SQL for invitations (the candidates' links), their timelines, and the lookup of a
// link's token.
#pragma once

#include <optional>
#include <string>

#include "db/connection.hpp"
#include "domain/invitation.hpp"
#include "domain/models.hpp"

namespace repos::invitations {

struct NewInvitation {
  std::int64_t org_id = 0;
  std::int64_t candidate_id = 0;
  std::int64_t job_id = 0;
  std::int64_t module_id = 0;
  std::int64_t service_id = 0;
  std::int64_t screening_id = 0;
  std::string token_hash;
  std::string expires_at;
  domain::Accommodations accommodations;
  std::int64_t created_by = 0;
};

// The new invitation's id.
std::int64_t insert(db::Connection& c, const NewInvitation& n, const std::string& now);
// As stored (never kExpired). `lock`: hold the row until the transaction ends
// (PostgreSQL): every write about an invitation takes it first.
std::optional<domain::Invitation> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                       db::Lock lock = db::Lock::kNone);

// Whom a link's token stands for.
struct TokenOwner {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  domain::InvitationStatus status = domain::InvitationStatus::kSent;  // as stored
  std::string expires_at;
};
std::optional<TokenOwner> find_by_token(db::Connection& c, const std::string& token_hash);

struct Filter {
  std::optional<std::int64_t> candidate_id;
  std::optional<std::int64_t> job_id;
  // As shown: kExpired and the open statuses are told apart by expires_at and `now`.
  std::optional<domain::InvitationStatus> status;
};
domain::Page<domain::Invitation> list(db::Connection& c, std::int64_t org_id, const Filter& f,
                                      const std::string& now, const domain::PageRequest& page);

// A new token (a reissue) and expiry; the old token names nothing from now on.
void set_token(db::Connection& c, std::int64_t id, const std::string& token_hash,
               const std::string& expires_at);
// Each stamps its time; only from the statuses that may move there (opened from sent,
// completed from sent or opened, revoked from anything but completed).
void mark_opened(db::Connection& c, std::int64_t id, const std::string& now);
void mark_completed(db::Connection& c, std::int64_t id, const std::string& now);
void mark_revoked(db::Connection& c, std::int64_t id, const std::string& now);
void set_consent(db::Connection& c, std::int64_t id, const std::string& now,
                 const std::string& address);

struct NewEvent {
  std::int64_t org_id = 0;
  std::int64_t invitation_id = 0;
  domain::InvitationEventKind kind = domain::InvitationEventKind::kSent;
  std::optional<std::int64_t> question_id;
  std::optional<std::int64_t> attempt_id;
  std::string detail;
};
void add_event(db::Connection& c, const NewEvent& e, const std::string& now);
domain::Page<domain::InvitationEvent> events(db::Connection& c, std::int64_t org_id,
                                             std::int64_t invitation_id,
                                             const domain::PageRequest& page);

}  // namespace repos::invitations

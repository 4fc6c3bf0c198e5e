// Invitations: a candidate's link to one screening, its status and timeline, the
// accommodations that widen its limits, and the rules of attempts (allowance,
// deadlines, grace) as plain functions that the candidate service applies.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/enum_names.hpp"

namespace domain {

// `expired` is never stored: it is what a sent or opened invitation is once its
// expires_at has passed (invitation_status).
enum class InvitationStatus { kSent, kOpened, kCompleted, kExpired, kRevoked };
inline constexpr std::array<std::string_view, 5> kInvitationStatuses = {
    "sent", "opened", "completed", "expired", "revoked"};
constexpr std::string_view to_string(InvitationStatus s) {
  return name_of(kInvitationStatuses, s);
}
constexpr std::optional<InvitationStatus> parse_invitation_status(std::string_view s) {
  return value_of<InvitationStatus>(kInvitationStatuses, s);
}

// What an invitation stored as `stored` is at `now` (both times RFC 3339 UTC, which
// sort as text): expired from expires_at on, unless completed or revoked before.
InvitationStatus invitation_status(InvitationStatus stored, const std::string& expires_at,
                                   const std::string& now);

// What the limits of one candidate are widened by.
struct Accommodations {
  double time_multiplier = 1;  // think time and time limit, rounded up to whole seconds
  std::int64_t extra_retakes = 0;
};
inline constexpr double kMinTimeMultiplier = 1;
inline constexpr double kMaxTimeMultiplier = 4;
inline constexpr std::int64_t kMaxExtraRetakes = 10;

struct Invitation {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::int64_t candidate_id = 0;
  std::int64_t job_id = 0;
  std::int64_t module_id = 0;
  std::int64_t service_id = 0;
  std::int64_t screening_id = 0;
  InvitationStatus status = InvitationStatus::kSent;
  std::string expires_at;
  Accommodations accommodations;
  std::optional<std::string> consent_at;
  std::string created_at;
  std::optional<std::string> opened_at;
  std::optional<std::string> completed_at;
};

// The default and the longest validity of a link.
inline constexpr std::int64_t kDefaultInvitationDays = 7;
inline constexpr std::int64_t kMaxInvitationDays = 365;
// What is wrong with `expires` as an invitation's expiry at `now` (nullopt: nothing):
// it must be in the future and at most kMaxInvitationDays ahead.
std::optional<std::string> expiry_problem(std::chrono::sys_time<std::chrono::milliseconds> expires,
                                          std::chrono::sys_time<std::chrono::milliseconds> now);

enum class InvitationEventKind {
  kSent,
  kReissued,
  kRevoked,
  kOpened,
  kConsent,
  kAttemptStarted,
  kAnswered,
  kSubmitted
};
inline constexpr std::array<std::string_view, 8> kInvitationEventKinds = {
    "sent", "reissued", "revoked", "opened", "consent", "attempt_started", "answered", "submitted"};
constexpr std::string_view to_string(InvitationEventKind k) {
  return name_of(kInvitationEventKinds, k);
}
constexpr std::optional<InvitationEventKind> parse_invitation_event_kind(std::string_view s) {
  return value_of<InvitationEventKind>(kInvitationEventKinds, s);
}

struct InvitationEvent {
  std::int64_t id = 0;
  InvitationEventKind kind = InvitationEventKind::kSent;
  std::string at;
  std::optional<std::int64_t> question_id;
  std::optional<std::int64_t> attempt_id;
  std::string detail;
};

// A limit as a question or a step's preferences give it; nullopt: not given there.
struct LimitSource {
  std::optional<std::int64_t> think_time_seconds;
  std::optional<std::int64_t> time_limit_seconds;
  std::optional<std::int64_t> max_retakes;
};

// One question's limits for one invitation.
struct Limits {
  std::optional<std::int64_t> think_seconds;       // nullopt: unlimited
  std::optional<std::int64_t> time_limit_seconds;  // nullopt: unlimited
  std::int64_t retakes = 0;
  // How many attempts the question allows.
  std::int64_t allowance() const { return 1 + retakes; }
};

// Each limit from the question, else from the step's preferences, else unlimited (0
// retakes); the accommodations then multiply the times and add retakes.
Limits question_limits(const LimitSource& question, const LimitSource& step,
                       const Accommodations& accommodations);
// `seconds` times `multiplier`, rounded up to whole seconds.
std::int64_t stretch_seconds(std::int64_t seconds, double multiplier);

// One attempt at a question; times in Unix milliseconds.
struct Attempt {
  std::int64_t id = 0;
  std::int64_t invitation_id = 0;
  std::int64_t question_id = 0;
  std::int64_t number = 0;  // 1, 2, ... per question
  std::int64_t started_ms = 0;
  std::optional<std::int64_t> think_seconds;  // as they were when it started
  std::optional<std::int64_t> time_limit_seconds;
  std::optional<std::int64_t> answer_id;
  // started + think time; nullopt when the think time is unlimited.
  std::optional<std::int64_t> think_deadline_ms() const;
  // started + think time + time limit; nullopt when either is unlimited.
  std::optional<std::int64_t> answer_deadline_ms() const;
};

// A JSON answer may come this long after the answer deadline (uploads take longer, and
// are held to their start and duration instead).
inline constexpr std::int64_t kAnswerGraceMs = 10'000;
// A recording may be this much longer than the time limit (its measured duration).
inline constexpr double kDurationSlackSeconds = 2;

// The candidate API's refusals that the contract words (written once).
namespace invitation_messages {
inline constexpr std::string_view kNotValid = "This invitation link is not valid.";
inline constexpr std::string_view kExpired = "This invitation link has expired.";
inline constexpr std::string_view kSubmitted = "This interview has been submitted.";
inline constexpr std::string_view kConsentRequired = "Consent is required first.";
}  // namespace invitation_messages

bool json_answer_in_time(const Attempt& a, std::int64_t now_ms);
bool media_started_in_time(const Attempt& a, std::int64_t upload_started_ms);
bool media_duration_fits(const Attempt& a, double duration_seconds);

}  // namespace domain

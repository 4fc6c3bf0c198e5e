#include "domain/invitation.hpp"

#include <cmath>

namespace domain {

InvitationStatus invitation_status(InvitationStatus stored, const std::string& expires_at,
                                   const std::string& now) {
  const bool open = stored == InvitationStatus::kSent || stored == InvitationStatus::kOpened;
  return open && now >= expires_at ? InvitationStatus::kExpired : stored;
}

std::optional<std::string> expiry_problem(std::chrono::sys_time<std::chrono::milliseconds> expires,
                                          std::chrono::sys_time<std::chrono::milliseconds> now) {
  if (expires <= now) return "Ensure this date is in the future.";
  if (expires > now + std::chrono::days(kMaxInvitationDays)) {
    return "Ensure this date is at most " + std::to_string(kMaxInvitationDays) + " days ahead.";
  }
  return std::nullopt;
}

std::int64_t stretch_seconds(std::int64_t seconds, double multiplier) {
  // The small margin keeps a product that binary floating point writes a hair above a
  // whole number (10 * 1.1 = 11.000000000000002) at that number.
  return static_cast<std::int64_t>(std::ceil(static_cast<double>(seconds) * multiplier - 1e-9));
}

Limits question_limits(const LimitSource& question, const LimitSource& step,
                       const Accommodations& accommodations) {
  auto stretched = [&](std::optional<std::int64_t> own, std::optional<std::int64_t> fallback) {
    auto s = own ? own : fallback;
    if (s) s = stretch_seconds(*s, accommodations.time_multiplier);
    return s;
  };
  Limits out;
  out.think_seconds = stretched(question.think_time_seconds, step.think_time_seconds);
  out.time_limit_seconds = stretched(question.time_limit_seconds, step.time_limit_seconds);
  out.retakes =
      question.max_retakes.value_or(step.max_retakes.value_or(0)) + accommodations.extra_retakes;
  return out;
}

std::optional<std::int64_t> Attempt::think_deadline_ms() const {
  if (!think_seconds) return std::nullopt;
  return started_ms + *think_seconds * 1000;
}

std::optional<std::int64_t> Attempt::answer_deadline_ms() const {
  if (!think_seconds || !time_limit_seconds) return std::nullopt;
  return started_ms + (*think_seconds + *time_limit_seconds) * 1000;
}

bool json_answer_in_time(const Attempt& a, std::int64_t now_ms) {
  const auto deadline = a.answer_deadline_ms();
  return !deadline || now_ms <= *deadline + kAnswerGraceMs;
}

bool media_started_in_time(const Attempt& a, std::int64_t upload_started_ms) {
  const auto deadline = a.think_deadline_ms();
  return !deadline || upload_started_ms <= *deadline;
}

bool media_duration_fits(const Attempt& a, double duration_seconds) {
  return !a.time_limit_seconds ||
         duration_seconds <= static_cast<double>(*a.time_limit_seconds) + kDurationSlackSeconds;
}

}  // namespace domain

// Every status enumeration: each word parses to the value whose word it is, and a
// word outside the list (a different case, a neighbour's word) parses to nothing.
#include <gtest/gtest.h>

#include "domain/answers.hpp"
#include "domain/models.hpp"
#include "domain/screening.hpp"
#include "domain/step_status.hpp"

namespace {

template <class E, std::size_t N, class Parse>
void expect_round_trip(const std::array<std::string_view, N>& words, Parse parse) {
  for (std::size_t i = 0; i < N; ++i) {
    const std::optional<E> value = parse(words[i]);
    ASSERT_TRUE(value.has_value()) << words[i];
    EXPECT_EQ(static_cast<std::size_t>(*value), i) << words[i];
    EXPECT_EQ(domain::to_string(*value), words[i]);
  }
  EXPECT_FALSE(parse("").has_value());
  EXPECT_FALSE(parse("unknown").has_value());
}

TEST(Statuses, WordsRoundTrip) {
  expect_round_trip<domain::StepStatus>(domain::kStepStatusNames, domain::parse_step_status);
  expect_round_trip<domain::JobStatus>(domain::kJobStatuses, domain::parse_job_status);
  expect_round_trip<domain::ApplicationStatus>(domain::kApplicationStatuses,
                                               domain::parse_application_status);
  expect_round_trip<domain::ScreeningStatus>(domain::kScreeningStatuses,
                                             domain::parse_screening_status);
  expect_round_trip<domain::MediaStatus>(domain::kMediaStatuses, domain::parse_media_status);
  expect_round_trip<domain::BackgroundJobStatus>(domain::kBackgroundJobStatuses,
                                                 domain::parse_background_job_status);
}

// The words are the contract's and the database's: exactly these, case included.
TEST(Statuses, WordsAreTheStoredOnes) {
  EXPECT_EQ(domain::to_string(domain::StepStatus::kInProgress), "In Progress");
  EXPECT_FALSE(domain::parse_step_status("in progress").has_value());
  EXPECT_EQ(domain::to_string(domain::JobStatus::kClosed), "closed");
  EXPECT_EQ(domain::to_string(domain::ApplicationStatus::kInProcess), "in_process");
  EXPECT_EQ(domain::to_string(domain::ScreeningStatus::kSubmitted), "submitted");
  EXPECT_EQ(domain::to_string(domain::MediaStatus::kReady), "ready");
  EXPECT_EQ(domain::to_string(domain::BackgroundJobStatus::kQueued), "queued");
  EXPECT_FALSE(domain::parse_media_status("Ready").has_value());
  EXPECT_FALSE(domain::parse_job_status("in_progress").has_value());
}

}  // namespace

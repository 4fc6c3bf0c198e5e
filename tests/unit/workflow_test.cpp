// The workflow rules: every action from every status, shortlisting, undoing it,
// setting a status, order moves.
#include "domain/workflow.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace {

using namespace domain::workflow;
using domain::ApplicationStatus;
using domain::ErrorCode;
using domain::StepStatus;

// Three services in module order 1, 2, 3 (service ids 10, 20, 30).
const std::vector<ModuleService> kModule = {{10, 1}, {20, 2}, {30, 3}};

std::vector<StepStatus> all_statuses() {
  std::vector<StepStatus> out;
  for (auto name : domain::kStepStatusNames) out.push_back(*domain::parse_step_status(name));
  return out;
}

TEST(Workflow, NamesRoundTrip) {
  for (auto name : domain::kStepStatusNames) {
    EXPECT_EQ(domain::to_string(*domain::parse_step_status(name)), name);
  }
  for (auto name : kActionNames) EXPECT_EQ(action_name(*parse_action(name)), name);
  EXPECT_FALSE(domain::parse_step_status("pending"));
  EXPECT_FALSE(parse_action("start"));
}

// One rule for every way into a status: In Progress stamps started_at, an outcome
// stamps completed_at, the rest stamp nothing.
TEST(Workflow, TimestampsFollowTheStatus) {
  using S = StepStatus;
  for (StepStatus s : all_statuses()) {
    const std::string name(domain::to_string(s));
    EXPECT_EQ(domain::sets_started_at(s), s == S::kInProgress) << name;
    EXPECT_EQ(domain::sets_completed_at(s),
              s == S::kCompleted || s == S::kShortlisted || s == S::kRejected || s == S::kSkipped)
        << name;
  }
  EXPECT_NE(transitions_markdown().find("| Skip | Pending | Skipped | completed_at | yes |"),
            std::string::npos);
  EXPECT_NE(transitions_markdown().find(
                "| Reopen | Completed, Skipped, Rejected | In Progress | started_at | no |"),
            std::string::npos);
}

TEST(Workflow, EveryActionFromEveryStatus) {
  for (const auto& t : transitions()) {
    for (StepStatus from : all_statuses()) {
      std::vector<Step> steps = {{20, 2, from, std::nullopt}};
      auto plan = plan_action(kModule, steps, 20, t.action, std::nullopt);
      const bool listed = std::find(t.from.begin(), t.from.end(), from) != t.from.end();
      const std::string where =
          std::string(action_name(t.action)) + " from " + std::string(domain::to_string(from));
      if (from == t.to) {
        ASSERT_TRUE(plan.ok()) << where;
        EXPECT_TRUE(plan->changes.empty()) << where << ": sent again, nothing changes";
      } else if (listed) {
        ASSERT_TRUE(plan.ok()) << where;
        ASSERT_FALSE(plan->changes.empty()) << where;
        EXPECT_EQ(plan->changes[0].service_id, 20);
        EXPECT_EQ(plan->changes[0].from, from);
        EXPECT_EQ(plan->changes[0].to, t.to);
        if (t.creates_next_step) {
          ASSERT_EQ(plan->changes.size(), 2u) << where;
          EXPECT_EQ(plan->changes[1].service_id, 30);
          EXPECT_FALSE(plan->changes[1].from.has_value());
          EXPECT_EQ(plan->changes[1].to, StepStatus::kPending);
          // Not a shortlisting's: unshortlisting leaves it.
          EXPECT_FALSE(plan->changes[1].created_by_shortlist_of.has_value());
        } else {
          EXPECT_EQ(plan->changes.size(), 1u) << where;
        }
      } else {
        ASSERT_FALSE(plan.ok()) << where;
        EXPECT_EQ(plan.error().code, ErrorCode::kConflict) << where;
      }
    }
  }
}

TEST(Workflow, TransitionTableMatchesTheContract) {
  using S = StepStatus;
  auto row = [](Action a) {
    for (const auto& t : transitions()) {
      if (t.action == a) return t;
    }
    throw std::logic_error("missing action");
  };
  EXPECT_EQ(row(Action::kStart).from, (std::vector<S>{S::kPending, S::kOnHold}));
  EXPECT_EQ(row(Action::kStart).to, S::kInProgress);
  EXPECT_EQ(row(Action::kComplete).from, (std::vector<S>{S::kInProgress}));
  EXPECT_EQ(row(Action::kComplete).to, S::kCompleted);
  EXPECT_EQ(row(Action::kSkip).from, (std::vector<S>{S::kPending}));
  EXPECT_EQ(row(Action::kSkip).to, S::kSkipped);
  EXPECT_EQ(row(Action::kHold).from, (std::vector<S>{S::kPending, S::kInProgress}));
  EXPECT_EQ(row(Action::kHold).to, S::kOnHold);
  EXPECT_EQ(row(Action::kReopen).from, (std::vector<S>{S::kCompleted, S::kSkipped, S::kRejected}));
  EXPECT_EQ(row(Action::kReopen).to, S::kInProgress);
}

TEST(Workflow, CompleteDoesNotDuplicateAnExistingNextStep) {
  std::vector<Step> steps = {{20, 2, StepStatus::kInProgress, std::nullopt},
                             {30, 3, StepStatus::kPending, std::nullopt}};
  auto plan = plan_action(kModule, steps, 20, Action::kComplete, std::nullopt);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->changes.size(), 1u);
}

TEST(Workflow, CompletingTheLastServiceCreatesNothing) {
  std::vector<Step> steps = {{30, 3, StepStatus::kInProgress, std::nullopt}};
  auto plan = plan_action(kModule, steps, 30, Action::kComplete, std::nullopt);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->changes.size(), 1u);
}

TEST(Workflow, ActionOnAMissingStepOrService) {
  auto plan = plan_action(kModule, {}, 20, Action::kStart, std::nullopt);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(plan.error().detail, "Step not found.");
  plan = plan_action(kModule, {}, 99, Action::kStart, std::nullopt);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().detail, "Service not found.");
}

TEST(Workflow, OrderMoves) {
  std::vector<Step> steps = {{10, 1, StepStatus::kShortlisted, std::nullopt},
                             {20, 2, StepStatus::kPending, std::nullopt}};
  auto plan = plan_action(kModule, steps, 20, Action::kStart, 5);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->new_order, 5);
  plan = plan_action(kModule, steps, 20, Action::kStart, 1);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code, ErrorCode::kInvalid);
  EXPECT_TRUE(plan.error().fields.count("order"));
  // Its own order is no move.
  plan = plan_action(kModule, steps, 20, Action::kStart, 2);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->new_order.has_value());
}

TEST(Workflow, ShortlistCreatesTheStepAndTheNext) {
  auto plan = plan_shortlist(kModule, {}, 10);
  ASSERT_TRUE(plan.ok());
  ASSERT_EQ(plan->changes.size(), 2u);
  EXPECT_EQ(plan->changes[0].service_id, 10);
  EXPECT_EQ(plan->changes[0].to, StepStatus::kShortlisted);
  EXPECT_FALSE(plan->changes[0].created_by_shortlist_of.has_value());
  EXPECT_EQ(plan->changes[1].service_id, 20);
  EXPECT_EQ(plan->changes[1].to, StepStatus::kPending);
  EXPECT_EQ(plan->changes[1].created_by_shortlist_of, 10);
  EXPECT_EQ(plan->response_service_id, 20);
  EXPECT_EQ(plan->application_status, ApplicationStatus::kShortlisted);
}

TEST(Workflow, ShortlistTwiceChangesNothingMore) {
  std::vector<Step> steps = {{10, 1, StepStatus::kShortlisted, std::nullopt},
                             {20, 2, StepStatus::kPending, std::nullopt}};
  auto plan = plan_shortlist(kModule, steps, 10);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->changes.empty());
  EXPECT_EQ(plan->response_service_id, 20);
}

TEST(Workflow, ShortlistingTheLastServiceNamesItsOwnStep) {
  auto plan = plan_shortlist(kModule, {}, 30);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->changes.size(), 1u);
  EXPECT_EQ(plan->response_service_id, 30);
}

TEST(Workflow, UnshortlistRemovesTheStepItsShortlistingCreated) {
  std::vector<Step> steps = {{10, 1, StepStatus::kShortlisted, std::nullopt},
                             {20, 2, StepStatus::kPending, 10}};
  auto plan = plan_unshortlist(kModule, steps, 10, StepStatus::kPending);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->removed, (std::vector<std::int64_t>{20}));
  ASSERT_EQ(plan->changes.size(), 1u);
  EXPECT_EQ(plan->changes[0].to, StepStatus::kPending);
  EXPECT_EQ(plan->application_status, ApplicationStatus::kApplied);

  plan = plan_unshortlist(kModule, steps, 10, StepStatus::kRejected);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->application_status, ApplicationStatus::kRejected);
}

// A recruiter's own Pending step (or one made by another shortlisting, or by a
// Complete) is not the shortlisting's to undo.
TEST(Workflow, UnshortlistKeepsPendingStepsMadeOtherwise) {
  std::vector<Step> steps = {{10, 1, StepStatus::kShortlisted, std::nullopt},
                             {20, 2, StepStatus::kPending, std::nullopt},
                             {30, 3, StepStatus::kPending, std::nullopt}};
  auto plan = plan_unshortlist(kModule, steps, 10, StepStatus::kPending);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->removed.empty());
  ASSERT_EQ(plan->changes.size(), 1u);
  EXPECT_EQ(plan->changes[0].service_id, 10);

  steps = {{10, 1, StepStatus::kShortlisted, std::nullopt},
           {20, 2, StepStatus::kPending, 10},
           {30, 3, StepStatus::kPending, 20}};
  plan = plan_unshortlist(kModule, steps, 10, StepStatus::kPending);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->removed, (std::vector<std::int64_t>{20}));
}

// The recruiter's own later step still refuses the request once it has started.
TEST(Workflow, UnshortlistRefusedOnceAnyLaterStepStarted) {
  std::vector<Step> steps = {{10, 1, StepStatus::kShortlisted, std::nullopt},
                             {20, 2, StepStatus::kPending, 10},
                             {30, 3, StepStatus::kInProgress, std::nullopt}};
  auto plan = plan_unshortlist(kModule, steps, 10, StepStatus::kPending);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code, ErrorCode::kConflict);
}

TEST(Workflow, UnshortlistRefusedOnceALaterStepStarted) {
  std::vector<Step> steps = {{10, 1, StepStatus::kShortlisted, std::nullopt},
                             {20, 2, StepStatus::kInProgress, std::nullopt}};
  auto plan = plan_unshortlist(kModule, steps, 10, StepStatus::kPending);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code, ErrorCode::kConflict);
}

TEST(Workflow, UnshortlistSentAgainIsHarmless) {
  std::vector<Step> steps = {{10, 1, StepStatus::kPending, std::nullopt}};
  auto plan = plan_unshortlist(kModule, steps, 10, StepStatus::kPending);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->changes.empty());
  // But a step in another state was never shortlisted.
  steps = {{10, 1, StepStatus::kInProgress, std::nullopt}};
  plan = plan_unshortlist(kModule, steps, 10, StepStatus::kPending);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code, ErrorCode::kConflict);
}

TEST(Workflow, SetStatus) {
  std::vector<Step> steps = {{20, 2, StepStatus::kPending, std::nullopt}};
  auto plan = plan_set_status(kModule, steps, 20, StepStatus::kRejected);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->application_status, ApplicationStatus::kRejected);
  ASSERT_EQ(plan->changes.size(), 1u);
  EXPECT_EQ(plan->changes[0].to, StepStatus::kRejected);
  plan = plan_set_status(kModule, steps, 20, StepStatus::kShortlisted);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->application_status, ApplicationStatus::kShortlisted);
  EXPECT_EQ(plan->changes.back().created_by_shortlist_of, 20);
  plan = plan_set_status(kModule, {}, 20, StepStatus::kOnHold);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code, ErrorCode::kNotFound);
}

}  // namespace

namespace {

TEST(Workflow, DocumentedTableMatchesTheCode) {
  std::ifstream in(std::string(INTERVIEWD_SOURCE_DIR) + "/docs/workflow.md");
  ASSERT_TRUE(in) << "docs/workflow.md is missing";
  std::stringstream doc;
  doc << in.rdbuf();
  EXPECT_NE(doc.str().find(transitions_markdown()), std::string::npos)
      << "docs/workflow.md must contain this table:\n"
      << transitions_markdown();
}

}  // namespace

// The workflow rules: every action from every status, shortlisting, undoing it,
// setting a status, order moves.
#include "domain/workflow.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace {

using namespace domain::workflow;
using domain::ErrorCode;

// Three services in module order 1, 2, 3 (service ids 10, 20, 30).
const std::vector<ModuleService> kModule = {{10, 1}, {20, 2}, {30, 3}};

std::vector<StepStatus> all_statuses() {
  std::vector<StepStatus> out;
  for (auto name : kStepStatusNames) out.push_back(*parse_status(name));
  return out;
}

TEST(Workflow, NamesRoundTrip) {
  for (auto name : kStepStatusNames) EXPECT_EQ(status_name(*parse_status(name)), name);
  for (auto name : kActionNames) EXPECT_EQ(action_name(*parse_action(name)), name);
  EXPECT_FALSE(parse_status("pending"));
  EXPECT_FALSE(parse_action("start"));
}

TEST(Workflow, EveryActionFromEveryStatus) {
  for (const auto& t : transitions()) {
    for (StepStatus from : all_statuses()) {
      std::vector<Step> steps = {{20, 2, from}};
      auto plan = plan_action(kModule, steps, 20, t.action, std::nullopt);
      const bool listed = std::find(t.from.begin(), t.from.end(), from) != t.from.end();
      const std::string where =
          std::string(action_name(t.action)) + " from " + std::string(status_name(from));
      if (from == t.to) {
        ASSERT_TRUE(plan.ok()) << where;
        EXPECT_TRUE(plan->changes.empty()) << where << ": sent again, nothing changes";
      } else if (listed) {
        ASSERT_TRUE(plan.ok()) << where;
        ASSERT_FALSE(plan->changes.empty()) << where;
        EXPECT_EQ(plan->changes[0].service_id, 20);
        EXPECT_EQ(plan->changes[0].from, from);
        EXPECT_EQ(plan->changes[0].to, t.to);
        EXPECT_EQ(plan->changes[0].set_started_at, t.sets_started_at);
        EXPECT_EQ(plan->changes[0].set_completed_at, t.sets_completed_at);
        if (t.creates_next_step) {
          ASSERT_EQ(plan->changes.size(), 2u) << where;
          EXPECT_EQ(plan->changes[1].service_id, 30);
          EXPECT_FALSE(plan->changes[1].from.has_value());
          EXPECT_EQ(plan->changes[1].to, StepStatus::kPending);
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
  std::vector<Step> steps = {{20, 2, StepStatus::kInProgress}, {30, 3, StepStatus::kPending}};
  auto plan = plan_action(kModule, steps, 20, Action::kComplete, std::nullopt);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->changes.size(), 1u);
}

TEST(Workflow, CompletingTheLastServiceCreatesNothing) {
  std::vector<Step> steps = {{30, 3, StepStatus::kInProgress}};
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
  std::vector<Step> steps = {{10, 1, StepStatus::kShortlisted}, {20, 2, StepStatus::kPending}};
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
  EXPECT_TRUE(plan->changes[0].set_completed_at);
  EXPECT_EQ(plan->changes[1].service_id, 20);
  EXPECT_EQ(plan->changes[1].to, StepStatus::kPending);
  EXPECT_EQ(plan->response_service_id, 20);
  EXPECT_EQ(plan->application_status, "shortlisted");
}

TEST(Workflow, ShortlistTwiceChangesNothingMore) {
  std::vector<Step> steps = {{10, 1, StepStatus::kShortlisted}, {20, 2, StepStatus::kPending}};
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

TEST(Workflow, UnshortlistRemovesPendingLaterSteps) {
  std::vector<Step> steps = {{10, 1, StepStatus::kShortlisted}, {20, 2, StepStatus::kPending}};
  auto plan = plan_unshortlist(kModule, steps, 10, StepStatus::kPending);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->removed, (std::vector<std::int64_t>{20}));
  ASSERT_EQ(plan->changes.size(), 1u);
  EXPECT_EQ(plan->changes[0].to, StepStatus::kPending);
  EXPECT_EQ(plan->application_status, "applied");

  plan = plan_unshortlist(kModule, steps, 10, StepStatus::kRejected);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->application_status, "rejected");
}

TEST(Workflow, UnshortlistRefusedOnceALaterStepStarted) {
  std::vector<Step> steps = {{10, 1, StepStatus::kShortlisted}, {20, 2, StepStatus::kInProgress}};
  auto plan = plan_unshortlist(kModule, steps, 10, StepStatus::kPending);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code, ErrorCode::kConflict);
}

TEST(Workflow, UnshortlistSentAgainIsHarmless) {
  std::vector<Step> steps = {{10, 1, StepStatus::kPending}};
  auto plan = plan_unshortlist(kModule, steps, 10, StepStatus::kPending);
  ASSERT_TRUE(plan.ok());
  EXPECT_TRUE(plan->changes.empty());
  // But a step in another state was never shortlisted.
  steps = {{10, 1, StepStatus::kInProgress}};
  plan = plan_unshortlist(kModule, steps, 10, StepStatus::kPending);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code, ErrorCode::kConflict);
}

TEST(Workflow, SetStatus) {
  std::vector<Step> steps = {{20, 2, StepStatus::kPending}};
  auto plan = plan_set_status(kModule, steps, 20, StepStatus::kRejected);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->application_status, "rejected");
  ASSERT_EQ(plan->changes.size(), 1u);
  EXPECT_EQ(plan->changes[0].to, StepStatus::kRejected);
  plan = plan_set_status(kModule, steps, 20, StepStatus::kShortlisted);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->application_status, "shortlisted");
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

// Migration 0008 links the steps that earlier shortlistings created to the step that
// was shortlisted, from the history they wrote together, so that unshortlisting a
// candidate shortlisted before the upgrade still removes them (and nothing else).
#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "db/migrator.hpp"
#include "db/sqlite_connection.hpp"
#include "util/embedded.hpp"

namespace {

// Applies the migrations whose version (the file name's first four characters) is
// between `first` and `last`, as the migrator would.
void migrate(db::Connection& c, std::string_view first, std::string_view last) {
  for (const auto& f : embedded::migrations()) {
    const std::string_view version = f.name.substr(0, 4);
    if (version >= first && version <= last) {
      c.exec_script(db::render_migration(f.content, c.dialect()));
    }
  }
}

// A step and the history row that created it (or moved it to `to`).
void step(db::Connection& c, std::int64_t id, std::int64_t candidate, std::int64_t service,
          const std::string& status, const std::optional<std::string>& history_from,
          const std::string& at) {
  c.execute(
      "INSERT INTO interview_steps (id, org_id, module_id, job_id, candidate_id, service_id, "
      "position, status, created_at, updated_at) VALUES (?, 1, 1, 1, ?, ?, ?, ?, ?, ?)",
      {id, candidate, service, service / 10, status, at, at});
  c.execute(
      "INSERT INTO step_history (org_id, step_id, from_status, to_status, changed_by, "
      "changed_at) VALUES (1, ?, ?, ?, 7, ?)",
      {id, history_from ? db::Value{*history_from} : db::Value{nullptr}, status, at});
}

std::optional<std::int64_t> shortlisting_step(db::Connection& c, std::int64_t id) {
  return c.query("SELECT shortlisting_step_id FROM interview_steps WHERE id = ?", {id})[0]
      .opt_int64(0);
}

TEST(ShortlistingMigration, LinksTheStepsThatShortlistingsCreated) {
  db::SqliteConnection c(":memory:");
  // Only the steps and their history matter here, not the rows they refer to.
  c.exec_script("PRAGMA foreign_keys = OFF");
  migrate(c, "0001", "0007");
  const std::string t0 = "2026-01-01T10:00:00Z", t1 = "2026-01-01T11:00:00Z";
  // Candidate 1: shortlisted at t1, which created service 20's step; service 30's step
  // is the recruiter's own, from t0.
  step(c, 1, 1, 10, "Shortlisted", std::nullopt, t1);
  step(c, 2, 1, 20, "Pending", std::nullopt, t1);
  step(c, 3, 1, 30, "Pending", std::nullopt, t0);
  // Candidate 2: a Complete at t1 created the next step, no shortlisting did.
  step(c, 4, 2, 10, "Completed", "In Progress", t1);
  step(c, 5, 2, 20, "Pending", std::nullopt, t1);
  // Candidate 3: a step made at t1 with no shortlisted step of that candidate.
  step(c, 6, 3, 20, "Pending", std::nullopt, t1);
  migrate(c, "0008", "0008");

  EXPECT_EQ(shortlisting_step(c, 2), 1);
  EXPECT_EQ(shortlisting_step(c, 1), std::nullopt);
  EXPECT_EQ(shortlisting_step(c, 3), std::nullopt);
  EXPECT_EQ(shortlisting_step(c, 5), std::nullopt);
  EXPECT_EQ(shortlisting_step(c, 6), std::nullopt);
}

}  // namespace

// The benchmark seeder (bench/seed/, `bench_seed`): the dataset it writes is served
// by the API, with the tokens and ids of its JSON document; it refuses a database
// that has data and a scale out of range. `interviewd` itself has no such command.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "fixtures.hpp"

#ifndef BENCH_SEED_BIN
#error "BENCH_SEED_BIN must name the bench_seed binary"
#endif

namespace {

using simdjson::dom::element;

// Runs `bench_seed ARGS...` to the end; its exit code and stdout + stderr.
e2e::CommandResult run_seeder(const std::vector<std::string>& args) {
  std::string command = BENCH_SEED_BIN;
  for (const auto& a : args) {
    std::string quoted = "'";
    for (char c : a) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    command += " " + quoted + "'";
  }
  e2e::CommandResult result;
  FILE* out = ::popen((command + " 2>&1").c_str(), "r");
  if (!out) return result;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, out)) result.output.append(buf, n);
  const int status = ::pclose(out);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

e2e::Client as(const e2e::Server& server, std::string_view token) {
  e2e::Client c;
  c.server = &server;
  c.token = std::string(token);
  return c;
}

std::string number(element e) {
  return std::to_string(std::int64_t(e));
}

// {"candidate_id":..,"job_id":..,"module_id":..,"service":{"name":..}} of a
// [candidate, job, module, service] entry.
std::string target(element entry) {
  return "\"candidate_id\":" + number(entry.at(0)) + ",\"job_id\":" + number(entry.at(1)) +
         ",\"module_id\":" + number(entry.at(2)) +
         ",\"service\":{\"name\":" + e2e::quote(std::string(std::string_view(entry.at(3)))) + "}";
}

TEST(BenchSeed, WritesADatasetThatTheApiServes) {
  e2e::Server server;
  const std::string out = server.dir() + "/seed.json";
  auto seeded = run_seeder(
      {"--scale", "1", "--orgs", "2", "--database", server.database_url(), "--out", out});
  ASSERT_EQ(seeded.exit_code, 0) << seeded.output;
  EXPECT_NE(seeded.output.find("bench-seed: feedback"), std::string::npos) << seeded.output;

  simdjson::dom::parser parser;
  const element doc = parser.load(out);
  EXPECT_EQ(std::int64_t(doc["scale"]), 1);
  EXPECT_EQ(std::string_view(doc["dialect"]), e2e::on_postgres() ? "postgresql" : "sqlite");
  const simdjson::dom::array orgs = doc["organizations"];
  ASSERT_EQ(orgs.size(), 2u);

  for (element org : orgs) {
    const auto admin = as(server, org["tokens"]["admin"]);
    const auto recruiter = as(server, org["tokens"]["recruiter"]);
    const auto interviewer = as(server, org["tokens"]["interviewer"]);
    EXPECT_EQ(std::string_view(admin.get("/api/v1/auth/me/").json()["user"]["role"]), "admin");
    EXPECT_EQ(std::string_view(recruiter.get("/api/v1/auth/me/").json()["user"]["role"]),
              "recruiter");
    EXPECT_EQ(std::string_view(interviewer.get("/api/v1/auth/me/").json()["user"]["role"]),
              "interviewer");

    EXPECT_EQ(org["jobs"].get_array().size(), 50u);
    EXPECT_EQ(org["question_sets"].get_array().size(), 10u);
    EXPECT_EQ(org["modules"].get_array().size(), 20u);
    EXPECT_EQ(org["open_screenings"].get_array().size(), 6000u);
    EXPECT_EQ(org["step_candidates"].get_array().size(), 500u);
    EXPECT_EQ(org["feedback_targets"].get_array().size(), 500u);
    EXPECT_EQ(org["answer_candidates"].get_array().size(), 500u);

    auto modules = admin.get("/api/v1/interview/list/");
    ASSERT_EQ(modules.status, 200) << modules.body;
    EXPECT_EQ(modules.json().get_array().size(), 20u);
    const element first_module = org["modules"].at(0);
    const auto first_services = first_module["services"].get_array();
    EXPECT_EQ(std::string_view(first_services.at(0)), "Resume Screening");

    // 2,000 candidates over 50 jobs.
    auto applied = admin.get("/api/v1/jobs/" + number(org["jobs"].at(0)) + "/candidates/");
    ASSERT_EQ(applied.status, 200) << applied.body;
    EXPECT_EQ(applied.header("x-total-count"), "40");

    // A shortlisted candidate: the resume screening and the next service's step.
    const element update = org["update_step"].at(0);
    auto steps =
        admin.get("/api/v1/interview/interview-steps/?candidate_id=" + number(update.at(0)));
    ASSERT_EQ(steps.status, 200) << steps.body;
    ASSERT_EQ(steps.json().get_array().size(), 2u) << steps.body;
    EXPECT_EQ(std::string_view(steps.json().at(0)["status"]), "Shortlisted");
    EXPECT_EQ(std::string_view(steps.json().at(1)["status"]), "Pending");
    EXPECT_EQ(std::string_view(steps.json().at(1)["service"]["name"]),
              std::string_view(update.at(3)));
    auto history = admin.get("/api/v1/interview/interview-steps/" +
                             number(steps.json().at(0)["id"]) + "/history/");
    ASSERT_EQ(history.status, 200) << history.body;
    EXPECT_EQ(history.json().get_array().size(), 2u) << history.body;

    const element reviewed = org["feedback_targets"].at(7);
    auto feedback = admin.get("/api/v1/interview/feedbacks/" + number(reviewed.at(0)) + "/" +
                              number(reviewed.at(1)) + "/");
    ASSERT_EQ(feedback.status, 200) << feedback.body;
    EXPECT_EQ(feedback.json().get_array().size(), 5u);

    auto answers = admin.get("/api/v1/interview/candidate/" +
                             number(org["answer_candidates"].at(3)) + "/answers/");
    ASSERT_EQ(answers.status, 200) << answers.body;
    EXPECT_FALSE(answers.json().get_array().size() == 0) << answers.body;

    const element open = org["open_screenings"].at(11);
    ASSERT_EQ(open.at(1).get_array().size(), 6u);
    auto answered = recruiter.post("/api/v1/interview/answers/",
                                   "{\"screening_id\":" + number(open.at(0)) + ",\"question\":" +
                                       number(open.at(1).at(2)) + ",\"text\":\"x\"}");
    EXPECT_EQ(answered.status, 201) << answered.body;

    auto shortlisted = recruiter.post("/api/v1/interview/shortlist-candidate/",
                                      "{" + target(org["shortlist"].at(5)) + "}");
    EXPECT_EQ(shortlisted.status, 200) << shortlisted.body;

    auto started =
        recruiter.post("/api/v1/interview/update-step/",
                       "{" + target(org["update_step"].at(9)) + ",\"action\":\"Start\"}");
    EXPECT_EQ(started.status, 200) << started.body;
  }

  auto again = run_seeder(
      {"--scale", "1", "--database", server.database_url(), "--out", server.dir() + "/again.json"});
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_NE(again.output.find("already has an organization"), std::string::npos) << again.output;
  EXPECT_FALSE(std::filesystem::exists(server.dir() + "/again.json"));
}

TEST(BenchSeed, RefusesAScaleOutOfRange) {
  char tmpl[] = "/tmp/interviewd-e2e-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const std::string dir = tmpl;
  for (const char* scale : {"0", "1001", "-1", "x"}) {
    auto r = run_seeder({"--scale", scale, "--database", "sqlite://" + dir + "/db.sqlite3", "--out",
                         dir + "/seed.json"});
    EXPECT_NE(r.exit_code, 0) << scale << ": " << r.output;
    EXPECT_NE(r.output.find("--scale"), std::string::npos) << scale << ": " << r.output;
  }
  EXPECT_FALSE(std::filesystem::exists(dir + "/seed.json"));
  EXPECT_FALSE(std::filesystem::exists(dir + "/db.sqlite3"));
  std::filesystem::remove_all(dir);
}

// The seeder is a benchmark's tool, not a command of the product.
TEST(BenchSeed, IsNoCommandOfTheService) {
  auto help = e2e::run_interviewd({"--help"});
  EXPECT_EQ(help.exit_code, 0) << help.output;
  for (const char* command : {"serve", "migrate", "create-org", "demo", "worker"}) {
    EXPECT_NE(help.output.find(command), std::string::npos) << command << "\n" << help.output;
  }
  EXPECT_EQ(help.output.find("bench"), std::string::npos) << help.output;
  EXPECT_NE(e2e::run_interviewd({"bench-seed", "--out", "/dev/null"}).exit_code, 0);
}

}  // namespace

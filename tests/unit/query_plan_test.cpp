// Every read of the repositories, as SQLite plans it on a migrated database without
// statistics (what a database filled through the API has until something analyzes it):
// no table is read whole, and a read narrowed to less than an organization (a
// candidate, a job, a screening, ...) reaches its rows through that narrower id, never
// by walking the organization's rows. The reads go through the repositories' own
// functions, with every combination of their optional filters (each combination is a
// statement text of its own), and every SELECT they run is checked, subqueries included.
// QUERY_PLAN_PRINT=1 prints every statement with its plan.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "db/migrator.hpp"
#include "db/sqlite_connection.hpp"
#include "repos/answers_repo.hpp"
#include "repos/background_jobs_repo.hpp"
#include "repos/candidates_repo.hpp"
#include "repos/feedback_repo.hpp"
#include "repos/jobs_repo.hpp"
#include "repos/login_failures_repo.hpp"
#include "repos/modules_repo.hpp"
#include "repos/organizations_repo.hpp"
#include "repos/question_sets_repo.hpp"
#include "repos/questions_repo.hpp"
#include "repos/screenings_repo.hpp"
#include "repos/services_repo.hpp"
#include "repos/steps_repo.hpp"
#include "repos/uploads_repo.hpp"
#include "repos/users_repo.hpp"
#include "repos/webhook_endpoints_repo.hpp"
#include "repos/webhook_outbox_repo.hpp"
#include "repos/workflow_repo.hpp"

namespace {

struct TempDb {
  TempDb() {
    std::string t = "/tmp/query-plan-test-XXXXXX";
    dir = ::mkdtemp(t.data());
    path = dir + "/db.sqlite3";
  }
  ~TempDb() { std::filesystem::remove_all(dir); }
  std::string dir, path;
};

// Forwards every call to the real connection and keeps each statement it was given,
// with its parameters and the name of the repository function that ran it.
class RecordingConnection final : public db::Connection {
 public:
  struct Recorded {
    std::string sql;
    db::Params params;
    std::string caller;
  };

  explicit RecordingConnection(db::Connection& inner) : inner_(inner) {}

  void exec_script(std::string_view sql) override {
    record(sql, {});
    inner_.exec_script(sql);
  }
  db::Rows query(std::string_view sql, const db::Params& params) override {
    record(sql, params);
    return inner_.query(sql, params);
  }
  std::int64_t execute(std::string_view sql, const db::Params& params) override {
    record(sql, params);
    return inner_.execute(sql, params);
  }
  void begin(bool write) override { inner_.begin(write); }
  void commit() override { inner_.commit(); }
  void rollback() override { inner_.rollback(); }
  bool ping() override { return inner_.ping(); }
  void checkout() override { inner_.checkout(); }
  void optimize() override { inner_.optimize(); }
  db::Dialect dialect() const override { return inner_.dialect(); }

  // Runs `read` with this connection, its statements recorded under `caller`.
  void read(const std::string& caller, const std::function<void(db::Connection&)>& read) {
    caller_ = caller;
    const std::size_t before = statements_.size();
    read(*this);
    if (statements_.size() == before) ADD_FAILURE() << caller << " ran no statement";
  }
  const std::vector<Recorded>& statements() const { return statements_; }

 private:
  void record(std::string_view sql, const db::Params& params) {
    statements_.push_back({std::string(sql), params, caller_});
  }

  db::Connection& inner_;
  std::string caller_;
  std::vector<Recorded> statements_;
};

bool is_select(const std::string& sql) {
  std::size_t i = sql.find_first_not_of(" \t\n(");
  if (i == std::string::npos) return false;
  std::string head = sql.substr(i, 6);
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  return head == "SELECT" || head.rfind("WITH", 0) == 0;
}

// A column that names rows narrower than an organization: an id, or a reference
// to another entity (candidate_id, job_id, ...).
bool is_narrow_column(std::string column) {
  if (auto dot = column.rfind('.'); dot != std::string::npos) column = column.substr(dot + 1);
  std::transform(column.begin(), column.end(), column.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  if (column == "id" || column == "rowid") return true;
  return column != "org_id" && column.size() > 3 && column.ends_with("_id");
}

// Whether the statement selects by such a column given as a parameter (`x_id = ?`,
// `id IN (?, ...)`); joins between tables do not count.
bool is_narrow(const std::string& sql) {
  static const std::regex kFilter(R"(([A-Za-z_][A-Za-z_0-9.]*)\s*(=\s*\?|IN\s*\(\s*\?))",
                                  std::regex::icase);
  for (auto it = std::sregex_iterator(sql.begin(), sql.end(), kFilter);
       it != std::sregex_iterator(); ++it) {
    if (is_narrow_column((*it)[1].str())) return true;
  }
  return false;
}

// The columns of a plan line's constraint: "(org_id=? AND candidate_id=?)" gives both.
std::vector<std::string> constraint_columns(const std::string& detail) {
  std::vector<std::string> out;
  auto open = detail.rfind('(');
  auto close = detail.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return out;
  static const std::regex kTerm(R"(([A-Za-z_][A-Za-z_0-9]*)\s*(=|>|<|>=|<=))");
  const std::string inside = detail.substr(open + 1, close - open - 1);
  for (auto it = std::sregex_iterator(inside.begin(), inside.end(), kTerm);
       it != std::sregex_iterator(); ++it) {
    out.push_back((*it)[1].str());
  }
  return out;
}

struct PlanLine {
  std::int64_t id = 0;
  std::int64_t parent = 0;
  std::string detail;
};

std::string render(const std::vector<PlanLine>& plan) {
  std::map<std::int64_t, int> depth;
  std::ostringstream out;
  for (const auto& line : plan) {
    const int d = line.parent == 0 ? 0 : depth[line.parent] + 1;
    depth[line.id] = d;
    out << "      " << std::string(static_cast<std::size_t>(2 * d), ' ') << line.detail << "\n";
  }
  return out.str();
}

// What is wrong with the plan, or an empty string.
std::string judge(const std::string& sql, const std::vector<PlanLine>& plan) {
  const bool narrow = is_narrow(sql);
  std::set<std::string> subqueries;  // FROM-subqueries: scanning their result is fine
  for (const auto& line : plan) {
    const std::string& d = line.detail;
    for (const char* prefix : {"CO-ROUTINE ", "MATERIALIZE "}) {
      if (d.rfind(prefix, 0) == 0) subqueries.insert(d.substr(std::string(prefix).size()));
    }
    if (d.find("AUTOMATIC") != std::string::npos) {
      return "builds an automatic index, which reads the whole table: " + d;
    }
    if (d.rfind("SCAN ", 0) == 0) {
      const std::string name = d.substr(5, d.find(' ', 5) - 5);
      if (name == "CONSTANT" || name.starts_with("(") || subqueries.count(name)) continue;
      return "reads a whole table or index: " + d;
    }
    if (narrow && d.rfind("SEARCH ", 0) == 0) {
      const auto columns = constraint_columns(d);
      if (std::none_of(columns.begin(), columns.end(), is_narrow_column)) {
        return "filters by an id but reaches a table by organization only: " + d;
      }
    }
  }
  return "";
}

// One row of each kind, so that every read finds something to join and no function
// returns before its nested reads.
struct Seeded {
  std::int64_t org = 0, user = 0, job = 0, candidate = 0, question_set = 0, question = 0,
               module = 0, service = 0, step = 0, screening = 0, answer = 0, feedback = 0,
               webhook = 0, delivery = 0;
  std::string token_hash = "token-hash", upload_key = "1/uploads/key", email = "a@example.com";
};

Seeded seed(db::Connection& c) {
  const std::string now = "2026-01-01T00:00:00Z";
  Seeded s;
  s.org = repos::organizations::insert(c, "Acme", now).id;
  s.user = repos::users::insert(c, {s.org, s.email, "Ann", domain::Role::kAdmin, "hash"}, now)->id;
  repos::users::insert_token(c, *repos::users::find(c, s.org, s.user), s.token_hash, now,
                             "2030-01-01T00:00:00Z");
  s.job = repos::jobs::insert(c, {s.org, "Engineer", "", domain::JobStatus::kOpen, s.user}, now).id;
  s.candidate = repos::candidates::insert(c, {s.org, "Bob", "bob@example.com", "", ""}, now)->id;
  repos::candidates::apply(c, s.org, s.job, s.candidate, now);
  s.question_set =
      repos::question_sets::insert(c, s.org, {"Basics", "", std::nullopt}, s.user, now).id;
  repos::questions::Fields q;
  q.question_set_id = s.question_set;
  q.text = "Why?";
  q.type = "text";
  q.order = 1;
  s.question = repos::questions::insert(c, s.org, q, now).id;
  s.service = repos::services::find_by_name(c, s.org, "Video Interview")->id;
  s.module = repos::modules::insert(c, s.org, {"Flow", "", s.job, true}, s.user, now);
  repos::modules::replace_services(c, s.module, {{s.service, 1, "{}", s.question_set}});
  repos::steps::NewStep st;
  st.org_id = s.org;
  st.module_id = s.module;
  st.job_id = s.job;
  st.candidate_id = s.candidate;
  st.service_id = s.service;
  st.order = 1;
  s.step = *repos::steps::insert(c, st, s.user, now);
  repos::steps::add_history(c, s.org, s.step, std::nullopt, domain::StepStatus::kPending, s.user,
                            now);
  domain::Feedback f;
  f.org_id = s.org;
  f.job_id = s.job;
  f.candidate_id = s.candidate;
  f.step_id = s.step;
  f.author_id = s.user;
  f.rating = 4;
  f.recommendation = "yes";
  s.feedback = *repos::feedback::insert(c, f, now);
  s.screening = repos::screenings::insert(
                    c, {s.org, s.candidate, s.job, s.module, s.service, s.question_set}, now)
                    ->id;
  repos::answers::NewAnswer a;
  a.org_id = s.org;
  a.screening_id = s.screening;
  a.question_id = s.question;
  a.video_key = "1/answers/abc/clip.mp4";
  s.answer = *repos::answers::insert(c, a, now);
  repos::uploads::insert(c, {s.org, s.upload_key, "video/mp4", std::nullopt, now}, now);
  repos::uploads::take(c, repos::uploads::find(c, s.org, s.upload_key)->id, s.answer, now);
  repos::background_jobs::enqueue(c, s.org, "process_media", s.answer, 3, now);
  s.webhook = repos::webhook_endpoints::insert(
      c, {s.org, "https://example.com/hooks", {"*"}, "", true, "whsec_x", s.user}, now);
  const auto event =
      repos::webhook_outbox::add_event(c, s.org, "ping", "msg_1", R"({"type":"ping"})", now);
  s.delivery = repos::webhook_outbox::add_delivery(c, s.org, s.webhook, event, now);
  repos::webhook_outbox::wake(c, s.org, s.webhook, now);
  return s;
}

// Each optional filter set or not: 2^n combinations, as bits of `mask`.
template <class T>
std::optional<T> when(unsigned mask, unsigned bit, T value) {
  return (mask & (1u << bit)) ? std::optional<T>(std::move(value)) : std::nullopt;
}
std::string label(const std::string& name, unsigned mask,
                  std::initializer_list<const char*> filters) {
  std::string out = name + "(";
  unsigned bit = 0;
  bool first = true;
  for (const char* f : filters) {
    if (mask & (1u << bit)) {
      out += (first ? "" : ", ") + std::string(f);
      first = false;
    }
    ++bit;
  }
  return out + ")";
}

// Calls every read of every repository with `c`.
void read_everything(RecordingConnection& rec, const Seeded& s) {
  const domain::PageRequest page{20, 0};
  namespace r = repos;

  // answers
  rec.read("answers::find", [&](db::Connection& c) { r::answers::find(c, s.org, s.answer); });
  rec.read("answers::exists",
           [&](db::Connection& c) { r::answers::exists(c, s.screening, s.question); });
  for (unsigned m = 0; m < 4; ++m) {
    rec.read(label("answers::of_candidate", m, {"job", "service"}), [&](db::Connection& c) {
      r::answers::of_candidate(c, s.org, {s.candidate, when(m, 0, s.job), when(m, 1, s.service)},
                               page);
    });
  }
  for (unsigned m = 0; m < 2; ++m) {
    rec.read(label("answers::list", m, {"screening"}),
             [&](db::Connection& c) { r::answers::list(c, s.org, when(m, 0, s.screening), page); });
  }
  rec.read("answers::media_keys_of_candidate",
           [&](db::Connection& c) { r::answers::media_keys_of_candidate(c, s.org, s.candidate); });

  // background_jobs (the reads behind /metrics)
  rec.read("background_jobs::depth", [&](db::Connection& c) { r::background_jobs::depth(c); });
  rec.read("background_jobs::outcomes",
           [&](db::Connection& c) { r::background_jobs::outcomes(c); });

  // candidates
  rec.read("candidates::find",
           [&](db::Connection& c) { r::candidates::find(c, s.org, s.candidate); });
  for (unsigned m = 0; m < 4; ++m) {
    rec.read(label("candidates::list", m, {"job", "search"}), [&](db::Connection& c) {
      r::candidates::list(c, s.org, {when(m, 0, s.job), when(m, 1, std::string("bo"))}, page);
    });
  }
  rec.read("candidates::find_in_job",
           [&](db::Connection& c) { r::candidates::find_in_job(c, s.org, s.job, s.candidate); });
  rec.read("candidates::list_of_job",
           [&](db::Connection& c) { r::candidates::list_of_job(c, s.org, s.job, page); });

  // feedback
  rec.read("feedback::find", [&](db::Connection& c) { r::feedback::find(c, s.org, s.feedback); });
  for (unsigned m = 0; m < 2; ++m) {
    rec.read(label("feedback::of_candidate", m, {"author"}), [&](db::Connection& c) {
      r::feedback::of_candidate(c, s.org, s.job, s.candidate, when(m, 0, s.user), page);
    });
  }
  rec.read("feedback::has_written", [&](db::Connection& c) {
    r::feedback::has_written(c, s.org, s.job, s.candidate, s.user);
  });

  // jobs
  rec.read("jobs::find", [&](db::Connection& c) { r::jobs::find(c, s.org, s.job); });
  for (unsigned m = 0; m < 4; ++m) {
    rec.read(label("jobs::list", m, {"status", "title"}), [&](db::Connection& c) {
      r::jobs::list(c, s.org,
                    {when(m, 0, domain::JobStatus::kOpen), when(m, 1, std::string("eng"))}, page);
    });
  }

  // login_failures
  rec.read("login_failures::find",
           [&](db::Connection& c) { r::login_failures::find(c, "email-hash"); });

  // modules
  rec.read("modules::find", [&](db::Connection& c) { r::modules::find(c, s.org, s.module); });
  for (unsigned m = 0; m < 2; ++m) {
    rec.read(label("modules::list", m, {"job"}),
             [&](db::Connection& c) { r::modules::list(c, s.org, {when(m, 0, s.job)}, page); });
  }
  rec.read("modules::question_set_of",
           [&](db::Connection& c) { r::modules::question_set_of(c, s.module, s.service); });

  // organizations
  rec.read("organizations::find", [&](db::Connection& c) { r::organizations::find(c, s.org); });
  rec.read("organizations::any", [&](db::Connection& c) { r::organizations::any(c); });

  // question_sets
  rec.read("question_sets::find",
           [&](db::Connection& c) { r::question_sets::find(c, s.org, s.question_set); });
  rec.read("question_sets::exists",
           [&](db::Connection& c) { r::question_sets::exists(c, s.org, s.question_set); });
  rec.read("question_sets::list",
           [&](db::Connection& c) { r::question_sets::list(c, s.org, page); });
  rec.read("question_sets::used_by_modules",
           [&](db::Connection& c) { r::question_sets::used_by_modules(c, s.org, s.question_set); });
  rec.read("question_sets::has_answers",
           [&](db::Connection& c) { r::question_sets::has_answers(c, s.org, s.question_set); });
  rec.read("question_sets::used_by_screenings", [&](db::Connection& c) {
    r::question_sets::used_by_screenings(c, s.org, s.question_set);
  });

  // questions
  rec.read("questions::find", [&](db::Connection& c) { r::questions::find(c, s.org, s.question); });
  for (unsigned m = 0; m < 4; ++m) {
    rec.read(label("questions::list", m, {"question_set", "ids"}), [&](db::Connection& c) {
      r::questions::list(
          c, s.org,
          {when(m, 0, s.question_set), when(m, 1, std::vector<std::int64_t>{s.question, 999})},
          page);
    });
  }
  rec.read("questions::has_answers",
           [&](db::Connection& c) { r::questions::has_answers(c, s.org, s.question); });

  // screenings
  rec.read("screenings::find",
           [&](db::Connection& c) { r::screenings::find(c, s.org, s.screening); });
  for (unsigned m = 0; m < 8; ++m) {
    rec.read(label("screenings::list", m, {"candidate", "job", "status"}), [&](db::Connection& c) {
      r::screenings::list(c, s.org,
                          {when(m, 0, s.candidate), when(m, 1, s.job),
                           when(m, 2, domain::ScreeningStatus::kInProgress)},
                          page);
    });
  }
  rec.read("screenings::has_answers",
           [&](db::Connection& c) { r::screenings::has_answers(c, s.org, s.screening); });
  rec.read("screenings::media_keys",
           [&](db::Connection& c) { r::screenings::media_keys(c, s.org, s.screening); });

  // services
  rec.read("services::find", [&](db::Connection& c) { r::services::find(c, s.org, s.service); });
  rec.read("services::find_by_name",
           [&](db::Connection& c) { r::services::find_by_name(c, s.org, "Video Interview"); });
  rec.read("services::builtin_name_taken",
           [&](db::Connection& c) { r::services::builtin_name_taken(c, "Video Interview"); });
  rec.read("services::list", [&](db::Connection& c) { r::services::list(c, s.org, page); });

  // steps
  rec.read("steps::lock_application",
           [&](db::Connection& c) { r::steps::lock_application(c, s.org, s.job, s.candidate); });
  rec.read("steps::find", [&](db::Connection& c) { r::steps::find(c, s.org, s.step); });
  rec.read("workflow::load by id", [&](db::Connection& c) {
    r::workflow::load(c, {s.org, s.candidate, s.job, s.module, s.service, std::nullopt});
  });
  rec.read("workflow::load by name", [&](db::Connection& c) {
    r::workflow::load(c, {s.org, s.candidate, s.job, s.module, std::nullopt, "Video Interview"});
  });
  rec.read("steps::of_candidate",
           [&](db::Connection& c) { r::steps::of_candidate(c, s.module, s.job, s.candidate); });
  for (unsigned m = 0; m < 16; ++m) {
    rec.read(label("steps::list", m, {"candidate", "job", "module", "status"}),
             [&](db::Connection& c) {
               r::steps::list(c, s.org,
                              {when(m, 0, s.candidate), when(m, 1, s.job), when(m, 2, s.module),
                               when(m, 3, domain::StepStatus::kPending)},
                              page);
             });
  }
  rec.read("steps::order_taken", [&](db::Connection& c) {
    auto step = r::steps::find(c, s.org, s.step);
    r::steps::order_taken(c, *step, 2);
  });
  rec.read("steps::job_has_steps",
           [&](db::Connection& c) { r::steps::job_has_steps(c, s.org, s.job); });
  rec.read("steps::history", [&](db::Connection& c) { r::steps::history(c, s.org, s.step, page); });

  // uploads
  rec.read("uploads::find", [&](db::Connection& c) { r::uploads::find(c, s.org, s.upload_key); });
  rec.read("uploads::find_by_key",
           [&](db::Connection& c) { r::uploads::find_by_key(c, s.upload_key); });
  rec.read("uploads::key_of_answer",
           [&](db::Connection& c) { r::uploads::key_of_answer(c, s.answer); });

  // webhooks
  rec.read("webhook_endpoints::find",
           [&](db::Connection& c) { r::webhook_endpoints::find(c, s.org, s.webhook); });
  rec.read("webhook_endpoints::list",
           [&](db::Connection& c) { r::webhook_endpoints::list(c, s.org, page); });
  rec.read("webhook_endpoints::active",
           [&](db::Connection& c) { r::webhook_endpoints::active(c, s.org); });
  rec.read("webhook_endpoints::target", [&](db::Connection& c) {
    r::webhook_endpoints::target(c, s.webhook, "2026-01-02T00:00:00Z");
  });
  rec.read("webhook_outbox::find_delivery",
           [&](db::Connection& c) { r::webhook_outbox::find_delivery(c, s.webhook, s.delivery); });
  rec.read("webhook_outbox::deliveries",
           [&](db::Connection& c) { r::webhook_outbox::deliveries(c, s.webhook, page); });
  rec.read("webhook_outbox::event_of",
           [&](db::Connection& c) { r::webhook_outbox::event_of(c, s.delivery); });
  rec.read("webhook_outbox::head",
           [&](db::Connection& c) { r::webhook_outbox::head(c, s.webhook); });

  // users
  rec.read("users::find", [&](db::Connection& c) { r::users::find(c, s.org, s.user); });
  rec.read("users::find_credentials",
           [&](db::Connection& c) { r::users::find_credentials(c, s.email); });
  rec.read("users::list", [&](db::Connection& c) { r::users::list(c, s.org, page); });
  rec.read("users::email_taken",
           [&](db::Connection& c) { r::users::email_taken(c, s.email, s.user); });
  rec.read("users::find_token_owner", [&](db::Connection& c) {
    r::users::find_token_owner(c, s.token_hash, "2026-01-02T00:00:00Z");
  });
}

TEST(QueryPlan, NoReadScansATableOrWalksAnOrganizationWithoutStatistics) {
  TempDb db;
  Seeded seeded;
  {
    db::SqliteConnection setup(db.path);
    db::migrate(setup);
    seeded = seed(setup);
  }
  {
    // The migrator analyzes (and a closing connection may): start again from none.
    db::SqliteConnection wipe(db.path);
    if (db::scalar_int(wipe, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'")
            .value_or(0) > 0) {
      wipe.exec_script("DELETE FROM sqlite_stat1");
    }
  }
  // A connection opened now loads the schema with no statistics at all.
  db::SqliteConnection conn(db.path);
  if (db::scalar_int(conn, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'")
          .value_or(0) > 0) {
    ASSERT_EQ(db::scalar_int(conn, "SELECT COUNT(*) FROM sqlite_stat1").value_or(-1), 0);
  }

  RecordingConnection rec(conn);
  read_everything(rec, seeded);

  std::set<std::string> checked;
  for (const auto& st : rec.statements()) {
    ASSERT_TRUE(is_select(st.sql)) << st.caller << " wrote while reading: " << st.sql;
    if (!checked.insert(st.sql).second) continue;
    std::vector<PlanLine> plan;
    for (const auto& row : conn.query("EXPLAIN QUERY PLAN " + st.sql, st.params)) {
      plan.push_back({row.int64(0), row.int64(1), row.text(3)});
    }
    const std::string problem = judge(st.sql, plan);
    if (std::getenv("QUERY_PLAN_PRINT")) {
      std::printf("%s\n    %s\n%s", st.caller.c_str(), st.sql.c_str(), render(plan).c_str());
    }
    EXPECT_TRUE(problem.empty()) << st.caller << " " << problem << "\n    " << st.sql
                                 << "\n    plan:\n"
                                 << render(plan);
  }
  // Each call above ran at least one statement (RecordingConnection::read checks).
  EXPECT_FALSE(checked.empty());
}

// The rule itself, on plans SQLite gives for a table with only an organization's index.
TEST(QueryPlan, TheRuleCatchesAWalkOfTheOrganization) {
  const std::string sql = "SELECT id FROM t WHERE org_id = ? AND candidate_id = ?";
  EXPECT_NE(judge(sql, {{2, 0, "SEARCH t USING INDEX t_org (org_id=?)"}}), "");
  EXPECT_EQ(judge(sql, {{2, 0, "SEARCH t USING INDEX t_cand (org_id=? AND candidate_id=?)"}}), "");
  EXPECT_NE(judge("SELECT id FROM t WHERE org_id = ?", {{2, 0, "SCAN t"}}), "");
  EXPECT_EQ(
      judge("SELECT id FROM t WHERE org_id = ?", {{2, 0, "SEARCH t USING INDEX t_org (org_id=?)"}}),
      "");
  EXPECT_NE(judge(sql, {{2, 0, "SEARCH t USING AUTOMATIC COVERING INDEX (candidate_id=?)"}}), "");
  EXPECT_EQ(judge("SELECT 1", {{1, 0, "SCAN CONSTANT ROW"}}), "");
}

}  // namespace

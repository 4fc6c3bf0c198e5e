#include "app/bench_seed.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <stdexcept>
#include <vector>

#include "auth/password.hpp"
#include "json/writer.hpp"
#include "repos/bench_seed_repo.hpp"
#include "services/auth_service.hpp"

namespace app {

namespace {

namespace bs = repos::bench_seed;

constexpr int kJobs = 50;
constexpr int kQuestionSets = 10;
constexpr int kQuestionsPerSet = 10;
constexpr int kTextQuestions = 6;  // questions 1-6 of every set
constexpr int kModules = 20;       // module m is attached to job m
constexpr int kPanel = 5;          // interviewers besides the one with a token
constexpr int kUsers = 3 + kPanel;
constexpr std::int64_t kCandidatesPerScale = 2000;
constexpr std::int64_t kFeedbackPerCandidate = 5;
constexpr std::int64_t kAnswersPerScale = 5000;
// Per organization, whatever the scale: 6 text questions each, 180,000 answers to
// write in all, more than a 10-second run of POST answers/ sends.
constexpr std::int64_t kOpenScreenings = 6000;
constexpr std::size_t kSampledIds = 500;
constexpr std::size_t kSampledWorkflow = 5000;
constexpr const char* kPassword = "bench-password";
constexpr const char* kResumeScreening = "Resume Screening";
constexpr std::array<const char*, 4> kLaterServices = {"Personality Test", "Video Interview",
                                                       "Technical Assessment", "Live Interview"};
constexpr std::array<const char*, 10> kQuestionTypes = {
    "text",   "text", "text", "text", "text", "text", "single_choice", "multiple_choice",
    "rating", "video"};
constexpr std::array<const char*, 4> kRecommendations = {"strong_yes", "yes", "no", "strong_no"};
constexpr std::array<const char*, 4> kComments = {
    "Clear answers and a good grasp of the role.",
    "Solid experience; would like more depth on system design.",
    "Communicates well under time pressure.", "Needs more practice with the tools the team uses."};
constexpr std::array<const char*, kTextQuestions> kAnswers = {
    "I have led a team of four through a migration of our billing system.",
    "I split the work into small steps and check each one with the people who use it.",
    "A colleague and I disagreed on a design; we wrote down both and measured.",
    "I want to work on products that people rely on every day.",
    "I learn a new tool by building something small with it first.",
    "In five years I would like to be mentoring others on the team."};

constexpr std::int64_t kMinute = 60;
constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;

// 2026-01-01T00:00:00Z plus `seconds`, in the schema's RFC 3339 form
// (util::format_rfc3339 writes the same, at a cost that shows over millions of rows).
std::string at(std::int64_t seconds) {
  using namespace std::chrono;
  const year_month_day date{sys_days{year{2026} / January / 1} + days{seconds / kDay}};
  const auto rest = static_cast<unsigned>(seconds % kDay);
  char buf[20];
  auto put = [&buf](int pos, unsigned value, int width) {
    for (int k = width - 1; k >= 0; --k) {
      buf[pos + k] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  };
  put(0, static_cast<unsigned>(static_cast<int>(date.year())), 4);
  buf[4] = '-';
  put(5, static_cast<unsigned>(date.month()), 2);
  buf[7] = '-';
  put(8, static_cast<unsigned>(date.day()), 2);
  buf[10] = 'T';
  put(11, rest / 3600, 2);
  buf[13] = ':';
  put(14, rest / 60 % 60, 2);
  buf[16] = ':';
  put(17, rest % 60, 2);
  buf[19] = 'Z';
  return std::string(buf, sizeof buf);
}

// When the rows of an organization's setup (users, jobs, ...) and of a
// candidate's story (applied, screened, shortlisted, reviewed) happened.
std::int64_t setup_time(int org, std::int64_t offset) {
  return org * 10 * kMinute + offset;
}
std::int64_t candidate_time(std::int64_t i) {
  return kDay + i;
}

// Candidate i of an organization applied to job i mod 50; the jobs with a module
// are the first 20, and a third of their candidates are shortlisted.
int job_index(std::int64_t i) {
  return static_cast<int>(i % kJobs);
}
bool has_module(std::int64_t i) {
  return job_index(i) < kModules;
}
bool shortlisted(std::int64_t i) {
  return has_module(i) && i % 3 == 0;
}

struct ModulePlan {
  std::int64_t id = 0;
  std::int64_t job = 0;
  std::vector<std::string> names;          // by position
  std::vector<std::int64_t> services;      // by position
  std::vector<std::int64_t> question_set;  // by position; 0 for resume screening
};

struct Org {
  int number = 0;  // 1, 2, ...
  domain::Organization organization;
  std::vector<domain::User> users;  // admin, recruiter, interviewer, the panel
  std::array<std::string, 3> tokens;
  std::vector<std::int64_t> jobs;
  std::vector<std::int64_t> question_sets;
  std::vector<std::int64_t> questions;  // set s, position p: [s * 10 + p - 1]
  std::vector<ModulePlan> modules;
  std::vector<std::int64_t> candidates;
  std::vector<std::int64_t> first_step;   // per candidate, 0 without steps
  std::vector<std::int64_t> with_module;  // indexes of the candidates of jobs with a module
  std::vector<std::int64_t> answered;     // candidate indexes with submitted answers
  struct Open {
    std::int64_t id = 0;
    std::int64_t question_set = 0;
  };
  std::vector<Open> open_screenings;

  std::int64_t admin() const { return users[0].id; }
  std::int64_t recruiter() const { return users[1].id; }
  std::int64_t text_question(std::int64_t set_id, int q) const {
    for (std::size_t s = 0; s < question_sets.size(); ++s) {
      if (question_sets[s] == set_id) return questions[s * kQuestionsPerSet + q];
    }
    return 0;
  }
};

// Elapsed time and rows of one table group, on the progress log.
class Stopwatch {
 public:
  Stopwatch(std::ostream& log, const bs::Writer& writer)
      : log_(log), writer_(writer), rows_(writer.rows_written()) {}
  void lap(const char* group) {
    const auto now = std::chrono::steady_clock::now();
    const double s = std::chrono::duration<double>(now - start_).count();
    const std::int64_t rows = writer_.rows_written() - rows_;
    char line[160];
    if (rows > 0) {
      std::snprintf(line, sizeof line, "bench-seed: %-34s %10lld rows in %7.2f s (%.0f rows/s)\n",
                    group, static_cast<long long>(rows), s, rows / s);
    } else {
      std::snprintf(line, sizeof line, "bench-seed: %-34s %15s in %7.2f s\n", group, "", s);
    }
    log_ << line << std::flush;
    start_ = now;
    rows_ = writer_.rows_written();
  }

 private:
  std::ostream& log_;
  const bs::Writer& writer_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::int64_t rows_;
};

std::string email(const std::string& local, int org) {
  return local + "@org" + std::to_string(org) + ".bench.example";
}

void expect_rows(const std::vector<std::int64_t>& ids, std::size_t n, const char* what) {
  if (ids.size() != n) {
    throw std::runtime_error(std::string("bench-seed: expected ") + std::to_string(n) + " " + what +
                             ", found " + std::to_string(ids.size()));
  }
}

// Organizations, users and their tokens, jobs, question sets and questions,
// modules and their services.
void write_setup(db::Connection& db, const services::Deps& deps, bs::Writer& w,
                 std::vector<Org>& orgs, const std::map<std::string, std::int64_t>& builtin) {
  const std::string hash = auth::PasswordHasher(auth::PasswordCost::kMin).hash(kPassword);
  for (auto& o : orgs) {
    w.add(bs::Organization{"Bench Org " + std::to_string(o.number), at(setup_time(o.number, 0))});
  }
  w.flush();
  const auto org_ids = bs::organization_ids(db);
  expect_rows(org_ids, orgs.size(), "organizations");
  for (std::size_t k = 0; k < orgs.size(); ++k) {
    orgs[k].organization = {org_ids[k], "Bench Org " + std::to_string(orgs[k].number),
                            at(setup_time(orgs[k].number, 0))};
  }

  struct Person {
    std::string local;
    std::string name;
    domain::Role role;
  };
  std::vector<Person> people = {{"admin", "Bench Admin", domain::Role::kAdmin},
                                {"recruiter", "Bench Recruiter", domain::Role::kRecruiter},
                                {"interviewer", "Bench Interviewer", domain::Role::kInterviewer}};
  for (int p = 1; p <= kPanel; ++p) {
    people.push_back({"panel" + std::to_string(p), "Bench Panelist " + std::to_string(p),
                      domain::Role::kInterviewer});
  }
  for (const auto& o : orgs) {
    for (std::size_t u = 0; u < people.size(); ++u) {
      w.add(bs::User{o.organization.id, email(people[u].local, o.number), people[u].name,
                     people[u].role, hash,
                     at(setup_time(o.number, 1 + static_cast<std::int64_t>(u)))});
    }
  }
  w.flush();
  for (auto& o : orgs) {
    const auto ids = bs::ids(db, bs::Rows::kUsers, o.organization.id);
    expect_rows(ids, people.size(), "users");
    for (std::size_t u = 0; u < people.size(); ++u) {
      o.users.push_back({ids[u], o.organization.id, email(people[u].local, o.number),
                         people[u].name, people[u].role, true,
                         at(setup_time(o.number, 1 + static_cast<std::int64_t>(u)))});
    }
    for (std::size_t t = 0; t < o.tokens.size(); ++t) {
      o.tokens[t] = services::token_issue(db, deps, o.users[t], o.organization).token;
    }
  }

  for (const auto& o : orgs) {
    for (int j = 0; j < kJobs; ++j) {
      w.add(bs::Job{o.organization.id, "Bench Job " + std::to_string(j + 1),
                    "A job of the benchmark dataset.", o.admin(),
                    at(setup_time(o.number, 10 + j))});
    }
    for (int s = 0; s < kQuestionSets; ++s) {
      w.add(bs::QuestionSet{o.organization.id, "Bench Set " + std::to_string(s + 1),
                            "Questions of the benchmark dataset.", o.admin(),
                            at(setup_time(o.number, 70 + s))});
    }
  }
  w.flush();
  for (auto& o : orgs) {
    o.jobs = bs::ids(db, bs::Rows::kJobs, o.organization.id);
    expect_rows(o.jobs, kJobs, "jobs");
    o.question_sets = bs::ids(db, bs::Rows::kQuestionSets, o.organization.id);
    expect_rows(o.question_sets, kQuestionSets, "question sets");
  }

  for (auto& o : orgs) {
    for (int s = 0; s < kQuestionSets; ++s) {
      for (int q = 0; q < kQuestionsPerSet; ++q) {
        const std::string type = kQuestionTypes[static_cast<std::size_t>(q)];
        const bool choice = type == "single_choice" || type == "multiple_choice";
        const bool video = type == "video";
        bs::Question row{o.organization.id,
                         o.question_sets[static_cast<std::size_t>(s)],
                         "Bench question " + std::to_string(q + 1) + " (" + type + ")",
                         type,
                         choice ? R"(["a","b","c"])" : "[]",
                         q + 1,
                         video ? std::optional<std::int64_t>(120) : std::nullopt,
                         video ? std::optional<std::int64_t>(30) : std::nullopt,
                         video ? std::optional<std::int64_t>(1) : std::nullopt,
                         at(setup_time(o.number, 80 + s * kQuestionsPerSet + q))};
        w.add(std::move(row));
      }
    }
    for (int m = 0; m < kModules; ++m) {
      w.add(bs::Module{o.organization.id, "Bench Module " + std::to_string(m + 1),
                       "Resume screening, then " + std::to_string(2 + m % 2) + " more services.",
                       o.jobs[static_cast<std::size_t>(m)], o.admin(),
                       at(setup_time(o.number, 200 + m))});
    }
  }
  w.flush();
  for (auto& o : orgs) {
    o.questions = bs::ids(db, bs::Rows::kQuestions, o.organization.id);
    expect_rows(o.questions, kQuestionSets * kQuestionsPerSet, "questions");
    const auto modules = bs::ids(db, bs::Rows::kModules, o.organization.id);
    expect_rows(modules, kModules, "modules");
    for (int m = 0; m < kModules; ++m) {
      ModulePlan plan;
      plan.id = modules[static_cast<std::size_t>(m)];
      plan.job = o.jobs[static_cast<std::size_t>(m)];
      plan.names.push_back(kResumeScreening);
      plan.question_set.push_back(0);
      // Three services in even modules, four in odd ones, in rotating order.
      const int later = 2 + m % 2;
      for (int k = 0; k < later; ++k) {
        plan.names.push_back(kLaterServices[static_cast<std::size_t>((m + k) % 4)]);
        plan.question_set.push_back(o.question_sets[static_cast<std::size_t>((m + k) % 10)]);
      }
      for (std::size_t p = 0; p < plan.names.size(); ++p) {
        plan.services.push_back(builtin.at(plan.names[p]));
        const std::int64_t set = plan.question_set[p];
        w.add(bs::ModuleService{plan.id, plan.services[p], static_cast<std::int64_t>(p + 1),
                                set ? R"({"question_set_id":)" + std::to_string(set) +
                                          R"(,"time_limit_seconds":120,"max_retakes":1})"
                                    : std::string(R"({"pass_score":60})"),
                                set ? std::optional<std::int64_t>(set) : std::nullopt});
      }
      o.modules.push_back(std::move(plan));
    }
  }
  w.flush();
}

// 2,000 x scale candidates per organization, each applied to one job.
void write_candidates(db::Connection& db, bs::Writer& w, std::vector<Org>& orgs,
                      std::int64_t count) {
  for (const auto& o : orgs) {
    for (std::int64_t i = 0; i < count; ++i) {
      const std::string n = std::to_string(i + 1);
      w.add(bs::Candidate{o.organization.id, "Bench Candidate " + n,
                          email("candidate" + n, o.number), "+1 555 " + n, at(candidate_time(i))});
    }
  }
  w.flush();
  for (auto& o : orgs) {
    o.candidates = bs::ids(db, bs::Rows::kCandidates, o.organization.id);
    expect_rows(o.candidates, static_cast<std::size_t>(count), "candidates");
    for (std::int64_t i = 0; i < count; ++i) {
      const std::string applied = at(candidate_time(i) + kMinute);
      w.add(bs::Application{o.organization.id, o.jobs[static_cast<std::size_t>(job_index(i))],
                            o.candidates[static_cast<std::size_t>(i)],
                            shortlisted(i) ? "shortlisted" : "applied", applied,
                            shortlisted(i) ? at(candidate_time(i) + 2 * kHour) : applied});
      if (has_module(i)) o.with_module.push_back(i);
    }
  }
  w.flush();
}

// The resume screening step of every candidate of a job with a module; the
// shortlisted third also have their next service's step, Pending. The history
// records what the service would: creation as Pending, then Pending -> Shortlisted.
void write_steps(db::Connection& db, bs::Writer& w, std::vector<Org>& orgs) {
  for (const auto& o : orgs) {
    for (std::int64_t i : o.with_module) {
      const ModulePlan& m = o.modules[static_cast<std::size_t>(job_index(i))];
      const std::int64_t c = o.candidates[static_cast<std::size_t>(i)];
      const std::string created = at(candidate_time(i) + kHour);
      if (!shortlisted(i)) {
        w.add(bs::Step{o.organization.id, m.id, m.job, c, m.services[0], 1, "Pending", std::nullopt,
                       created, created, o.recruiter()});
        continue;
      }
      const std::string done = at(candidate_time(i) + 2 * kHour);
      w.add(bs::Step{o.organization.id, m.id, m.job, c, m.services[0], 1, "Shortlisted", done,
                     created, done, o.recruiter()});
      w.add(bs::Step{o.organization.id, m.id, m.job, c, m.services[1], 2, "Pending", std::nullopt,
                     done, done, o.recruiter()});
    }
  }
  w.flush();
  for (auto& o : orgs) {
    const auto steps = bs::ids(db, bs::Rows::kSteps, o.organization.id);
    o.first_step.assign(o.candidates.size(), 0);
    std::size_t next = 0;
    for (std::int64_t i : o.with_module) {
      if (next >= steps.size()) throw std::runtime_error("bench-seed: steps missing");
      const std::int64_t first = steps[next++];
      o.first_step[static_cast<std::size_t>(i)] = first;
      const std::string created = at(candidate_time(i) + kHour);
      w.add(bs::StepChange{o.organization.id, first, std::nullopt, "Pending", o.recruiter(),
                           created});
      if (!shortlisted(i)) continue;
      if (next >= steps.size()) throw std::runtime_error("bench-seed: steps missing");
      const std::int64_t second = steps[next++];
      const std::string done = at(candidate_time(i) + 2 * kHour);
      w.add(bs::StepChange{o.organization.id, first, std::string("Pending"), "Shortlisted",
                           o.recruiter(), done});
      w.add(
          bs::StepChange{o.organization.id, second, std::nullopt, "Pending", o.recruiter(), done});
    }
    expect_rows(steps, next, "steps");
  }
  w.flush();
}

// Five reviews per candidate by five different users of the organization, on
// the candidate's first step when it has one.
void write_feedback(bs::Writer& w, const std::vector<Org>& orgs, std::int64_t count) {
  for (const auto& o : orgs) {
    const std::int64_t candidates = static_cast<std::int64_t>(o.candidates.size());
    for (std::int64_t n = 0; n < count; ++n) {
      const std::int64_t i = (n / kFeedbackPerCandidate) % candidates;
      const std::int64_t k = n % kFeedbackPerCandidate;
      const std::size_t ci = static_cast<std::size_t>(i);
      const std::int64_t step = o.first_step[ci];
      const std::int64_t rating = 1 + (i + k) % 5;
      w.add(bs::Feedback{o.organization.id, o.jobs[static_cast<std::size_t>(job_index(i))],
                         o.candidates[ci], step ? std::optional<std::int64_t>(step) : std::nullopt,
                         o.users[static_cast<std::size_t>((i + k) % kUsers)].id, rating,
                         kRecommendations[static_cast<std::size_t>((i + k) % 4)],
                         kComments[static_cast<std::size_t>((i + 3 * k) % 4)],
                         R"({"communication":)" + std::to_string(rating) + R"(,"technical":)" +
                             std::to_string(1 + (i + k + 2) % 5) + "}",
                         at(candidate_time(i) + 12 * kHour + k * kMinute)});
    }
  }
  w.flush();
}

// A screening slot: the candidate (of a job with a module) and which of its
// module's later services; consecutive slots go round the candidates first.
struct Slot {
  std::int64_t candidate_index = 0;
  std::size_t position = 0;  // index into ModulePlan::services, >= 1
};
Slot slot(const Org& o, std::int64_t s) {
  const std::int64_t n = static_cast<std::int64_t>(o.with_module.size());
  const std::int64_t i = o.with_module[static_cast<std::size_t>(s % n)];
  const ModulePlan& m = o.modules[static_cast<std::size_t>(job_index(i))];
  const std::int64_t later = static_cast<std::int64_t>(m.services.size()) - 1;
  return {i, static_cast<std::size_t>(1 + (s / n) % later)};
}

bs::Screening screening(const Org& o, const Slot& at_slot, const std::string& status,
                        const std::string& created, std::optional<std::string> submitted) {
  const std::int64_t i = at_slot.candidate_index;
  const ModulePlan& m = o.modules[static_cast<std::size_t>(job_index(i))];
  return {o.organization.id,
          o.candidates[static_cast<std::size_t>(i)],
          m.job,
          m.id,
          m.services[at_slot.position],
          m.question_set[at_slot.position],
          status,
          created,
          std::move(submitted)};
}

// Submitted screenings holding 5,000 x scale text answers (six per screening,
// the last may have fewer), then 2,000 open screenings per organization.
void write_screenings(db::Connection& db, bs::Writer& w, std::vector<Org>& orgs,
                      std::int64_t answers) {
  const std::int64_t submitted = (answers + kTextQuestions - 1) / kTextQuestions;
  for (const auto& o : orgs) {
    for (std::int64_t s = 0; s < submitted; ++s) {
      const Slot sl = slot(o, s);
      const std::int64_t t = candidate_time(sl.candidate_index) + 3 * kHour +
                             static_cast<std::int64_t>(sl.position) * kHour;
      w.add(screening(o, sl, "submitted", at(t), at(t + 10 * kMinute)));
    }
    for (std::int64_t s = 0; s < kOpenScreenings; ++s) {
      const Slot sl = slot(o, submitted + s);
      w.add(screening(o, sl, "in_progress", at(candidate_time(sl.candidate_index) + 8 * kHour),
                      std::nullopt));
    }
  }
  w.flush();
  for (auto& o : orgs) {
    const auto ids = bs::ids(db, bs::Rows::kScreenings, o.organization.id);
    expect_rows(ids, static_cast<std::size_t>(submitted + kOpenScreenings), "screenings");
    std::int64_t left = answers;
    for (std::int64_t s = 0; s < submitted; ++s) {
      const Slot sl = slot(o, s);
      const std::int64_t set = o.modules[static_cast<std::size_t>(job_index(sl.candidate_index))]
                                   .question_set[sl.position];
      if (s < static_cast<std::int64_t>(o.with_module.size()))
        o.answered.push_back(sl.candidate_index);
      const std::int64_t t = candidate_time(sl.candidate_index) + 3 * kHour +
                             static_cast<std::int64_t>(sl.position) * kHour;
      for (int q = 0; q < kTextQuestions && left > 0; ++q, --left) {
        w.add(bs::TextAnswer{o.organization.id, ids[static_cast<std::size_t>(s)],
                             o.text_question(set, q), kAnswers[static_cast<std::size_t>(q)],
                             at(t + (q + 1) * kMinute)});
      }
    }
    for (std::int64_t s = 0; s < kOpenScreenings; ++s) {
      const Slot sl = slot(o, submitted + s);
      o.open_screenings.push_back(
          {ids[static_cast<std::size_t>(submitted + s)],
           o.modules[static_cast<std::size_t>(job_index(sl.candidate_index))]
               .question_set[sl.position]});
    }
  }
  w.flush();
}

// At most `limit` items spread evenly over `all` (every k-th).
template <class T>
std::vector<T> spread(const std::vector<T>& all, std::size_t limit) {
  if (all.size() <= limit) return all;
  std::vector<T> out;
  out.reserve(limit);
  for (std::size_t k = 0; k < limit; ++k) out.push_back(all[k * all.size() / limit]);
  return out;
}

void ids_field(json::Writer& w, const char* name, const std::vector<std::int64_t>& ids) {
  json::key(w, name);
  w.StartArray();
  for (std::int64_t id : ids) w.Int64(id);
  w.EndArray();
}

// [candidate, job, module, service] for each candidate index.
void workflow_field(json::Writer& w, const char* name, const Org& o,
                    const std::vector<std::int64_t>& indexes, std::size_t position) {
  json::key(w, name);
  w.StartArray();
  for (std::int64_t i : spread(indexes, kSampledWorkflow)) {
    const ModulePlan& m = o.modules[static_cast<std::size_t>(job_index(i))];
    w.StartArray();
    w.Int64(o.candidates[static_cast<std::size_t>(i)]);
    w.Int64(m.job);
    w.Int64(m.id);
    json::string(w, m.names[position]);
    w.EndArray();
  }
  w.EndArray();
}

std::string document(const std::vector<Org>& orgs, int scale, db::Dialect dialect) {
  return json::build([&](json::Writer& w) {
    w.StartObject();
    json::field(w, "scale", scale);
    json::field(w, "dialect", dialect == db::Dialect::kPostgres ? "postgresql" : "sqlite");
    json::key(w, "organizations");
    w.StartArray();
    for (const auto& o : orgs) {
      w.StartObject();
      json::field(w, "id", o.organization.id);
      json::key(w, "tokens");
      w.StartObject();
      json::field(w, "admin", o.tokens[0]);
      json::field(w, "recruiter", o.tokens[1]);
      json::field(w, "interviewer", o.tokens[2]);
      w.EndObject();
      ids_field(w, "jobs", o.jobs);
      ids_field(w, "question_sets", o.question_sets);
      json::key(w, "modules");
      w.StartArray();
      for (const auto& m : o.modules) {
        w.StartObject();
        json::field(w, "id", m.id);
        json::field(w, "job", m.job);
        json::key(w, "services");
        w.StartArray();
        for (const auto& name : m.names) json::string(w, name);
        w.EndArray();
        w.EndObject();
      }
      w.EndArray();

      std::vector<std::int64_t> step_candidates, pending, second_pending;
      for (std::int64_t i : o.with_module) {
        step_candidates.push_back(o.candidates[static_cast<std::size_t>(i)]);
        (shortlisted(i) ? second_pending : pending).push_back(i);
      }
      ids_field(w, "step_candidates", spread(step_candidates, kSampledIds));

      json::key(w, "feedback_targets");
      w.StartArray();
      std::vector<std::int64_t> all(o.candidates.size());
      for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::int64_t>(i);
      for (std::int64_t i : spread(all, kSampledIds)) {
        w.StartArray();
        w.Int64(o.jobs[static_cast<std::size_t>(job_index(i))]);
        w.Int64(o.candidates[static_cast<std::size_t>(i)]);
        w.EndArray();
      }
      w.EndArray();

      std::vector<std::int64_t> answer_candidates;
      for (std::int64_t i : o.answered) {
        answer_candidates.push_back(o.candidates[static_cast<std::size_t>(i)]);
      }
      ids_field(w, "answer_candidates", spread(answer_candidates, kSampledIds));

      workflow_field(w, "shortlist", o, pending, 0);
      workflow_field(w, "update_step", o, second_pending, 1);

      json::key(w, "open_screenings");
      w.StartArray();
      for (const auto& s : o.open_screenings) {
        w.StartArray();
        w.Int64(s.id);
        w.StartArray();
        for (int q = 0; q < kTextQuestions; ++q) w.Int64(o.text_question(s.question_set, q));
        w.EndArray();
        w.EndArray();
      }
      w.EndArray();
      w.EndObject();
    }
    w.EndArray();
    w.EndObject();
  });
}

}  // namespace

domain::Result<BenchSeedResult> seed_bench(db::Connection& db, const services::Deps& deps,
                                           const BenchSeedOptions& options, std::ostream& log) {
  const std::int64_t candidates = kCandidatesPerScale * options.scale;
  std::vector<Org> orgs(static_cast<std::size_t>(options.organizations));
  for (std::size_t k = 0; k < orgs.size(); ++k) orgs[k].number = static_cast<int>(k + 1);

  bs::Writer w(db);
  const auto started = std::chrono::steady_clock::now();
  Stopwatch watch(log, w);
  {
    db::Transaction tx(db, true);
    if (bs::has_organization(db)) {
      return domain::Error::conflict(
          "the database already has an organization; bench-seed writes only into an empty "
          "(freshly migrated) database");
    }
    const auto builtin = bs::builtin_services(db);
    for (const char* name : {kResumeScreening, kLaterServices[0], kLaterServices[1],
                             kLaterServices[2], kLaterServices[3]}) {
      if (!builtin.count(name)) {
        return domain::Error::conflict(std::string("the built-in service \"") + name +
                                       "\" is missing; migrate the database first");
      }
    }
    write_setup(db, deps, w, orgs, builtin);
    tx.commit();
  }
  watch.lap("organizations, users, jobs, modules");
  {
    db::Transaction tx(db, true);
    write_candidates(db, w, orgs, candidates);
    tx.commit();
  }
  watch.lap("candidates, applications");
  {
    db::Transaction tx(db, true);
    write_steps(db, w, orgs);
    tx.commit();
  }
  watch.lap("interview steps, step history");
  {
    db::Transaction tx(db, true);
    write_feedback(w, orgs, candidates * kFeedbackPerCandidate);
    tx.commit();
  }
  watch.lap("feedback");
  {
    db::Transaction tx(db, true);
    write_screenings(db, w, orgs, kAnswersPerScale * options.scale);
    tx.commit();
  }
  watch.lap("screenings, answers");
  // No ANALYZE: the planner's statistics are left to the service, so that a seeded
  // database has no more of them than one its users filled through the API.

  const double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  char line[120];
  std::snprintf(line, sizeof line, "bench-seed: %lld rows in %.2f s\n",
                static_cast<long long>(w.rows_written()), total);
  log << line << std::flush;
  return BenchSeedResult{document(orgs, options.scale, db.dialect()), w.rows_written()};
}

}  // namespace app

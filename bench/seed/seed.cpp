// The benchmark dataset written through the repositories (seed.hpp): each row is
// what the product's own insert writes, with the dataset's timestamps, and the many
// rows of a table go in together through the repository's insert_many. Statuses that
// the product reaches in two steps (an application shortlisted, a step shortlisted,
// a screening submitted) are written the same way: the insert, then the update.
#include "seed.hpp"

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <stdexcept>
#include <type_traits>

#include "auth/password.hpp"
#include "repos/answers_repo.hpp"
#include "repos/candidates_repo.hpp"
#include "repos/feedback_repo.hpp"
#include "repos/jobs_repo.hpp"
#include "repos/modules_repo.hpp"
#include "repos/organizations_repo.hpp"
#include "repos/question_sets_repo.hpp"
#include "repos/questions_repo.hpp"
#include "repos/screenings_repo.hpp"
#include "repos/services_repo.hpp"
#include "repos/steps_repo.hpp"
#include "repos/users_repo.hpp"
#include "services/auth_service.hpp"

namespace bench_seed {

namespace {

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

std::string email(const std::string& local, int org) {
  return local + "@org" + std::to_string(org) + ".bench.example";
}

// The row an insert returns; a database that refused one as a duplicate was written
// by someone else meanwhile.
template <class T>
T written(std::optional<T> row, const char* what) {
  if (!row) throw std::runtime_error(std::string("bench-seed: a duplicate ") + what);
  return std::move(*row);
}

// The same for an insert_many: it wrote every row, or someone else wrote some.
template <class Written>
Written all_written(Written written, std::size_t expected, const char* what) {
  std::size_t count = 0;
  if constexpr (std::is_integral_v<Written>) {
    count = written;
  } else {
    count = written.size();
  }
  if (count != expected) throw std::runtime_error(std::string("bench-seed: a duplicate ") + what);
  return written;
}

struct Person {
  std::string local;  // of the email address
  std::string name;
  domain::Role role;
};

std::vector<Person> people() {
  std::vector<Person> out = {{"admin", "Bench Admin", domain::Role::kAdmin},
                             {"recruiter", "Bench Recruiter", domain::Role::kRecruiter},
                             {"interviewer", "Bench Interviewer", domain::Role::kInterviewer}};
  for (int p = 1; p <= kPanel; ++p) {
    out.push_back({"panel" + std::to_string(p), "Bench Panelist " + std::to_string(p),
                   domain::Role::kInterviewer});
  }
  return out;
}

// A screening slot: the candidate (of a job with a module) and which of its
// module's later services; consecutive slots go round the candidates first.
struct Slot {
  std::int64_t candidate_index = 0;
  std::size_t position = 0;  // index into ModulePlan::services, >= 1
};

std::int64_t job_of(const Org& o, std::int64_t candidate_index) {
  return o.jobs[static_cast<std::size_t>(job_index(candidate_index))];
}

Slot slot(const Org& o, std::int64_t s) {
  const std::int64_t n = static_cast<std::int64_t>(o.with_module.size());
  const std::int64_t i = o.with_module[static_cast<std::size_t>(s % n)];
  const std::int64_t later = static_cast<std::int64_t>(o.module_of(i).services.size()) - 1;
  return {i, static_cast<std::size_t>(1 + (s / n) % later)};
}

// Elapsed time and rows of one group of tables, on the progress log.
class Stopwatch {
 public:
  Stopwatch(std::ostream& log, const std::int64_t& rows) : log_(log), rows_(rows), last_(rows) {}
  void lap(const char* group) {
    const auto now = std::chrono::steady_clock::now();
    const double s = std::chrono::duration<double>(now - start_).count();
    const std::int64_t rows = rows_ - last_;
    char line[160];
    if (rows > 0) {
      std::snprintf(line, sizeof line, "bench-seed: %-34s %10lld rows in %7.2f s (%.0f rows/s)\n",
                    group, static_cast<long long>(rows), s, rows / s);
    } else {
      std::snprintf(line, sizeof line, "bench-seed: %-34s %15s in %7.2f s\n", group, "", s);
    }
    log_ << line << std::flush;
    start_ = now;
    last_ = rows_;
  }

 private:
  std::ostream& log_;
  const std::int64_t& rows_;
  std::int64_t last_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// Writes the rows of one organization, group by group, counting them.
class Writer {
 public:
  Writer(db::Connection& db, const services::Deps& deps) : db_(db), deps_(deps) {}
  const std::int64_t& rows() const { return rows_; }

  // The organization, its users and their tokens, jobs, question sets and
  // questions, modules and their services.
  domain::Status setup(Org& o, const std::string& password_hash) {
    o.organization = repos::organizations::insert(db_, "Bench Org " + std::to_string(o.number),
                                                  at(setup_time(o.number, 0)));
    ++rows_;
    people_of(o, password_hash);
    jobs_of(o);
    questions_of(o);
    return modules_of(o);
  }
  void candidates(Org& o, std::int64_t count);
  void steps(Org& o);
  void feedback(const Org& o, std::int64_t count);
  void screenings(Org& o, std::int64_t answers);

 private:
  void people_of(Org& o, const std::string& password_hash);
  void jobs_of(Org& o);
  void questions_of(Org& o);
  domain::Status modules_of(Org& o);
  repos::screenings::NewScreening screening(const Org& o, const Slot& at_slot) const;

  db::Connection& db_;
  const services::Deps& deps_;
  std::int64_t rows_ = 0;
};

void Writer::people_of(Org& o, const std::string& password_hash) {
  const auto list = people();
  for (std::size_t u = 0; u < list.size(); ++u) {
    const repos::users::NewUser user{o.organization.id, email(list[u].local, o.number),
                                     list[u].name, list[u].role, password_hash};
    o.users.push_back(written(
        repos::users::insert(db_, user, at(setup_time(o.number, 1 + static_cast<std::int64_t>(u)))),
        "user"));
    ++rows_;
  }
  for (std::size_t t = 0; t < o.tokens.size(); ++t) {
    o.tokens[t] = services::token_issue(db_, deps_, o.users[t], o.organization).token;
  }
}

void Writer::jobs_of(Org& o) {
  for (int j = 0; j < kJobs; ++j) {
    const repos::jobs::NewJob job{.org_id = o.organization.id,
                                  .title = "Bench Job " + std::to_string(j + 1),
                                  .description = "A job of the benchmark dataset.",
                                  .created_by = o.admin()};
    o.jobs.push_back(repos::jobs::insert(db_, job, at(setup_time(o.number, 10 + j))).id);
    ++rows_;
  }
  for (int s = 0; s < kQuestionSets; ++s) {
    const repos::question_sets::Fields set{"Bench Set " + std::to_string(s + 1),
                                           "Questions of the benchmark dataset.", std::nullopt};
    o.question_sets.push_back(repos::question_sets::insert(db_, o.organization.id, set, o.admin(),
                                                           at(setup_time(o.number, 70 + s)))
                                  .id);
    ++rows_;
  }
}

void Writer::questions_of(Org& o) {
  for (int s = 0; s < kQuestionSets; ++s) {
    for (int q = 0; q < kQuestionsPerSet; ++q) {
      const std::string type = kQuestionTypes[static_cast<std::size_t>(q)];
      const bool choice = type == "single_choice" || type == "multiple_choice";
      const bool video = type == "video";
      const repos::questions::Fields question{
          .question_set_id = o.question_sets[static_cast<std::size_t>(s)],
          .text = "Bench question " + std::to_string(q + 1) + " (" + type + ")",
          .type = type,
          .options = choice ? std::vector<std::string>{"a", "b", "c"} : std::vector<std::string>{},
          .order = q + 1,
          .is_required = true,
          .time_limit_seconds = video ? std::optional<std::int64_t>(120) : std::nullopt,
          .think_time_seconds = video ? std::optional<std::int64_t>(30) : std::nullopt,
          .max_retakes = video ? std::optional<std::int64_t>(1) : std::nullopt};
      o.questions.push_back(
          repos::questions::insert(db_, o.organization.id, question,
                                   at(setup_time(o.number, 80 + s * kQuestionsPerSet + q)))
              .id);
      ++rows_;
    }
  }
}

domain::Status Writer::modules_of(Org& o) {
  std::map<std::string, std::int64_t> builtin;
  for (const char* name : {kResumeScreening, kLaterServices[0], kLaterServices[1],
                           kLaterServices[2], kLaterServices[3]}) {
    const auto service = repos::services::find_by_name(db_, o.organization.id, name);
    if (!service || !service->is_builtin) {
      return domain::Error::conflict(std::string("the built-in service \"") + name +
                                     "\" is missing; migrate the database first");
    }
    builtin[name] = service->id;
  }
  for (int m = 0; m < kModules; ++m) {
    ModulePlan plan;
    plan.job = o.jobs[static_cast<std::size_t>(m)];
    const repos::modules::Fields module{
        "Bench Module " + std::to_string(m + 1),
        "Resume screening, then " + std::to_string(2 + m % 2) + " more services.", plan.job, true};
    plan.id = repos::modules::insert(db_, o.organization.id, module, o.admin(),
                                     at(setup_time(o.number, 200 + m)));
    ++rows_;
    plan.names.push_back(kResumeScreening);
    plan.question_set.push_back(0);
    // Three services in even modules, four in odd ones, in rotating order.
    const int later = 2 + m % 2;
    for (int k = 0; k < later; ++k) {
      plan.names.push_back(kLaterServices[static_cast<std::size_t>((m + k) % 4)]);
      plan.question_set.push_back(o.question_sets[static_cast<std::size_t>((m + k) % 10)]);
    }
    std::vector<repos::modules::ServiceEntry> entries;
    for (std::size_t p = 0; p < plan.names.size(); ++p) {
      plan.services.push_back(builtin.at(plan.names[p]));
      const std::int64_t set = plan.question_set[p];
      entries.push_back({plan.services[p], static_cast<std::int64_t>(p + 1),
                         set ? R"({"question_set_id":)" + std::to_string(set) +
                                   R"(,"time_limit_seconds":120,"max_retakes":1})"
                             : std::string(R"({"pass_score":60})"),
                         set ? std::optional<std::int64_t>(set) : std::nullopt});
    }
    repos::modules::replace_services(db_, plan.id, entries);
    rows_ += static_cast<std::int64_t>(entries.size());
    o.modules.push_back(std::move(plan));
  }
  return domain::ok();
}

// 2,000 x scale candidates, each applied to one job; the shortlisted third's
// applications are shortlisted an hour after their resume screening step was made.
void Writer::candidates(Org& o, std::int64_t count) {
  const std::int64_t org = o.organization.id;
  std::vector<repos::Timed<repos::candidates::NewCandidate>> people;
  for (std::int64_t i = 0; i < count; ++i) {
    const std::string n = std::to_string(i + 1);
    people.push_back(
        {{org, "Bench Candidate " + n, email("candidate" + n, o.number), "+1 555 " + n, ""},
         at(candidate_time(i))});
  }
  o.candidates =
      all_written(repos::candidates::insert_many(db_, people), people.size(), "candidate");
  std::vector<repos::Timed<repos::candidates::NewApplication>> applications;
  for (std::int64_t i = 0; i < count; ++i) {
    applications.push_back({{org, job_of(o, i), o.candidates[static_cast<std::size_t>(i)]},
                            at(candidate_time(i) + kMinute)});
  }
  all_written(repos::candidates::apply_many(db_, applications), applications.size(), "application");
  rows_ += 2 * count;
  for (std::int64_t i = 0; i < count; ++i) {
    if (shortlisted(i)) {
      repos::steps::set_application_status(
          db_, org, job_of(o, i), o.candidates[static_cast<std::size_t>(i)],
          domain::ApplicationStatus::kShortlisted, at(candidate_time(i) + 2 * kHour));
    }
    if (has_module(i)) o.with_module.push_back(i);
  }
}

// The resume screening step of every candidate of a job with a module, made as
// Pending; the shortlisted third then shortlisted, which makes their next service's
// step, Pending. Every status change has its history row.
void Writer::steps(Org& o) {
  using domain::StepStatus;
  const std::int64_t org = o.organization.id;
  const std::int64_t by = o.recruiter();
  o.first_step.assign(o.candidates.size(), 0);
  std::vector<repos::Timed<repos::steps::NewStep>> firsts;
  for (std::int64_t i : o.with_module) {
    const ModulePlan& m = o.module_of(i);
    const std::int64_t c = o.candidates[static_cast<std::size_t>(i)];
    firsts.push_back({{org, m.id, m.job, c, m.services[0], 1, StepStatus::kPending, {}},
                      at(candidate_time(i) + kHour)});
  }
  const auto first_ids =
      all_written(repos::steps::insert_many(db_, firsts, by), firsts.size(), "step");
  std::vector<repos::Timed<repos::steps::NewChange>> history;
  std::vector<repos::Timed<repos::steps::NewStep>> nexts;
  for (std::size_t k = 0; k < first_ids.size(); ++k) {
    const std::int64_t i = o.with_module[k];
    const std::int64_t first = first_ids[k];
    o.first_step[static_cast<std::size_t>(i)] = first;
    history.push_back({{org, first, std::nullopt, StepStatus::kPending, by}, firsts[k].at});
    if (!shortlisted(i)) continue;
    const std::string done = at(candidate_time(i) + 2 * kHour);
    repos::steps::set_status(db_, first, StepStatus::kShortlisted, by, done);
    history.push_back({{org, first, StepStatus::kPending, StepStatus::kShortlisted, by}, done});
    repos::steps::NewStep next = firsts[k].row;
    next.service_id = o.module_of(i).services[1];
    next.order = 2;
    next.shortlisting_step_id = first;
    nexts.push_back({next, done});
  }
  const auto next_ids =
      all_written(repos::steps::insert_many(db_, nexts, by), nexts.size(), "step");
  for (std::size_t k = 0; k < next_ids.size(); ++k) {
    history.push_back({{org, next_ids[k], std::nullopt, StepStatus::kPending, by}, nexts[k].at});
  }
  repos::steps::add_history_many(db_, history);
  rows_ += static_cast<std::int64_t>(firsts.size() + nexts.size() + history.size());
}

// Five reviews per candidate by five different users of the organization, on
// the candidate's first step when it has one.
void Writer::feedback(const Org& o, std::int64_t count) {
  const std::int64_t candidates = static_cast<std::int64_t>(o.candidates.size());
  std::vector<repos::Timed<domain::Feedback>> all;
  all.reserve(static_cast<std::size_t>(count));
  for (std::int64_t n = 0; n < count; ++n) {
    const std::int64_t i = (n / kFeedbackPerCandidate) % candidates;
    const std::int64_t k = n % kFeedbackPerCandidate;
    const std::size_t ci = static_cast<std::size_t>(i);
    const std::int64_t rating = 1 + (i + k) % 5;
    domain::Feedback f;
    f.org_id = o.organization.id;
    f.job_id = o.jobs[static_cast<std::size_t>(job_index(i))];
    f.candidate_id = o.candidates[ci];
    if (o.first_step[ci]) f.step_id = o.first_step[ci];
    f.author_id = o.users[static_cast<std::size_t>((i + k) % kUsers)].id;
    f.rating = rating;
    f.recommendation = kRecommendations[static_cast<std::size_t>((i + k) % 4)];
    f.comments = kComments[static_cast<std::size_t>((i + 3 * k) % 4)];
    f.scores = R"({"communication":)" + std::to_string(rating) + R"(,"technical":)" +
               std::to_string(1 + (i + k + 2) % 5) + "}";
    all.push_back({std::move(f), at(candidate_time(i) + 12 * kHour + k * kMinute)});
  }
  rows_ += static_cast<std::int64_t>(
      all_written(repos::feedback::insert_many(db_, all), all.size(), "feedback"));
}

repos::screenings::NewScreening Writer::screening(const Org& o, const Slot& at_slot) const {
  const ModulePlan& m = o.module_of(at_slot.candidate_index);
  return {o.organization.id,
          o.candidates[static_cast<std::size_t>(at_slot.candidate_index)],
          m.job,
          m.id,
          m.services[at_slot.position],
          m.question_set[at_slot.position]};
}

// Submitted screenings holding 5,000 x scale text answers (six per screening,
// the last may have fewer), then 6,000 open screenings.
void Writer::screenings(Org& o, std::int64_t answers) {
  const std::int64_t submitted = (answers + kTextQuestions - 1) / kTextQuestions;
  std::vector<repos::Timed<repos::screenings::NewScreening>> made;
  std::vector<std::int64_t> started;  // the time of each, in seconds
  for (std::int64_t s = 0; s < submitted; ++s) {
    const Slot sl = slot(o, s);
    started.push_back(candidate_time(sl.candidate_index) + 3 * kHour +
                      static_cast<std::int64_t>(sl.position) * kHour);
    made.push_back({screening(o, sl), at(started.back())});
    if (s < static_cast<std::int64_t>(o.with_module.size())) {
      o.answered.push_back(sl.candidate_index);
    }
  }
  const auto ids = all_written(repos::screenings::insert_many(db_, made), made.size(), "screening");
  std::vector<repos::Timed<repos::answers::NewAnswer>> texts;
  std::int64_t left = answers;
  for (std::size_t s = 0; s < ids.size(); ++s) {
    for (int q = 0; q < kTextQuestions && left > 0; ++q, --left) {
      repos::answers::NewAnswer answer;
      answer.org_id = o.organization.id;
      answer.screening_id = ids[s];
      answer.question_id = o.text_question(made[s].row.question_set_id, q);
      answer.text = kAnswers[static_cast<std::size_t>(q)];
      texts.push_back({std::move(answer), at(started[s] + (q + 1) * kMinute)});
    }
  }
  all_written(repos::answers::insert_many(db_, texts), texts.size(), "answer");
  for (std::size_t s = 0; s < ids.size(); ++s) {
    repos::screenings::submit(db_, o.organization.id, ids[s], at(started[s] + 10 * kMinute));
  }
  std::vector<repos::Timed<repos::screenings::NewScreening>> open;
  for (std::int64_t s = 0; s < kOpenScreenings; ++s) {
    const Slot sl = slot(o, submitted + s);
    open.push_back({screening(o, sl), at(candidate_time(sl.candidate_index) + 8 * kHour)});
  }
  const auto open_ids =
      all_written(repos::screenings::insert_many(db_, open), open.size(), "screening");
  for (std::size_t s = 0; s < open_ids.size(); ++s) {
    o.open_screenings.push_back({open_ids[s], open[s].row.question_set_id});
  }
  rows_ += static_cast<std::int64_t>(made.size() + texts.size() + open.size());
}

// Runs `write` in one write transaction.
template <class F>
void in_transaction(db::Connection& db, F write) {
  db::Transaction tx(db, true);
  write();
  tx.commit();
}

}  // namespace

domain::Result<Seeded> seed(db::Connection& db, const services::Deps& deps, const Options& options,
                            std::ostream& log) {
  const std::int64_t candidates = kCandidatesPerScale * options.scale;
  Seeded out;
  out.orgs.resize(static_cast<std::size_t>(options.organizations));
  for (std::size_t k = 0; k < out.orgs.size(); ++k) out.orgs[k].number = static_cast<int>(k + 1);

  Writer w(db, deps);
  const auto started = std::chrono::steady_clock::now();
  Stopwatch watch(log, w.rows());
  {
    db::Transaction tx(db, true);
    if (repos::organizations::any(db)) {
      return domain::Error::conflict(
          "the database already has an organization; bench-seed writes only into an empty "
          "(freshly migrated) database");
    }
    const std::string hash = auth::PasswordHasher(auth::PasswordCost::kMin).hash(kPassword);
    for (auto& o : out.orgs) {
      if (auto set_up = w.setup(o, hash); !set_up) return set_up.take_error();
    }
    tx.commit();
  }
  watch.lap("organizations, users, jobs, modules");
  in_transaction(db, [&] {
    for (auto& o : out.orgs) w.candidates(o, candidates);
  });
  watch.lap("candidates, applications");
  in_transaction(db, [&] {
    for (auto& o : out.orgs) w.steps(o);
  });
  watch.lap("interview steps, step history");
  in_transaction(db, [&] {
    for (const auto& o : out.orgs) w.feedback(o, candidates * kFeedbackPerCandidate);
  });
  watch.lap("feedback");
  in_transaction(db, [&] {
    for (auto& o : out.orgs) w.screenings(o, kAnswersPerScale * options.scale);
  });
  watch.lap("screenings, answers");
  // No ANALYZE: the planner's statistics are left to the service, so that a seeded
  // database has no more of them than one its users filled through the API.

  const double total =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  char line[120];
  std::snprintf(line, sizeof line, "bench-seed: %lld rows in %.2f s\n",
                static_cast<long long>(w.rows()), total);
  log << line << std::flush;
  out.rows = w.rows();
  return out;
}

}  // namespace bench_seed

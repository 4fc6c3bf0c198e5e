#include "app/demo_data.hpp"

#include <filesystem>
#include <map>
#include <optional>

#include "domain/workflow.hpp"
#include "media/clip_generator.hpp"
#include "repos/organizations_repo.hpp"
#include "repos/users_repo.hpp"
#include "services/answers_service.hpp"
#include "services/applications_service.hpp"
#include "services/auth_service.hpp"
#include "services/candidates_service.hpp"
#include "services/feedback_service.hpp"
#include "services/invitations_service.hpp"
#include "services/jobs_service.hpp"
#include "services/modules_service.hpp"
#include "services/question_sets_service.hpp"
#include "services/questions_service.hpp"
#include "services/screenings_service.hpp"
#include "services/services_service.hpp"
#include "services/steps_service.hpp"
#include "services/users_service.hpp"
#include "services/workflow_service.hpp"
#include "storage/spool.hpp"
#include "storage/storage.hpp"
#include "util/crypto.hpp"

namespace app {

namespace {

namespace wf = domain::workflow;

constexpr const char* kResumeScreening = "Resume Screening";
constexpr const char* kPersonalityTest = "Personality Test";
constexpr const char* kVideoInterview = "Video Interview";
constexpr const char* kLiveInterview = "Live Interview";

// What the seeding steps hand on to each other.
struct Demo {
  domain::Principal admin;
  domain::Principal recruiter;
  domain::Principal interviewer;
  std::int64_t backend_job = 0;
  std::int64_t designer_job = 0;
  std::map<std::string, std::int64_t> candidates;     // by first name
  std::map<std::string, std::int64_t> job_of;         // by first name
  std::map<std::string, std::int64_t> question_sets;  // by service name
  std::map<std::int64_t, std::int64_t> modules;       // by job
  std::vector<domain::Question> video_questions;
};

domain::Result<domain::Principal> add_user(db::Connection& db, const services::Deps& deps,
                                           const domain::Principal& admin, domain::Role role,
                                           const char* name, const char* email) {
  auto u = services::user_create(db, deps, admin, {email, name, role, kDemoPassword, true});
  if (!u) return u.take_error();
  return domain::Principal{u->id, u->org_id, 0, role};
}

// Two jobs and five candidates applied to them.
domain::Status seed_people(db::Connection& db, Demo& demo) {
  auto backend = services::job_create(
      db, demo.admin,
      {"Backend Engineer", "Builds and runs the services behind the hiring platform.", {}});
  if (!backend) return backend.take_error();
  auto designer = services::job_create(
      db, demo.admin,
      {"Product Designer", "Shapes how recruiters and candidates use the product.", {}});
  if (!designer) return designer.take_error();
  demo.backend_job = backend->id;
  demo.designer_job = designer->id;

  struct Person {
    const char* first_name;
    const char* name;
    const char* email;
    const char* phone;
    std::int64_t job_id;
  };
  const Person people[] = {
      {"Alice", "Alice Martin", "alice.martin@example.com", "+1 555 0101", backend->id},
      {"Bruno", "Bruno Costa", "bruno.costa@example.com", "+1 555 0102", backend->id},
      {"Chen", "Chen Wei", "chen.wei@example.com", "", backend->id},
      {"Dana", "Dana Kowalski", "dana.kowalski@example.com", "+1 555 0104", designer->id},
      {"Emeka", "Emeka Obi", "emeka.obi@example.com", "", designer->id},
  };
  for (const auto& p : people) {
    auto c = services::candidate_create(db, demo.admin, {p.name, p.email, p.phone, ""});
    if (!c) return c.take_error();
    auto applied = services::candidate_apply(db, demo.admin, p.job_id, c->id);
    if (!applied) return applied.take_error();
    demo.candidates[p.first_name] = c->id;
    demo.job_of[p.first_name] = p.job_id;
  }
  return domain::ok();
}

struct QuestionSpec {
  const char* text;
  const char* type;
  std::vector<std::string> options;
  bool required = true;
};

struct QuestionSetSpec {
  const char* service;
  const char* name;
  const char* description;
  std::vector<QuestionSpec> questions;
};

// One question set per service that asks questions; together they use every question type.
const std::vector<QuestionSetSpec>& question_set_specs() {
  static const std::vector<QuestionSetSpec> specs = {
      {kResumeScreening,
       "Resume review",
       "What a recruiter checks on every resume.",
       {{"Does the resume show the experience the job asks for?",
         "single_choice",
         {"Yes", "Partly", "No"}},
        {"How well does the resume match the job?", "rating", {}},
        {"Notes on the resume", "text", {}, false}}},
      {kPersonalityTest,
       "Work style",
       "A short questionnaire on how the candidate likes to work.",
       {{"Which of these describe how you like to work?",
         "multiple_choice",
         {"In a small team", "On my own", "With a clear plan", "Trying things quickly"}},
        {"How do you prefer to receive feedback?",
         "single_choice",
         {"In person", "In writing", "Either"}},
        {"How comfortable are you presenting your work?", "rating", {}}}},
      {kVideoInterview,
       "Video interview",
       "Recorded answers, reviewed by the hiring panel.",
       {{"Introduce yourself and tell us why this job interests you.", "video", {}},
        {"Tell us about a problem you solved recently.", "text", {}},
        {"Which area would you like to work on first?",
         "single_choice",
         {"APIs", "Data", "Operations"}},
        {"Which tools do you use every day?",
         "multiple_choice",
         {"Git", "A debugger", "A profiler", "Containers"}},
        {"How confident are you reviewing other people's code?", "rating", {}},
        {"A voice note on when you could start, if you like.", "audio", {}, false}}},
  };
  return specs;
}

domain::Status seed_question_sets(db::Connection& db, Demo& demo) {
  std::map<std::string, std::int64_t> service_ids;
  for (const auto& s : services::services_list(db, demo.admin, {}).items) {
    service_ids[s.name] = s.id;
  }
  for (const auto& spec : question_set_specs()) {
    auto set = services::question_set_create(
        db, demo.admin, {spec.name, spec.description, service_ids.at(spec.service)});
    if (!set) return set.take_error();
    demo.question_sets[spec.service] = set->id;
    std::int64_t order = 0;
    for (const auto& q : spec.questions) {
      services::QuestionInput in;
      in.question_set = set->id;
      in.text = q.text;
      in.type = q.type;
      if (!q.options.empty()) in.options = q.options;
      in.order = ++order;
      in.is_required = q.required;
      if (std::string_view(q.type) == "video") {
        in.time_limit_seconds = std::optional<std::int64_t>(120);
        in.think_time_seconds = std::optional<std::int64_t>(30);
        in.max_retakes = std::optional<std::int64_t>(2);
      }
      auto created = services::question_create(db, demo.admin, in);
      if (!created) return created.take_error();
      if (std::string_view(spec.service) == kVideoInterview) {
        demo.video_questions.push_back(*created);
      }
    }
  }
  return domain::ok();
}

// Each job's module: four built-in services, the first three naming their question set.
domain::Status seed_modules(db::Connection& db, Demo& demo) {
  auto item = [&](const char* service, std::int64_t order, const std::string& more) {
    const std::int64_t set = demo.question_sets.at(service);
    return services::ModuleServiceInput{std::nullopt, service, order,
                                        "{\"question_set_id\":" + std::to_string(set) + more + "}",
                                        set};
  };
  const std::vector<services::ModuleServiceInput> items = {
      item(kResumeScreening, 1, ",\"pass_score\":60"),
      item(kPersonalityTest, 2, ",\"deadline_days\":7"),
      item(kVideoInterview, 3,
           ",\"time_limit_seconds\":120,\"think_time_seconds\":30,\"max_retakes\":2,"
           "\"deadline_days\":7"),
      {std::nullopt, kLiveInterview, 4, "{\"duration_minutes\":45}", std::nullopt},
  };
  const std::pair<std::int64_t, const char*> jobs[] = {
      {demo.backend_job, "Backend Engineer interview"},
      {demo.designer_job, "Product Designer interview"}};
  for (const auto& [job, name] : jobs) {
    services::ModuleInput in;
    in.name = name;
    in.description = "From resume to live interview, one service at a time.";
    in.job = std::optional<std::int64_t>(job);
    in.is_active = true;
    in.services = items;
    auto m = services::module_create(db, demo.admin, in);
    if (!m) return m.take_error();
    demo.modules[job] = m->id;
  }
  return domain::ok();
}

// One workflow request: a shortlist, an update-step action or an update-status.
struct Move {
  const char* candidate;
  const char* service;
  std::optional<wf::Action> action;
  std::optional<domain::StepStatus> status;
};

// Requests that leave, between them, a step at every status, each with its history.
const std::vector<Move>& moves() {
  using A = wf::Action;
  using S = domain::StepStatus;
  static const std::vector<Move> list = {
      {"Alice", kResumeScreening, {}, {}},  // Shortlisted; Personality Test Pending
      {"Alice", kPersonalityTest, A::kStart, {}},
      {"Alice", kPersonalityTest, A::kComplete, {}},  // Completed; Video Interview Pending
      {"Alice", kVideoInterview, A::kStart, {}},      // In Progress
      {"Bruno", kResumeScreening, {}, {}},
      {"Bruno", kPersonalityTest, A::kSkip, {}},  // Skipped
      {"Bruno", kVideoInterview, A::kHold, {}},   // On Hold
      {"Chen", kResumeScreening, {}, {}},         // Personality Test Pending
      {"Dana", kResumeScreening, {}, {}},
      {"Dana", kPersonalityTest, {}, S::kRejected},  // Rejected
      {"Emeka", kResumeScreening, {}, {}},
      {"Emeka", kPersonalityTest, A::kStart, {}},
  };
  return list;
}

domain::Status seed_workflow(db::Connection& db, const Demo& demo) {
  for (const auto& m : moves()) {
    const std::int64_t job = demo.job_of.at(m.candidate);
    services::WorkflowTarget t{demo.candidates.at(m.candidate), job, demo.modules.at(job),
                               std::nullopt, m.service};
    auto done = m.action   ? services::step_update(db, demo.admin, t, *m.action, std::nullopt)
                : m.status ? services::step_status_set(db, demo.admin, t, *m.status)
                           : services::shortlist_candidate(db, demo.admin, t);
    if (!done) return done.take_error();
  }
  return domain::ok();
}

// The candidate's step for `service` on their job (the workflow made it).
std::optional<std::int64_t> step_of(db::Connection& db, const Demo& demo, const char* candidate,
                                    const char* service) {
  repos::steps::Filter f;
  f.candidate_id = demo.candidates.at(candidate);
  f.job_id = demo.job_of.at(candidate);
  for (const auto& s : services::steps_list(db, demo.admin, f, {}).items) {
    if (s.service.name == service) return s.id;
  }
  return std::nullopt;
}

// Feedback by each role. The interviewer writes on Alice only, so that the visibility rule
// shows: on Alice they see everyone's feedback, on Bruno (nothing of theirs) none.
domain::Status seed_feedback(db::Connection& db, const Demo& demo) {
  struct Opinion {
    const domain::Principal& author;
    const char* candidate;
    const char* step_service;  // nullptr: on the application as a whole
    std::int64_t rating;
    const char* recommendation;
    const char* comments;
    const char* scores;
  };
  const Opinion opinions[] = {
      {demo.admin, "Alice", kResumeScreening, 5, "strong_yes",
       "Ten years of backend work, most of it on the kind of services we run.",
       R"({"experience":5,"communication":4})"},
      {demo.recruiter, "Alice", nullptr, 4, "yes", "Available from next month; salary fits.",
       R"({"availability":4})"},
      {demo.interviewer, "Alice", kVideoInterview, 4, "yes",
       "Clear introduction; I would like to hear more about testing.",
       R"({"communication":5,"technical":4})"},
      {demo.recruiter, "Bruno", nullptr, 3, "yes", "Strong resume, skipped the questionnaire.",
       R"({"experience":4})"},
      {demo.admin, "Dana", kPersonalityTest, 2, "no",
       "Prefers to work alone; the team pairs most of the day.", R"({"team_fit":2})"},
  };
  for (const auto& o : opinions) {
    services::FeedbackInput in;
    in.job = demo.job_of.at(o.candidate);
    in.candidate = demo.candidates.at(o.candidate);
    if (o.step_service) in.step = step_of(db, demo, o.candidate, o.step_service);
    in.rating = o.rating;
    in.recommendation = o.recommendation;
    in.comments = o.comments;
    in.scores = o.scores;
    auto f = services::feedback_create(db, o.author, in);
    if (!f) return f.take_error();
  }
  return domain::ok();
}

// A video answer made now: a few seconds of generated picture and sound, stored through
// the answers service like an upload, its media job queued.
domain::Status answer_with_video(db::Connection& db, const services::Deps& deps,
                                 const domain::Principal& who, std::int64_t screening,
                                 std::int64_t question) {
  // Locked and removed with all it holds when this function returns.
  std::optional<storage::spool::Folder> folder;
  try {
    folder.emplace(deps.storage->spool_dir(), "demo");
  } catch (const storage::Error& e) {
    return domain::Error{
        domain::ErrorCode::kInternal,
        "cannot make a temporary folder in " + deps.storage->spool_dir() + ": " + e.what(),
        {},
        0,
        {}};
  }
  const std::string path = folder->path() + "/introduction.mp4";
  media::ClipSpec clip;
  clip.seconds = 3;
  if (auto st = media::generate_clip(path, clip); !st) return st.take_error();
  services::AnswerInput in;
  in.screening_id = screening;
  in.question_id = question;
  in.file = services::UploadedFile{path, "introduction.mp4", "video/mp4",
                                   std::filesystem::file_size(path)};
  auto a = services::answer_create(db, deps, who, in);
  if (!a) return a.take_error();
  return domain::ok();
}

// Alice's submitted video interview: a video, text, choices and a rating.
domain::Status seed_screening(db::Connection& db, const services::Deps& deps, const Demo& demo) {
  const std::int64_t job = demo.job_of.at("Alice");
  auto screening = services::screening_create(db, demo.admin,
                                              {demo.candidates.at("Alice"),
                                               job,
                                               demo.modules.at(job),
                                               {std::nullopt, kVideoInterview},
                                               {}});
  if (!screening) return screening.take_error();
  for (const auto& q : demo.video_questions) {
    if (q.type == "video") {
      if (auto st = answer_with_video(db, deps, demo.admin, screening->id, q.id); !st) return st;
      continue;
    }
    services::AnswerInput in;
    in.screening_id = screening->id;
    in.question_id = q.id;
    if (q.type == "text") {
      in.text =
          "Our checkout service lost orders under load; I found a retry that "
          "double-charged and made the payment step idempotent.";
    } else if (q.type == "single_choice") {
      in.choices = std::vector<std::string>{q.options.front()};
    } else if (q.type == "multiple_choice") {
      in.choices = std::vector<std::string>{q.options[0], q.options[2]};
    } else if (q.type == "rating") {
      in.rating = 4;
    } else {
      continue;  // the optional voice note stays unanswered
    }
    auto a = services::answer_create(db, deps, demo.admin, in);
    if (!a) return a.take_error();
  }
  auto submitted = services::screening_submit(db, demo.admin, screening->id);
  if (!submitted) return submitted.take_error();
  return domain::ok();
}

domain::Status seed_content(db::Connection& db, const services::Deps& deps, Demo& demo) {
  auto recruiter = add_user(db, deps, demo.admin, domain::Role::kRecruiter, "Riya Recruiter",
                            kDemoRecruiterEmail);
  if (!recruiter) return recruiter.take_error();
  demo.recruiter = *recruiter;
  auto interviewer = add_user(db, deps, demo.admin, domain::Role::kInterviewer, "Ivan Interviewer",
                              kDemoInterviewerEmail);
  if (!interviewer) return interviewer.take_error();
  demo.interviewer = *interviewer;
  for (auto seed : {seed_people, seed_question_sets, seed_modules}) {
    if (auto st = seed(db, demo); !st) return st;
  }
  if (auto st = seed_workflow(db, demo); !st) return st;
  if (auto st = seed_feedback(db, demo); !st) return st;
  return seed_screening(db, deps, demo);
}

}  // namespace

domain::Result<DemoResult> seed_demo(db::Connection& db, const services::Deps& deps) {
  DemoResult out{false, kDemoOrganization, kDemoEmail, kDemoPassword, {}, {}};
  if (auto creds = repos::users::find_credentials(db, kDemoEmail)) {
    auto org = repos::organizations::find(db, creds->user.org_id);
    if (!org) return domain::Error::internal();
    db::Transaction tx(db, true);
    out.organization = org->name;
    out.token = services::token_issue(db, deps, creds->user, *org).token;
    tx.commit();
    out.admin = {creds->user.id, creds->user.org_id, 0, creds->user.role};
    return out;
  }
  auto session = services::organization_create(
      db, deps, {kDemoOrganization, "Demo Admin", kDemoEmail, kDemoPassword});
  if (!session) return session.take_error();
  out.created = true;
  out.token = session->token;
  out.admin = {session->user.id, session->organization.id, 0, domain::Role::kAdmin};
  Demo demo;
  demo.admin = out.admin;
  if (auto st = seed_content(db, deps, demo); !st) return st.take_error();
  return out;
}

DemoTour demo_tour(db::Connection& db, const domain::Principal& admin) {
  const std::string api = "/api/v1/interview/";
  DemoTour tour;
  tour.paths = {api + "list/", api + "question-sets/", api + "interview-steps/",
                api + "screenings/"};
  for (const auto& a : services::answers_list(db, admin, std::nullopt, {}).items) {
    if (!a.media) continue;
    auto s = services::screening_get(db, admin, a.screening_id);
    if (!s) break;
    const std::string job = std::to_string(s->job_id);
    const std::string candidate = std::to_string(s->candidate_id);
    auto steps = services::steps_list(db, admin, {s->candidate_id, s->job_id, {}, {}}, {});
    if (!steps.items.empty()) {
      tour.paths.push_back(api + "interview-steps/" + std::to_string(steps.items.front().id) +
                           "/history/");
    }
    tour.paths.push_back(api + "feedbacks/" + job + "/" + candidate + "/");
    tour.paths.push_back(api + "candidate/" + candidate + "/answers/");
    const std::string answer = api + "answers/" + std::to_string(a.id);
    for (const char* file : {"/video/", "/audio/", "/thumbnail/"}) {
      tour.paths.push_back(answer + file);
    }
    tour.video_status = domain::to_string(a.media->status);
    break;
  }
  return tour;
}

domain::Result<std::string> demo_invitation(db::Connection& db, const domain::Principal& admin) {
  for (auto status : {domain::InvitationStatus::kOpened, domain::InvitationStatus::kSent}) {
    services::InvitationFilter open;
    open.status = status;
    const auto found = services::invitations_list(db, admin, open, {1, 0});
    if (found.items.empty()) continue;
    auto again = services::invitation_reissue(db, admin, found.items.front().id, std::nullopt);
    if (!again) return again.take_error();
    return again->token;
  }
  // The job and module of the demo's video interview (Alice's submitted screening).
  const auto screenings = services::screenings_list(db, admin, {}, {1, 0});
  if (screenings.items.empty()) return domain::Error::not_found("The demo has no interview.");
  const auto& s = screenings.items.front();
  services::CandidateInput person;
  person.name = "Dana Demo";
  person.email = "dana-" + util::random_hex(4) + "@example.com";
  auto candidate = services::candidate_create(db, admin, person);
  if (!candidate) return candidate.take_error();
  if (auto applied = services::candidate_apply(db, admin, s.job_id, candidate->id); !applied) {
    return applied.take_error();
  }
  services::InvitationInput in;
  in.screening = {candidate->id, s.job_id, s.module_id, {std::nullopt, kVideoInterview}, {}};
  auto issued = services::invitation_create(db, admin, in);
  if (!issued) return issued.take_error();
  return issued->token;
}

}  // namespace app

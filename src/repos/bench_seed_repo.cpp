#include "repos/bench_seed_repo.hpp"

#include <stdexcept>

namespace repos::bench_seed {

namespace {

// Indexes into Writer::tables_, parents before children.
enum TableIndex : std::size_t {
  kOrganizations,
  kUsers,
  kJobs,
  kQuestionSets,
  kQuestions,
  kModules,
  kModuleServices,
  kCandidates,
  kApplications,
  kSteps,
  kStepHistory,
  kFeedback,
  kScreenings,
  kAnswers,
  kTableCount
};

struct Shape {
  const char* head;  // INSERT INTO table (columns) VALUES
  const char* row;   // one row's values: placeholders and constants
  std::size_t params;
};

// Columns not named take their defaults; constants are written into the row.
constexpr Shape kShapes[kTableCount] = {
    {"INSERT INTO organizations (name, created_at) VALUES ", "(?, ?)", 2},
    {"INSERT INTO users (org_id, email, name, role, password_hash, is_active, created_at) VALUES ",
     "(?, ?, ?, ?, ?, 1, ?)", 6},
    {"INSERT INTO jobs (org_id, title, description, status, created_by, created_at, updated_at) "
     "VALUES ",
     "(?, ?, ?, 'open', ?, ?, ?)", 6},
    {"INSERT INTO question_sets (org_id, name, description, service_id, created_by, created_at) "
     "VALUES ",
     "(?, ?, ?, NULL, ?, ?)", 5},
    {"INSERT INTO questions (org_id, question_set_id, text, type, options, position, is_required, "
     "time_limit_seconds, think_time_seconds, max_retakes, is_deleted, created_at) VALUES ",
     "(?, ?, ?, ?, ?, ?, 1, ?, ?, ?, 0, ?)", 10},
    {"INSERT INTO interview_modules (org_id, name, description, job_id, is_active, created_by, "
     "created_at) VALUES ",
     "(?, ?, ?, ?, 1, ?, ?)", 6},
    {"INSERT INTO module_services (module_id, service_id, position, preferences, "
     "question_set_id) VALUES ",
     "(?, ?, ?, ?, ?)", 5},
    {"INSERT INTO candidates (org_id, name, email, phone, resume_url, created_at) VALUES ",
     "(?, ?, ?, ?, '', ?)", 5},
    {"INSERT INTO applications (org_id, job_id, candidate_id, status, created_at, updated_at) "
     "VALUES ",
     "(?, ?, ?, ?, ?, ?)", 6},
    {"INSERT INTO interview_steps (org_id, module_id, job_id, candidate_id, service_id, position, "
     "status, started_at, completed_at, created_at, updated_at, updated_by) VALUES ",
     "(?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)", 11},
    {"INSERT INTO step_history (org_id, step_id, from_status, to_status, changed_by, changed_at) "
     "VALUES ",
     "(?, ?, ?, ?, ?, ?)", 6},
    {"INSERT INTO feedback (org_id, job_id, candidate_id, step_id, author_id, rating, "
     "recommendation, comments, scores, created_at, updated_at) VALUES ",
     "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", 11},
    {"INSERT INTO screenings (org_id, candidate_id, job_id, module_id, service_id, "
     "question_set_id, status, created_at, submitted_at) VALUES ",
     "(?, ?, ?, ?, ?, ?, ?, ?, ?)", 9},
    {"INSERT INTO answers (org_id, screening_id, question_id, text, created_at) VALUES ",
     "(?, ?, ?, ?, ?)", 5},
};

std::string statement(const Shape& shape, std::size_t rows) {
  std::string sql = shape.head;
  for (std::size_t i = 0; i < rows; ++i) {
    if (i > 0) sql += ", ";
    sql += shape.row;
  }
  return sql;
}

}  // namespace

struct Writer::Table {
  explicit Table(const Shape& s) : shape(s), full(statement(s, kRowsPerStatement)) {
    params.reserve(s.params * kRowsPerStatement);
  }
  const Shape& shape;
  const std::string full;  // the statement of a full batch, built once
  db::Params params;
  std::size_t rows = 0;
};

Writer::Writer(db::Connection& c) : c_(c) {
  for (const auto& shape : kShapes) tables_.push_back(std::make_unique<Table>(shape));
}

Writer::~Writer() = default;

void Writer::added(Table& t) {
  if (++t.rows == kRowsPerStatement) write(t);
}

void Writer::write(Table& t) {
  if (t.rows == 0) return;
  if (t.params.size() != t.rows * t.shape.params) {
    throw std::logic_error(std::string("bench_seed: wrong number of values for ") + t.shape.head);
  }
  c_.execute(t.rows == kRowsPerStatement ? t.full : statement(t.shape, t.rows), t.params);
  rows_written_ += static_cast<std::int64_t>(t.rows);
  t.params.clear();
  t.rows = 0;
}

void Writer::flush() {
  for (auto& t : tables_) write(*t);
}

void Writer::add(Organization r) {
  Table& t = *tables_[kOrganizations];
  t.params.emplace_back(std::move(r.name));
  t.params.emplace_back(std::move(r.created_at));
  added(t);
}

void Writer::add(User r) {
  Table& t = *tables_[kUsers];
  t.params.emplace_back(r.org_id);
  t.params.emplace_back(std::move(r.email));
  t.params.emplace_back(std::move(r.name));
  t.params.emplace_back(std::string(domain::role_name(r.role)));
  t.params.emplace_back(std::move(r.password_hash));
  t.params.emplace_back(std::move(r.created_at));
  added(t);
}

void Writer::add(Job r) {
  Table& t = *tables_[kJobs];
  t.params.emplace_back(r.org_id);
  t.params.emplace_back(std::move(r.title));
  t.params.emplace_back(std::move(r.description));
  t.params.emplace_back(r.created_by);
  t.params.emplace_back(r.created_at);
  t.params.emplace_back(std::move(r.created_at));
  added(t);
}

void Writer::add(QuestionSet r) {
  Table& t = *tables_[kQuestionSets];
  t.params.emplace_back(r.org_id);
  t.params.emplace_back(std::move(r.name));
  t.params.emplace_back(std::move(r.description));
  t.params.emplace_back(r.created_by);
  t.params.emplace_back(std::move(r.created_at));
  added(t);
}

void Writer::add(Question r) {
  Table& t = *tables_[kQuestions];
  t.params.emplace_back(r.org_id);
  t.params.emplace_back(r.question_set_id);
  t.params.emplace_back(std::move(r.text));
  t.params.emplace_back(std::move(r.type));
  t.params.emplace_back(std::move(r.options));
  t.params.emplace_back(r.position);
  t.params.push_back(db::nullable(r.time_limit_seconds));
  t.params.push_back(db::nullable(r.think_time_seconds));
  t.params.push_back(db::nullable(r.max_retakes));
  t.params.emplace_back(std::move(r.created_at));
  added(t);
}

void Writer::add(Module r) {
  Table& t = *tables_[kModules];
  t.params.emplace_back(r.org_id);
  t.params.emplace_back(std::move(r.name));
  t.params.emplace_back(std::move(r.description));
  t.params.emplace_back(r.job_id);
  t.params.emplace_back(r.created_by);
  t.params.emplace_back(std::move(r.created_at));
  added(t);
}

void Writer::add(ModuleService r) {
  Table& t = *tables_[kModuleServices];
  t.params.emplace_back(r.module_id);
  t.params.emplace_back(r.service_id);
  t.params.emplace_back(r.position);
  t.params.emplace_back(std::move(r.preferences));
  t.params.push_back(db::nullable(r.question_set_id));
  added(t);
}

void Writer::add(Candidate r) {
  Table& t = *tables_[kCandidates];
  t.params.emplace_back(r.org_id);
  t.params.emplace_back(std::move(r.name));
  t.params.emplace_back(std::move(r.email));
  t.params.emplace_back(std::move(r.phone));
  t.params.emplace_back(std::move(r.created_at));
  added(t);
}

void Writer::add(Application r) {
  Table& t = *tables_[kApplications];
  t.params.emplace_back(r.org_id);
  t.params.emplace_back(r.job_id);
  t.params.emplace_back(r.candidate_id);
  t.params.emplace_back(std::move(r.status));
  t.params.emplace_back(std::move(r.created_at));
  t.params.emplace_back(std::move(r.updated_at));
  added(t);
}

void Writer::add(Step r) {
  Table& t = *tables_[kSteps];
  t.params.emplace_back(r.org_id);
  t.params.emplace_back(r.module_id);
  t.params.emplace_back(r.job_id);
  t.params.emplace_back(r.candidate_id);
  t.params.emplace_back(r.service_id);
  t.params.emplace_back(r.position);
  t.params.emplace_back(std::move(r.status));
  t.params.push_back(db::nullable(r.completed_at));
  t.params.emplace_back(std::move(r.created_at));
  t.params.emplace_back(std::move(r.updated_at));
  t.params.emplace_back(r.updated_by);
  added(t);
}

void Writer::add(StepChange r) {
  Table& t = *tables_[kStepHistory];
  t.params.emplace_back(r.org_id);
  t.params.emplace_back(r.step_id);
  t.params.push_back(db::nullable(r.from_status));
  t.params.emplace_back(std::move(r.to_status));
  t.params.emplace_back(r.changed_by);
  t.params.emplace_back(std::move(r.changed_at));
  added(t);
}

void Writer::add(Feedback r) {
  Table& t = *tables_[kFeedback];
  t.params.emplace_back(r.org_id);
  t.params.emplace_back(r.job_id);
  t.params.emplace_back(r.candidate_id);
  t.params.push_back(db::nullable(r.step_id));
  t.params.emplace_back(r.author_id);
  t.params.emplace_back(r.rating);
  t.params.emplace_back(std::move(r.recommendation));
  t.params.emplace_back(std::move(r.comments));
  t.params.emplace_back(std::move(r.scores));
  t.params.emplace_back(r.created_at);
  t.params.emplace_back(std::move(r.created_at));
  added(t);
}

void Writer::add(Screening r) {
  Table& t = *tables_[kScreenings];
  t.params.emplace_back(r.org_id);
  t.params.emplace_back(r.candidate_id);
  t.params.emplace_back(r.job_id);
  t.params.emplace_back(r.module_id);
  t.params.emplace_back(r.service_id);
  t.params.emplace_back(r.question_set_id);
  t.params.emplace_back(std::move(r.status));
  t.params.emplace_back(std::move(r.created_at));
  t.params.push_back(db::nullable(r.submitted_at));
  added(t);
}

void Writer::add(TextAnswer r) {
  Table& t = *tables_[kAnswers];
  t.params.emplace_back(r.org_id);
  t.params.emplace_back(r.screening_id);
  t.params.emplace_back(r.question_id);
  t.params.emplace_back(std::move(r.text));
  t.params.emplace_back(std::move(r.created_at));
  added(t);
}

bool has_organization(db::Connection& c) {
  return !c.query("SELECT id FROM organizations LIMIT 1").empty();
}

std::map<std::string, std::int64_t> builtin_services(db::Connection& c) {
  std::map<std::string, std::int64_t> out;
  for (const auto& r : c.query("SELECT id, name FROM services WHERE is_builtin = 1 ORDER BY id")) {
    out[r.text(1)] = r.int64(0);
  }
  return out;
}

std::vector<std::int64_t> ids(db::Connection& c, Rows table, std::int64_t org_id) {
  const char* sql = nullptr;
  switch (table) {
    case Rows::kUsers:
      sql = "SELECT id FROM users WHERE org_id = ? ORDER BY id";
      break;
    case Rows::kJobs:
      sql = "SELECT id FROM jobs WHERE org_id = ? ORDER BY id";
      break;
    case Rows::kQuestionSets:
      sql = "SELECT id FROM question_sets WHERE org_id = ? ORDER BY id";
      break;
    case Rows::kQuestions:
      sql = "SELECT id FROM questions WHERE org_id = ? ORDER BY id";
      break;
    case Rows::kModules:
      sql = "SELECT id FROM interview_modules WHERE org_id = ? ORDER BY id";
      break;
    case Rows::kCandidates:
      sql = "SELECT id FROM candidates WHERE org_id = ? ORDER BY id";
      break;
    case Rows::kSteps:
      sql = "SELECT id FROM interview_steps WHERE org_id = ? ORDER BY id";
      break;
    case Rows::kScreenings:
      sql = "SELECT id FROM screenings WHERE org_id = ? ORDER BY id";
      break;
  }
  std::vector<std::int64_t> out;
  const db::Rows rows = c.query(sql, {org_id});
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(r.int64(0));
  return out;
}

std::vector<std::int64_t> organization_ids(db::Connection& c) {
  std::vector<std::int64_t> out;
  for (const auto& r : c.query("SELECT id FROM organizations ORDER BY id")) {
    out.push_back(r.int64(0));
  }
  return out;
}

}  // namespace repos::bench_seed

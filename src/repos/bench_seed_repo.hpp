// SQL that writes the benchmark dataset (`interviewd bench-seed`): rows of each
// table buffered and written as multi-row INSERTs of a fixed number of rows, so
// that a statement's text repeats and stays prepared; ids are read back in id order.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/models.hpp"

namespace repos::bench_seed {

// Rows per INSERT statement (the last statement of a table may hold fewer).
inline constexpr std::size_t kRowsPerStatement = 250;

bool has_organization(db::Connection& c);
// The built-in services by name.
std::map<std::string, std::int64_t> builtin_services(db::Connection& c);

struct Organization {
  std::string name;
  std::string created_at;
};
struct User {
  std::int64_t org_id = 0;
  std::string email;
  std::string name;
  domain::Role role = domain::Role::kInterviewer;
  std::string password_hash;
  std::string created_at;
};
struct Job {
  std::int64_t org_id = 0;
  std::string title;
  std::string description;
  std::int64_t created_by = 0;
  std::string created_at;
};
struct QuestionSet {
  std::int64_t org_id = 0;
  std::string name;
  std::string description;
  std::int64_t created_by = 0;
  std::string created_at;
};
struct Question {
  std::int64_t org_id = 0;
  std::int64_t question_set_id = 0;
  std::string text;
  std::string type;
  std::string options;  // a JSON array
  std::int64_t position = 0;
  std::optional<std::int64_t> time_limit_seconds;
  std::optional<std::int64_t> think_time_seconds;
  std::optional<std::int64_t> max_retakes;
  std::string created_at;
};
struct Module {
  std::int64_t org_id = 0;
  std::string name;
  std::string description;
  std::int64_t job_id = 0;
  std::int64_t created_by = 0;
  std::string created_at;
};
struct ModuleService {
  std::int64_t module_id = 0;
  std::int64_t service_id = 0;
  std::int64_t position = 0;
  std::string preferences;  // a JSON object
  std::optional<std::int64_t> question_set_id;
};
struct Candidate {
  std::int64_t org_id = 0;
  std::string name;
  std::string email;
  std::string phone;
  std::string created_at;
};
struct Application {
  std::int64_t org_id = 0;
  std::int64_t job_id = 0;
  std::int64_t candidate_id = 0;
  std::string status;
  std::string created_at;
  std::string updated_at;
};
struct Step {
  std::int64_t org_id = 0;
  std::int64_t module_id = 0;
  std::int64_t job_id = 0;
  std::int64_t candidate_id = 0;
  std::int64_t service_id = 0;
  std::int64_t position = 0;
  std::string status;
  std::optional<std::string> completed_at;
  std::string created_at;
  std::string updated_at;
  std::int64_t updated_by = 0;
};
struct StepChange {
  std::int64_t org_id = 0;
  std::int64_t step_id = 0;
  std::optional<std::string> from_status;
  std::string to_status;
  std::int64_t changed_by = 0;
  std::string changed_at;
};
struct Feedback {
  std::int64_t org_id = 0;
  std::int64_t job_id = 0;
  std::int64_t candidate_id = 0;
  std::optional<std::int64_t> step_id;
  std::int64_t author_id = 0;
  std::int64_t rating = 0;
  std::string recommendation;
  std::string comments;
  std::string scores;  // a JSON object
  std::string created_at;
};
struct Screening {
  std::int64_t org_id = 0;
  std::int64_t candidate_id = 0;
  std::int64_t job_id = 0;
  std::int64_t module_id = 0;
  std::int64_t service_id = 0;
  std::int64_t question_set_id = 0;
  std::string status;
  std::string created_at;
  std::optional<std::string> submitted_at;
};
struct TextAnswer {
  std::int64_t org_id = 0;
  std::int64_t screening_id = 0;
  std::int64_t question_id = 0;
  std::string text;
  std::string created_at;
};

// Buffers rows per table and writes each table's rows kRowsPerStatement at a
// time. flush() writes what is left, parents before children: call it before
// reading back the ids of rows added.
class Writer {
 public:
  explicit Writer(db::Connection& c);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void add(Organization r);
  void add(User r);
  void add(Job r);
  void add(QuestionSet r);
  void add(Question r);
  void add(Module r);
  void add(ModuleService r);
  void add(Candidate r);
  void add(Application r);
  void add(Step r);
  void add(StepChange r);
  void add(Feedback r);
  void add(Screening r);
  void add(TextAnswer r);
  void flush();
  // Rows written so far (not counting those still buffered).
  std::int64_t rows_written() const { return rows_written_; }

 private:
  struct Table;
  void added(Table& t);
  void write(Table& t);

  db::Connection& c_;
  std::vector<std::unique_ptr<Table>> tables_;  // in the order flush() writes them
  std::int64_t rows_written_ = 0;
};

// Ids of an organization's rows of one table, in id order (the order they were written).
enum class Rows {
  kUsers,
  kJobs,
  kQuestionSets,
  kQuestions,
  kModules,
  kCandidates,
  kSteps,
  kScreenings
};
std::vector<std::int64_t> ids(db::Connection& c, Rows table, std::int64_t org_id);
std::vector<std::int64_t> organization_ids(db::Connection& c);

}  // namespace repos::bench_seed

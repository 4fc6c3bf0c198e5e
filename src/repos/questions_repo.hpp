// SQL for questions. A deleted question (is_deleted) stays in the table for the
// answers that name it, but is never found or listed here.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/models.hpp"
#include "domain/questions.hpp"

namespace repos::questions {

struct Fields {
  std::int64_t question_set_id = 0;
  std::string text;
  std::string type;
  std::vector<std::string> options;
  std::int64_t order = 0;
  bool is_required = true;
  std::optional<std::int64_t> time_limit_seconds;
  std::optional<std::int64_t> think_time_seconds;
  std::optional<std::int64_t> max_retakes;
};

domain::Question insert(db::Connection& c, std::int64_t org_id, const Fields& f,
                        const std::string& now);
// A question that is not deleted; `lock`: hold the row until the transaction
// ends (PostgreSQL), for a write that depends on it.
std::optional<domain::Question> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                     db::Lock lock = db::Lock::kNone);

struct Filter {
  std::optional<std::int64_t> question_set_id;
  std::optional<std::vector<std::int64_t>> ids;
};
// Questions that are not deleted: by (order, id) when filtered by question set, else by id.
domain::Page<domain::Question> list(db::Connection& c, std::int64_t org_id, const Filter& f,
                                    const domain::PageRequest& page);

void update(db::Connection& c, std::int64_t org_id, std::int64_t id, const Fields& f);
// Marks the question deleted; false when there was no such (undeleted) question.
bool soft_delete(db::Connection& c, std::int64_t org_id, std::int64_t id);
// Whether the question has an answer.
bool has_answers(db::Connection& c, std::int64_t org_id, std::int64_t id);

}  // namespace repos::questions

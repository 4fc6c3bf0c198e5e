// Questions of the organization's question sets. Deleting one is soft: answers
// keep their question.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"
#include "domain/questions.hpp"

namespace services {

// A question body, type-checked. Absent fields are left as they are on update;
// on creation the handler has made sure question_set, text and type are there.
struct QuestionInput {
  std::optional<std::int64_t> question_set;
  std::optional<std::string> text;
  std::optional<std::string> type;
  std::optional<std::vector<std::string>> options;
  std::optional<std::int64_t> order;
  std::optional<bool> is_required;
  // Present (possibly null, which clears) or absent.
  std::optional<std::optional<std::int64_t>> time_limit_seconds;
  std::optional<std::optional<std::int64_t>> think_time_seconds;
  std::optional<std::optional<std::int64_t>> max_retakes;
};

struct QuestionFilter {
  std::optional<std::int64_t> question_set_id;
  std::optional<std::vector<std::int64_t>> ids;
};

domain::Page<domain::Question> questions_list(db::Connection& db, const domain::Principal& who,
                                              const QuestionFilter& filter,
                                              const domain::PageRequest& page);
domain::Result<domain::Question> question_get(db::Connection& db, const domain::Principal& who,
                                              std::int64_t id);
domain::Result<domain::Question> question_create(db::Connection& db, const domain::Principal& who,
                                                 const QuestionInput& in);
// Checks the options against the resulting type; a question with answers
// cannot move to another question set (409).
domain::Result<domain::Question> question_update(db::Connection& db, const domain::Principal& who,
                                                 std::int64_t id, const QuestionInput& in);
domain::Status question_delete(db::Connection& db, const domain::Principal& who, std::int64_t id);

}  // namespace services

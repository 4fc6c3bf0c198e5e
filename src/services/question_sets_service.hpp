// Question sets of an organization.
#pragma once

#include <optional>
#include <string>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"
#include "domain/questions.hpp"

namespace services {

// A question set body, validated. Absent fields are left as they are on update;
// on creation the handler has made sure `name` is there.
struct QuestionSetInput {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::optional<std::int64_t>> service;  // present; null clears
};

domain::Page<domain::QuestionSet> question_sets_list(db::Connection& db,
                                                     const domain::Principal& who,
                                                     const domain::PageRequest& page);
domain::Result<domain::QuestionSet> question_set_get(db::Connection& db,
                                                     const domain::Principal& who, std::int64_t id);
domain::Result<domain::QuestionSet> question_set_create(db::Connection& db,
                                                        const domain::Principal& who,
                                                        const QuestionSetInput& in);
domain::Result<domain::QuestionSet> question_set_update(db::Connection& db,
                                                        const domain::Principal& who,
                                                        std::int64_t id,
                                                        const QuestionSetInput& in);
// Deletes the set and its questions; 409 while a module's preferences name it,
// while its questions have answers, or while a screening is on it.
domain::Status question_set_delete(db::Connection& db, const domain::Principal& who,
                                   std::int64_t id);

}  // namespace services

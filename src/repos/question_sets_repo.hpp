// SQL for question sets, and the uses of a question set that keep it from
// being deleted.
#pragma once

#include <optional>
#include <string>

#include "db/connection.hpp"
#include "domain/models.hpp"
#include "domain/questions.hpp"

namespace repos::question_sets {

struct Fields {
  std::string name;
  std::string description;
  std::optional<std::int64_t> service_id;
};

domain::QuestionSet insert(db::Connection& c, std::int64_t org_id, const Fields& f,
                           std::int64_t created_by, const std::string& now);
// With questions_count (deleted questions not counted).
std::optional<domain::QuestionSet> find(db::Connection& c, std::int64_t org_id, std::int64_t id);
// Whether the organization has this question set; `lock` holds the row until the
// transaction ends (PostgreSQL), for a write that depends on it.
bool exists(db::Connection& c, std::int64_t org_id, std::int64_t id,
            db::Lock lock = db::Lock::kNone);
// Ordered by id, each with its questions_count, counted in the same query.
domain::Page<domain::QuestionSet> list(db::Connection& c, std::int64_t org_id,
                                       const domain::PageRequest& page);
void update(db::Connection& c, std::int64_t org_id, std::int64_t id, const Fields& f);
// Its questions go with it (foreign key cascade).
bool remove(db::Connection& c, std::int64_t org_id, std::int64_t id);

// Whether a module of the organization names it in a service's preferences.
bool used_by_modules(db::Connection& c, std::int64_t org_id, std::int64_t id);
// Whether any of its questions, deleted ones included, has an answer.
bool has_answers(db::Connection& c, std::int64_t org_id, std::int64_t id);
// Whether a screening is on it.
bool used_by_screenings(db::Connection& c, std::int64_t org_id, std::int64_t id);

}  // namespace repos::question_sets

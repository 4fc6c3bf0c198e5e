// SQL for screenings (answer sets) and what the screening service needs to
// know of their answers.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/models.hpp"
#include "domain/screening.hpp"
#include "repos/insert_rows.hpp"

namespace repos::screenings {

struct NewScreening {
  std::int64_t org_id = 0;
  std::int64_t candidate_id = 0;
  std::int64_t job_id = 0;
  std::int64_t module_id = 0;
  std::int64_t service_id = 0;
  std::int64_t question_set_id = 0;
};

// nullopt when a row it refers to was deleted meanwhile (the foreign keys
// refused it; the caller's transaction must then be abandoned).
std::optional<domain::Screening> insert(db::Connection& c, const NewScreening& s,
                                        const std::string& now);
// Many screenings in multi-row statements; their ids in order.
std::vector<std::int64_t> insert_many(db::Connection& c, std::span<const Timed<NewScreening>> rows);
// `lock`: hold the row until the transaction ends (PostgreSQL), for a write that depends on it.
std::optional<domain::Screening> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                      db::Lock lock = db::Lock::kNone);

struct Filter {
  std::optional<std::int64_t> candidate_id;
  std::optional<std::int64_t> job_id;
  std::optional<domain::ScreeningStatus> status;
};
domain::Page<domain::Screening> list(db::Connection& c, std::int64_t org_id, const Filter& f,
                                     const domain::PageRequest& page);

void set_question_set(db::Connection& c, std::int64_t org_id, std::int64_t id,
                      std::int64_t question_set_id);
// Marks an in-progress screening submitted at `now`; a submitted one stays as it is.
void submit(db::Connection& c, std::int64_t org_id, std::int64_t id, const std::string& now);
// Deletes the screening; its answers go with it (foreign key cascade).
bool remove(db::Connection& c, std::int64_t org_id, std::int64_t id);

bool has_answers(db::Connection& c, std::int64_t org_id, std::int64_t id);
// The storage keys of its answers' media (video, audio, thumbnail), for removal.
std::vector<std::string> media_keys(db::Connection& c, std::int64_t org_id, std::int64_t id);

}  // namespace repos::screenings

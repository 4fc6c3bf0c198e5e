// Screenings: a candidate's answer set for one service of a module on a job.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"
#include "domain/screening.hpp"

namespace services {

// A service named by id or by name.
struct ServiceRef {
  std::optional<std::int64_t> id;
  std::optional<std::string> name;
};

struct ScreeningInput {
  std::int64_t candidate_id = 0;
  std::int64_t job_id = 0;
  std::int64_t module_id = 0;
  ServiceRef service;
  std::optional<std::int64_t> question_set_id;  // default: the module preferences' one
};

struct ScreeningFilter {
  std::optional<std::int64_t> candidate_id;
  std::optional<std::int64_t> job_id;
  std::optional<domain::ScreeningStatus> status;
};

domain::Page<domain::Screening> screenings_list(db::Connection& db, const domain::Principal& who,
                                                const ScreeningFilter& filter,
                                                const domain::PageRequest& page);
domain::Result<domain::Screening> screening_get(db::Connection& db, const domain::Principal& who,
                                                std::int64_t id);
domain::Result<domain::Screening> screening_create(db::Connection& db, const domain::Principal& who,
                                                   const ScreeningInput& in);
// screening_create's checks and insert inside the caller's write transaction (an
// invitation makes its screening so); on an error the caller abandons the transaction.
domain::Result<domain::Screening> screening_insert(db::Connection& db, const domain::Principal& who,
                                                   const ScreeningInput& in);
// Moves the screening to another question set (nullopt: no change); 409 once it
// has answers.
domain::Result<domain::Screening> screening_update(db::Connection& db, const domain::Principal& who,
                                                   std::int64_t id,
                                                   std::optional<std::int64_t> question_set_id);
// Closes the screening; a submitted one is returned unchanged.
domain::Result<domain::Screening> screening_submit(db::Connection& db, const domain::Principal& who,
                                                   std::int64_t id);
// Deletes the screening and its answers; returns the storage keys of the
// answers' media, for the caller to remove once this has committed.
domain::Result<std::vector<std::string>> screening_delete(db::Connection& db,
                                                          const domain::Principal& who,
                                                          std::int64_t id);

}  // namespace services

// Job openings of an organization.
#pragma once

#include <optional>
#include <string>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"

namespace services {

// A job body, validated. Absent fields are left as they are on update; on
// creation the handler has made sure `title` is there.
struct JobInput {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<domain::JobStatus> status;
};

struct JobFilter {
  std::optional<domain::JobStatus> status;
  std::optional<std::string> search;  // in the title, case-insensitive
};

domain::Page<domain::Job> jobs_list(db::Connection& db, const domain::Principal& who,
                                    const JobFilter& filter, const domain::PageRequest& page);
domain::Result<domain::Job> job_get(db::Connection& db, const domain::Principal& who,
                                    std::int64_t id);
domain::Result<domain::Job> job_create(db::Connection& db, const domain::Principal& who,
                                       const JobInput& in);
domain::Result<domain::Job> job_update(db::Connection& db, const domain::Principal& who,
                                       std::int64_t id, const JobInput& in);
// Deletes the job and the applications to it.
domain::Status job_delete(db::Connection& db, const domain::Principal& who, std::int64_t id);

}  // namespace services

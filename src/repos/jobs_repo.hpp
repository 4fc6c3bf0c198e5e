// SQL for job openings.
#pragma once

#include <optional>
#include <string>

#include "db/connection.hpp"
#include "domain/models.hpp"

namespace repos::jobs {

struct NewJob {
  std::int64_t org_id = 0;
  std::string title;
  std::string description;
  domain::JobStatus status = domain::JobStatus::kOpen;
  std::optional<std::int64_t> created_by;
};

domain::Job insert(db::Connection& c, const NewJob& j, const std::string& now);
// `lock`: hold the row until the transaction ends (PostgreSQL), for a write that depends on it.
std::optional<domain::Job> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                db::Lock lock = db::Lock::kNone);

struct Filter {
  std::optional<domain::JobStatus> status;
  std::optional<std::string> title_contains;  // case-insensitive
};
domain::Page<domain::Job> list(db::Connection& c, std::int64_t org_id, const Filter& f,
                               const domain::PageRequest& page);

struct Changes {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<domain::JobStatus> status;
};
// Applies the given changes and sets updated_at to `now`.
void update(db::Connection& c, std::int64_t org_id, std::int64_t id, const Changes& ch,
            const std::string& now);
// False when there was no such job. Applications go with it (foreign key cascade).
bool remove(db::Connection& c, std::int64_t org_id, std::int64_t id);

}  // namespace repos::jobs

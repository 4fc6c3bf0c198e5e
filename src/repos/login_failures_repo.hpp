// SQL for the failed-login counts (see auth/login_throttle.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "auth/login_throttle.hpp"
#include "db/connection.hpp"

namespace repos::login_failures {

std::optional<auth::LoginFailures> find(db::Connection& c, const std::string& email_hash);
// Counts one more failure; a count whose window began at or before
// `stale_before` starts again at 1 from `now`. One statement: concurrent
// failures on several nodes are all counted.
void record(db::Connection& c, const std::string& email_hash, std::int64_t now,
            std::int64_t stale_before);
void clear(db::Connection& c, const std::string& email_hash);
// Removes the counts whose window ended; returns how many.
std::int64_t prune(db::Connection& c, std::int64_t stale_before);

}  // namespace repos::login_failures

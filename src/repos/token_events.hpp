// Telling the other nodes on one PostgreSQL that tokens were revoked (a logout, a user
// deactivated, deleted or given another role), so that they forget the tokens they
// remember at once (app/token_revocations.hpp listens). SQLite has no other nodes.
#pragma once

#include "db/connection.hpp"

namespace repos::token_events {

// The PostgreSQL channel of the announcements.
inline constexpr const char* kChannel = "interviewd_token_revocations";

// Announces a revocation that is committed already (NOTIFY, outside any transaction,
// so it is delivered at once). Does nothing on SQLite.
void announce_revocation(db::Connection& c);

}  // namespace repos::token_events

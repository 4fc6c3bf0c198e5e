// Forward-only schema migrations: numbered SQL files compiled into the binary,
// applied in order and recorded in schema_migrations.
#pragma once

#include <string>
#include <string_view>

#include "db/connection.hpp"

namespace db {

// The migration text for one dialect: `{{id}}` becomes that dialect's
// auto-increment primary key.
std::string render_migration(std::string_view sql, Dialect dialect);

// Applies pending migrations; returns how many were applied. On SQLite, when it
// applied any, refreshes the planner's statistics (ANALYZE, then Connection::optimize).
int migrate(Connection& conn);

// Version of the newest embedded migration.
int latest_migration_version();

}  // namespace db

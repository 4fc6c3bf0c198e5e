#include "repos/token_events.hpp"

#include <string>

namespace repos::token_events {

void announce_revocation(db::Connection& c) {
  if (c.dialect() != db::Dialect::kPostgres) return;
  c.execute(std::string("NOTIFY ") + kChannel);
}

}  // namespace repos::token_events

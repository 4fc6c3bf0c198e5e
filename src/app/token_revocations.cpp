#include "app/token_revocations.hpp"

#include "repos/token_events.hpp"

namespace app {

TokenRevocations::TokenRevocations(const std::string& url, auth::TokenCache& cache) {
  // Suspended before the listener's thread starts, which resumes it once listening.
  cache.suspend();
  listener_ = std::make_unique<db::PostgresListener>(
      url, repos::token_events::kChannel,
      db::PostgresListener::Events{.listening = [&cache] { cache.resume(); },
                                   .notified = [&cache] { cache.clear(); },
                                   .lost = [&cache] { cache.suspend(); }});
  cache.set_news_check([listener = listener_.get()] { return listener->news_pending(); });
}

}  // namespace app

#include "domain/webhook.hpp"

#include <algorithm>

namespace domain {

bool subscribes(const std::vector<std::string>& events, std::string_view type) {
  return std::any_of(events.begin(), events.end(), [&](const std::string& e) {
    return e == type || (e == kAllWebhookEvents && type != "ping");
  });
}

RetrySchedule RetrySchedule::standard() {
  using std::chrono::hours;
  using std::chrono::minutes;
  using std::chrono::seconds;
  return {{seconds(5), seconds(30), minutes(2), minutes(10), minutes(30), hours(1), hours(3),
           hours(6), hours(12)}};
}

std::optional<std::chrono::seconds> RetrySchedule::after(std::int64_t attempts) const {
  if (attempts < 1 || attempts > static_cast<std::int64_t>(delays.size())) return std::nullopt;
  return delays[static_cast<std::size_t>(attempts - 1)];
}

}  // namespace domain

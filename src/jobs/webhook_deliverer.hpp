// Sends webhook deliveries (API.md, "Webhooks"). A thread claims the drain job of an
// endpoint (repos::background_jobs::claim_drain: one drain per endpoint at a time) and
// sends the endpoint's pending deliveries oldest first, each signed per the Standard
// Webhooks specification. A 2xx is delivered; anything else is tried again after the
// schedule's next wait, and until then nothing newer of that endpoint goes: deliveries
// arrive in the order their events happened. After the last wait, the delivery is
// `failed` and the next one goes. Every outcome is written only while the drain job is
// still held (its lease renewed by a LeaseKeeper), so a drain whose node died is taken
// over within one lease; a delivery sent just before that may be sent again (at least
// once: receivers deduplicate by webhook-id).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "db/pool.hpp"
#include "domain/answers.hpp"
#include "domain/webhook.hpp"
#include "http/access_log.hpp"
#include "jobs/lease_keeper.hpp"

namespace jobs {

// One POST of a delivery, and what came of it.
struct WebhookRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};
struct WebhookResponse {
  std::optional<int> status;  // none: no response (the error says why)
  std::string error;
};
using WebhookSend = std::function<WebhookResponse(const WebhookRequest&)>;

struct DelivererOptions {
  int threads = 1;
  std::chrono::seconds lease{30};
  std::chrono::milliseconds idle_poll{250};  // how often an idle thread looks for work
  domain::RetrySchedule retries = domain::RetrySchedule::standard();
};

class WebhookDeliverer {
 public:
  WebhookDeliverer(DelivererOptions options, db::Pool& pool, WebhookSend send, web::Logger& logger);
  ~WebhookDeliverer();
  WebhookDeliverer(const WebhookDeliverer&) = delete;
  WebhookDeliverer& operator=(const WebhookDeliverer&) = delete;

  void start();
  // Wakes an idle thread now (a change on this node may have written events).
  void notify();
  // Lets the deliveries in hand finish, then joins.
  void stop();

 private:
  void loop(int index);
  bool run_one(const std::string& name);
  void drain(const domain::BackgroundJob& job);
  // Ends the drain; `next_run`: when the endpoint's next drain is due.
  void finish(const domain::BackgroundJob& job, const std::optional<std::string>& next_run);

  DelivererOptions options_;
  db::Pool& pool_;
  WebhookSend send_;
  web::Logger& logger_;
  LeaseKeeper leases_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  std::uint64_t wakeups_ = 0;
  std::vector<std::thread> threads_;
};

// The wait before the next attempt after `attempts` failed ones, with up to ±10 %
// jitter (so that many endpoints that failed together do not retry together); nullopt
// when the attempts are used up.
std::optional<std::chrono::milliseconds> retry_wait(const domain::RetrySchedule& schedule,
                                                    std::int64_t attempts);

}  // namespace jobs

#include "jobs/webhook_deliverer.hpp"

#include <unistd.h>

#include <random>

#include "repos/background_jobs_repo.hpp"
#include "repos/webhook_endpoints_repo.hpp"
#include "repos/webhook_outbox_repo.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"
#include "webhooks/signature.hpp"

namespace jobs {

namespace outbox = repos::webhook_outbox;

namespace {

WebhookRequest signed_request(const repos::webhook_endpoints::Target& target,
                              const outbox::Head& head) {
  const std::int64_t timestamp = util::unix_now();
  WebhookRequest r;
  r.url = target.url;
  r.body = head.body;
  r.headers = {
      {"Content-Type", "application/json"},
      {"webhook-id", head.event_id},
      {"webhook-timestamp", std::to_string(timestamp)},
      {"webhook-signature",
       webhooks::signature_header(head.event_id, timestamp, head.body, target.secrets.current,
                                  target.secrets.previous.value_or(""))
           .value()}};
  return r;
}

// What an attempt that got `response` leaves on its delivery.
outbox::Outcome outcome_of(const WebhookResponse& response, std::int64_t attempts,
                           const domain::RetrySchedule& schedule) {
  outbox::Outcome o;
  o.attempts = attempts;
  if (response.status) o.status_code = *response.status;
  if (response.error.empty() && response.status && *response.status >= 200 &&
      *response.status < 300) {
    o.status = domain::DeliveryStatus::kDelivered;
    return o;
  }
  o.error = !response.error.empty() ? response.error
                                    : "the endpoint answered " + std::to_string(*response.status);
  if (auto wait = retry_wait(schedule, attempts)) {
    o.status = domain::DeliveryStatus::kPending;
    o.next_attempt_at = util::rfc3339_in(std::chrono::ceil<std::chrono::seconds>(*wait));
  } else {
    o.status = domain::DeliveryStatus::kFailed;
  }
  return o;
}

}  // namespace

std::optional<std::chrono::milliseconds> retry_wait(const domain::RetrySchedule& schedule,
                                                    std::int64_t attempts) {
  auto base = schedule.after(attempts);
  if (!base) return std::nullopt;
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_real_distribution<double> jitter(0.9, 1.1);
  return std::chrono::milliseconds(static_cast<std::int64_t>(
      static_cast<double>(std::chrono::milliseconds(*base).count()) * jitter(random)));
}

WebhookDeliverer::WebhookDeliverer(DelivererOptions options, db::Pool& pool, WebhookSend send,
                                   web::Logger& logger)
    : options_(std::move(options)),
      pool_(pool),
      send_(std::move(send)),
      logger_(logger),
      leases_(pool, options_.lease, logger) {}

WebhookDeliverer::~WebhookDeliverer() {
  stop();
}

void WebhookDeliverer::start() {
  for (int i = 0; i < options_.threads; ++i) threads_.emplace_back([this, i] { loop(i); });
}

void WebhookDeliverer::notify() {
  {
    std::lock_guard lock(mu_);
    ++wakeups_;
  }
  cv_.notify_one();
}

void WebhookDeliverer::stop() {
  stopping_ = true;
  cv_.notify_all();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
  threads_.clear();
}

void WebhookDeliverer::loop(int index) {
  char host[128] = {};
  ::gethostname(host, sizeof host - 1);
  const std::string name =
      std::string(host) + ":" + std::to_string(::getpid()) + ":webhooks" + std::to_string(index);
  while (!stopping_) {
    bool ran = false;
    try {
      ran = run_one(name);
    } catch (const std::exception& e) {
      logger_.message("warn", std::string("webhook deliverer: ") + e.what());
    }
    if (ran) continue;
    std::unique_lock lock(mu_);
    const auto seen = wakeups_;
    cv_.wait_for(lock, options_.idle_poll, [&] { return stopping_ || wakeups_ != seen; });
  }
}

bool WebhookDeliverer::run_one(const std::string& name) {
  std::optional<domain::BackgroundJob> job;
  {
    auto conn = pool_.acquire();
    job =
        repos::background_jobs::claim_drain(*conn, name + ":" + util::random_hex(6),
                                            util::now_rfc3339(), util::rfc3339_in(options_.lease));
  }
  if (!job) return false;
  const auto hold = leases_.hold(*job);
  try {
    drain(*job);
  } catch (const std::exception& e) {
    // The database went away mid-drain: the lease runs out and a later claim goes on.
    logger_.message("warn", "webhook drain of endpoint " + std::to_string(*job->endpoint_id) +
                                " stopped: " + e.what());
  }
  return true;
}

void WebhookDeliverer::drain(const domain::BackgroundJob& job) {
  const std::int64_t endpoint = *job.endpoint_id;
  while (true) {
    const std::string now = util::now_rfc3339();
    if (stopping_) return finish(job, now);
    std::optional<repos::webhook_endpoints::Target> target;
    std::optional<outbox::Head> head;
    {
      auto conn = pool_.acquire();
      target = repos::webhook_endpoints::target(*conn, endpoint, now);
      if (target && target->is_active) head = outbox::head(*conn, endpoint);
    }
    // Gone, inactive (its deliveries wait for it) or nothing left.
    if (!head) return finish(job, std::nullopt);
    if (head->next_attempt_at > now) return finish(job, head->next_attempt_at);
    const WebhookResponse response = send_(signed_request(*target, *head));
    const outbox::Outcome o = outcome_of(response, head->attempts + 1, options_.retries);
    if (o.status != domain::DeliveryStatus::kDelivered) {
      logger_.message("info", "webhook delivery " + std::to_string(head->id) + " attempt " +
                                  std::to_string(o.attempts) + ": " + o.error.value_or(""));
    }
    auto conn = pool_.acquire();
    if (!outbox::record(*conn, head->id, o, job.id, job.locked_by, util::now_rfc3339())) {
      logger_.message("warn", "webhook drain of endpoint " + std::to_string(endpoint) +
                                  ": lease lost; the run that holds it goes on");
      return;
    }
  }
}

void WebhookDeliverer::finish(const domain::BackgroundJob& job,
                              const std::optional<std::string>& next_run) {
  auto conn = pool_.acquire();
  outbox::finish_drain(*conn, job.id, job.locked_by, job.org_id, *job.endpoint_id, next_run,
                       util::now_rfc3339());
}

}  // namespace jobs

#include "app/commands.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <boost/asio/thread_pool.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "api/context.hpp"
#include "app/demo_data.hpp"
#include "app/dispatcher.hpp"
#include "app/runtime.hpp"
#include "app/token_revocations.hpp"
#include "db/database_url.hpp"
#include "db/error.hpp"
#include "db/migrator.hpp"
#include "db/postgres_listener.hpp"
#include "http/metrics.hpp"
#include "http/server.hpp"
#include "jobs/media_worker.hpp"
#include "jobs/webhook_deliverer.hpp"
#include "jobs/worker_limits.hpp"
#include "jobs/worker_supervisor.hpp"
#include "repos/webhook_outbox_repo.hpp"
#include "services/auth_service.hpp"
#include "util/crypto.hpp"
#include "util/text.hpp"
#include "webhooks/sender.hpp"

namespace app {

namespace {

int report(const domain::Error& e) {
  std::cerr << "interviewd: " << (e.detail.empty() ? "invalid configuration" : e.detail) << "\n";
  return 1;
}

std::string public_url_for(const Config& config, const Listen& l, std::uint16_t port) {
  if (!config.public_url.empty()) {
    std::string u = config.public_url;
    while (!u.empty() && u.back() == '/') u.pop_back();
    return u;
  }
  const bool v6 = l.host.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + l.host + "]" : l.host) + ":" + std::to_string(port);
}

jobs::WorkerOptions media_options(const Config& config, storage::Storage& store) {
  jobs::WorkerOptions o;
  o.threads = std::max(1, config.media_workers);
  o.lease = config.job_lease;
  o.processing_limit = config.media_time_limit;
  o.scratch_dir = store.spool_dir();
  return o;
}

// This process's environment, with `set` in place of what it had of those names.
std::vector<std::string> environment_with(
    const std::vector<std::pair<std::string, std::string>>& set) {
  std::vector<std::string> env;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string_view text(*entry);
    const std::string_view name = text.substr(0, text.find('='));
    if (std::none_of(set.begin(), set.end(), [&](const auto& s) { return s.first == name; })) {
      env.emplace_back(text);
    }
  }
  for (const auto& [name, value] : set) env.push_back(name + "=" + value);
  return env;
}

// `interviewd worker` as serve runs it: one worker thread per process, this binary (even
// if a newer one was installed meanwhile), this configuration. Where the data is goes
// through the environment, which only the user can read: a database URL may hold a
// password, and anyone may read a command line.
jobs::WorkerCommand worker_command(const Config& config, const std::string& public_url) {
  jobs::WorkerCommand c;
  c.program = "/proc/self/exe";
  c.args = {"interviewd",
            "worker",
            "--no-migrate",
            "--media-workers",
            "1",
            "--threads",
            "2",
            "--password-workers",
            "1",
            "--job-lease",
            std::to_string(config.job_lease.count()),
            "--media-time-limit",
            std::to_string(config.media_time_limit.count()),
            "--worker-memory-limit",
            std::to_string(config.worker_memory_limit),
            "--log-format",
            config.log_format == web::LogFormat::kText ? "text" : "json"};
  c.env = environment_with({{"DATABASE_URL", config.database_url},
                            {"STORAGE_URL", config.storage_url},
                            {"PUBLIC_URL", public_url}});
  return c;
}

jobs::SupervisorOptions supervisor_options(const Config& config) {
  jobs::SupervisorOptions o;
  o.processes = config.media_workers;
  o.stop_timeout = config.shutdown_timeout;
  return o;
}

web::ServerOptions server_options(const Config& config, const Listen& listen) {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  web::ServerOptions options;
  options.host = listen.host;
  options.port = listen.port;
  options.io_threads = config.io_threads > 0 ? config.io_threads : cores;
  options.read_timeout = config.read_timeout;
  options.shutdown_timeout = config.shutdown_timeout;
  options.max_upload_bytes = static_cast<std::uint64_t>(config.max_upload_bytes);
  options.max_connections = static_cast<std::size_t>(config.max_connections);
  return options;
}

// On PostgreSQL, revocations announced by any node reach this node's token cache at
// once (app/token_revocations.hpp); SQLite has no other node.
std::unique_ptr<TokenRevocations> listen_for_revocations(const Config& config,
                                                         Dispatcher& dispatcher) {
  auto url = db::parse_database_url(config.database_url);
  if (!url || url->dialect != db::Dialect::kPostgres) return nullptr;
  return std::make_unique<TokenRevocations>(url->target, dispatcher.token_cache());
}

// The waits of --webhook-retry-delays, or API.md's schedule.
domain::Result<domain::RetrySchedule> retry_schedule(const Config& config) {
  if (config.webhook_retry_delays.empty()) return domain::RetrySchedule::standard();
  domain::RetrySchedule s;
  std::string_view rest = config.webhook_retry_delays;
  while (true) {
    const auto comma = rest.find(',');
    const auto seconds = util::parse_positive_id(util::trim(rest.substr(0, comma)));
    if (!seconds || *seconds > 7 * 24 * 3600 || s.delays.size() >= 32) {
      return domain::Error::bad_request(
          "--webhook-retry-delays: give 1 to 32 comma-separated whole seconds (1..604800)");
    }
    s.delays.emplace_back(*seconds);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return s;
}

// On PostgreSQL, an event written on any node (or by a media worker) wakes this node's
// deliverer at once (repos::webhook_outbox::kChannel); without it, its poll finds it.
// A write on this node may have written events: its deliveries go at once too.
std::unique_ptr<db::PostgresListener> listen_for_webhooks(const Config& config,
                                                          jobs::WebhookDeliverer* deliverer,
                                                          Dispatcher& dispatcher) {
  if (!deliverer) return nullptr;
  dispatcher.on_write([deliverer] { deliverer->notify(); });
  auto url = db::parse_database_url(config.database_url);
  if (!url || url->dialect != db::Dialect::kPostgres) return nullptr;
  return std::make_unique<db::PostgresListener>(
      url->target, repos::webhook_outbox::kChannel,
      db::PostgresListener::Events{.listening = [deliverer] { deliverer->notify(); },
                                   .notified = [deliverer] { deliverer->notify(); },
                                   .lost = [] {}});
}

// Sends webhook deliveries from this node; nullptr with --webhook-workers 0.
std::unique_ptr<jobs::WebhookDeliverer> webhook_deliverer(const Config& config,
                                                          const domain::RetrySchedule& retries,
                                                          db::Pool& pool, web::Logger& logger) {
  if (config.webhook_workers <= 0) return nullptr;
  jobs::DelivererOptions o;
  o.threads = config.webhook_workers;
  o.lease = config.job_lease;
  o.retries = retries;
  const std::chrono::milliseconds timeout = config.webhook_timeout;
  const bool allow_private = config.webhook_allow_private;
  auto d = std::make_unique<jobs::WebhookDeliverer>(
      std::move(o), pool,
      [timeout, allow_private](const jobs::WebhookRequest& r) {
        const auto result =
            webhooks::send_attempt({r.url, r.headers, r.body, timeout, allow_private});
        return jobs::WebhookResponse{result.status, result.error};
      },
      logger);
  d->start();
  return d;
}

}  // namespace

int serve(const Config& config) {
  auto listen = parse_listen(config.listen);
  if (!listen) return report(listen.error());
  auto rt = Runtime::open(config, config.migrate_on_start);
  if (!rt) return report(rt.error());
  Runtime& runtime = **rt;
  auto retries = retry_schedule(config);
  if (!retries) return report(retries.error());

  web::Logger logger(config.log_format);
  web::Metrics metrics;
  const web::ServerOptions options = server_options(config, *listen);

  boost::asio::thread_pool workers(static_cast<std::size_t>(std::max(1, config.threads)));
  const int hashing_threads = password_workers(config);
  boost::asio::thread_pool passwords(static_cast<std::size_t>(hashing_threads));
  web::RateLimiter per_token(config.rate_limit);
  web::RateLimiter per_address(config.auth_rate_limit);
  api::Ops ops;
  ops.metrics_text = [&metrics] { return metrics.render(); };

  // Before the dispatcher that uses it, so that it goes after it.
  Idempotency idempotency(runtime.connect(), {}, logger);
  std::unique_ptr<Dispatcher> dispatcher;
  web::StreamHooks hooks;
  hooks.classify = [&dispatcher](const web::Request& req) { return dispatcher->classify(req); };
  hooks.precheck = [&dispatcher](web::Request& req) { return dispatcher->precheck(req); };
  std::unique_ptr<web::Server> server;
  std::uint16_t port = 0;
  try {
    server = std::make_unique<web::Server>(
        options, [&dispatcher](web::Request& req) { return dispatcher->handle(req); }, metrics,
        logger, hooks);
    port = server->listen();
  } catch (const std::exception& e) {
    std::cerr << "interviewd: cannot listen on " << config.listen << ": " << e.what() << "\n";
    return 1;
  }
  const std::string public_url = public_url_for(config, *listen, port);
  if (auto st = runtime.open_storage(public_url); !st) return report(st.error());
  storage::Storage& store = runtime.storage();
  ops.storage_ready = [&store] { return store.ready(); };
  server->set_spool_dir(store.spool_dir());

  // The workers are processes of their own, which find queued jobs by polling.
  std::unique_ptr<jobs::WorkerSupervisor> media;
  if (config.media_workers > 0) {
    media = std::make_unique<jobs::WorkerSupervisor>(worker_command(config, public_url),
                                                     supervisor_options(config), logger);
    media->start();
  }
  dispatcher =
      std::make_unique<Dispatcher>(api::routes(), runtime.pool(), workers,
                                   Limits{per_token, per_address, passwords, 2 * hashing_threads},
                                   runtime.deps(), ops, public_url, logger, idempotency);
  const auto revocations = listen_for_revocations(config, *dispatcher);
  auto webhooks = webhook_deliverer(config, *retries, runtime.pool(), logger);
  const auto webhook_news = listen_for_webhooks(config, webhooks.get(), *dispatcher);
  const bool v6 = listen->host.find(':') != std::string::npos;
  std::printf("interviewd listening on http://%s:%u\n",
              (v6 ? "[" + listen->host + "]" : listen->host).c_str(), port);
  std::fflush(stdout);
  logger.message("info", "listening on " + listen->host + ":" + std::to_string(port) + " with " +
                             std::to_string(options.io_threads) + " I/O, " +
                             std::to_string(config.threads) + " handler and " +
                             std::to_string(config.media_workers) + " media worker processes");
  server->run();
  workers.join();
  passwords.join();
  if (webhooks) webhooks->stop();
  if (media) media->stop();
  // The server's signal handling ends with it; a second SIGTERM while the rest
  // closes must not turn a clean stop into a kill.
  server.reset();
  std::signal(SIGTERM, SIG_IGN);
  std::signal(SIGINT, SIG_IGN);
  logger.message("info", "stopped");
  return 0;
}

int worker(const Config& config) {
  // First, so that everything this process does is within it.
  if (config.worker_memory_limit > 0) {
    auto limited = jobs::limit_memory(static_cast<std::uint64_t>(config.worker_memory_limit));
    if (!limited) return report(limited.error());
  }
  auto listen = parse_listen(config.listen);
  if (!listen) return report(listen.error());
  auto rt = Runtime::open(config, config.migrate_on_start);
  if (!rt) return report(rt.error());
  if (auto st = (*rt)->open_storage(public_url_for(config, *listen, listen->port)); !st) {
    return report(st.error());
  }
  web::Logger logger(config.log_format);
  // Block the stop signals in every thread, then wait for one here.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  jobs::WorkerOptions options = media_options(config, (*rt)->storage());
  // RLIMIT_CPU counts the whole process: it bounds one job only when the process runs
  // one at a time (as the workers that serve starts do).
  if (options.threads == 1) {
    const auto allowance = jobs::cpu_allowance_per_job(config.media_time_limit);
    options.before_job = [allowance] { jobs::limit_cpu_for_next_job(allowance); };
  }
  jobs::MediaWorkers media(std::move(options), (*rt)->pool(), (*rt)->storage(), logger);
  media.start();
  const std::string memory = config.worker_memory_limit > 0 && jobs::kCanLimitMemory
                                 ? std::to_string(config.worker_memory_limit >> 20) + " MiB"
                                 : std::string("none");
  logger.message("info", "media worker process " + std::to_string(::getpid()) +
                             " started: " + std::to_string(std::max(1, config.media_workers)) +
                             " thread(s), memory limit " + memory);
  int received = 0;
  sigwait(&stop_signals, &received);
  logger.message("info", "stopping: finishing the jobs in hand");
  media.stop();
  return 0;
}

int migrate(const Config& config) {
  auto rt = Runtime::open(config, false);
  if (!rt) return report(rt.error());
  try {
    auto conn = (*rt)->pool().acquire();
    const int applied = db::migrate(*conn);
    std::printf("applied %d migration(s); schema at version %d\n", applied,
                db::latest_migration_version());
  } catch (const db::Error& e) {
    std::cerr << "interviewd: migration failed: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

int create_org(const Config& config, const CreateOrgOptions& options) {
  auto rt = Runtime::open(config, config.migrate_on_start);
  if (!rt) return report(rt.error());
  const std::string password =
      options.admin_password.empty() ? util::random_hex(12) : options.admin_password;
  const std::string email = util::ascii_lower(options.admin_email);
  if (email.find('@') == std::string::npos || email.find(' ') != std::string::npos) {
    std::cerr << "interviewd: --admin-email is not an email address\n";
    return 1;
  }
  if (password.size() < 8) {
    std::cerr << "interviewd: --admin-password needs at least 8 characters\n";
    return 1;
  }
  auto conn = (*rt)->pool().acquire();
  auto session = services::organization_create(*conn, (*rt)->deps(),
                                               {options.name, options.admin_name, email, password});
  if (!session) {
    const auto& e = session.error();
    std::cerr << "interviewd: cannot create the organization";
    for (const auto& [field, messages] : e.fields) {
      for (const auto& m : messages) std::cerr << ": " << field << ": " << m;
    }
    std::cerr << "\n";
    return 1;
  }
  std::printf("organization %lld \"%s\" created\nadmin: %s\n",
              static_cast<long long>(session->organization.id), session->organization.name.c_str(),
              session->user.email.c_str());
  if (options.admin_password.empty()) std::printf("password: %s\n", password.c_str());
  std::printf("token: %s\n", session->token.c_str());
  return 0;
}

int demo(const Config& config) {
  auto listen = parse_listen(config.listen);
  if (!listen) return report(listen.error());
  auto rt = Runtime::open(config, config.migrate_on_start);
  if (!rt) return report(rt.error());
  Runtime& runtime = **rt;
  const std::string url = public_url_for(config, *listen, listen->port);
  // The demo's video answer is stored like an upload, in the configured storage.
  if (auto st = runtime.open_storage(url); !st) return report(st.error());
  auto conn = runtime.pool().acquire();
  domain::Result<DemoResult> result = domain::Error::internal();
  try {
    result = seed_demo(*conn, runtime.deps());
  } catch (const std::exception& e) {
    std::cerr << "interviewd: demo failed: " << e.what() << "\n";
    return 1;
  }
  if (!result) {
    std::cerr << "interviewd: cannot create the demo organization: " << result.error().detail;
    for (const auto& [field, messages] : result.error().fields) {
      for (const auto& m : messages) std::cerr << ": " << field << ": " << m;
    }
    std::cerr << "\n";
    return 1;
  }
  if (result->created) {
    // The video answer's media job runs now, with the workers' own code, so that its audio
    // and thumbnail are there when the server starts.
    web::Logger logger(config.log_format);
    jobs::MediaWorkers media(media_options(config, runtime.storage()), runtime.pool(),
                             runtime.storage(), logger);
    media.run_due_jobs();
  }
  const DemoTour tour = demo_tour(*conn, result->admin);
  auto invitation = demo_invitation(*conn, result->admin);
  const std::string candidate_page =
      invitation ? url + "/i/" + *invitation : "none (" + invitation.error().detail + ")";
  std::printf(
      "Demo organization \"%s\" is ready%s.\n"
      "  URL:      %s\n"
      "  Login:    %s / %s (admin)\n"
      "            %s (recruiter) and %s (interviewer), same password\n"
      "  Token:    %s\n"
      "  Reviewers' page:  %s/review/\n"
      "  Candidate's page: %s\n"
      "  Video answer: %s\n"
      "Try:\n"
      "  curl -H 'Authorization: Token %s' %s/api/v1/jobs/\n"
      "and with the same header:\n",
      result->organization.c_str(), result->created ? " (created now)" : "", url.c_str(),
      result->email.c_str(), result->password.c_str(), kDemoRecruiterEmail, kDemoInterviewerEmail,
      result->token.c_str(), url.c_str(), candidate_page.c_str(),
      tour.video_status.empty() ? "none" : tour.video_status.c_str(), result->token.c_str(),
      url.c_str());
  for (const auto& path : tour.paths) std::printf("  %s%s\n", url.c_str(), path.c_str());
  return 0;
}

}  // namespace app

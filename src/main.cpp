// interviewd: parse the command line, then run one subcommand.
#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdint>
#include <iostream>
#include <string>

#include "app/commands.hpp"
#include "jobs/media_measure.hpp"

namespace {

void add_locations(CLI::App* cmd, app::Config& c) {
  cmd->add_option("--listen", c.listen, "HOST:PORT to listen on")
      ->envname("INTERVIEWD_LISTEN")
      ->capture_default_str();
  cmd->add_option("--database", c.database_url,
                  "sqlite://PATH or postgresql://user:pass@host:port/db")
      ->envname("DATABASE_URL")
      ->capture_default_str();
  cmd->add_option("--storage", c.storage_url,
                  "file://PATH (a local folder) or s3://BUCKET?endpoint=URL&region=R")
      ->envname("STORAGE_URL")
      ->capture_default_str();
  cmd->add_option("--public-url", c.public_url,
                  "base URL clients reach the service at (default http://LISTEN)")
      ->envname("PUBLIC_URL");
}

void add_concurrency(CLI::App* cmd, app::Config& c) {
  cmd->add_option("--threads", c.threads, "handler threads, each with a database connection")
      ->envname("INTERVIEWD_THREADS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--io-threads", c.io_threads, "network I/O threads (0: one per core)")
      ->envname("INTERVIEWD_IO_THREADS")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  cmd->add_option("--media-workers", c.media_workers,
                  "media worker processes that serve runs and restarts (threads of `worker`)")
      ->envname("INTERVIEWD_MEDIA_WORKERS")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  cmd->add_option("--webhook-workers", c.webhook_workers,
                  "threads of serve that send webhook deliveries (0: none on this node)")
      ->envname("INTERVIEWD_WEBHOOK_WORKERS")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  cmd->add_option("--password-workers", c.password_workers,
                  "threads hashing passwords (0: half the cores, at least 1); twice as many "
                  "requests may run or wait, then 503")
      ->envname("INTERVIEWD_PASSWORD_WORKERS")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
}

void add_time_limits(CLI::App* cmd, app::Config& c) {
  cmd->add_option("--read-timeout", c.read_timeout,
                  "seconds allowed to receive a request (and to idle between requests)")
      ->envname("INTERVIEWD_READ_TIMEOUT")
      ->default_str("30");
  cmd->add_option("--shutdown-timeout", c.shutdown_timeout,
                  "seconds to finish requests in flight at shutdown")
      ->envname("INTERVIEWD_SHUTDOWN_TIMEOUT")
      ->default_str("10");
  cmd->add_option("--presign-expiry", c.presign_expiry,
                  "seconds a presigned upload URL stays valid (1..604800)")
      ->envname("INTERVIEWD_PRESIGN_EXPIRY")
      ->check(CLI::Range(1, 604800))
      ->default_str("900");
  cmd->add_option("--job-lease", c.job_lease,
                  "seconds a claimed job stays its worker's without a renewal (renewed every "
                  "third of it while the job runs)")
      ->envname("INTERVIEWD_JOB_LEASE")
      ->check(CLI::Range(1, 86400))
      ->default_str("30");
  cmd->add_option("--media-time-limit", c.media_time_limit,
                  "seconds allowed to process one media file")
      ->envname("INTERVIEWD_MEDIA_TIME_LIMIT")
      ->check(CLI::Range(1, 3600))
      ->default_str("60");
}

void add_limits(CLI::App* cmd, app::Config& c) {
  cmd->add_option("--max-upload-bytes", c.max_upload_bytes, "largest accepted media upload")
      ->envname("INTERVIEWD_MAX_UPLOAD_BYTES")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--worker-memory-limit", c.worker_memory_limit,
                  "bytes of address space of each media worker process (RLIMIT_AS; 0: none)")
      ->envname("INTERVIEWD_WORKER_MEMORY_LIMIT")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--max-connections", c.max_connections,
                  "connections open at once; past it new ones are closed at once")
      ->envname("INTERVIEWD_MAX_CONNECTIONS")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  cmd->add_option("--rate-limit", c.rate_limit, "requests per minute per API token (0: off)")
      ->envname("INTERVIEWD_RATE_LIMIT")
      ->check(CLI::Range(0, 100000000))
      ->capture_default_str();
  cmd->add_option("--auth-rate-limit", c.auth_rate_limit,
                  "register and token requests per minute per client address (0: off)")
      ->envname("INTERVIEWD_AUTH_RATE_LIMIT")
      ->check(CLI::Range(0, 100000000))
      ->capture_default_str();
}

void add_webhooks(CLI::App* cmd, app::Config& c) {
  cmd->add_flag("--webhook-allow-private", c.webhook_allow_private,
                "let webhook endpoints be on loopback, private and link-local addresses "
                "(tests, on-premises receivers)")
      ->envname("INTERVIEWD_WEBHOOK_ALLOW_PRIVATE");
  cmd->add_option("--webhook-timeout", c.webhook_timeout,
                  "seconds one webhook delivery attempt may take")
      ->envname("INTERVIEWD_WEBHOOK_TIMEOUT")
      ->check(CLI::Range(1, 60))
      ->default_str("10");
  cmd->add_option("--webhook-retry-delays", c.webhook_retry_delays,
                  "seconds between webhook delivery attempts, comma-separated (default: "
                  "5,30,120,600,1800,3600,10800,21600,43200)")
      ->envname("INTERVIEWD_WEBHOOK_RETRY_DELAYS");
}

void add_formats(CLI::App* cmd, app::Config& c) {
  cmd->add_option("--log-format", c.log_format, "access and message log format")
      ->envname("INTERVIEWD_LOG_FORMAT")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, web::LogFormat>{{"json", web::LogFormat::kJson},
                                                {"text", web::LogFormat::kText}},
          CLI::ignore_case))
      ->default_str("json");
  cmd->add_option("--password-cost", c.password_cost, "argon2id cost: min, interactive, moderate")
      ->envname("INTERVIEWD_PASSWORD_COST")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, auth::PasswordCost>{
              {"min", auth::PasswordCost::kMin},
              {"interactive", auth::PasswordCost::kInteractive},
              {"moderate", auth::PasswordCost::kModerate}},
          CLI::ignore_case))
      ->default_str("interactive");
}

void add_common(CLI::App* cmd, app::Config& c) {
  add_locations(cmd, c);
  add_concurrency(cmd, c);
  add_time_limits(cmd, c);
  add_limits(cmd, c);
  add_webhooks(cmd, c);
  add_formats(cmd, c);
}

struct Subcommands {
  CLI::App* serve = nullptr;
  CLI::App* migrate = nullptr;
  CLI::App* create_org = nullptr;
  CLI::App* demo = nullptr;
  CLI::App* worker = nullptr;
  CLI::App* measure = nullptr;
};

// What the command line says; filled in by parsing.
struct CommandLine {
  app::Config config;
  bool no_migrate = false;
  app::CreateOrgOptions org;
  // measure-media: run by serve itself, not meant for people.
  std::string measure_path;
  std::uint64_t measure_memory = 0;
  int measure_seconds = 30;
};

CLI::App* add_subcommand(CLI::App& cli, const char* name, const char* help, app::Config& c) {
  auto* cmd = cli.add_subcommand(name, help);
  add_common(cmd, c);
  return cmd;
}

CLI::App* add_serve(CLI::App& cli, CommandLine& line) {
  auto* serve = add_subcommand(
      cli, "serve", "serve the HTTP API (migrates first unless --no-migrate)", line.config);
  serve->add_flag("--no-migrate", line.no_migrate, "do not apply migrations at start");
  return serve;
}

CLI::App* add_create_org(CLI::App& cli, CommandLine& line) {
  auto* create_org =
      add_subcommand(cli, "create-org", "create an organization and its first admin", line.config);
  app::CreateOrgOptions& org = line.org;
  create_org->add_option("--name", org.name, "organization name")->required();
  create_org->add_option("--admin-email", org.admin_email, "the admin's email")->required();
  create_org->add_option("--admin-name", org.admin_name, "the admin's name")->capture_default_str();
  create_org->add_option("--admin-password", org.admin_password,
                         "the admin's password (default: a random one, printed)");
  return create_org;
}

Subcommands add_subcommands(CLI::App& cli, CommandLine& line) {
  Subcommands s;
  s.serve = add_serve(cli, line);
  s.migrate =
      add_subcommand(cli, "migrate", "apply pending database migrations and exit", line.config);
  s.create_org = add_create_org(cli, line);
  s.demo = add_subcommand(cli, "demo", "create the demo organization (once) and print a token",
                          line.config);
  s.worker = add_subcommand(cli, "worker", "run only the media workers (no HTTP API)", line.config);
  s.worker->add_flag("--no-migrate", line.no_migrate, "do not apply migrations at start");
  // Not add_subcommand: no database, no storage, nothing but the file.
  s.measure = cli.add_subcommand(
      "measure-media", "print the duration of a recording (serve runs it in a child process)");
  s.measure->add_option("path", line.measure_path, "the file")->required();
  s.measure->add_option("--memory-limit", line.measure_memory, "bytes of address space (0: none)");
  s.measure->add_option("--time-limit", line.measure_seconds, "seconds")
      ->check(CLI::Range(1, 3600));
  return s;
}

int run(const Subcommands& s, const CommandLine& line) {
  if (*s.serve) return app::serve(line.config);
  if (*s.migrate) return app::migrate(line.config);
  if (*s.create_org) return app::create_org(line.config, line.org);
  if (*s.demo) return app::demo(line.config);
  if (*s.worker) return app::worker(line.config);
  if (*s.measure) {
    return jobs::measure_media_command(line.measure_path, line.measure_memory,
                                       std::chrono::seconds(line.measure_seconds));
  }
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"interviewd: the interview service (HTTP API, media workers, maintenance)"};
  cli.require_subcommand(1);
  CommandLine line;
  const Subcommands subcommands = add_subcommands(cli, line);
  CLI11_PARSE(cli, argc, argv);
  line.config.migrate_on_start = !line.no_migrate;
  try {
    return run(subcommands, line);
  } catch (const std::exception& e) {
    std::cerr << "interviewd: " << e.what() << "\n";
    return 1;
  }
}

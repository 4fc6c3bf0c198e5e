// interviewd: parse the command line, then run one subcommand.
#include <CLI/CLI.hpp>

#include <iostream>

#include "app/commands.hpp"

namespace {

void add_common(CLI::App* cmd, app::Config& c) {
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
  cmd->add_option("--threads", c.threads, "handler threads, each with a database connection")
      ->envname("INTERVIEWD_THREADS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  cmd->add_option("--io-threads", c.io_threads, "network I/O threads (0: one per core)")
      ->envname("INTERVIEWD_IO_THREADS")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  cmd->add_option("--media-workers", c.media_workers, "background media workers in this process")
      ->envname("INTERVIEWD_MEDIA_WORKERS")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  cmd->add_option("--max-upload-bytes", c.max_upload_bytes, "largest accepted media upload")
      ->envname("INTERVIEWD_MAX_UPLOAD_BYTES")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--log-format", c.log_format, "access and message log format")
      ->envname("INTERVIEWD_LOG_FORMAT")
      ->transform(CLI::CheckedTransformer(
          std::map<std::string, web::LogFormat>{{"json", web::LogFormat::kJson},
                                                {"text", web::LogFormat::kText}},
          CLI::ignore_case))
      ->default_str("json");
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
                  "seconds a worker holds a claimed job before another may take it")
      ->envname("INTERVIEWD_JOB_LEASE")
      ->check(CLI::Range(1, 86400))
      ->default_str("120");
  cmd->add_option("--media-time-limit", c.media_time_limit,
                  "seconds allowed to process one media file")
      ->envname("INTERVIEWD_MEDIA_TIME_LIMIT")
      ->check(CLI::Range(1, 3600))
      ->default_str("60");
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
  cmd->add_option("--password-workers", c.password_workers,
                  "threads hashing passwords (0: half the cores, at least 1); twice as many "
                  "requests may run or wait, then 503")
      ->envname("INTERVIEWD_PASSWORD_WORKERS")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
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

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"interviewd: the interview service (HTTP API, media workers, maintenance)"};
  cli.require_subcommand(1);
  app::Config config;
  app::CreateOrgOptions org;
  app::BenchSeedOptions bench;

  auto* serve =
      cli.add_subcommand("serve", "serve the HTTP API (migrates first unless --no-migrate)");
  add_common(serve, config);
  bool no_migrate = false;
  serve->add_flag("--no-migrate", no_migrate, "do not apply migrations at start");

  auto* migrate = cli.add_subcommand("migrate", "apply pending database migrations and exit");
  add_common(migrate, config);

  auto* create_org = cli.add_subcommand("create-org", "create an organization and its first admin");
  add_common(create_org, config);
  create_org->add_option("--name", org.name, "organization name")->required();
  create_org->add_option("--admin-email", org.admin_email, "the admin's email")->required();
  create_org->add_option("--admin-name", org.admin_name, "the admin's name")->capture_default_str();
  create_org->add_option("--admin-password", org.admin_password,
                         "the admin's password (default: a random one, printed)");

  auto* demo = cli.add_subcommand("demo", "create the demo organization (once) and print a token");
  add_common(demo, config);

  auto* worker = cli.add_subcommand("worker", "run only the media workers (no HTTP API)");
  add_common(worker, config);

  auto* bench_seed = cli.add_subcommand(
      "bench-seed", "write the benchmark dataset into an empty database and its tokens to --out");
  add_common(bench_seed, config);
  bench_seed->add_option("--scale", bench.scale, "2,000 x SCALE candidates per organization")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  bench_seed->add_option("--orgs", bench.organizations, "organizations to create")
      ->check(CLI::Range(1, 50))
      ->capture_default_str();
  bench_seed->add_option("--out", bench.out, "JSON file for the benchmark runner (tokens, ids)")
      ->required();

  CLI11_PARSE(cli, argc, argv);
  config.migrate_on_start = !no_migrate;

  try {
    if (*serve) return app::serve(config);
    if (*migrate) return app::migrate(config);
    if (*create_org) return app::create_org(config, org);
    if (*demo) return app::demo(config);
    if (*worker) return app::worker(config);
    if (*bench_seed) return app::bench_seed(config, bench);
  } catch (const std::exception& e) {
    std::cerr << "interviewd: " << e.what() << "\n";
    return 1;
  }
  return 1;
}

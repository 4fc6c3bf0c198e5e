// Configuration: every flag has an environment variable; defaults suit one machine.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "auth/password.hpp"
#include "http/access_log.hpp"

namespace app {

struct Config {
  std::string listen = "127.0.0.1:8000";
  std::string database_url = "sqlite://data/interview.sqlite3";
  std::string storage_url = "file://data/media";
  std::string public_url;  // empty: http://<listen>
  int threads = 4;         // handler threads (and database connections)
  int io_threads = 0;      // 0: one per core
  int media_workers = 1;
  std::int64_t max_upload_bytes = 512LL * 1024 * 1024;
  web::LogFormat log_format = web::LogFormat::kJson;
  std::chrono::seconds read_timeout{30};
  std::chrono::seconds shutdown_timeout{10};
  auth::PasswordCost password_cost = auth::PasswordCost::kInteractive;
  bool migrate_on_start = true;
  std::chrono::seconds presign_expiry{15 * 60};  // validity of presigned upload URLs
  std::chrono::seconds job_lease{30};         // a claimed job is retaken after this unless renewed
  std::chrono::seconds media_time_limit{60};  // time box of processing one file
  std::int64_t worker_memory_limit = 2LL << 30;  // address space of a worker process (0: none)
  int max_connections = 10000;                   // open at once; past it new ones are closed
  int rate_limit = 1200;                         // requests per minute per token (0: off)
  int auth_rate_limit = 20;  // register/token requests per minute per client address (0: off)
  int password_workers = 0;  // threads hashing passwords (0: half the cores, at least 1)
  int webhook_workers = 1;   // threads of serve sending webhook deliveries (0: none here)
  bool webhook_allow_private = false;        // endpoints on loopback and private addresses
  std::chrono::seconds webhook_timeout{10};  // one delivery attempt, connection to answer
  // The waits between attempts, in seconds ("5,30,120,..."); empty: API.md's schedule.
  std::string webhook_retry_delays;
};

}  // namespace app

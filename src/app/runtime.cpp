#include "app/runtime.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

#include "db/database_url.hpp"
#include "db/error.hpp"
#include "db/migrator.hpp"
#include "db/postgres_connection.hpp"
#include "db/sqlite_connection.hpp"
#include "jobs/media_measure.hpp"
#include "storage/spool.hpp"

namespace app {

namespace {

// SQLite's statistics are refreshed on each idle connection of the pool (see
// db::SqliteConnection::optimize): soon after start, for the tables the first requests
// planned on, then every hour.
constexpr std::chrono::minutes kFirstStatisticsRefresh{5};
constexpr std::chrono::hours kStatisticsRefreshEvery{1};

}  // namespace

// The webhook deliverer's threads and its lease keeper's.
int webhook_connections(const Config& config) {
  return config.webhook_workers > 0 ? config.webhook_workers + 1 : 0;
}

int password_workers(const Config& config) {
  if (config.password_workers > 0) return config.password_workers;
  // Each hash keeps a core busy for tens of milliseconds: half the cores at most,
  // so that a flood of logins leaves the rest to every other request.
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / 2);
}

domain::Result<Listen> parse_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return domain::Error::bad_request("--listen must be HOST:PORT, e.g. 127.0.0.1:8000");
  }
  Listen l;
  l.host = listen.substr(0, colon);
  if (l.host.size() > 2 && l.host.front() == '[' && l.host.back() == ']') {
    l.host = l.host.substr(1, l.host.size() - 2);
  }
  const std::string port = listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos || std::stoi(port) > 65535) {
    return domain::Error::bad_request("--listen has an invalid port: " + port);
  }
  l.port = static_cast<std::uint16_t>(std::stoi(port));
  return l;
}

Runtime::Runtime(const Config& config, db::ConnectionFactory factory,
                 std::unique_ptr<db::Pool> pool)
    : config_(config),
      factory_(std::move(factory)),
      pool_(std::move(pool)),
      hasher_(config.password_cost),
      deps_{.hasher = hasher_, .presign_expiry = config.presign_expiry} {
  deps_.media_limit = static_cast<std::uint64_t>(config.max_upload_bytes);
  deps_.webhook_allow_private = config.webhook_allow_private;
  jobs::MeasureOptions measure;
  measure.memory_limit =
      static_cast<std::uint64_t>(std::max<std::int64_t>(0, config.worker_memory_limit));
  measure.time_limit = config.media_time_limit;
  deps_.measure_media = [measure](const std::string& path) {
    return jobs::measure_in_child(measure, path);
  };
}

domain::Status Runtime::open_storage(const std::string& public_url) {
  auto opened = storage::open_storage(config_.storage_url, {public_url, ""});
  if (!opened) return opened.take_error();
  storage_ = std::move(opened.value());
  deps_.storage = storage_.get();
  // Reads of a remote store for downloads; joined when deps_ goes, before storage_ does.
  auto reads = std::make_shared<boost::asio::thread_pool>(
      static_cast<std::size_t>(std::max(2, config_.threads)));
  deps_.run_blocking = [reads](std::function<void()> task) {
    boost::asio::post(*reads, std::move(task));
  };
  // What a killed process was writing (uploads, job scratch) is of no use to anyone.
  storage::spool::sweep(storage_->spool_dir());
  return domain::ok();
}

domain::Result<std::unique_ptr<Runtime>> Runtime::open(const Config& config, bool migrate) {
  auto url = db::parse_database_url(config.database_url);
  if (!url) return url.take_error();
  const std::string target = url->target;
  db::ConnectionFactory factory;
  if (url->dialect == db::Dialect::kPostgres) {
    factory = [target] { return std::make_unique<db::PostgresConnection>(target); };
  } else {
    auto parent = std::filesystem::path(target).parent_path();
    if (!parent.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(parent, ec);
    }
    // The pool's connections take turns for writes (see db::SqliteConnection).
    auto writers = std::make_shared<std::mutex>();
    factory = [target, writers] { return std::make_unique<db::SqliteConnection>(target, writers); };
  }
  // One connection per handler thread and per password thread (login and
  // register run there); the first one opens now, so that an unreachable
  // database stops the start with a message.
  auto pool = std::make_unique<db::Pool>(
      factory, static_cast<std::size_t>(std::max(1, config.threads) + password_workers(config) +
                                        webhook_connections(config)));
  try {
    auto conn = pool->acquire();
    if (migrate) db::migrate(*conn);
  } catch (const db::Error& e) {
    return domain::Error::unavailable(e.what());
  }
  // PostgreSQL's autovacuum keeps its statistics itself.
  if (url->dialect == db::Dialect::kSqlite) {
    pool->maintain(kFirstStatisticsRefresh, kStatisticsRefreshEvery);
  }
  return std::unique_ptr<Runtime>(new Runtime(config, std::move(factory), std::move(pool)));
}

}  // namespace app

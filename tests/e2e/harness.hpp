// End-to-end test harness: starts the real `interviewd` binary on a free port
// with a fresh database and media folder, and talks HTTP to it.
//
//   e2e::Server server;                       // serve, SQLite in a temp folder
//   auto admin = e2e::register_org(server, "Acme");
//   auto r = admin.post("/api/v1/jobs/", R"({"title":"Engineer"})");
//   EXPECT_EQ(r.status, 201);
//   EXPECT_EQ(std::string_view(r.json()["title"]), "Engineer");
//
// Each Server gets its own temp folder holding its SQLite database and media.
// When E2E_PG_URL is set (postgresql://... of a throwaway cluster, see
// tests/pg/cluster), each Server gets a fresh PostgreSQL database instead,
// dropped when it stops: the same tests run on both databases.
#pragma once

#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace e2e {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lowercased
  std::string body;

  // The body parsed as JSON (throws simdjson_error when it is not JSON).
  simdjson::dom::element json() const;
  std::string header(const std::string& lowercase_name) const;

 private:
  mutable std::shared_ptr<simdjson::dom::parser> parser_;
  mutable simdjson::dom::element root_;
  mutable bool parsed_ = false;
};

struct ServerOptions {
  ServerOptions(std::vector<std::string> args = {}, std::string storage = {})  // NOLINT
      : extra_args(std::move(args)), storage_url(std::move(storage)) {}
  std::vector<std::string> extra_args;  // appended to `interviewd serve ...`
  std::string storage_url;              // empty: file://<dir>/media
  unsigned long max_open_files = 0;     // the server's RLIMIT_NOFILE; 0: inherited
  std::string database_url;             // empty: a fresh database; else shared (a second node)
};

// Options for a second node on `first`'s database (already migrated by `first`).
ServerOptions second_node_of(const class Server& first);

class Server {
 public:
  explicit Server(ServerOptions options = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::uint16_t port() const { return port_; }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& dir() const { return dir_; }
  const std::string& database_url() const { return database_url_; }
  pid_t pid() const { return pid_; }

  // One request on a new connection.
  HttpResponse request(const std::string& method, const std::string& target,
                       const std::string& body = "", const Headers& headers = {}) const;
  // Sends raw bytes and returns everything the server answers until it closes
  // (or `wait` passes).
  std::string raw(const std::string& bytes,
                  std::chrono::milliseconds wait = std::chrono::milliseconds(5000)) const;

  // SIGTERM and wait; returns the exit status (or -1 when it had to be killed).
  int stop();
  // SIGKILL: the process dies at once, keeping its database and files.
  void kill();
  // Starts the binary again on the same database and folder (after stop or kill),
  // with `extra_args` replacing the options' extra arguments.
  void restart(std::vector<std::string> extra_args);
  // The server's stderr (access log and messages) so far.
  std::string log() const;
  bool running() const;

 private:
  void start();

  ServerOptions options_;
  std::string dir_;
  std::string database_url_;
  std::string pg_database_;  // the database created for this server, if any
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

// An authenticated client (token may be empty for anonymous calls).
struct Client {
  const Server* server = nullptr;
  std::string token;
  std::int64_t user_id = 0;
  std::int64_t org_id = 0;
  std::string email;
  std::string password;

  HttpResponse get(const std::string& target) const { return send("GET", target); }
  HttpResponse post(const std::string& target, const std::string& body = "{}") const {
    return send("POST", target, body);
  }
  HttpResponse put(const std::string& target, const std::string& body) const {
    return send("PUT", target, body);
  }
  HttpResponse patch(const std::string& target, const std::string& body) const {
    return send("PATCH", target, body);
  }
  HttpResponse del(const std::string& target) const { return send("DELETE", target); }
  HttpResponse send(const std::string& method, const std::string& target,
                    const std::string& body = "", Headers headers = {}) const;
};

// POST /auth/token/ with these credentials.
HttpResponse login(const Server& server, const std::string& email, const std::string& password);
// Registers a new organization with an admin; returns the admin's client.
Client register_org(const Server& server, const std::string& org_name,
                    const std::string& email = "");
// Creates a user of `role` in the admin's organization and logs them in.
Client create_user(const Client& admin, const std::string& role, const std::string& email = "");
// Runs a read on the server's own database (SQLite file or PostgreSQL database) and
// returns its rows as text ("" for NULL): for what the API does not show, such as
// the job queue's rows.
std::vector<std::vector<std::string>> database_rows(const Server& server, const std::string& sql);
// True when this run uses PostgreSQL (E2E_PG_URL is set).
bool on_postgres();
// Runs the test cluster's script (E2E_PG_CLUSTER_SCRIPT) with `command`
// ("stop", "start") on its folder (E2E_PG_CLUSTER_DIR); true when it succeeded.
bool postgres_cluster(const std::string& command);

// Runs `interviewd ARGS...` to the end; its exit code and stdout + stderr.
struct CommandResult {
  int exit_code = -1;
  std::string output;
};
CommandResult run_interviewd(const std::vector<std::string>& args);

// The base of a test suite whose tests share one server, started before the
// first test and stopped after the last: `class Jobs : public
// e2e::SharedServerTest<Jobs> {};`. A suite whose server needs other options
// declares its own public `static ServerOptions server_options()`.
template <class Suite>
class SharedServerTest : public ::testing::Test {
 protected:
  static ServerOptions server_options() { return {}; }
  static void SetUpTestSuite() { server_ = new Server(Suite::server_options()); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  inline static Server* server_ = nullptr;
};

// A unique string for names and emails in one test run.
std::string unique(const std::string& prefix);
// JSON string literal for `s` (quoted and escaped).
std::string quote(const std::string& s);

}  // namespace e2e

#include "harness.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "db/database_url.hpp"
#include "db/error.hpp"
#include "db/postgres_connection.hpp"
#include "db/sqlite_connection.hpp"
#include "json_body.hpp"

#ifndef INTERVIEWD_BIN
#error "INTERVIEWD_BIN must name the interviewd binary"
#endif

namespace e2e {

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

int connect_to(std::uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect failed: " + std::string(std::strerror(errno)));
  }
  return fd;
}

void send_all(int fd, const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return;  // the server may close early (e.g. 413); read what it said
    sent += static_cast<std::size_t>(n);
  }
}

// Reads until EOF or until `wait` passes without the connection closing.
std::string read_all(int fd, std::chrono::milliseconds wait) {
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + wait;
  char buf[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    pollfd p{fd, POLLIN, 0};
    int rc = ::poll(&p, 1, static_cast<int>(left.count()));
    if (rc <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

HttpResponse parse_response(const std::string& raw) {
  HttpResponse r;
  auto head_end = raw.find("\r\n\r\n");
  if (head_end == std::string::npos) throw std::runtime_error("incomplete response: " + raw);
  std::istringstream head(raw.substr(0, head_end));
  std::string line;
  std::getline(head, line);
  if (line.size() < 12) throw std::runtime_error("bad status line: " + line);
  r.status = std::stoi(line.substr(9, 3));
  while (std::getline(head, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    r.headers[lower(line.substr(0, colon))] = value;
  }
  r.body = raw.substr(head_end + 4);
  return r;
}

std::atomic<int> counter{0};

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// Runs one statement on the cluster's maintenance database (E2E_PG_URL).
void pg_admin(const std::string& sql) {
  PGconn* c = PQconnectdb(env("E2E_PG_URL").c_str());
  std::string error;
  if (PQstatus(c) != CONNECTION_OK) {
    error = PQerrorMessage(c);
  } else {
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) error = PQresultErrorMessage(r);
    PQclear(r);
  }
  PQfinish(c);
  if (!error.empty()) throw std::runtime_error(sql + ": " + error);
}

// E2E_PG_URL with another database name: postgresql://user@host:port/DB?params.
std::string with_database(const std::string& url, const std::string& db) {
  const auto authority = url.find("://") + 3;
  const auto slash = url.find_first_of("/?", authority);
  if (slash == std::string::npos) return url + "/" + db;
  if (url[slash] == '?') return url.substr(0, slash) + "/" + db + url.substr(slash);
  const auto query = url.find('?', slash);
  return url.substr(0, slash + 1) + db + (query == std::string::npos ? "" : url.substr(query));
}

}  // namespace

std::vector<std::vector<std::string>> database_rows(const Server& server, const std::string& sql) {
  auto url = db::parse_database_url(server.database_url());
  if (!url) throw std::runtime_error("database_rows: " + url.error().detail);
  std::unique_ptr<db::Connection> c;
  if (url->dialect == db::Dialect::kPostgres) {
    c = std::make_unique<db::PostgresConnection>(url->target);
  } else {
    c = std::make_unique<db::SqliteConnection>(url->target);
  }
  std::vector<std::vector<std::string>> out;
  for (const auto& row : c->query(sql)) {
    std::vector<std::string> cells;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (row.is_null(i)) {
        cells.emplace_back();
        continue;
      }
      try {
        cells.push_back(row.text(i));
      } catch (const db::Error&) {
        cells.push_back(std::to_string(row.int64(i)));  // a number
      }
    }
    out.push_back(std::move(cells));
  }
  return out;
}

bool on_postgres() {
  return !env("E2E_PG_URL").empty();
}

bool postgres_cluster(const std::string& command) {
  const std::string script = env("E2E_PG_CLUSTER_SCRIPT");
  const std::string dir = env("E2E_PG_CLUSTER_DIR");
  if (script.empty() || dir.empty()) return false;
  const std::string line = "'" + script + "' " + command + " '" + dir + "'";
  return std::system(line.c_str()) == 0;
}

simdjson::dom::element HttpResponse::json() const {
  if (!parsed_) {
    parser_ = std::make_shared<simdjson::dom::parser>();
    root_ = parser_->parse(body);  // throws on bad JSON
    parsed_ = true;
  }
  return root_;
}

std::string HttpResponse::header(const std::string& lowercase_name) const {
  auto it = headers.find(lowercase_name);
  return it == headers.end() ? std::string() : it->second;
}

std::string unique(const std::string& prefix) {
  return prefix + std::to_string(::getpid()) + "x" + std::to_string(++counter);
}

std::string quote(const std::string& s) {
  return Json(s).text();
}

ServerOptions second_node_of(const Server& first) {
  ServerOptions options({"--no-migrate"});
  options.database_url = first.database_url();
  return options;
}

CommandResult run_interviewd(const std::vector<std::string>& args) {
  int out_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> argv_storage = {INTERVIEWD_BIN};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(out_pipe[1], STDOUT_FILENO);
    ::dup2(out_pipe[1], STDERR_FILENO);
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  CommandResult result;
  char buf[4096];
  // A command that does not end within a minute is killed (and reported as such).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    pollfd p{out_pipe[0], POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      ::kill(pid, SIGKILL);
      break;
    }
    ssize_t n = ::read(out_pipe[0], buf, sizeof buf);
    if (n <= 0) break;
    result.output.append(buf, static_cast<std::size_t>(n));
  }
  ::close(out_pipe[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

Server::Server(ServerOptions options) : options_(std::move(options)) {
  char tmpl[] = "/tmp/interviewd-e2e-XXXXXX";
  if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  if (!options_.database_url.empty()) {
    database_url_ = options_.database_url;  // another server's: a second node
  } else if (on_postgres()) {
    pg_database_ = "e2e_" + std::to_string(::getpid()) + "_" + std::to_string(++counter);
    pg_admin("CREATE DATABASE " + pg_database_);
    database_url_ = with_database(env("E2E_PG_URL"), pg_database_);
  } else {
    database_url_ = "sqlite://" + dir_ + "/db.sqlite3";
  }
  start();
}

Server::~Server() {
  stop();
  if (!pg_database_.empty()) {
    try {
      pg_admin("DROP DATABASE IF EXISTS " + pg_database_ + " WITH (FORCE)");
    } catch (const std::exception&) {
      // The cluster is gone (or stopped by a test); it is thrown away at the end anyway.
    }
  }
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

void Server::start() {
  int out_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  std::vector<std::string> args = {
      INTERVIEWD_BIN,
      "serve",
      "--listen",
      "127.0.0.1:0",
      "--database",
      database_url_,
      "--storage",
      options_.storage_url.empty() ? "file://" + dir_ + "/media" : options_.storage_url,
  };
  // Defaults for tests, each unless the test sets it: the cheapest password
  // hashing with room for clients that register at once, and no rate limits
  // (suites register many organizations from one address).
  const std::pair<const char*, const char*> defaults[] = {
      {"--password-cost", "min"}, {"--threads", "4"},    {"--io-threads", "2"},
      {"--log-format", "json"},   {"--rate-limit", "0"}, {"--auth-rate-limit", "0"},
      {"--password-workers", "4"}};
  for (const auto& [flag, value] : defaults) {
    if (std::find(options_.extra_args.begin(), options_.extra_args.end(), flag) ==
        options_.extra_args.end()) {
      args.insert(args.end(), {flag, value});
    }
  }
  for (const auto& a : options_.extra_args) args.push_back(a);
  const std::string log_path = dir_ + "/server.log";
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // The server goes with the test process, even when that one is killed.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (options_.max_open_files > 0) {
      const rlimit files{options_.max_open_files, options_.max_open_files};
      ::setrlimit(RLIMIT_NOFILE, &files);
    }
    ::dup2(out_pipe[1], STDOUT_FILENO);
    int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (log_fd >= 0) ::dup2(log_fd, STDERR_FILENO);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  // The first stdout line says where it listens.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::string line;
  char c;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{out_pipe[0], POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    ssize_t n = ::read(out_pipe[0], &c, 1);
    if (n <= 0) break;
    if (c == '\n') break;
    line.push_back(c);
  }
  ::close(out_pipe[0]);
  auto colon = line.rfind(':');
  if (line.find("listening on") == std::string::npos || colon == std::string::npos) {
    stop();
    throw std::runtime_error("interviewd did not start: '" + line + "'\n" + log());
  }
  port_ = static_cast<std::uint16_t>(std::stoi(line.substr(colon + 1)));
}

bool Server::running() const {
  if (pid_ <= 0) return false;
  return ::waitpid(pid_, nullptr, WNOHANG) == 0;
}

void Server::kill() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

void Server::restart(std::vector<std::string> extra_args) {
  stop();
  options_.extra_args = std::move(extra_args);
  start();
}

int Server::stop() {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 300; ++i) {
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    if (r < 0) {
      pid_ = -1;
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

std::string Server::log() const {
  std::ifstream in(dir_ + "/server.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Server::raw(const std::string& bytes, std::chrono::milliseconds wait) const {
  int fd = connect_to(port_);
  send_all(fd, bytes);
  std::string out = read_all(fd, wait);
  ::close(fd);
  return out;
}

HttpResponse Server::request(const std::string& method, const std::string& target,
                             const std::string& body, const Headers& headers) const {
  std::string req = method + " " + target +
                    " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) +
                    "\r\nConnection: close\r\n";
  bool has_type = false;
  for (const auto& [k, v] : headers) {
    if (lower(k) == "content-type") has_type = true;
    req += k + ": " + v + "\r\n";
  }
  if (!body.empty() && !has_type) req += "Content-Type: application/json\r\n";
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    req += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  req += "\r\n" + body;
  return parse_response(raw(req, std::chrono::milliseconds(30000)));
}

HttpResponse Client::send(const std::string& method, const std::string& target,
                          const std::string& body, Headers headers) const {
  if (!token.empty()) headers.emplace_back("Authorization", "Token " + token);
  return server->request(method, target, body, headers);
}

HttpResponse login(const Server& server, const std::string& email, const std::string& password) {
  return server.request("POST", "/api/v1/auth/token/",
                        Object{{"email", email}, {"password", password}});
}

Client register_org(const Server& server, const std::string& org_name, const std::string& email) {
  Client c;
  c.server = &server;
  c.email = email.empty() ? unique("admin") + "@example.com" : email;
  c.password = "correct horse battery";
  auto r = server.request("POST", "/api/v1/auth/register/",
                          Object{{"organization", Object{{"name", org_name}}},
                                 {"name", "Admin"},
                                 {"email", c.email},
                                 {"password", c.password}});
  if (r.status != 201) throw std::runtime_error("register failed: " + r.body);
  c.token = std::string(std::string_view(r.json()["token"]));
  c.user_id = int64_t(r.json()["user"]["id"]);
  c.org_id = int64_t(r.json()["organization"]["id"]);
  return c;
}

Client create_user(const Client& admin, const std::string& role, const std::string& email) {
  Client c;
  c.server = admin.server;
  c.email = email.empty() ? unique(role) + "@example.com" : email;
  c.password = "another good password";
  auto r = admin.post(
      "/api/v1/users/",
      Object{
          {"email", c.email}, {"name", role + " user"}, {"role", role}, {"password", c.password}});
  if (r.status != 201) throw std::runtime_error("create user failed: " + r.body);
  c.user_id = int64_t(r.json()["id"]);
  c.org_id = admin.org_id;
  auto session = login(*admin.server, c.email, c.password);
  if (session.status != 200) throw std::runtime_error("login failed: " + session.body);
  c.token = std::string(std::string_view(session.json()["token"]));
  return c;
}

}  // namespace e2e

#include "webhook_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "util/crypto.hpp"
#include "util/text.hpp"

namespace e2e {

namespace {

// Reads a request's head and its Content-Length body; false on a closed connection.
bool read_request(int fd, ReceivedWebhook& out) {
  std::string data;
  char buf[16384];
  std::size_t head_end = std::string::npos;
  while ((head_end = data.find("\r\n\r\n")) == std::string::npos) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    data.append(buf, static_cast<std::size_t>(n));
  }
  const std::string head = data.substr(0, head_end);
  std::size_t line_end = head.find("\r\n");
  const std::string request_line = head.substr(0, line_end);
  out.method = request_line.substr(0, request_line.find(' '));
  const auto target_start = request_line.find(' ') + 1;
  out.target = request_line.substr(target_start, request_line.rfind(' ') - target_start);
  std::size_t length = 0;
  while (line_end != std::string::npos && line_end < head.size()) {
    const std::size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string line =
        head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string name = util::ascii_lower(line.substr(0, colon));
    const std::string value(util::trim(line.substr(colon + 1)));
    out.headers[name] = value;
    if (name == "content-length") length = std::stoul(value);
  }
  out.body = data.substr(head_end + 4);
  while (out.body.size() < length) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    out.body.append(buf, static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

WebhookReceiver::WebhookReceiver() {
  listen_on(0);
  acceptor_ = std::thread([this] { accept_loop(); });
}

WebhookReceiver::~WebhookReceiver() {
  stopping_ = true;
  acceptor_.join();
  if (listener_ >= 0) ::close(listener_);
  for (auto& t : connections_) t.join();
}

void WebhookReceiver::listen_on(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 64) != 0) {
    ::close(fd);
    throw std::runtime_error(std::string("webhook receiver: ") + std::strerror(errno));
  }
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  listener_ = fd;
}

void WebhookReceiver::down() {
  std::lock_guard lock(mu_);
  const int fd = listener_.exchange(-1);
  if (fd >= 0) ::close(fd);
}

void WebhookReceiver::up() {
  std::lock_guard lock(mu_);
  if (listener_ < 0) listen_on(port_);
}

void WebhookReceiver::answer_next(const std::vector<int>& statuses) {
  std::lock_guard lock(mu_);
  statuses_.insert(statuses_.end(), statuses.begin(), statuses.end());
}

void WebhookReceiver::hang_next(int count, std::chrono::milliseconds for_how_long) {
  std::lock_guard lock(mu_);
  hang_count_ = count;
  hang_for_ = for_how_long;
}

std::vector<ReceivedWebhook> WebhookReceiver::received() const {
  std::lock_guard lock(mu_);
  return received_;
}

bool WebhookReceiver::wait_for(const std::function<bool(const std::vector<ReceivedWebhook>&)>& done,
                               std::chrono::milliseconds timeout) const {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (done(received())) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done(received());
}

void WebhookReceiver::accept_loop() {
  while (!stopping_) {
    int fd = -1;
    {
      std::lock_guard lock(mu_);
      fd = listener_;
    }
    if (fd < 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const int conn = ::accept(fd, nullptr, nullptr);
    if (conn < 0) continue;
    std::lock_guard lock(mu_);
    connections_.emplace_back([this, conn] { serve(conn); });
  }
}

void WebhookReceiver::serve(int fd) {
  ReceivedWebhook r;
  if (!read_request(fd, r)) {
    ::close(fd);
    return;
  }
  r.at = std::chrono::system_clock::now();
  int status = 200;
  std::chrono::milliseconds hang{0};
  {
    std::lock_guard lock(mu_);
    if (hang_count_ > 0) {
      --hang_count_;
      hang = hang_for_;
      status = 0;
    } else if (!statuses_.empty()) {
      status = statuses_.front();
      statuses_.pop_front();
    }
    r.answered = status;
    received_.push_back(r);
  }
  const auto until = std::chrono::steady_clock::now() + hang;
  while (!stopping_ && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (status != 0) {
    const std::string response = "HTTP/1.1 " + std::to_string(status) +
                                 " Status\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
    ::send(fd, response.data(), response.size(), MSG_NOSIGNAL);
  }
  ::close(fd);
}

}  // namespace e2e

namespace e2e {

namespace {

std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

std::string slurp(const std::string& path) {
  std::string out;
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) out.append(buf, n);
    std::fclose(f);
  }
  return out;
}

}  // namespace

std::vector<std::string> verify_with_reference(const std::vector<ReceivedWebhook>& deliveries,
                                               const std::string& secret) {
  const std::string source_dir = INTERVIEWD_SOURCE_DIR;
  char dir_template[] = "/tmp/webhook-verify-XXXXXX";
  const std::string dir = ::mkdtemp(dir_template);
  std::string json = "[";
  for (const auto& d : deliveries) {
    if (json.size() > 1) json += ",";
    json += "{\"headers\":{";
    bool first = true;
    for (const auto& [name, value] : d.headers) {
      if (!first) json += ",";
      first = false;
      json += json_string(name) + ":" + json_string(value);
    }
    json += "},\"body_base64\":" + json_string(util::base64_encode(d.body)) + "}";
  }
  json += "]";
  const std::string input = dir + "/deliveries.json", output = dir + "/out";
  if (FILE* f = std::fopen(input.c_str(), "wb")) {
    std::fwrite(json.data(), 1, json.size(), f);
    std::fclose(f);
  }
  // The reference library is in tools/node_modules: installed once, one installer at a time.
  const std::string tools = source_dir + "/tools";
  const std::string install = "flock /tmp/interviewd-tools-npm-ci.lock sh -c '[ -d " + tools +
                              "/node_modules/standardwebhooks ] || npm ci --prefix " + tools +
                              " --no-audit --no-fund >&2'";
  std::system(install.c_str());
  const std::string cmd = "node " + sh_quote(source_dir + "/tests/webhooks/verify.js") + " " +
                          sh_quote(input) + " " + sh_quote(secret) + " > " + sh_quote(output) +
                          " 2>&1";
  std::system(cmd.c_str());
  std::vector<std::string> out;
  const std::string text = slurp(output);
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    if (!line.empty()) {
      out.push_back(line.find("\"ok\":true") != std::string::npos ? "ok" : line);
    }
    start = end + 1;
  }
  std::filesystem::remove_all(dir);
  return out;
}

}  // namespace e2e

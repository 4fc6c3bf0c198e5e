// A raw TCP connection to the server under test, for tests that need control over
// the bytes and their timing (slow clients, keep-alive, requests cut in half).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

namespace e2e {

class RawConnection {
 public:
  explicit RawConnection(std::uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw std::runtime_error("socket failed");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
      const std::string why = std::strerror(errno);
      ::close(fd_);
      throw std::runtime_error("connect failed: " + why);
    }
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Sends all of `bytes`; false when the server has closed or reset the connection.
  bool send(const std::string& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  // Reads what arrives until the server closes (returns true) or `wait` passes
  // (returns false). Everything read is appended to `received`.
  bool read_until_closed(std::chrono::milliseconds wait) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
      switch (read_some(deadline)) {
        case Read::kData:
          continue;
        case Read::kClosed:
          return true;
        case Read::kTimeout:
          return false;
      }
    }
  }

  // Reads one whole response (head and Content-Length body); empty when the
  // connection closes or `wait` passes first.
  std::string read_response(std::chrono::milliseconds wait) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
      auto head_end = received.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        const std::size_t length = content_length(received.substr(0, head_end));
        const std::size_t total = head_end + 4 + length;
        if (received.size() >= total) {
          std::string response = received.substr(0, total);
          received.erase(0, total);
          return response;
        }
      }
      if (read_some(deadline) != Read::kData) return "";
    }
  }

  std::string received;

 private:
  enum class Read { kData, kClosed, kTimeout };

  Read read_some(std::chrono::steady_clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Read::kTimeout;
    pollfd p{fd_, POLLIN, 0};
    int rc = ::poll(&p, 1, static_cast<int>(left.count()));
    if (rc == 0) return Read::kTimeout;
    if (rc < 0) return Read::kClosed;
    char buf[65536];
    ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return Read::kClosed;  // EOF or reset
    received.append(buf, static_cast<std::size_t>(n));
    return Read::kData;
  }

  static std::size_t content_length(const std::string& head) {
    std::string lower = head;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto at = lower.find("\r\ncontent-length:");
    if (at == std::string::npos) return 0;
    return static_cast<std::size_t>(std::stoul(lower.substr(at + 17)));
  }

  int fd_ = -1;
};

// The status code of a raw response ("HTTP/1.1 404 Not Found..."), or 0.
inline int status_of(const std::string& raw) {
  if (raw.size() < 12 || raw.rfind("HTTP/1.", 0) != 0) return 0;
  return std::stoi(raw.substr(9, 3));
}

}  // namespace e2e

#include "storage/spool.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <filesystem>
#include <optional>

namespace storage::spool {

namespace {

// The pid in "{kind}-{pid}-{suffix}", when the name has that shape.
std::optional<pid_t> owner_of(std::string_view name) {
  const auto first = name.find('-');
  if (first == std::string_view::npos || first == 0) return std::nullopt;
  const auto second = name.find('-', first + 1);
  if (second == std::string_view::npos || second + 1 == name.size()) return std::nullopt;
  const std::string_view digits = name.substr(first + 1, second - first - 1);
  pid_t pid = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
  if (ec != std::errc() || end != digits.data() + digits.size() || pid <= 0) return std::nullopt;
  return pid;
}

bool running(pid_t pid) {
  return ::kill(pid, 0) == 0 || errno != ESRCH;
}

}  // namespace

std::string name_template(const std::string& dir, std::string_view kind) {
  return dir + "/" + std::string(kind) + "-" + std::to_string(::getpid()) + "-XXXXXX";
}

std::size_t sweep(const std::string& dir) {
  std::size_t removed = 0;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const auto pid = owner_of(it->path().filename().string());
    if (!pid || *pid == ::getpid() || running(*pid)) continue;
    std::error_code entry_ec;
    if (std::filesystem::remove_all(it->path(), entry_ec) > 0 && !entry_ec) ++removed;
  }
  return removed;
}

}  // namespace storage::spool

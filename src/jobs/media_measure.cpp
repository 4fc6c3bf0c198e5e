#include "jobs/media_measure.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <vector>

#include "jobs/worker_limits.hpp"
#include "media/measure.hpp"

extern char** environ;

namespace jobs {

namespace {

constexpr int kNotMedia = 2;
constexpr int kTimedOut = 3;

domain::Error unavailable() {
  return domain::Error::unavailable("The recording could not be measured; try again later.");
}

// Reads the child's stdout until it closes or `deadline` passes; false on the deadline.
bool read_output(int fd, std::string& out, std::chrono::steady_clock::time_point deadline) {
  char buf[256];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    if (out.size() < 4096) out.append(buf, static_cast<std::size_t>(n));
  }
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

domain::Result<double> measure_in_child(const MeasureOptions& options, const std::string& path) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return unavailable();
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  const std::string memory = std::to_string(options.memory_limit);
  const std::string seconds = std::to_string(options.time_limit.count());
  std::vector<std::string> args = {
      "interviewd", "measure-media", "--memory-limit", memory, "--time-limit", seconds, "--", path};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc =
      ::posix_spawn(&pid, options.program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  if (rc != 0) {
    ::close(out[0]);
    return unavailable();
  }
  std::string text;
  // The child's own deadline plus a margin: past it, it is stuck.
  const bool done =
      read_output(out[0], text,
                  std::chrono::steady_clock::now() + options.time_limit + std::chrono::seconds(5));
  ::close(out[0]);
  if (!done) ::kill(pid, SIGKILL);
  const int status = wait_for(pid);
  if (!done || !WIFEXITED(status)) return unavailable();
  if (WEXITSTATUS(status) == kNotMedia) {
    return domain::Error::bad_request("The recording is not an audio or video file.");
  }
  double seconds_out = 0;
  const auto parsed = std::from_chars(text.data(), text.data() + text.size(), seconds_out);
  if (WEXITSTATUS(status) != 0 || parsed.ec != std::errc()) return unavailable();
  return seconds_out;
}

int measure_media_command(const std::string& path, std::uint64_t memory_limit,
                          std::chrono::seconds time_limit) {
  if (memory_limit > 0 && !limit_memory(memory_limit)) return 1;
  limit_cpu_for_next_job(time_limit + std::chrono::seconds(2));
  auto d = media::measure_duration(path, std::chrono::steady_clock::now() + time_limit);
  if (!d) {
    std::fprintf(stderr, "interviewd measure-media: %s\n", d.error().detail.c_str());
    return d.error().code == domain::ErrorCode::kUnavailable ? kTimedOut : kNotMedia;
  }
  std::printf("%.3f\n", *d);
  return 0;
}

}  // namespace jobs

#include "jobs/worker_supervisor.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace jobs {

namespace {

// How often the children are looked at: a dead one is noticed within this.
constexpr std::chrono::milliseconds kPoll{100};
// The exit status of a child whose parent died before it could ask to die with it.
constexpr int kParentGone = 125;

std::string seconds_text(std::chrono::milliseconds d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f s", static_cast<double>(d.count()) / 1000.0);
  return buf;
}

std::string how_it_ended(int status) {
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  if (!WIFSIGNALED(status)) return "ended";
  const int sig = WTERMSIG(status);
  const char* name = ::sigabbrev_np(sig);
  std::string text = "was killed by " + (name ? "SIG" + std::string(name) : std::to_string(sig));
  if (sig == SIGXCPU) text += " (a job used up its CPU allowance)";
  return text;
}

// Reaps `pid` if it has ended (its status in `status`); true when it is gone.
bool reaped(pid_t pid, int& status) {
  const pid_t r = ::waitpid(pid, &status, WNOHANG);
  if (r == pid) return true;
  // ECHILD: not our child any more (reaped elsewhere); gone all the same.
  return r < 0 && errno == ECHILD;
}

}  // namespace

// What the child needs between fork and exec, made before fork: in a process with
// threads, the child of fork may only make async-signal-safe calls (no allocation).
struct WorkerSupervisor::ExecImage {
  explicit ExecImage(WorkerCommand c) : command(std::move(c)) {
    for (auto& a : command.args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : command.env) envp.push_back(e.data());
    envp.push_back(nullptr);
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY) {
      max_fd = static_cast<int>(std::min<rlim_t>(files.rlim_cur, 1 << 20));
    }
  }
  ExecImage(const ExecImage&) = delete;
  ExecImage& operator=(const ExecImage&) = delete;

  // Runs in the child of fork: becomes the worker, or ends.
  [[noreturn]] void become_worker(pid_t parent) const {
    // SIGKILL, not SIGTERM: a worker finishes its job on SIGTERM, and one whose serve
    // died must not go on working unseen; its job is taken again once its lease runs out.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    // The parent may have died before the request: then nothing would come.
    if (::getppid() != parent) ::_exit(kParentGone);
    // The worker's stop signals work whatever serve blocked or ignored (exec keeps both).
    // Every signal is blocked since before fork (see spawn): one that came meanwhile
    // waits until the handlers are the defaults, then ends this process.
    ::signal(SIGTERM, SIG_DFL);
    ::signal(SIGINT, SIG_DFL);
    sigset_t none;
    ::sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    // Nothing to read; what it prints goes where the log goes, not to serve's stdout.
    const int null_fd = ::open("/dev/null", O_RDONLY);
    if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    ::dup2(STDERR_FILENO, STDOUT_FILENO);
    // Nothing else of the parent's: a connection or a spool file's lock kept open here
    // would outlive the parent's use of it.
    if (::close_range(3, ~0U, 0) != 0) {
      for (int fd = 3; fd < max_fd; ++fd) ::close(fd);
    }
    ::execve(command.program.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }

  WorkerCommand command;
  std::vector<char*> argv;
  std::vector<char*> envp;
  int max_fd = 1024;
};

WorkerSupervisor::WorkerSupervisor(WorkerCommand command, SupervisorOptions options,
                                   web::Logger& logger)
    : image_(std::make_unique<ExecImage>(std::move(command))), options_(options), logger_(logger) {
  for (int i = 1; i <= options_.processes; ++i) children_.push_back(Child{.number = i});
}

WorkerSupervisor::~WorkerSupervisor() {
  stop();
}

void WorkerSupervisor::start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void WorkerSupervisor::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WorkerSupervisor::run() {
  for (auto& child : children_) spawn(child);
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    auto next = Clock::now() + kPoll;
    for (auto& child : children_) {
      if (child.pid > 0) check(child);
      if (child.pid < 0 && Clock::now() >= child.start_at) spawn(child);
      if (child.pid < 0) next = std::min(next, child.start_at);
    }
    lock.lock();
    cv_.wait_until(lock, next, [this] { return stopping_; });
  }
  lock.unlock();
  stop_children();
}

void WorkerSupervisor::plan_restart(Child& child) {
  const auto now = Clock::now();
  const bool steady = child.pid > 0 && now - child.started >= options_.steady_after;
  child.pause = steady || child.pause.count() == 0 ? options_.first_pause
                                                   : std::min(2 * child.pause, options_.last_pause);
  child.start_at = now + child.pause;
  child.pid = -1;
}

void WorkerSupervisor::spawn(Child& child) {
  const pid_t parent = ::getpid();
  // Until the child has reset its handlers, serve's are its own: a stop signal caught by
  // one of them would be lost. So signals wait, blocked, across the fork.
  sigset_t all;
  sigset_t before;
  ::sigfillset(&all);
  ::pthread_sigmask(SIG_SETMASK, &all, &before);
  const pid_t pid = ::fork();
  if (pid == 0) image_->become_worker(parent);
  ::pthread_sigmask(SIG_SETMASK, &before, nullptr);
  const std::string name = "media worker " + std::to_string(child.number);
  if (pid < 0) {
    const std::string why = std::strerror(errno);
    plan_restart(child);
    logger_.message("error", "cannot start " + name + ": " + why + "; trying again in " +
                                 seconds_text(child.pause));
    return;
  }
  child.pid = pid;
  child.started = Clock::now();
  logger_.message("info", name + " started (pid " + std::to_string(pid) + ")");
}

void WorkerSupervisor::check(Child& child) {
  int status = 0;
  if (!reaped(child.pid, status)) return;
  const std::string what =
      "media worker " + std::to_string(child.number) + " (pid " + std::to_string(child.pid) + ") ";
  plan_restart(child);
  logger_.message(
      "warn", what + how_it_ended(status) + "; starting it again in " + seconds_text(child.pause));
}

void WorkerSupervisor::stop_children() {
  for (const auto& child : children_) {
    if (child.pid > 0) ::kill(child.pid, SIGTERM);
  }
  const auto deadline = Clock::now() + options_.stop_timeout;
  for (;;) {
    bool left = false;
    for (auto& child : children_) {
      int status = 0;
      if (child.pid <= 0) continue;
      if (reaped(child.pid, status)) {
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
          logger_.message("warn", "media worker " + std::to_string(child.number) + " " +
                                      how_it_ended(status) + " while stopping");
        }
        child.pid = -1;
      } else {
        left = true;
      }
    }
    if (!left || Clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  for (auto& child : children_) {
    if (child.pid <= 0) continue;
    logger_.message("warn", "media worker " + std::to_string(child.number) + " (pid " +
                                std::to_string(child.pid) + ") did not stop within " +
                                seconds_text(options_.stop_timeout) + ": killing it");
    ::kill(child.pid, SIGKILL);
    while (::waitpid(child.pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    child.pid = -1;
  }
}

}  // namespace jobs

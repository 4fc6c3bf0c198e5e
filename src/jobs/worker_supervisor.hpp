// The media workers of `serve`, as child processes (`interviewd worker`): FFmpeg decodes
// hostile uploads there, so that a decoder's crash or memory blow-up costs one worker
// process and the attempt in hand (the job is taken again once its lease runs out),
// never the API's process. A child that ends is started again after a pause that
// doubles while children keep dying young. Children die with this process
// (PR_SET_PDEATHSIG), and are stopped with SIGTERM and reaped when the supervisor goes.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/access_log.hpp"

namespace jobs {

// How a worker process is started.
struct WorkerCommand {
  std::string program;            // e.g. "/proc/self/exe": this very binary, even if replaced
  std::vector<std::string> args;  // argv, argv[0] included
  std::vector<std::string> env;   // the whole environment, "NAME=value"
};

struct SupervisorOptions {
  int processes = 1;
  std::chrono::milliseconds first_pause{500};     // before starting a dead child again
  std::chrono::milliseconds last_pause{30000};    // the pause doubles up to this
  std::chrono::seconds steady_after{60};          // a child that lived this long resets the pause
  std::chrono::milliseconds stop_timeout{10000};  // SIGTERM at stop; SIGKILL after this
};

class WorkerSupervisor {
 public:
  WorkerSupervisor(WorkerCommand command, SupervisorOptions options, web::Logger& logger);
  // Stops the children and reaps them.
  ~WorkerSupervisor();
  WorkerSupervisor(const WorkerSupervisor&) = delete;
  WorkerSupervisor& operator=(const WorkerSupervisor&) = delete;

  // Starts the children (on the supervisor's own thread).
  void start();
  // Sends SIGTERM to every child (each finishes the job in hand), waits for them up to
  // the stop timeout, then SIGKILLs those left; all are reaped. Idempotent.
  void stop();

 private:
  using Clock = std::chrono::steady_clock;
  struct Child {
    int number = 0;  // 1..processes, for the log
    pid_t pid = -1;  // -1: not running
    Clock::time_point started{};
    Clock::time_point start_at{};        // when to start it again (while pid is -1)
    std::chrono::milliseconds pause{0};  // the pause before the last start again
  };

  struct ExecImage;

  void run();
  void spawn(Child& child);
  // Reaps the child if it has ended; then logs how and plans its next start.
  void check(Child& child);
  // Marks the child not running and sets when to start it again.
  void plan_restart(Child& child);
  void stop_children();

  std::unique_ptr<ExecImage> image_;
  SupervisorOptions options_;
  web::Logger& logger_;
  std::vector<Child> children_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  // Every child is started from this thread, which lives until the children are reaped:
  // the kernel sends a parent-death signal when the thread that forked a child ends.
  std::thread thread_;
};

}  // namespace jobs

// The supervisor of worker processes: a child stopped at any moment of its life, even
// between fork and exec while the parent's signal handlers are still its own, ends on
// the SIGTERM of the stop and never needs the SIGKILL of the stop timeout.
#include "jobs/worker_supervisor.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "log_sink.hpp"

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// A handler that swallows SIGTERM, as serve's server has one: a child that received the
// stop signal before it reset its handlers would never see it.
struct SwallowSigterm {
  SwallowSigterm() {
    struct sigaction sa {};
    sa.sa_handler = [](int) {};
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGTERM, &sa, &old);
  }
  ~SwallowSigterm() { ::sigaction(SIGTERM, &old, nullptr); }
  struct sigaction old {};
};

TEST(WorkerSupervisor, ChildrenStoppedRightAfterTheyAreStartedEndOnSigterm) {
  SwallowSigterm handler;
  constexpr int kRounds = 30;
  constexpr int kProcesses = 3;
  unit::LogSink log_file;
  {
    web::Logger logger(web::LogFormat::kJson, log_file.file);
    jobs::SupervisorOptions options;
    options.processes = kProcesses;
    // Ample for a child to end on SIGTERM; one that lost the signal is killed after it.
    options.stop_timeout = std::chrono::seconds(10);
    for (int round = 0; round < kRounds; ++round) {
      jobs::WorkerSupervisor supervisor({"/bin/sleep", {"sleep", "600"}, {}}, options, logger);
      supervisor.start();
      supervisor.stop();  // at once: the children are as young as they can be
    }
  }
  const std::string log = log_file.text();
  EXPECT_EQ(count(log, "did not stop within"), 0u) << log;
  // Each child ends by the stop's SIGTERM, whether sleep or the worker's image got it.
  EXPECT_EQ(count(log, "was killed by SIGTERM while stopping"),
            static_cast<std::size_t>(kRounds * kProcesses))
      << log;
}

}  // namespace

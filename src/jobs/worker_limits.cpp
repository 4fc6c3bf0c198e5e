#include "jobs/worker_limits.hpp"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace jobs {

domain::Status limit_memory(std::uint64_t bytes) {
  if (!kCanLimitMemory) return domain::ok();
  const rlimit limit{static_cast<rlim_t>(bytes), static_cast<rlim_t>(bytes)};
  if (::setrlimit(RLIMIT_AS, &limit) != 0) {
    return domain::Error::bad_request("cannot limit the worker's memory to " +
                                      std::to_string(bytes) + " bytes: " + std::strerror(errno));
  }
  return domain::ok();
}

std::chrono::seconds cpu_allowance_per_job(std::chrono::seconds processing_limit) {
  // The margin covers what comes before the time box starts: the download of the file.
  return 2 * processing_limit + std::chrono::seconds(30);
}

bool limit_cpu_for_next_job(std::chrono::seconds allowance) {
  rusage used{};
  rlimit limit{};
  if (::getrusage(RUSAGE_SELF, &used) != 0 || ::getrlimit(RLIMIT_CPU, &limit) != 0) return false;
  // Whole seconds, rounded up: the kernel compares the limit with the time used in seconds.
  const auto spent = static_cast<rlim_t>(used.ru_utime.tv_sec + used.ru_stime.tv_sec + 1);
  rlim_t soft = spent + static_cast<rlim_t>(allowance.count());
  // Only the soft limit moves: a process may lower its hard limit but never raise it.
  if (limit.rlim_max != RLIM_INFINITY && soft > limit.rlim_max) soft = limit.rlim_max;
  limit.rlim_cur = soft;
  return ::setrlimit(RLIMIT_CPU, &limit) == 0;
}

}  // namespace jobs

// Measuring a recording's duration for a limit the API enforces while the client waits
// (a candidate's time limit), without running a demuxer of untrusted bytes in the API's
// process: `interviewd measure-media` runs in a process of its own, with the worker's
// memory ceiling and a CPU allowance, and is killed when it overruns its time.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "domain/error.hpp"

namespace jobs {

struct MeasureOptions {
  std::string program = "/proc/self/exe";  // this binary
  std::uint64_t memory_limit = 0;          // RLIMIT_AS of the child (0: none)
  std::chrono::seconds time_limit{30};
};

// The duration in seconds. 400 when the file is not audio or video the service reads;
// 503 when the child crashed, overran or could not start.
domain::Result<double> measure_in_child(const MeasureOptions& options, const std::string& path);

// The `measure-media` subcommand: prints the duration of `path` (seconds, one line) and
// exits 0; 2 when it is not media; 3 when `time_limit` passed; 1 otherwise.
int measure_media_command(const std::string& path, std::uint64_t memory_limit,
                          std::chrono::seconds time_limit);

}  // namespace jobs

// The limits a media worker process puts on itself with setrlimit: a ceiling on its
// address space, and a CPU allowance renewed before each job. A hostile file that makes
// a decoder allocate without end fails its allocations; one that makes a decoder spin
// gets the process killed (SIGXCPU). Either costs that worker process and the attempt,
// never the API's process (jobs/worker_supervisor.hpp starts the workers again).
#pragma once

#include <chrono>
#include <cstdint>

#include "domain/error.hpp"

namespace jobs {

// AddressSanitizer reserves terabytes of address space for its shadow memory at start,
// so a sanitized build cannot cap the address space: there limit_memory does nothing.
#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kCanLimitMemory = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kCanLimitMemory = false;
#else
inline constexpr bool kCanLimitMemory = true;
#endif
#else
inline constexpr bool kCanLimitMemory = true;
#endif

// Caps the address space of this process (RLIMIT_AS, soft and hard: a library cannot
// raise it again) at `bytes`; past it an allocation fails (FFmpeg answers ENOMEM,
// operator new throws). Errors are for the operator.
domain::Status limit_memory(std::uint64_t bytes);

// The CPU time one job may take: twice its time box plus a margin. Processing is one
// thread per job, so a job within its time box uses less; only a decoder that spins
// without looking at its deadline reaches it.
std::chrono::seconds cpu_allowance_per_job(std::chrono::seconds processing_limit);

// Lets this process use `allowance` more seconds of CPU from now: the soft RLIMIT_CPU
// becomes the CPU time used so far plus the allowance (RLIMIT_CPU counts a process's
// whole life, so a long-lived worker must move it before each job). Past it the kernel
// sends SIGXCPU, which ends the process. For a process that runs one job at a time,
// before each job. False when the limit could not be set.
bool limit_cpu_for_next_job(std::chrono::seconds allowance);

}  // namespace jobs

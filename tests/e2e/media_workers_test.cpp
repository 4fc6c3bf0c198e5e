// serve's media workers as child processes (jobs/worker_supervisor.hpp): they process
// the answers, a worker killed mid-job is started again and its job taken again, a file
// that needs more memory than a worker may have fails without serve noticing, and the
// workers end with serve, however serve ends.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "clips.hpp"
#include "fixtures.hpp"

// A sanitized interviewd cannot cap its workers' address space (jobs/worker_limits.hpp):
// the tests of that limit run in the normal build only.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

namespace {

using e2e::Client;
using std::chrono::milliseconds;
using std::chrono::seconds;

// A screening with `videos` video questions, so that one candidate can upload that many
// answers.
struct Setup {
  Client admin;
  std::int64_t screening = 0;
  std::vector<std::int64_t> videos;
};

Setup make_setup(const e2e::Server& server, int videos) {
  Setup s;
  s.admin = e2e::register_org(server, "Media Workers Org");
  const auto job = e2e::create_job(s.admin);
  const auto candidate = e2e::create_candidate(s.admin);
  e2e::apply(s.admin, job, candidate);
  const auto set = e2e::create_question_set(s.admin);
  for (int i = 0; i < videos; ++i) s.videos.push_back(e2e::create_question(s.admin, set, "video"));
  const auto module = e2e::create_module(s.admin, job, {"Video Interview"});
  s.screening = e2e::create_screening(s.admin, candidate, job, module, "Video Interview", set);
  return s;
}

std::int64_t upload(const Setup& s, std::size_t question, const std::string& name,
                    const std::string& type, const std::string& path) {
  auto r = e2e::upload_answer(s.admin, s.screening, s.videos.at(question), "video", name, type,
                              e2e::read_file(path));
  if (r.status != 201) throw std::runtime_error("upload failed: " + r.body);
  return e2e::id_of(r);
}

std::string media_status(const Client& c, std::int64_t answer) {
  auto r = c.get("/api/v1/interview/answers/" + std::to_string(answer) + "/");
  return std::string(std::string_view(r.json()["media"]["status"]));
}

// Polls the answer until its media is ready or failed (or `wait` passes).
e2e::HttpResponse wait_processed(const Client& c, std::int64_t answer, seconds wait = seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  e2e::HttpResponse r;
  while (std::chrono::steady_clock::now() < deadline) {
    r = c.get("/api/v1/interview/answers/" + std::to_string(answer) + "/");
    const std::string_view status = r.json()["media"]["status"];
    if (status == "ready" || status == "failed") return r;
    std::this_thread::sleep_for(milliseconds(100));
  }
  return r;
}

// The queue's row of the answer's job: attempts, completions, status, locked_by, last_error.
std::vector<std::string> job_row(const e2e::Server& server, std::int64_t answer) {
  const auto rows = e2e::database_rows(
      server,
      "SELECT attempts, completions, status, locked_by, last_error FROM background_jobs WHERE "
      "answer_id = " +
          std::to_string(answer));
  return rows.size() == 1 ? rows[0] : std::vector<std::string>{};
}

// A process as /proc shows it; the start time tells it from a later one of the same pid.
struct Process {
  pid_t pid = 0;
  pid_t parent = 0;
  char state = '?';
  std::string start_time;
  std::vector<std::string> args;
};

std::optional<Process> read_process(pid_t pid) {
  const std::string dir = "/proc/" + std::to_string(pid);
  const std::string stat = e2e::read_file(dir + "/stat");
  const auto name_end = stat.rfind(')');
  if (stat.empty() || name_end == std::string::npos) return std::nullopt;
  std::istringstream fields(stat.substr(name_end + 2));
  std::vector<std::string> f;
  for (std::string field; fields >> field;) f.push_back(field);
  if (f.size() < 20) return std::nullopt;
  Process p;
  p.pid = pid;
  p.state = f[0][0];
  p.parent = static_cast<pid_t>(std::stol(f[1]));
  p.start_time = f[19];  // field 22 of proc(5)
  std::string arg;
  for (char c : e2e::read_file(dir + "/cmdline")) {
    if (c == '\0') {
      p.args.push_back(arg);
      arg.clear();
    } else {
      arg.push_back(c);
    }
  }
  return p;
}

// The `interviewd worker` children of the server (past exec; not zombies).
std::vector<Process> workers_of(const e2e::Server& server) {
  std::vector<Process> out;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    auto p = read_process(static_cast<pid_t>(std::stol(name)));
    if (p && p->parent == server.pid() && p->state != 'Z' && p->args.size() > 1 &&
        p->args[1] == "worker") {
      out.push_back(*p);
    }
  }
  return out;
}

// Waits (up to 20 s) until the server has `count` workers, none of them in `not_these`.
std::vector<Process> wait_workers(const e2e::Server& server, std::size_t count,
                                  const std::vector<Process>& not_these = {}) {
  const auto deadline = std::chrono::steady_clock::now() + seconds(20);
  std::vector<Process> now;
  while (std::chrono::steady_clock::now() < deadline) {
    now = workers_of(server);
    bool fresh = true;
    for (const auto& p : now) {
      for (const auto& old : not_these) fresh = fresh && p.pid != old.pid;
    }
    if (now.size() == count && fresh) return now;
    std::this_thread::sleep_for(milliseconds(50));
  }
  return now;
}

// Whether the process has blocked SIGTERM: its main thread blocks it before it starts
// the threads that work, which inherit the mask (the main thread's own SigBlk shows
// nothing while it waits in sigwait, which unblocks what it waits for).
bool blocks_sigterm(pid_t pid) {
  const std::string tasks = "/proc/" + std::to_string(pid) + "/task";
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(tasks, ec)) {
    std::istringstream lines(e2e::read_file(task.path().string() + "/status"));
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("SigBlk:", 0) != 0) continue;
      if ((std::stoull(line.substr(7), nullptr, 16) >> (SIGTERM - 1)) & 1u) return true;
    }
  }
  return false;
}

// Whether the process is still there (a zombie too: nobody reaped it).
bool exists(const Process& p) {
  auto now = read_process(p.pid);
  return now && now->start_time == p.start_time;
}

// Whether it still runs (a zombie does not).
bool running(const Process& p) {
  auto now = read_process(p.pid);
  return now && now->start_time == p.start_time && now->state != 'Z';
}

bool wait_until(const std::function<bool()>& done, seconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(milliseconds(20));
  }
  return true;
}

// A limit of /proc/PID/limits ("Max address space"): its soft value.
std::string limit_of(const Process& p, const std::string& name) {
  std::istringstream lines(e2e::read_file("/proc/" + std::to_string(p.pid) + "/limits"));
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(name, 0) != 0) continue;
    std::istringstream values(line.substr(name.size()));
    std::string soft;
    values >> soft;
    return soft;
  }
  return "";
}

// The sockets and pipes a process has open ("socket:[1234]").
std::set<std::string> channels_of(pid_t pid) {
  std::set<std::string> out;
  for (const auto& fd :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
    std::error_code ec;
    const std::string target = std::filesystem::read_symlink(fd.path(), ec).string();
    if (!ec && (target.rfind("socket:", 0) == 0 || target.rfind("pipe:", 0) == 0)) {
      out.insert(target);
    }
  }
  return out;
}

// Asks /healthz every 50 ms on a thread of its own until stopped; counts what failed.
class HealthWatch {
 public:
  explicit HealthWatch(const e2e::Server& server)
      : thread_([this, &server] {
          while (!stop_) {
            int status = 0;
            try {
              status = server.request("GET", "/healthz").status;
            } catch (const std::exception&) {
              status = -1;
            }
            ++checks_;
            if (status != 200) ++failures_;
            std::this_thread::sleep_for(milliseconds(50));
          }
        }) {}
  ~HealthWatch() { finish(); }
  void finish() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  int checks() const { return checks_; }
  int failures() const { return failures_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> checks_{0}, failures_{0};
  std::thread thread_;
};

TEST(MediaWorkers, ServeRunsItsWorkersAsChildProcesses) {
  e2e::Server server({{"--media-workers", "2"}});
  const auto workers = wait_workers(server, 2);
  ASSERT_EQ(workers.size(), 2u) << server.log();
  for (const auto& w : workers) {
    if (kSanitized) break;
    // The default memory limit (2 GiB), which the worker sets on itself as it starts.
    EXPECT_TRUE(
        wait_until([&] { return limit_of(w, "Max address space") == "2147483648"; }, seconds(10)))
        << limit_of(w, "Max address space");
  }
  for (const auto& w : workers) {
    // The database's URL (which may hold a password) is not on a command line anyone can
    // read; and none of serve's sockets (its listener, its connections) is open in a worker.
    for (const auto& arg : w.args) EXPECT_EQ(arg.find(server.database_url()), std::string::npos);
    const auto serves = channels_of(server.pid());
    for (const auto& channel : channels_of(w.pid)) EXPECT_EQ(serves.count(channel), 0u) << channel;
  }
  auto s = make_setup(server, 1);
  const auto id = upload(s, 0, "a.mp4", "video/mp4", e2e::clip("mp4"));
  auto done = wait_processed(s.admin, id);
  ASSERT_EQ(std::string_view(done.json()["media"]["status"]), "ready") << done.body;
  // Processed by one of them: the claim's holder is "host:pid:thread:random".
  const auto row = job_row(server, id);
  ASSERT_EQ(row.size(), 5u);
  const std::string holder = row[3];
  EXPECT_TRUE(holder.find(":" + std::to_string(workers[0].pid) + ":") != std::string::npos ||
              holder.find(":" + std::to_string(workers[1].pid) + ":") != std::string::npos)
      << holder;
  EXPECT_EQ(holder.find(":" + std::to_string(server.pid()) + ":"), std::string::npos) << holder;
}

TEST(MediaWorkers, AWorkerKilledMidJobIsStartedAgainAndItsJobTakenAgain) {
  e2e::Server server({{"--media-workers", "1", "--job-lease", "2"}});
  const pid_t serve = server.pid();
  const auto first = wait_workers(server, 1);
  ASSERT_EQ(first.size(), 1u) << server.log();
  auto s = make_setup(server, 1);
  HealthWatch health(server);
  // The slow clip keeps the worker busy for seconds (its audio is re-encoded).
  const auto id = upload(s, 0, "slow.mkv", "video/x-matroska", e2e::clip("slow"));
  ASSERT_TRUE(wait_until([&] { return media_status(s.admin, id) == "processing"; }, seconds(30)))
      << "the job was not caught while processing";
  ASSERT_EQ(::kill(first[0].pid, SIGKILL), 0);

  // serve reaps the dead worker (no zombie) and starts another.
  EXPECT_TRUE(wait_until([&] { return !exists(first[0]); }, seconds(5)));
  const auto second = wait_workers(server, 1, first);
  ASSERT_EQ(second.size(), 1u);
  EXPECT_NE(second[0].pid, first[0].pid);
  auto done = wait_processed(s.admin, id);
  ASSERT_EQ(std::string_view(done.json()["media"]["status"]), "ready") << done.body;
  EXPECT_NEAR(double(done.json()["media"]["duration_seconds"]), 120.0, 1.0);
  // Two runs; the second, in the new worker, finished it.
  const auto row = job_row(server, id);
  ASSERT_EQ(row.size(), 5u);
  EXPECT_EQ(row[0], "2");
  EXPECT_EQ(row[1], "1");
  EXPECT_EQ(row[2], "done");
  EXPECT_NE(row[3].find(":" + std::to_string(second[0].pid) + ":"), std::string::npos) << row[3];

  health.finish();
  EXPECT_GT(health.checks(), 20);
  EXPECT_EQ(health.failures(), 0);
  EXPECT_EQ(server.pid(), serve);
  EXPECT_TRUE(server.running());
  const std::string log = server.log();
  EXPECT_NE(log.find("(pid " + std::to_string(first[0].pid) + ") was killed by SIGKILL"),
            std::string::npos)
      << log;
}

// A video of one frame of width x height (h264 in Matroska), made with the ffmpeg program.
std::string large_frame_video(const std::string& dir, int width, int height) {
  const std::string path =
      dir + "/large-" + std::to_string(width) + "x" + std::to_string(height) + ".mkv";
  const std::string command =
      "ffmpeg -v error -y -f lavfi -i color=c=teal:s=" + std::to_string(width) + "x" +
      std::to_string(height) + ":r=1:d=1 -c:v libx264 -preset ultrafast " + path;
  if (std::system(command.c_str()) != 0) throw std::runtime_error("ffmpeg failed: " + command);
  return path;
}

TEST(MediaWorkers, AFileThatNeedsMoreMemoryThanAWorkerMayHaveFailsAndServeCarriesOn) {
  // A worker takes about 260 MB of address space idle, a little more for the small clip;
  // decoding a frame of 16384x8192 takes it to about 800 MB: past 512 MiB, within 2 GiB.
  if (kSanitized) GTEST_SKIP() << "a sanitized build cannot limit its address space";
  e2e::Server server(
      {{"--media-workers", "1", "--job-lease", "1", "--worker-memory-limit", "536870912"}});
  const pid_t serve = server.pid();
  const std::string big = large_frame_video(server.dir(), 16384, 8192);
  auto s = make_setup(server, 3);
  HealthWatch health(server);
  const auto hungry = upload(s, 0, "large.mkv", "video/x-matroska", big);
  auto done = wait_processed(s.admin, hungry);
  ASSERT_EQ(std::string_view(done.json()["media"]["status"]), "failed") << done.body;
  // The fixed words of a failure, never a path.
  const std::string error(std::string_view(done.json()["media"]["error"]));
  EXPECT_FALSE(error.empty());
  EXPECT_EQ(error.find('/'), std::string::npos) << error;
  const auto row = job_row(server, hungry);
  ASSERT_EQ(row.size(), 5u);
  EXPECT_EQ(row[2], "failed");
  // The next file is processed as if nothing happened.
  const auto normal = upload(s, 1, "a.mp4", "video/mp4", e2e::clip("mp4"));
  done = wait_processed(s.admin, normal);
  EXPECT_EQ(std::string_view(done.json()["media"]["status"]), "ready") << done.body;
  health.finish();
  EXPECT_EQ(health.failures(), 0);
  EXPECT_EQ(server.pid(), serve);
  EXPECT_TRUE(server.running());

  // The same file, with the default limit: the memory limit was the whole difference.
  server.restart({"--media-workers", "1", "--job-lease", "1"});
  auto again = e2e::upload_answer(s.admin, s.screening, s.videos[2], "video", "large.mkv",
                                  "video/x-matroska", e2e::read_file(big));
  ASSERT_EQ(again.status, 201) << again.body;
  done = wait_processed(s.admin, e2e::id_of(again));
  EXPECT_EQ(std::string_view(done.json()["media"]["status"]), "ready") << done.body;
}

TEST(MediaWorkers, NoWorkersMeansNoWorkerProcessesAndJobsWait) {
  e2e::Server server({{"--media-workers", "0"}});
  auto s = make_setup(server, 1);
  const auto id = upload(s, 0, "a.mp4", "video/mp4", e2e::clip("mp4"));
  std::this_thread::sleep_for(milliseconds(1500));
  EXPECT_TRUE(workers_of(server).empty());
  EXPECT_EQ(media_status(s.admin, id), "pending");
}

TEST(MediaWorkers, StoppingServeStopsItsWorkers) {
  e2e::Server server({{"--media-workers", "2"}});
  const auto workers = wait_workers(server, 2);
  ASSERT_EQ(workers.size(), 2u) << server.log();
  EXPECT_EQ(server.stop(), 0);
  for (const auto& w : workers) EXPECT_FALSE(running(w)) << w.pid;
}

TEST(MediaWorkers, AWorkerThatDoesNotStopIsKilledAfterTheShutdownTimeout) {
  e2e::Server server({{"--media-workers", "1", "--shutdown-timeout", "1"}});
  const auto workers = wait_workers(server, 1);
  ASSERT_EQ(workers.size(), 1u) << server.log();
  // A stopped process leaves a blocked SIGTERM pending: only the SIGKILL after the timeout
  // ends it. Until the worker has blocked SIGTERM (as it starts), SIGTERM is fatal and the
  // kernel ends even a stopped process with it at once: wait for the mask first.
  ASSERT_TRUE(wait_until([&] { return blocks_sigterm(workers[0].pid); }, seconds(20)));
  ASSERT_EQ(::kill(workers[0].pid, SIGSTOP), 0);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(server.stop(), 0);
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_GE(took, 1.0);
  EXPECT_LT(took, 5.0);
  EXPECT_FALSE(running(workers[0]));
  EXPECT_NE(server.log().find("did not stop within 1.0 s: killing it"), std::string::npos)
      << server.log();
}

TEST(MediaWorkers, AKilledServeTakesItsWorkersWithIt) {
  e2e::Server server({{"--media-workers", "2"}});
  const auto workers = wait_workers(server, 2);
  ASSERT_EQ(workers.size(), 2u) << server.log();
  server.kill();
  for (const auto& w : workers) {
    EXPECT_TRUE(wait_until([&] { return !running(w); }, seconds(5))) << w.pid;
  }
}

}  // namespace

// Times media::process_media against the ffmpeg CLI doing the same work on the same
// clips (the audio track copied to a file, one JPEG thumbnail at most 640 px wide),
// and prints a Markdown table of medians: wall-clock time, and CPU time (user + system),
// which a machine busy with other work disturbs less. Measures only: no thresholds.
//   media_bench [--reps N] [--ffmpeg PATH] CLIP...
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "media/process_media.hpp"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double cpu_ms(const rusage& r) {
  return (r.ru_utime.tv_sec + r.ru_stime.tv_sec) * 1e3 +
         (r.ru_utime.tv_usec + r.ru_stime.tv_usec) / 1e3;
}

double own_cpu_ms() {
  rusage r{};
  getrusage(RUSAGE_SELF, &r);
  return cpu_ms(r);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

// Runs argv[0] (looked up in PATH) and waits; true when it exits with 0. Adds the
// child's CPU time to `cpu`.
bool run(const std::vector<std::string>& args, double& cpu) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0) return false;
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) return false;
  cpu += cpu_ms(usage);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Our work on `clip` into a fresh `out`; the outputs tell the CLI what to produce.
bool ours(const std::string& clip, const std::string& out, media::MediaOutputs* result) {
  fs::remove_all(out);
  auto r = media::process_media(clip, out, Clock::now() + std::chrono::seconds(60));
  if (!r) {
    std::fprintf(stderr, "%s: %s\n", clip.c_str(), r.error().detail.c_str());
    return false;
  }
  if (result) *result = *r;
  return true;
}

// The same with the CLI, as a worker built on it would: one invocation copying the
// audio, one seeking to the thumbnail's moment and writing one scaled frame.
bool cli(const std::string& ffmpeg, const std::string& clip, const std::string& out,
         const media::MediaOutputs& like, double& cpu) {
  fs::remove_all(out);
  fs::create_directories(out);
  const std::vector<std::string> common = {ffmpeg, "-nostdin", "-v", "error", "-y"};
  if (like.audio_path) {
    auto args = common;
    const std::string ext = fs::path(*like.audio_path).extension().string();
    for (const char* a : {"-i", clip.c_str(), "-map", "0:a:0", "-vn", "-c:a", "copy"}) {
      args.push_back(a);
    }
    args.push_back(out + "/audio" + ext);
    if (!run(args, cpu)) return false;
  }
  if (like.thumbnail_path) {
    const double at = std::min(1.0, 0.1 * like.duration_seconds);
    auto args = common;
    for (const std::string& a :
         {std::string("-ss"), std::to_string(at), std::string("-i"), clip, std::string("-map"),
          std::string("0:v:0"), std::string("-frames:v"), std::string("1"), std::string("-vf"),
          std::string("scale='min(640,iw)':-2"), std::string("-q:v"), std::string("3"),
          out + "/thumbnail.jpg"}) {
      args.push_back(a);
    }
    if (!run(args, cpu)) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int reps = 10;
  std::string ffmpeg = "ffmpeg";
  std::vector<std::string> clips;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--reps" && i + 1 < argc) {
      reps = std::max(1, std::atoi(argv[++i]));
    } else if (arg == "--ffmpeg" && i + 1 < argc) {
      ffmpeg = argv[++i];
    } else if (arg.starts_with("-")) {
      std::fprintf(stderr, "usage: media_bench [--reps N] [--ffmpeg PATH] CLIP...\n");
      return 2;
    } else {
      clips.push_back(arg);
    }
  }
  if (clips.empty()) {
    std::fprintf(stderr, "usage: media_bench [--reps N] [--ffmpeg PATH] CLIP...\n");
    return 2;
  }

  const fs::path scratch = fs::temp_directory_path() / ("media_bench-" + std::to_string(getpid()));
  std::printf(
      "| clip | ours ms | ffmpeg CLI ms | ratio | ours CPU ms | ffmpeg CLI CPU ms | CPU ratio |\n"
      "|---|---:|---:|---:|---:|---:|---:|\n");
  int status = 0;
  for (const auto& clip : clips) {
    const std::string out_ours = (scratch / "ours").string();
    const std::string out_cli = (scratch / "cli").string();
    media::MediaOutputs like;
    // One untimed run of each: page cache, dynamic loading, and what the CLI must make.
    double ignored = 0;
    if (!ours(clip, out_ours, &like) || !cli(ffmpeg, clip, out_cli, like, ignored)) {
      std::fprintf(stderr, "%s: failed\n", clip.c_str());
      status = 1;
      continue;
    }
    std::vector<double> t_ours, t_cli, c_ours, c_cli;
    for (int r = 0; r < reps; ++r) {  // interleaved, so that load on the machine hits both
      auto start = Clock::now();
      const double cpu_start = own_cpu_ms();
      ours(clip, out_ours, nullptr);
      t_ours.push_back(ms_since(start));
      c_ours.push_back(own_cpu_ms() - cpu_start);
      start = Clock::now();
      double cpu = 0;
      cli(ffmpeg, clip, out_cli, like, cpu);
      t_cli.push_back(ms_since(start));
      c_cli.push_back(cpu);
    }
    const double a = median(t_ours), b = median(t_cli);
    const double ca = median(c_ours), cb = median(c_cli);
    std::printf("| %s | %.1f | %.1f | %.1f× | %.1f | %.1f | %.1f× |\n",
                fs::path(clip).filename().c_str(), a, b, b / a, ca, cb, cb / ca);
    std::fflush(stdout);
  }
  fs::remove_all(scratch);
  return status;
}

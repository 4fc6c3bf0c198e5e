#include "clips.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace e2e {

namespace {

std::string clips_dir() {
  static const std::string dir = [] {
    std::string d = "/tmp/interviewd-clips-" + std::to_string(::getpid());
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}

void run(const std::string& command) {
  if (std::system((command + " >/dev/null 2>&1").c_str()) != 0) {
    throw std::runtime_error("command failed: " + command);
  }
}

}  // namespace

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string clip(const std::string& kind) {
  static std::recursive_mutex mu;
  static std::map<std::string, std::string> made;
  std::lock_guard lock(mu);
  if (auto it = made.find(kind); it != made.end()) return it->second;
  const std::string dir = clips_dir();
  const std::string sources =
      "ffmpeg -y -loglevel error -f lavfi -i testsrc=duration=2:size=320x240:rate=25 "
      "-f lavfi -i sine=frequency=440:duration=2 ";
  std::string path;
  if (kind == "mp4") {
    path = dir + "/clip.mp4";
    run(sources + "-c:v libx264 -pix_fmt yuv420p -c:a aac -shortest " + path);
  } else if (kind == "webm") {
    path = dir + "/clip.webm";
    run(sources + "-c:v libvpx -b:v 200k -c:a libopus -shortest " + path);
  } else if (kind == "m4a") {
    path = dir + "/clip.m4a";
    run("ffmpeg -y -loglevel error -f lavfi -i sine=frequency=440:duration=2 -c:a aac " + path);
  } else if (kind == "slow") {
    // FLAC has no container to be copied into: the worker re-encodes two minutes of it.
    path = dir + "/slow.mkv";
    run("ffmpeg -y -loglevel error -f lavfi -i testsrc=duration=120:size=160x120:rate=1 "
        "-f lavfi -i sine=frequency=440:duration=120:sample_rate=48000 -ac 2 "
        "-c:v libx264 -pix_fmt yuv420p -c:a flac " +
        path);
  } else if (kind == "corrupt") {
    const std::string whole = read_file(clip("mp4"));
    path = dir + "/corrupt.mp4";
    std::ofstream(path, std::ios::binary) << whole.substr(0, whole.size() * 3 / 10);
  } else {
    throw std::runtime_error("unknown clip " + kind);
  }
  made[kind] = path;
  return path;
}

bool decodable(const std::string& path) {
  return std::system(("ffprobe -v error -show_streams " + path + " >/dev/null 2>&1").c_str()) == 0;
}

}  // namespace e2e

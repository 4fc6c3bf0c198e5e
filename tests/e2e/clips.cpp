#include "clips.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "media/clip_generator.hpp"

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

void generate(const std::string& path, const media::ClipSpec& spec) {
  if (auto st = media::generate_clip(path, spec); !st) {
    throw std::runtime_error("cannot make " + path + ": " + st.error().detail);
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
  std::string path;
  if (kind == "mp4") {
    path = dir + "/clip.mp4";
    generate(path, {});
  } else if (kind == "webm") {
    path = dir + "/clip.webm";
    generate(path, {.format = "webm",
                    .video_encoder = "libvpx",
                    .audio_encoder = "libopus",
                    .sample_rate = 48000});
  } else if (kind == "m4a") {
    path = dir + "/clip.m4a";
    generate(path, {.format = "ipod", .video_encoder = ""});
  } else if (kind == "slow") {
    // FLAC has no container to be copied into: the worker re-encodes two minutes of it.
    path = dir + "/slow.mkv";
    generate(path, {.format = "matroska",
                    .audio_encoder = "flac",
                    .seconds = 120,
                    .width = 160,
                    .height = 120,
                    .frame_rate = 1,
                    .sample_rate = 48000,
                    .channels = 2});
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

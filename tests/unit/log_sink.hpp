// A temporary file for a web::Logger to write to in a test, read back whole through its
// own handle, and removed at the end.
#pragma once

#include <stdlib.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace unit {

struct LogSink {
  LogSink() {
    std::string t = "/tmp/logger-test-XXXXXX";
    const int fd = ::mkstemp(t.data());
    path = t;
    file = ::fdopen(fd, "w");
  }
  ~LogSink() {
    std::fclose(file);
    std::remove(path.c_str());
  }
  LogSink(const LogSink&) = delete;
  LogSink& operator=(const LogSink&) = delete;
  std::string text() const {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::string path;
  std::FILE* file;
};

}  // namespace unit

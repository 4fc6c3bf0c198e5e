// The spool folder holds the temporary files of the processes that share it: streamed
// uploads, the scratch folders of media jobs, the demo's generated clip. An entry,
// named "{kind}-{random}", belongs to whoever holds an flock on it: its maker locks it
// as it creates it and keeps the descriptor open for as long as it uses the entry, and
// the kernel drops the lock when the descriptor closes, however the process ends. A
// process starting later removes what nobody holds (sweep); pids play no part, since a
// zombie still answers kill(pid, 0) and a restarted container's server has its dead
// predecessor's pid.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "storage/files.hpp"

namespace storage::spool {

// A new, empty file "{dir}/{kind}-{random}" (dir made when missing), open for reading
// and writing and locked until this object goes; then it is removed, unless it was
// moved away meanwhile. The descriptor is close-on-exec: a program this process starts
// does not share the lock. `kind` is lowercase letters. Throws storage::Error.
class File {
 public:
  File(const std::string& dir, std::string_view kind);
  File(File&&) noexcept = default;
  File& operator=(File&&) = delete;
  ~File();

  const std::string& path() const { return path_; }
  int fd() const { return fd_.get(); }

 private:
  std::string path_;
  files::Fd fd_;
};

// A new, empty folder "{dir}/{kind}-{random}", locked through a descriptor of it until
// this object goes; then it is removed with all it holds. Throws storage::Error.
class Folder {
 public:
  Folder(const std::string& dir, std::string_view kind);
  Folder(Folder&&) noexcept = default;
  Folder& operator=(Folder&&) = delete;
  ~Folder();

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  files::Fd fd_;
};

// Removes the entries of `dir` that nobody holds; returns how many. Names not of the
// shape File and Folder make, and symbolic links, stay whatever they are.
std::size_t sweep(const std::string& dir);

}  // namespace storage::spool

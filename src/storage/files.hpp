// File plumbing shared by the storage backends: an owned descriptor, and a temporary
// file that replaces its target atomically (fsync, rename) or disappears.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace storage::files {

// Throws storage::Error: kNotFound for ENOENT when `missing_is_not_found`, else kOther.
[[noreturn]] void throw_errno(const std::string& what, const std::filesystem::path& path, int err,
                              bool missing_is_not_found = false);

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();

  int get() const { return fd_; }
  int release();

 private:
  int fd_ = -1;
};

// Opens a regular file for reading; a missing file is kNotFound when `missing_is_not_found`.
Fd open_read(const std::filesystem::path& path, bool missing_is_not_found);
std::uint64_t file_size(int fd, const std::filesystem::path& path);
// Reads up to `size` bytes at `offset`; returns how many (0 at the end of the file).
std::size_t read_at(int fd, char* buffer, std::size_t size, std::uint64_t offset,
                    const std::filesystem::path& path);
// Flushes a folder so that a rename into it survives a crash.
void sync_dir(const std::filesystem::path& dir);

class TempFile {
 public:
  // A new, empty file in `dir` named `prefix` plus a random suffix.
  TempFile(const std::filesystem::path& dir, std::string_view prefix, int mode = 0644);
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile();  // removes the file unless committed

  int fd() const { return fd_.get(); }
  const std::filesystem::path& path() const { return path_; }
  void write_all(std::string_view data);
  // Copies the rest of `src` (the kernel copies when it can; never all in memory).
  void copy_from(int src, const std::filesystem::path& src_path);
  // fsync when `durable`, close, rename onto `target` (and fsync its folder when durable).
  void commit(const std::filesystem::path& target, bool durable);

 private:
  std::filesystem::path path_;
  Fd fd_;
  bool committed_ = false;
};

}  // namespace storage::files

#include "storage/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "storage/storage.hpp"
#include "util/crypto.hpp"

namespace storage::files {

void throw_errno(const std::string& what, const std::filesystem::path& path, int err,
                 bool missing_is_not_found) {
  const ErrorKind kind =
      (err == ENOENT && missing_is_not_found) ? ErrorKind::kNotFound : ErrorKind::kOther;
  throw Error(kind, "storage: " + what + " " + path.string() + ": " + std::strerror(err));
}

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

int Fd::release() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

Fd open_read(const std::filesystem::path& path, bool missing_is_not_found) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) throw_errno("cannot open", path, errno, missing_is_not_found);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) throw_errno("cannot stat", path, errno);
  if (!S_ISREG(st.st_mode)) {
    // A folder where an object was asked for: as good as missing.
    throw_errno("not a regular file:", path, missing_is_not_found ? ENOENT : EISDIR,
                missing_is_not_found);
  }
  return fd;
}

std::uint64_t file_size(int fd, const std::filesystem::path& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw_errno("cannot stat", path, errno);
  return static_cast<std::uint64_t>(st.st_size);
}

std::size_t read_at(int fd, char* buffer, std::size_t size, std::uint64_t offset,
                    const std::filesystem::path& path) {
  while (true) {
    const ssize_t n = ::pread(fd, buffer, size, static_cast<off_t>(offset));
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR) throw_errno("cannot read", path, errno);
  }
}

void sync_dir(const std::filesystem::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) throw_errno("cannot open folder", dir, errno);
  if (::fsync(fd.get()) != 0) throw_errno("cannot sync folder", dir, errno);
}

TempFile::TempFile(const std::filesystem::path& dir, std::string_view prefix, int mode) {
  // O_EXCL with a random name: no other writer, in this process or another, shares it.
  for (int attempt = 0; attempt < 8; ++attempt) {
    path_ = dir / (std::string(prefix) + util::random_hex(8));
    fd_ = Fd(
        ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, static_cast<mode_t>(mode)));
    if (fd_.get() >= 0) return;
    if (errno != EEXIST) throw_errno("cannot create", path_, errno);
  }
  throw_errno("cannot create", path_, EEXIST);
}

TempFile::~TempFile() {
  if (!committed_) ::unlink(path_.c_str());
}

void TempFile::write_all(std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd_.get(), data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("cannot write", path_, errno);
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void TempFile::copy_from(int src, const std::filesystem::path& src_path) {
  // copy_file_range copies inside the kernel (or shares extents); it is refused across
  // some file systems, and then a plain loop does it.
  while (true) {
    const ssize_t n = ::copy_file_range(src, nullptr, fd_.get(), nullptr, 1 << 30, 0);
    if (n == 0) return;
    if (n > 0) continue;
    if (errno == EINTR) continue;
    if (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP ||
        errno == EPERM) {
      break;
    }
    throw_errno("cannot copy", src_path, errno);
  }
  std::vector<char> buffer(kReadChunk);
  while (true) {
    const ssize_t n = ::read(src, buffer.data(), buffer.size());
    if (n == 0) return;
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno("cannot read", src_path, errno);
    }
    write_all(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
  }
}

void TempFile::commit(const std::filesystem::path& target, bool durable) {
  if (durable && ::fsync(fd_.get()) != 0) throw_errno("cannot sync", path_, errno);
  if (::close(fd_.release()) != 0) throw_errno("cannot close", path_, errno);
  if (::rename(path_.c_str(), target.c_str()) != 0)
    throw_errno("cannot rename onto", target, errno);
  committed_ = true;
  if (durable) sync_dir(target.parent_path().empty() ? "." : target.parent_path());
}

}  // namespace storage::files

#include "storage/spool.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "util/crypto.hpp"

namespace storage::spool {

// Between the moment an entry is created and the moment it is locked, a sweep would find
// it held by nobody and remove it from under its maker. So a maker holds a shared flock
// on the spool folder itself from before it creates the entry until the entry is locked,
// and a sweep holds an exclusive one on the folder while it looks: the sweep sees every
// entry either locked by its owner or left by an owner that is gone (one that died inside
// the window left its entry unlocked, and the next sweep removes it). No clock is
// involved, so an entry left by a process killed a moment after making it goes at once.

namespace {

constexpr std::size_t kRandomBytes = 8;  // 16 hex digits after "{kind}-"
constexpr int kAttempts = 8;

// "{kind}-{16 hex digits}", kind lowercase letters: the only names File and Folder make.
bool is_spool_name(std::string_view name) {
  const auto dash = name.find('-');
  if (dash == std::string_view::npos || dash == 0) return false;
  for (char c : name.substr(0, dash)) {
    if (c < 'a' || c > 'z') return false;
  }
  const std::string_view random = name.substr(dash + 1);
  if (random.size() != 2 * kRandomBytes) return false;
  for (char c : random) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string new_name(const std::string& dir, std::string_view kind) {
  std::string name = std::string(kind) + "-" + util::random_hex(kRandomBytes);
  if (!is_spool_name(name)) {
    throw std::invalid_argument("spool: kind must be lowercase letters: " + std::string(kind));
  }
  return dir + "/" + name;
}

// Takes the lock, waiting for it; false with errno set when it cannot be had.
bool lock(int fd, int how) {
  while (::flock(fd, how) != 0) {
    if (errno != EINTR) return false;
  }
  return true;
}

// The spool folder (made when missing), with the shared lock of a maker on it.
files::Fd lock_for_making(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) files::throw_errno("cannot create folder", dir, ec.value());
  files::Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) files::throw_errno("cannot open folder", dir, errno);
  if (!lock(fd.get(), LOCK_SH)) files::throw_errno("cannot lock folder", dir, errno);
  return fd;
}

// Whether `path` still names the file open as `fd` (it may have been moved away).
bool still_named(int fd, const std::string& path) {
  struct stat open_st {};
  struct stat named_st {};
  return ::fstat(fd, &open_st) == 0 && ::lstat(path.c_str(), &named_st) == 0 &&
         open_st.st_dev == named_st.st_dev && open_st.st_ino == named_st.st_ino;
}

// A new entry at a fresh name, made by `create` (a descriptor of it, or -1 with errno
// set, EEXIST when the name is taken: another one is tried; `create` leaves nothing
// behind when it fails), then locked; one that cannot be locked is removed by `undo`.
// `what`: "file" or "folder", for the messages.
template <class Create, class Undo>
std::pair<std::string, files::Fd> make_locked(const std::string& dir, std::string_view kind,
                                              const std::string& what, Create create, Undo undo) {
  const files::Fd making = lock_for_making(dir);
  std::string path;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    path = new_name(dir, kind);
    files::Fd fd(create(path));
    if (fd.get() >= 0) {
      if (lock(fd.get(), LOCK_EX)) return {path, std::move(fd)};
      const int err = errno;
      undo(path);
      files::throw_errno("cannot lock " + what, path, err);
    }
    if (errno != EEXIST) files::throw_errno("cannot create " + what, path, errno);
  }
  files::throw_errno("cannot create " + what, path, EEXIST);
}

}  // namespace

File::File(const std::string& dir, std::string_view kind) {
  std::tie(path_, fd_) = make_locked(
      dir, kind, "file",
      [](const std::string& path) {
        return ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      },
      [](const std::string& path) { ::unlink(path.c_str()); });
}

File::~File() {
  // Removed while still locked: a sweep never sees it unheld.
  if (fd_.get() >= 0 && still_named(fd_.get(), path_)) ::unlink(path_.c_str());
}

Folder::Folder(const std::string& dir, std::string_view kind) {
  std::tie(path_, fd_) = make_locked(
      dir, kind, "folder",
      [](const std::string& path) {
        if (::mkdir(path.c_str(), 0700) != 0) return -1;
        const int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0) {
          const int err = errno;
          ::rmdir(path.c_str());
          errno = err;
        }
        return fd;
      },
      [](const std::string& path) { ::rmdir(path.c_str()); });
}

Folder::~Folder() {
  if (fd_.get() < 0 || !still_named(fd_.get(), path_)) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::size_t sweep(const std::string& dir) {
  files::Fd folder(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (folder.get() < 0 || !lock(folder.get(), LOCK_EX)) return 0;
  std::size_t removed = 0;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string path = it->path().string();
    if (!is_spool_name(it->path().filename().string())) continue;
    std::error_code type_ec;
    const auto type = it->symlink_status(type_ec).type();
    int flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK;
    if (type == std::filesystem::file_type::directory) {
      flags |= O_DIRECTORY;
    } else if (type != std::filesystem::file_type::regular) {
      continue;
    }
    const files::Fd entry(::open(path.c_str(), flags));
    // Held: its owner is alive and uses it.
    if (entry.get() < 0 || ::flock(entry.get(), LOCK_EX | LOCK_NB) != 0) continue;
    if (!still_named(entry.get(), path)) continue;
    std::error_code remove_ec;
    if (std::filesystem::remove_all(path, remove_ec) > 0 && !remove_ec) ++removed;
  }
  return removed;
}

}  // namespace storage::spool

// Spool entries belong to whoever holds their flock: the sweep removes what nobody holds
// (whatever became of the process that made it) and nothing else.
#include "storage/spool.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "storage/storage.hpp"

namespace {

namespace fs = std::filesystem;
using storage::spool::File;
using storage::spool::Folder;

struct TempDir {
  TempDir() {
    std::string t = (fs::temp_directory_path() / "spool-test-XXXXXX").string();
    path = ::mkdtemp(t.data());
  }
  ~TempDir() { fs::remove_all(path); }
  std::string str() const { return path.string(); }
  fs::path path;
};

void touch(const fs::path& p) {
  std::ofstream(p) << "x";
}

// Whether another open file description could take the entry's lock now.
bool held(const fs::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool taken = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);
  return taken;
}

// Reads all a pipe gives until its writers are gone.
std::string read_all(int fd) {
  std::string out;
  char buf[256];
  ssize_t n = 0;
  while ((n = ::read(fd, buf, sizeof buf)) != 0) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

void write_all(int fd, const std::string& s) {
  std::size_t done = 0;
  while (done < s.size()) {
    const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return;
    done += static_cast<std::size_t>(n);
  }
}

// The state letter of /proc/{pid}/stat ('Z' for a zombie), or 0.
char process_state(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  std::getline(in, line);
  const auto paren = line.rfind(')');
  return paren == std::string::npos || paren + 2 >= line.size() ? 0 : line[paren + 2];
}

bool wait_until_zombie(pid_t pid) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (process_state(pid) == 'Z') return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

const std::string kRandom = "0123456789abcdef";  // 16 hex digits: a spool name's random part

TEST(Spool, FileIsMadeLockedAndRemovedWhenItGoes) {
  TempDir dir;
  std::string path;
  {
    File file(dir.str() + "/spool", "upload");  // the folder is made when missing
    path = file.path();
    EXPECT_TRUE(std::regex_match(path, std::regex(dir.str() + "/spool/upload-[0-9a-f]{16}")))
        << path;
    ASSERT_GE(file.fd(), 0);
    EXPECT_EQ(::write(file.fd(), "abc", 3), 3);
    EXPECT_EQ(fs::file_size(path), 3u);
    EXPECT_EQ(fs::status(path).permissions() & fs::perms::all,
              fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_TRUE(held(path));
    EXPECT_EQ(::fcntl(file.fd(), F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
    File other(dir.str() + "/spool", "upload");
    EXPECT_NE(other.path(), path);
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_TRUE(fs::is_empty(dir.path / "spool"));
}

TEST(Spool, FolderIsMadeLockedAndRemovedWithItsFilesWhenItGoes) {
  TempDir dir;
  std::string path;
  {
    Folder folder(dir.str(), "job");
    path = folder.path();
    EXPECT_TRUE(std::regex_match(path, std::regex(dir.str() + "/job-[0-9a-f]{16}"))) << path;
    EXPECT_TRUE(fs::is_directory(path));
    touch(path + "/input");
    fs::create_directory(path + "/out");
    touch(path + "/out/audio.m4a");
    EXPECT_TRUE(held(path));
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST(Spool, AFileMovedAwayIsNotRemovedNorWhatTookItsName) {
  TempDir dir;
  std::string path;
  {
    File file(dir.str(), "upload");
    path = file.path();
    fs::rename(path, dir.path / "kept");
    touch(path);  // another file under the old name: not the one this object made
  }
  EXPECT_TRUE(fs::exists(dir.path / "kept"));
  EXPECT_TRUE(fs::exists(path));
}

TEST(Spool, AKindOtherThanLowercaseLettersIsRefused) {
  TempDir dir;
  EXPECT_THROW(File(dir.str(), "Upload"), std::invalid_argument);
  EXPECT_THROW(Folder(dir.str(), "job-1"), std::invalid_argument);
  EXPECT_THROW(File(dir.str(), ""), std::invalid_argument);
  EXPECT_TRUE(fs::is_empty(dir.path));
}

TEST(Spool, AFolderThatCannotBeMadeIsAStorageError) {
  EXPECT_THROW(Folder("/proc/self", "job"), storage::Error);
  EXPECT_THROW(File("/proc/self", "upload"), storage::Error);
}

TEST(Spool, SweepKeepsWhatThisProcessHolds) {
  TempDir dir;
  File file(dir.str(), "upload");
  Folder folder(dir.str(), "job");
  touch(folder.path() + "/input");
  EXPECT_EQ(storage::spool::sweep(dir.str()), 0u);
  EXPECT_TRUE(fs::exists(file.path()));
  EXPECT_TRUE(fs::exists(folder.path() + "/input"));
  EXPECT_TRUE(held(file.path()));
}

TEST(Spool, SweepRemovesFilesAndFoldersNobodyHolds) {
  TempDir dir;
  touch(dir.path / ("upload-" + kRandom));
  fs::create_directory(dir.path / ("job-" + kRandom));
  fs::create_directory(dir.path / ("job-" + kRandom) / "out");
  touch(dir.path / ("job-" + kRandom) / "out" / "thumbnail.jpg");
  File mine(dir.str(), "upload");

  EXPECT_EQ(storage::spool::sweep(dir.str()), 2u);
  EXPECT_FALSE(fs::exists(dir.path / ("upload-" + kRandom)));
  EXPECT_FALSE(fs::exists(dir.path / ("job-" + kRandom)));
  EXPECT_TRUE(fs::exists(mine.path()));
  EXPECT_EQ(storage::spool::sweep(dir.str()), 0u);
}

TEST(Spool, SweepLeavesNamesItDidNotMakeAlone) {
  TempDir dir;
  const std::string pid = std::to_string(::getpid());
  const std::vector<std::string> names = {
      "notes.txt",
      "upload-xyz",
      "upload-" + kRandom.substr(1),  // a digit short
      "upload-" + kRandom + "0",      // a digit long
      "Upload-" + kRandom,            // not lowercase
      "upload-0123456789ABCDEF",      // upper-case hex
      "-" + kRandom,                  // no kind
      "up_load-" + kRandom,           // not letters
      "upload-" + pid + "-abc123",    // the former "{kind}-{pid}-XXXXXX"
      "upload-" + kRandom + ".part",
  };
  for (const auto& n : names) touch(dir.path / n);
  fs::create_directory(dir.path / "job-1-abcdef");
  // A link of the spool's shape is not followed, nor removed.
  TempDir elsewhere;
  touch(elsewhere.path / "precious");
  fs::create_directory_symlink(elsewhere.path, dir.path / ("job-" + kRandom));
  fs::create_symlink(elsewhere.path / "precious", dir.path / ("upload-" + kRandom));
  // Nor is a FIFO opened (an open for reading would wait for a writer).
  ASSERT_EQ(::mkfifo((dir.path / ("fifo-" + kRandom)).c_str(), 0600), 0);

  EXPECT_EQ(storage::spool::sweep(dir.str()), 0u);
  for (const auto& n : names) EXPECT_TRUE(fs::exists(dir.path / n)) << n;
  EXPECT_TRUE(fs::is_directory(dir.path / "job-1-abcdef"));
  EXPECT_TRUE(fs::is_symlink(dir.path / ("job-" + kRandom)));
  EXPECT_TRUE(fs::is_symlink(dir.path / ("upload-" + kRandom)));
  EXPECT_TRUE(fs::exists(elsewhere.path / "precious"));
  EXPECT_TRUE(fs::exists(dir.path / ("fifo-" + kRandom)));
}

// A zombie still answers kill(pid, 0), so a sweep by pid kept what it left; its
// descriptors closed when it exited, and with them its locks.
TEST(Spool, SweepRemovesWhatAZombieLeft) {
  TempDir dir;
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(out[0]);
    // Killed in the middle of its work: no destructor runs.
    auto* file = new File(dir.str(), "upload");
    auto* folder = new Folder(dir.str(), "job");
    write_all(out[1], file->path() + "\n" + folder->path() + "\n");
    ::_exit(0);
  }
  ::close(out[1]);
  std::istringstream paths(read_all(out[0]));
  ::close(out[0]);
  std::string file_path, folder_path;
  std::getline(paths, file_path);
  std::getline(paths, folder_path);
  ASSERT_TRUE(fs::exists(file_path)) << file_path;
  ASSERT_TRUE(fs::is_directory(folder_path)) << folder_path;

  ASSERT_TRUE(wait_until_zombie(child));
  EXPECT_EQ(::kill(child, 0), 0) << "a zombie answers kill(pid, 0)";
  EXPECT_EQ(storage::spool::sweep(dir.str()), 2u);
  EXPECT_FALSE(fs::exists(file_path));
  EXPECT_FALSE(fs::exists(folder_path));
  int status = 0;
  EXPECT_EQ(::waitpid(child, &status, 0), child);
}

// Pids are reused: in a container every server is pid 1, and its killed predecessor was
// too. An entry a name would have tied to a running pid (this process's own, or 1) but
// that nobody holds goes.
TEST(Spool, SweepRemovesWhatNobodyHoldsThoughItsMakersPidRuns) {
  TempDir dir;
  // Made by this very process, whose lock is then lost as it is when a process dies:
  // the descriptor is replaced by one of /dev/null.
  File made_here(dir.str(), "upload");
  const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  ASSERT_GE(null, 0);
  ASSERT_EQ(::dup2(null, made_here.fd()), made_here.fd());
  ::close(null);
  EXPECT_FALSE(held(made_here.path()));
  // Left by a predecessor that was pid 1, which runs (it is init, here or in a container).
  touch(dir.path / ("job-" + kRandom));
  ASSERT_TRUE(::kill(1, 0) == 0 || errno == EPERM);

  EXPECT_EQ(storage::spool::sweep(dir.str()), 2u);
  EXPECT_FALSE(fs::exists(made_here.path()));
  EXPECT_FALSE(fs::exists(dir.path / ("job-" + kRandom)));
}

TEST(Spool, SweepKeepsWhatALiveChildHoldsUntilItExits) {
  TempDir dir;
  int out[2];
  int in[2];
  ASSERT_EQ(::pipe(out), 0);
  ASSERT_EQ(::pipe(in), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(out[0]);
    ::close(in[1]);
    auto* folder = new Folder(dir.str(), "job");
    auto* file = new File(dir.str(), "upload");
    write_all(out[1], folder->path() + "\n" + file->path() + "\n");
    ::close(out[1]);
    read_all(in[0]);  // until the parent closes its end
    ::_exit(0);
  }
  ::close(out[1]);
  ::close(in[0]);
  std::istringstream paths(read_all(out[0]));
  ::close(out[0]);
  std::string folder_path, file_path;
  std::getline(paths, folder_path);
  std::getline(paths, file_path);
  ASSERT_TRUE(fs::is_directory(folder_path)) << folder_path;
  ASSERT_TRUE(fs::exists(file_path)) << file_path;

  EXPECT_EQ(storage::spool::sweep(dir.str()), 0u);
  EXPECT_TRUE(fs::is_directory(folder_path));
  EXPECT_TRUE(fs::exists(file_path));

  ::close(in[1]);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(storage::spool::sweep(dir.str()), 2u);
  EXPECT_FALSE(fs::exists(folder_path));
  EXPECT_FALSE(fs::exists(file_path));
}

// Between its creation and its lock an entry is held by nobody; a sweep running then
// must still not take it from its maker.
TEST(Spool, NoEntryIsSweptWhileItIsBeingMade) {
  TempDir dir;
  std::atomic<bool> done{false};
  std::atomic<std::size_t> removed{0};
  std::thread sweeper([&] {
    while (!done) removed += storage::spool::sweep(dir.str());
  });
  std::size_t lost = 0;
  for (int i = 0; i < 1000; ++i) {
    try {
      if (i % 2 == 0) {
        File file(dir.str(), "upload");
        if (!fs::exists(file.path())) ++lost;
      } else {
        Folder folder(dir.str(), "job");  // swept before it is opened: cannot be locked
        if (!fs::exists(folder.path())) ++lost;
      }
    } catch (const storage::Error&) {
      ++lost;
    }
  }
  done = true;
  sweeper.join();
  EXPECT_EQ(lost, 0u);
  EXPECT_EQ(removed.load(), 0u);
}

TEST(Spool, SweepOfAMissingFolderDoesNothing) {
  EXPECT_EQ(storage::spool::sweep("/nonexistent/spool/folder"), 0u);
}

}  // namespace

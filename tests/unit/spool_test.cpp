// The spool sweep removes what dead processes left and nothing else.
#include "storage/spool.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;

// The pid of a child that has exited and been reaped: no process has it now.
pid_t dead_pid() {
  const pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

struct TempDir {
  TempDir() {
    std::string t = (fs::temp_directory_path() / "spool-test-XXXXXX").string();
    path = ::mkdtemp(t.data());
  }
  ~TempDir() { fs::remove_all(path); }
  fs::path path;
};

void touch(const fs::path& p) {
  std::ofstream(p) << "x";
}

TEST(Spool, NameTemplateCarriesTheKindAndThisPid) {
  const std::string t = storage::spool::name_template("/var/spool", "upload");
  EXPECT_EQ(t, "/var/spool/upload-" + std::to_string(::getpid()) + "-XXXXXX");
  std::string made = storage::spool::name_template(fs::temp_directory_path().string(), "job");
  ASSERT_NE(::mkdtemp(made.data()), nullptr);
  EXPECT_TRUE(fs::is_directory(made));
  fs::remove(made);
}

TEST(Spool, SweepRemovesOnlyWhatDeadProcessesLeft) {
  TempDir dir;
  const std::string dead = std::to_string(dead_pid());
  const std::string self = std::to_string(::getpid());
  const std::string parent = std::to_string(::getppid());
  touch(dir.path / ("upload-" + dead + "-abc123"));
  fs::create_directory(dir.path / ("job-" + dead + "-def456"));
  touch(dir.path / ("job-" + dead + "-def456") / "input");
  touch(dir.path / ("upload-" + self + "-mine00"));
  touch(dir.path / ("download-" + parent + "-alive0"));
  touch(dir.path / "notes.txt");
  touch(dir.path / "upload-xyz-abc");
  touch(dir.path / ("upload-" + dead));

  EXPECT_EQ(storage::spool::sweep(dir.path.string()), 2u);
  EXPECT_FALSE(fs::exists(dir.path / ("upload-" + dead + "-abc123")));
  EXPECT_FALSE(fs::exists(dir.path / ("job-" + dead + "-def456")));
  EXPECT_TRUE(fs::exists(dir.path / ("upload-" + self + "-mine00")));
  EXPECT_TRUE(fs::exists(dir.path / ("download-" + parent + "-alive0")));
  EXPECT_TRUE(fs::exists(dir.path / "notes.txt"));
  EXPECT_TRUE(fs::exists(dir.path / "upload-xyz-abc"));
  EXPECT_TRUE(fs::exists(dir.path / ("upload-" + dead)));
  EXPECT_EQ(storage::spool::sweep(dir.path.string()), 0u);
}

TEST(Spool, SweepOfAMissingFolderDoesNothing) {
  EXPECT_EQ(storage::spool::sweep("/nonexistent/spool/folder"), 0u);
}

}  // namespace

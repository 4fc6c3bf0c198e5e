// The folder backend in a temporary folder: objects, ranges, atomic replacement,
// presigned uploads checked by verify_upload; key rules and STORAGE_URL parsing.
#include "storage/local_storage.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "storage/s3_storage.hpp"
#include "util/crypto.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;
using storage::ErrorKind;

const Clock::time_point kT0 = std::chrono::sys_days{std::chrono::year{2024} / 3 / 4} + 5h;

std::string read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_whole(const fs::path& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << data;
}

// Bytes that differ from one position to the next, so that a wrong offset shows.
std::string pattern(std::size_t size, char salt = 0) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i)
    s[i] = static_cast<char>((i * 131 + i / 251 + salt) & 0xff);
  return s;
}

ErrorKind kind_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const storage::Error& e) {
    return e.kind();
  }
  ADD_FAILURE() << "no storage::Error thrown";
  return ErrorKind::kOther;
}

class LocalStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) / ("local-storage-" + util::random_hex(6));
    fs::create_directories(dir_);
    root_ = dir_ / "media";
    store_ = make();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<storage::LocalStorage> make(std::string public_url = "http://127.0.0.1:8000") {
    return std::make_unique<storage::LocalStorage>(
        root_, storage::StorageOptions{std::move(public_url), {}}, std::nullopt,
        [this] { return now_; });
  }

  fs::path source(const std::string& data) {
    const fs::path p = dir_ / ("src-" + util::random_hex(4));
    write_whole(p, data);
    return p;
  }

  std::string read_range(const std::string& key, std::uint64_t offset, std::uint64_t length) {
    std::string out;
    store_->read(key, offset, length, [&](std::string_view chunk) {
      EXPECT_LE(chunk.size(), storage::kReadChunk);
      EXPECT_FALSE(chunk.empty());
      out.append(chunk);
      return true;
    });
    return out;
  }

  std::size_t temp_files() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(root_ / ".tmp")) ++n;
    return n;
  }

  fs::path dir_, root_;
  Clock::time_point now_ = kT0;
  std::unique_ptr<storage::LocalStorage> store_;
};

TEST_F(LocalStorageTest, PutHeadReadGetRemove) {
  const std::string key = "7/answers/ab12/my vidéo.mp4";
  const std::string data = pattern(200 * 1024 + 17);
  const fs::path src = source(data);
  store_->put_file(key, src.string(), "video/mp4");
  EXPECT_EQ(read_whole(src), data) << "the source stays";
  EXPECT_EQ(read_whole(root_ / key), data);

  const auto info = store_->head(key);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->size, data.size());
  EXPECT_EQ(info->content_type, "video/mp4");

  EXPECT_EQ(read_range(key, 0, data.size()), data);
  EXPECT_EQ(read_range(key, 0, 10), data.substr(0, 10));
  EXPECT_EQ(read_range(key, 70000, 12345), data.substr(70000, 12345));
  EXPECT_EQ(read_range(key, data.size() - 5, 100), data.substr(data.size() - 5))
      << "cut at the end";
  EXPECT_EQ(read_range(key, data.size(), 10), "");
  EXPECT_EQ(read_range(key, data.size() + 100, 10), "");
  EXPECT_EQ(read_range(key, 3, 0), "");
  EXPECT_EQ(read_range(key, 1, UINT64_MAX), data.substr(1));

  // The sink stops the read.
  std::size_t calls = 0;
  store_->read(key, 0, data.size(), [&](std::string_view) { return ++calls < 2; });
  EXPECT_EQ(calls, 2u);

  const fs::path copy = dir_ / "out" / "copy.mp4";
  fs::create_directories(copy.parent_path());
  store_->get_file(key, copy.string());
  EXPECT_EQ(read_whole(copy), data);
  EXPECT_EQ(std::distance(fs::directory_iterator(copy.parent_path()), fs::directory_iterator()), 1);

  // Replaced whole, type included.
  store_->put_file(key, source("short").string(), "video/webm");
  EXPECT_EQ(read_range(key, 0, 100), "short");
  EXPECT_EQ(store_->head(key)->content_type, "video/webm");

  store_->remove(key);
  EXPECT_FALSE(store_->head(key).has_value());
  EXPECT_FALSE(fs::exists(root_ / key));
  EXPECT_FALSE(fs::exists(root_ / ".meta" / key));
  store_->remove(key);  // missing: fine
  EXPECT_EQ(temp_files(), 0u);
}

TEST_F(LocalStorageTest, MissingObjects) {
  const std::string key = "7/answers/none/x.mp4";
  EXPECT_FALSE(store_->head(key).has_value());
  EXPECT_EQ(kind_of([&] { read_range(key, 0, 10); }), ErrorKind::kNotFound);
  EXPECT_EQ(kind_of([&] { store_->get_file(key, (dir_ / "x").string()); }), ErrorKind::kNotFound);
  EXPECT_FALSE(fs::exists(dir_ / "x"));
  EXPECT_NO_THROW(store_->remove(key));
  // A prefix of other keys is no object either.
  store_->put_file("7/answers/some/x.mp4", source("x").string(), "video/mp4");
  EXPECT_FALSE(store_->head("7/answers").has_value());
  EXPECT_EQ(kind_of([&] { read_range("7/answers", 0, 10); }), ErrorKind::kNotFound);
  EXPECT_NO_THROW(store_->remove("7/answers"));
  EXPECT_TRUE(store_->head("7/answers/some/x.mp4").has_value());
  // A source that does not exist is the caller's mistake, not a missing object.
  EXPECT_EQ(kind_of([&] { store_->put_file("7/a/b.mp4", (dir_ / "nope").string(), "video/mp4"); }),
            ErrorKind::kOther);
}

TEST_F(LocalStorageTest, ContentTypeDefaultsWhenUnknown) {
  store_->put_file("7/a/b.mp4", source("x").string(), "");
  EXPECT_EQ(store_->head("7/a/b.mp4")->content_type, "application/octet-stream");
}

TEST_F(LocalStorageTest, InvalidKeysAreRefused) {
  const fs::path src = source("x");
  for (const std::string& key :
       std::vector<std::string>{"", "/abs/x.mp4", "../x.mp4", "7/../x", "7//x", "7/x/", ".meta/x",
                                ".tmp/x", "7/./x", std::string("7/a\0b", 5)}) {
    EXPECT_EQ(kind_of([&] { store_->put_file(key, src.string(), "video/mp4"); }), ErrorKind::kOther)
        << key;
    EXPECT_EQ(kind_of([&] { store_->head(key); }), ErrorKind::kOther) << key;
    EXPECT_EQ(kind_of([&] { store_->remove(key); }), ErrorKind::kOther) << key;
    EXPECT_EQ(kind_of([&] { store_->presign_put(key, "video/mp4", 60s); }), ErrorKind::kOther)
        << key;
  }
  EXPECT_FALSE(fs::exists(dir_ / "x.mp4"));
}

TEST(StorageKey, Rules) {
  for (const std::string& key :
       std::vector<std::string>{"a", "7/answers/0a1b/video.mp4", "7/answers/x/.hidden.mp4",
                                "7/é 日本/+!'()*%~.mp4", "7/a..b/c", std::string(1024, 'k')}) {
    EXPECT_TRUE(storage::valid_key(key)) << key;
  }
  for (const std::string& key : std::vector<std::string>{
           "", "/a", "a/", "a//b", "..", "a/..", "../a", "a/../b", ".", "a/./b", ".a", ".meta/x",
           ".presign-secret", "a\nb", "a\tb", std::string("a\0b", 3),
           "a\x7f"
           "b",
           std::string(1025, 'k')}) {
    EXPECT_FALSE(storage::valid_key(key)) << key;
  }
}

// A write that fails half way leaves the old object whole and no temporary file behind.
TEST_F(LocalStorageTest, FailedWriteLeavesOldObject) {
  const std::string key = "7/answers/ab/v.mp4";
  const std::string old_data = pattern(1000);
  store_->put_file(key, source(old_data).string(), "video/mp4");
  const fs::path big = source(pattern(3 * 1024 * 1024, 1));

  // The file size limit makes the copy fail after 1 MiB, as a full disk would.
  struct rlimit saved {};
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
  auto* previous = std::signal(SIGXFSZ, SIG_IGN);
  struct rlimit limited = saved;
  limited.rlim_cur = 1024 * 1024;
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &limited), 0);
  const ErrorKind kind = kind_of([&] { store_->put_file(key, big.string(), "video/webm"); });
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &saved), 0);
  std::signal(SIGXFSZ, previous);

  EXPECT_EQ(kind, ErrorKind::kOther);
  EXPECT_EQ(read_whole(root_ / key), old_data);
  EXPECT_EQ(store_->head(key)->content_type, "video/mp4");
  EXPECT_EQ(temp_files(), 0u);

  // Nor does a rename that cannot happen (the key is a folder of other keys).
  store_->put_file("7/answers/ab/dir/inner", source("i").string(), "video/mp4");
  EXPECT_EQ(kind_of([&] { store_->put_file("7/answers/ab/dir", source("x").string(), ""); }),
            ErrorKind::kOther);
  EXPECT_EQ(read_whole(root_ / "7/answers/ab/dir/inner"), "i");
  EXPECT_EQ(temp_files(), 0u);
}

// Readers see one version or the other, never a mix or a part.
TEST_F(LocalStorageTest, ReplacementIsAtomic) {
  const std::string key = "7/answers/ab/v.mp4";
  const std::string a(2 * 1024 * 1024, 'a');
  const std::string b(1536 * 1024, 'b');
  const fs::path src_a = source(a);
  const fs::path src_b = source(b);
  store_->put_file(key, src_a.string(), "video/mp4");
  std::atomic<bool> done{false};
  std::thread writer([&] {
    for (int i = 0; i < 20; ++i)
      store_->put_file(key, (i % 2 ? src_a : src_b).string(), "video/mp4");
    done = true;
  });
  int reads = 0;
  while (!done || reads == 0) {
    const fs::path out = dir_ / "read.mp4";
    store_->get_file(key, out.string());
    const std::string got = read_whole(out);
    ASSERT_TRUE(got == a || got == b) << "size " << got.size();
    ++reads;
  }
  writer.join();
  EXPECT_GT(reads, 0);
}

TEST_F(LocalStorageTest, Ready) {
  EXPECT_TRUE(store_->ready());
  EXPECT_EQ(temp_files(), 0u);
  fs::remove_all(root_ / ".tmp");
  write_whole(root_ / ".tmp", "not a folder");
  EXPECT_FALSE(store_->ready());
}

TEST_F(LocalStorageTest, SpoolDir) {
  EXPECT_EQ(store_->spool_dir(), (root_ / ".spool").string());
  EXPECT_TRUE(fs::is_directory(store_->spool_dir()));
  storage::LocalStorage other(root_, {"", (dir_ / "spool").string()});
  EXPECT_EQ(other.spool_dir(), (dir_ / "spool").string());
  EXPECT_TRUE(fs::is_directory(dir_ / "spool"));
}

// A presigned URL as the upload endpoint receives it.
struct Received {
  std::string host, path, query;
};
Received split_url(const std::string& url) {
  const auto authority = url.find("://") + 3;
  const auto slash = url.find('/', authority);
  const auto question = url.find('?', slash);
  return {url.substr(authority, slash - authority), url.substr(slash, question - slash),
          url.substr(question + 1)};
}

TEST_F(LocalStorageTest, PresignedUploadsVerify) {
  const std::string key = "7/answers/ab/my vidéo+.mp4";
  const auto put = store_->presign_put(key, "video/mp4", 900s);
  EXPECT_TRUE(put.url.starts_with(
      "http://127.0.0.1:8000/api/v1/uploads/7/answers/ab/my%20vid%C3%A9o%2B.mp4?X-Amz-Algorithm="))
      << put.url;
  EXPECT_NE(
      put.url.find("X-Amz-Credential=interviewd-local%2F20240304%2Fus-east-1%2Fs3%2Faws4_request"),
      std::string::npos);
  EXPECT_EQ(put.expires_at, "2024-03-04T05:15:00Z");
  ASSERT_EQ(put.headers.size(), 1u);
  EXPECT_EQ(put.headers[0], (std::pair<std::string, std::string>{"Content-Type", "video/mp4"}));

  const Received r = split_url(put.url);
  const storage::sigv4::Headers type = {{"Content-Type", "video/mp4"}};
  auto ok = store_->verify_upload("PUT", r.host, r.path, r.query, type, kT0 + 10s);
  ASSERT_TRUE(ok.ok()) << ok.error().detail;
  EXPECT_EQ(ok->key, key);
  EXPECT_EQ(ok->content_type, "video/mp4");

  // Another process on the same folder agrees (one secret, kept in the folder).
  EXPECT_TRUE(make()->verify_upload("PUT", r.host, r.path, r.query, type, kT0 + 10s).ok());
  const auto secret = root_ / ".presign-secret";
  EXPECT_EQ(fs::status(secret).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);

  using domain::ErrorCode;
  auto code = [&](std::string_view method, const Received& x, const storage::sigv4::Headers& h,
                  Clock::time_point now) {
    auto res = store_->verify_upload(method, x.host, x.path, x.query, h, now);
    return res.ok() ? std::optional<ErrorCode>() : res.error().code;
  };
  EXPECT_EQ(code("PUT", r, type, kT0 + 901s), ErrorCode::kForbidden) << "expired";
  EXPECT_EQ(code("POST", r, type, kT0), ErrorCode::kForbidden) << "method";
  EXPECT_EQ(code("PUT", r, {{"Content-Type", "video/webm"}}, kT0), ErrorCode::kForbidden);
  Received other = r;
  other.path = "/api/v1/uploads/7/answers/ab/other.mp4";
  EXPECT_EQ(code("PUT", other, type, kT0), ErrorCode::kForbidden) << "another key";
  other.path = "/api/v1/uploads/7/answers/../x.mp4";
  EXPECT_EQ(code("PUT", other, type, kT0), ErrorCode::kBadRequest) << "bad key";
  other.path = "/api/v1/elsewhere/7/answers/ab/my%20vid%C3%A9o%2B.mp4";
  EXPECT_EQ(code("PUT", other, type, kT0), ErrorCode::kBadRequest) << "not an upload path";
  other = r;
  other.query.back() = other.query.back() == 'a' ? 'b' : 'a';
  EXPECT_EQ(code("PUT", other, type, kT0), ErrorCode::kForbidden) << "signature";

  // Another folder has another secret.
  root_ = dir_ / "other";
  EXPECT_EQ(make()->verify_upload("PUT", r.host, r.path, r.query, type, kT0).error().code,
            ErrorCode::kForbidden);
}

TEST_F(LocalStorageTest, PresignedUploadsSignTheContentLength) {
  const std::string key = "7/answers/ab/sized.mp4";
  const auto put = store_->presign_put(key, "video/mp4", 900s, 1234);
  EXPECT_NE(put.url.find("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost"),
            std::string::npos)
      << put.url;
  ASSERT_EQ(put.headers.size(), 2u);
  EXPECT_EQ(put.headers[0], (std::pair<std::string, std::string>{"Content-Length", "1234"}));
  EXPECT_EQ(put.headers[1], (std::pair<std::string, std::string>{"Content-Type", "video/mp4"}));

  const Received r = split_url(put.url);
  auto verify = [&](const std::string& length) {
    return store_->verify_upload("PUT", r.host, r.path, r.query,
                                 {{"Content-Type", "video/mp4"}, {"Content-Length", length}},
                                 kT0 + 10s);
  };
  auto ok = verify("1234");
  ASSERT_TRUE(ok.ok()) << ok.error().detail;
  EXPECT_EQ(ok->content_length, std::optional<std::uint64_t>(1234));
  EXPECT_EQ(verify("1235").error().code, domain::ErrorCode::kForbidden);
  EXPECT_EQ(verify("999999999").error().code, domain::ErrorCode::kForbidden);
  auto missing = store_->verify_upload("PUT", r.host, r.path, r.query,
                                       {{"Content-Type", "video/mp4"}}, kT0 + 10s);
  EXPECT_EQ(missing.error().code, domain::ErrorCode::kForbidden) << "no Content-Length sent";

  // Without a length, none is signed and any length goes (the receiver's limit holds).
  const auto unsized = store_->presign_put(key, "video/mp4", 900s);
  EXPECT_NE(unsized.url.find("X-Amz-SignedHeaders=content-type%3Bhost"), std::string::npos);
  const Received u = split_url(unsized.url);
  auto any =
      store_->verify_upload("PUT", u.host, u.path, u.query,
                            {{"Content-Type", "video/mp4"}, {"Content-Length", "5"}}, kT0 + 10s);
  ASSERT_TRUE(any.ok()) << any.error().detail;
  EXPECT_FALSE(any->content_length);
}

TEST_F(LocalStorageTest, CopyKeepsTheBytesWhateverHappensToTheSource) {
  const std::string data = pattern(100000);
  store_->put_file("7/answers/up/take.mp4", source(data), "video/webm");
  store_->copy("7/answers/up/take.mp4", "7/answers/own/take.mp4");
  auto info = store_->head("7/answers/own/take.mp4");
  ASSERT_TRUE(info);
  EXPECT_EQ(info->size, data.size());
  EXPECT_EQ(info->content_type, "video/webm");
  EXPECT_EQ(read_range("7/answers/own/take.mp4", 0, data.size()), data);

  // A new upload to the source, then its removal, leave the copy as it was.
  store_->put_file("7/answers/up/take.mp4", source("replaced"), "video/mp4");
  store_->remove("7/answers/up/take.mp4");
  EXPECT_EQ(read_range("7/answers/own/take.mp4", 0, data.size()), data);
  EXPECT_EQ(store_->head("7/answers/own/take.mp4")->content_type, "video/webm");
  EXPECT_EQ(temp_files(), 0u);

  EXPECT_EQ(kind_of([&] { store_->copy("7/answers/none/x.mp4", "7/answers/own/y.mp4"); }),
            ErrorKind::kNotFound);
  EXPECT_FALSE(store_->head("7/answers/own/y.mp4"));
  EXPECT_EQ(kind_of([&] { store_->copy("7/answers/own/take.mp4", "7/../x.mp4"); }),
            ErrorKind::kOther);
}

TEST_F(LocalStorageTest, PresignBehindAPathPrefix) {
  store_ = make("https://example.com/interview/");
  const auto put = store_->presign_put("7/a/b.mp4", "video/mp4", 60s);
  EXPECT_TRUE(put.url.starts_with("https://example.com/interview/api/v1/uploads/7/a/b.mp4?"));
  const Received r = split_url(put.url);
  const storage::sigv4::Headers type = {{"content-type", "video/mp4"}};
  EXPECT_TRUE(store_->verify_upload("PUT", r.host, r.path, r.query, type, kT0).ok());
  // A proxy that strips the prefix.
  auto stripped =
      store_->verify_upload("PUT", r.host, "/api/v1/uploads/7/a/b.mp4", r.query, type, kT0);
  ASSERT_TRUE(stripped.ok()) << stripped.error().detail;
  EXPECT_EQ(stripped->key, "7/a/b.mp4");
}

TEST_F(LocalStorageTest, PresignNeedsAPublicUrlAndASaneExpiry) {
  EXPECT_EQ(kind_of([&] { make("")->presign_put("7/a/b.mp4", "video/mp4", 60s); }),
            ErrorKind::kOther);
  EXPECT_EQ(kind_of([&] { store_->presign_put("7/a/b.mp4", "video/mp4", 0s); }), ErrorKind::kOther);
  EXPECT_EQ(kind_of([&] { store_->presign_put("7/a/b.mp4", "video/mp4", 604801s); }),
            ErrorKind::kOther);
  EXPECT_NO_THROW(store_->presign_put("7/a/b.mp4", "video/mp4", 604800s));
  EXPECT_THROW(make("ftp://x"), std::invalid_argument);
}

TEST_F(LocalStorageTest, SignsWithGivenCredentials) {
  storage::LocalStorage store(
      root_, {"http://h:1", {}},
      storage::sigv4::Credentials{"AKIDX", "secret-of-at-least-some-length", {}},
      [] { return kT0; });
  const auto put = store.presign_put("7/a/b.mp4", "", 60s);
  EXPECT_NE(put.url.find("X-Amz-Credential=AKIDX%2F"), std::string::npos);
  EXPECT_NE(put.url.find("X-Amz-SignedHeaders=host&"), std::string::npos);
  EXPECT_TRUE(put.headers.empty());
  const Received r = split_url(put.url);
  const auto ok = store.verify_upload("PUT", r.host, r.path, r.query, {}, kT0);
  ASSERT_TRUE(ok.ok()) << ok.error().detail;
  EXPECT_EQ(ok->content_type, "") << "not signed, so not vouched for";
}

// Sets or clears environment variables for one test.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST_F(LocalStorageTest, OpenStorageUrls) {
  ScopedEnv id("AWS_ACCESS_KEY_ID", "AKID");
  ScopedEnv secret("AWS_SECRET_ACCESS_KEY", "SECRET");
  ScopedEnv token("AWS_SESSION_TOKEN", nullptr);
  const storage::StorageOptions options{"http://127.0.0.1:8000", (dir_ / "spool").string()};

  auto local = storage::open_storage("file://" + root_.string(), options);
  ASSERT_TRUE(local.ok()) << local.error().detail;
  EXPECT_NE(dynamic_cast<storage::LocalStorage*>(local->get()), nullptr);
  EXPECT_TRUE((*local)->ready());

  const fs::path cwd = fs::current_path();
  fs::current_path(dir_);
  auto relative = storage::open_storage("file://rel/media", options);
  fs::current_path(cwd);
  ASSERT_TRUE(relative.ok()) << relative.error().detail;
  EXPECT_TRUE(fs::is_directory(dir_ / "rel" / "media"));

  auto s3 = storage::open_storage(
      "s3://my-bucket?endpoint=http://127.0.0.1:9000&region=eu-west-1&path_style=1", options);
  ASSERT_TRUE(s3.ok()) << s3.error().detail;
  ASSERT_NE(dynamic_cast<storage::S3Storage*>(s3->get()), nullptr);
  EXPECT_EQ((*s3)->spool_dir(), (dir_ / "spool").string());
  const auto put = (*s3)->presign_put("7/a/b.mp4", "video/mp4", 60s);
  EXPECT_TRUE(put.url.starts_with("http://127.0.0.1:9000/my-bucket/7/a/b.mp4?")) << put.url;
  EXPECT_NE(put.url.find("%2Feu-west-1%2Fs3%2F"), std::string::npos);

  auto vhost =
      storage::open_storage("s3://my-bucket?endpoint=http://localhost:9000&path_style=0", options);
  ASSERT_TRUE(vhost.ok()) << vhost.error().detail;
  EXPECT_TRUE((*vhost)
                  ->presign_put("7/a/b.mp4", "", 60s)
                  .url.starts_with("http://my-bucket.localhost:9000/7/a/b.mp4?"));

  auto aws = storage::open_storage("s3://my-bucket?region=eu-west-3", options);
  ASSERT_TRUE(aws.ok()) << aws.error().detail;
  EXPECT_TRUE((*aws)
                  ->presign_put("7/a/b.mp4", "", 60s)
                  .url.starts_with("https://my-bucket.s3.eu-west-3.amazonaws.com/7/a/b.mp4?"));

  for (const std::string& bad : std::vector<std::string>{
           "", "ftp://x", "file://", "media", "s3://", "s3://B", "s3://Bad_Bucket?region=x",
           "s3://bucket/prefix", "s3://bucket?endpoint=ftp://x", "s3://bucket?endpoint=http://",
           "s3://bucket?endpoint=http://h:1/path", "s3://bucket?colour=blue",
           "s3://bucket?path_style=2", "s3://bucket?region=", "s3://bucket?endpoint=%zz"}) {
    auto r = storage::open_storage(bad, options);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, domain::ErrorCode::kBadRequest) << bad;
    EXPECT_FALSE(r.error().detail.empty()) << bad;
  }
  EXPECT_FALSE(storage::open_storage("file://" + root_.string(), {"not a url", {}}).ok());

  ScopedEnv no_secret("AWS_SECRET_ACCESS_KEY", nullptr);
  auto no_creds = storage::open_storage("s3://bucket?endpoint=http://127.0.0.1:9000", options);
  ASSERT_FALSE(no_creds.ok());
  EXPECT_NE(no_creds.error().detail.find("AWS_SECRET_ACCESS_KEY"), std::string::npos);
}

// Multipart writes ----------------------------------------------------------------------

class LocalStorageMultipartTest : public LocalStorageTest {
 protected:
  // Sends `data` as part `number` of the upload; its ETag.
  std::string put(const std::string& key, const std::string& upload_id, int number,
                  const std::string& data, storage::Storage* store = nullptr) {
    return (store != nullptr ? store : store_.get())
        ->put_part(key, upload_id, number, source(data).string());
  }

  // The folders of open uploads under ROOT/.multipart.
  std::size_t upload_folders() const {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(root_ / ".multipart")) ++n;
    return n;
  }

  using Parts = std::vector<storage::Storage::Part>;
  using Uploads = std::vector<std::pair<std::string, std::string>>;
};

TEST_F(LocalStorageMultipartTest, PartsMakeTheObjectByteForByte) {
  EXPECT_EQ(store_->min_part_size(), 1u);
  const std::string key = "7/answers/ab/resumable é.webm";
  const std::string a = pattern(300 * 1024 + 3, 1);
  const std::string b = pattern(64 * 1024, 2);
  const std::string c = pattern(17, 3);
  const std::string id = store_->begin_multipart(key, "video/webm");
  EXPECT_EQ(id.size(), 32u);
  // Sent in any order; assembled in the order of their numbers.
  const std::string etag3 = put(key, id, 3, c);
  const std::string etag1 = put(key, id, 1, a);
  const std::string etag2 = put(key, id, 2, b);
  EXPECT_NE(etag1, etag2);
  EXPECT_TRUE(etag1.starts_with('"') && etag1.ends_with('"')) << etag1;
  store_->complete_multipart(key, id, Parts{{1, etag1}, {2, etag2}, {3, etag3}});

  EXPECT_EQ(read_whole(root_ / key), a + b + c);
  const auto info = store_->head(key);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->size, a.size() + b.size() + c.size());
  EXPECT_EQ(info->content_type, "video/webm");
  EXPECT_EQ(read_range(key, a.size() - 2, 5), (a + b).substr(a.size() - 2, 5));
  EXPECT_EQ(store_->open_multiparts(""), Uploads{});
  EXPECT_EQ(upload_folders(), 0u);
  EXPECT_EQ(temp_files(), 0u);
  // Finished: the id is gone.
  EXPECT_EQ(kind_of([&] { put(key, id, 4, "x"); }), ErrorKind::kNotFound);
  EXPECT_EQ(kind_of([&] {
              store_->complete_multipart(key, id, Parts{{1, etag1}});
            }),
            ErrorKind::kNotFound);
  EXPECT_NO_THROW(store_->abort_multipart(key, id));

  // One part, no content type: the default type.
  const std::string single = store_->begin_multipart("7/one", "");
  store_->complete_multipart("7/one", single, Parts{{1, put("7/one", single, 1, "only")}});
  EXPECT_EQ(read_whole(root_ / "7/one"), "only");
  EXPECT_EQ(store_->head("7/one")->content_type, "application/octet-stream");
}

TEST_F(LocalStorageMultipartTest, PartsCanBeSentAgainBeforeComplete) {
  const std::string key = "7/answers/ab/v.mp4";
  const std::string id = store_->begin_multipart(key, "video/mp4");
  const std::string first = put(key, id, 1, "first try, ");
  const std::string etag2 = put(key, id, 2, "and the end");
  const std::string second = put(key, id, 1, "second try, ");
  EXPECT_NE(first, second);
  // The ETag of the part replaced no longer names part 1.
  EXPECT_EQ(kind_of([&] {
              store_->complete_multipart(key, id, Parts{{1, first}, {2, etag2}});
            }),
            ErrorKind::kOther);
  EXPECT_FALSE(store_->head(key).has_value());
  store_->complete_multipart(key, id, Parts{{1, second}, {2, etag2}});
  EXPECT_EQ(read_whole(root_ / key), "second try, and the end");
  EXPECT_EQ(temp_files(), 0u);
}

TEST_F(LocalStorageMultipartTest, NothingVisibleBeforeComplete) {
  const std::string key = "7/answers/cd/v.mp4";
  store_->put_file(key, source("the old object").string(), "video/mp4");
  const std::string id = store_->begin_multipart(key, "video/webm");
  const std::string other = store_->begin_multipart("8/answers/x", "video/webm");
  const std::string etag = put(key, id, 1, pattern(5000));
  const std::string tail = put(key, id, 2, "tail");

  EXPECT_EQ(read_whole(root_ / key), "the old object");
  EXPECT_EQ(store_->head(key)->content_type, "video/mp4");
  EXPECT_FALSE(store_->head("7/answers/cd/other.mp4").has_value());
  EXPECT_EQ(store_->open_multiparts("7/"), (Uploads{{key, id}}));
  EXPECT_EQ(store_->open_multiparts(key), (Uploads{{key, id}}));
  EXPECT_EQ(store_->open_multiparts("9/"), Uploads{});
  auto all = store_->open_multiparts("");
  EXPECT_EQ(all.size(), 2u);
  EXPECT_NE(std::find(all.begin(), all.end(), std::make_pair(std::string("8/answers/x"), other)),
            all.end());
  // Another store on the same folder (another process) sees the same uploads.
  EXPECT_EQ(make()->open_multiparts("7/"), (Uploads{{key, id}}));

  store_->complete_multipart(key, id, Parts{{1, etag}, {2, tail}});
  EXPECT_EQ(read_whole(root_ / key), pattern(5000) + "tail");
  EXPECT_EQ(store_->head(key)->content_type, "video/webm");
  EXPECT_EQ(store_->open_multiparts(""), (Uploads{{"8/answers/x", other}}));
}

TEST_F(LocalStorageMultipartTest, AbortLeavesNothing) {
  const std::string key = "7/answers/ef/v.mp4";
  const std::string id = store_->begin_multipart(key, "video/mp4");
  put(key, id, 1, pattern(10000));
  put(key, id, 2, "b");
  EXPECT_EQ(upload_folders(), 1u);
  store_->abort_multipart(key, id);

  EXPECT_FALSE(store_->head(key).has_value());
  EXPECT_FALSE(fs::exists(root_ / key));
  EXPECT_FALSE(fs::exists(root_ / ".meta" / key));
  EXPECT_EQ(upload_folders(), 0u);
  EXPECT_EQ(temp_files(), 0u);
  EXPECT_EQ(store_->open_multiparts(""), Uploads{});
  EXPECT_EQ(kind_of([&] { put(key, id, 3, "c"); }), ErrorKind::kNotFound);
  EXPECT_EQ(kind_of([&] {
              store_->complete_multipart(key, id, Parts{{1, "\"x\""}});
            }),
            ErrorKind::kNotFound);

  // Aborting again, an unknown id, a malformed one, or another key's: no error, no effect.
  const std::string kept = store_->begin_multipart("7/kept", "");
  EXPECT_NO_THROW(store_->abort_multipart(key, id));
  EXPECT_NO_THROW(store_->abort_multipart(key, util::random_hex(16)));
  EXPECT_NO_THROW(store_->abort_multipart(key, "../../etc"));
  EXPECT_NO_THROW(store_->abort_multipart(key, ""));
  EXPECT_NO_THROW(store_->abort_multipart(key, kept));
  EXPECT_EQ(store_->open_multiparts(""), (Uploads{{"7/kept", kept}}));
}

TEST_F(LocalStorageMultipartTest, UnknownUploadsAndBadPartsAreRefused) {
  const std::string key = "7/answers/gh/v.mp4";
  for (const std::string& unknown :
       {util::random_hex(16), std::string("nope"), std::string(), std::string("../.meta")}) {
    EXPECT_EQ(kind_of([&] { put(key, unknown, 1, "x"); }), ErrorKind::kNotFound) << unknown;
    EXPECT_EQ(kind_of([&] {
                store_->complete_multipart(key, unknown, Parts{{1, "\"e\""}});
              }),
              ErrorKind::kNotFound)
        << unknown;
  }
  const std::string id = store_->begin_multipart(key, "video/mp4");
  // The id is the upload of its own key only.
  EXPECT_EQ(kind_of([&] { put("7/answers/gh/other.mp4", id, 1, "x"); }), ErrorKind::kNotFound);
  EXPECT_EQ(kind_of([&] { store_->begin_multipart(".meta/x", ""); }), ErrorKind::kOther);
  EXPECT_EQ(kind_of([&] { put(key, id, 0, "x"); }), ErrorKind::kOther);
  EXPECT_EQ(kind_of([&] { put(key, id, 10001, "x"); }), ErrorKind::kOther);
  EXPECT_EQ(kind_of([&] { store_->put_part(key, id, 1, (dir_ / "no such file").string()); }),
            ErrorKind::kOther);

  const std::string e1 = put(key, id, 1, "one");
  const std::string e2 = put(key, id, 2, "");
  const std::string e3 = put(key, id, 3, "three");
  const std::vector<Parts> bad = {
      {},                               // no part
      {{2, e2}, {1, e1}},               // out of order
      {{1, e1}, {1, e1}},               // twice
      {{1, e1}, {4, "\"x\""}},          // never sent
      {{1, e2}},                        // another part's ETag
      {{1, e1}, {2, e2}, {3, e3}},      // an empty part before the last
      {{1, e1}, {3, e3}, {10001, e3}},  // past 10000
  };
  for (const Parts& parts : bad) {
    EXPECT_EQ(kind_of([&] { store_->complete_multipart(key, id, parts); }), ErrorKind::kOther)
        << parts.size();
  }
  // None of that ended the upload or left anything.
  EXPECT_FALSE(store_->head(key).has_value());
  EXPECT_EQ(temp_files(), 0u);
  EXPECT_EQ(store_->open_multiparts(""), (Uploads{{key, id}}));
  // Parts may be left out; the last may be empty.
  store_->complete_multipart(key, id, Parts{{1, e1}, {3, e3}});
  EXPECT_EQ(read_whole(root_ / key), "onethree");
}

TEST_F(LocalStorageMultipartTest, ConcurrentUploadsToDifferentKeys) {
  constexpr int kWriters = 4;
  constexpr int kParts = 5;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w] {
      try {
        // A store of its own, as another process would have.
        auto store = make();
        const std::string key = "7/answers/w" + std::to_string(w) + "/v.mp4";
        const std::string id = store->begin_multipart(key, "video/mp4");
        Parts parts;
        std::string expected;
        for (int n = 1; n <= kParts; ++n) {
          const std::string data = pattern(20000 + 1000 * n, static_cast<char>(w * 10 + n));
          parts.push_back({n, put(key, id, n, data, store.get())});
          expected += data;
        }
        store->complete_multipart(key, id, parts);
        if (read_whole(root_ / key) != expected) ++failures;
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store_->open_multiparts(""), Uploads{});
  EXPECT_EQ(upload_folders(), 0u);
  EXPECT_EQ(temp_files(), 0u);
}

// Processes that share the folder share the uploads: one begins, another sends a part.
TEST_F(LocalStorageMultipartTest, UploadsAreSharedBetweenProcesses) {
  const std::string key = "7/answers/ij/v.mp4";
  const std::string id = store_->begin_multipart(key, "video/mp4");
  const std::string e1 = put(key, id, 1, "from the parent, ");
  const fs::path part2 = source("from the child");
  const fs::path etag_file = dir_ / "etag";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    int code = 1;
    try {
      auto store = make();
      write_whole(etag_file, store->put_part(key, id, 2, part2.string()));
      code = 0;
    } catch (...) {
    }
    ::_exit(code);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  store_->complete_multipart(key, id, Parts{{1, e1}, {2, read_whole(etag_file)}});
  EXPECT_EQ(read_whole(root_ / key), "from the parent, from the child");
}

}  // namespace

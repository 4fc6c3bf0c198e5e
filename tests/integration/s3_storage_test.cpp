// The S3 backend against a real S3 server: s3rver, started by the ctest fixture
// (tests/s3/s3rver-control), whose STORAGE_URL is in the file S3_TEST_URL_FILE. Set
// S3_TEST_URL (and AWS_* credentials) instead to run against another store.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>
#include <vector>

#include "storage/s3_storage.hpp"
#include "storage/storage.hpp"
#include "util/crypto.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using storage::ErrorKind;

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

std::string pattern(std::size_t size) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>((i * 131 + i / 251) & 0xff);
  return s;
}

std::string storage_url() {
  if (const char* url = std::getenv("S3_TEST_URL")) return url;
  if (const char* file = std::getenv("S3_TEST_URL_FILE")) {
    std::string url = read_whole(file);
    while (!url.empty() && (url.back() == '\n' || url.back() == '\r')) url.pop_back();
    return url;
  }
  return {};
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

// PUT `body` to `url` with `headers`, as a browser would with a presigned URL.
long http_put(const std::string& url,
              const std::vector<std::pair<std::string, std::string>>& headers,
              const std::string& body) {
  CURL* curl = curl_easy_init();
  curl_slist* list = nullptr;
  for (const auto& [name, value] : headers)
    list = curl_slist_append(list, (name + ": " + value).c_str());
  struct Source {
    const std::string* data;
    std::size_t offset = 0;
  } source{&body};
  auto read = +[](char* buffer, size_t size, size_t count, void* user) -> size_t {
    auto* s = static_cast<Source*>(user);
    const std::size_t n = std::min(size * count, s->data->size() - s->offset);
    std::copy_n(s->data->data() + s->offset, n, buffer);
    s->offset += n;
    return n;
  };
  auto discard = +[](char*, size_t size, size_t count, void*) -> size_t { return size * count; };
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read);
  curl_easy_setopt(curl, CURLOPT_READDATA, &source);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
  const CURLcode rc = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(list);
  curl_easy_cleanup(curl);
  EXPECT_EQ(rc, CURLE_OK) << curl_easy_strerror(rc);
  return status;
}

class S3StorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string url = storage_url();
    if (url.empty()) GTEST_SKIP() << "no S3 store: set S3_TEST_URL or S3_TEST_URL_FILE";
    dir_ = fs::path(::testing::TempDir()) / ("s3-test-" + util::random_hex(6));
    fs::create_directories(dir_);
    auto opened = storage::open_storage(url, {"", (dir_ / "spool").string()});
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    store_ = std::move(opened.value());
    prefix_ = "test/" + util::random_hex(6) + "/";
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
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
      out.append(chunk);
      return true;
    });
    return out;
  }

  fs::path dir_;
  std::unique_ptr<storage::Storage> store_;
  std::string prefix_;
};

TEST_F(S3StorageTest, ReadyAndMissingObjects) {
  EXPECT_TRUE(store_->ready());
  const std::string key = prefix_ + "missing.mp4";
  EXPECT_FALSE(store_->head(key).has_value());
  EXPECT_EQ(kind_of([&] { read_range(key, 0, 10); }), ErrorKind::kNotFound);
  EXPECT_EQ(kind_of([&] { read_range(key, 0, 0); }), ErrorKind::kNotFound);
  EXPECT_EQ(kind_of([&] { store_->get_file(key, (dir_ / "out").string()); }), ErrorKind::kNotFound);
  EXPECT_FALSE(fs::exists(dir_ / "out"));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1)
      << "only the spool folder, no partial download";
  EXPECT_NO_THROW(store_->remove(key));
  EXPECT_TRUE(fs::is_directory(store_->spool_dir()));
}

TEST_F(S3StorageTest, PutHeadReadGetRemove) {
  const std::string key = prefix_ + "answer.mp4";
  const std::string data = pattern(6 * 1024 * 1024 + 123);
  store_->put_file(key, source(data).string(), "video/mp4");

  const auto info = store_->head(key);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->size, data.size());
  EXPECT_EQ(info->content_type, "video/mp4");

  EXPECT_EQ(read_range(key, 0, 10), data.substr(0, 10));
  EXPECT_EQ(read_range(key, 3 * 1024 * 1024 + 5, 300 * 1024),
            data.substr(3 * 1024 * 1024 + 5, 300 * 1024));
  EXPECT_EQ(read_range(key, data.size() - 5, 100), data.substr(data.size() - 5));
  EXPECT_EQ(read_range(key, data.size(), 10), "");
  EXPECT_EQ(read_range(key, data.size() + 1000, 10), "");
  EXPECT_EQ(read_range(key, 0, 0), "");
  EXPECT_EQ(read_range(key, 0, UINT64_MAX), data);

  std::size_t received = 0;
  int calls = 0;
  store_->read(key, 0, data.size(), [&](std::string_view chunk) {
    received += chunk.size();
    return ++calls < 3;
  });
  EXPECT_EQ(calls, 3);
  EXPECT_LE(received, 3 * storage::kReadChunk);

  const fs::path copy = dir_ / "copy.mp4";
  store_->get_file(key, copy.string());
  EXPECT_EQ(read_whole(copy), data);

  // Replaced whole.
  store_->put_file(key, source("tiny").string(), "video/webm");
  EXPECT_EQ(store_->head(key)->size, 4u);
  EXPECT_EQ(store_->head(key)->content_type, "video/webm");
  EXPECT_EQ(read_range(key, 0, 100), "tiny");

  store_->remove(key);
  EXPECT_FALSE(store_->head(key).has_value());
}

TEST_F(S3StorageTest, KeysWithAnyCharacters) {
  for (const std::string& name : std::vector<std::string>{
           "my vidéo.mp4", "日本語.webm", "a+b=c&d.mp4", "!'()*~$@,;.mp4", "100%.mp4"}) {
    const std::string key = prefix_ + name;
    store_->put_file(key, source(name).string(), "video/mp4");
    const auto info = store_->head(key);
    ASSERT_TRUE(info.has_value()) << key;
    EXPECT_EQ(info->size, name.size());
    EXPECT_EQ(read_range(key, 0, 1000), name);
    store_->remove(key);
    EXPECT_FALSE(store_->head(key).has_value()) << key;
  }
}

TEST_F(S3StorageTest, PresignedPutUploads) {
  const std::string key = prefix_ + "direct upload é.webm";
  const auto put = store_->presign_put(key, "video/webm", 300s);
  ASSERT_EQ(put.headers.size(), 1u);
  const std::string body = pattern(512 * 1024 + 7);
  EXPECT_EQ(http_put(put.url, put.headers, body), 200) << put.url;

  const auto info = store_->head(key);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->size, body.size());
  EXPECT_EQ(info->content_type, "video/webm");
  store_->get_file(key, (dir_ / "got.webm").string());
  EXPECT_EQ(read_whole(dir_ / "got.webm"), body);
  store_->remove(key);
}

TEST_F(S3StorageTest, SharedBetweenThreads) {
  std::vector<std::string> sources;
  for (int i = 0; i < 20; ++i) sources.push_back(source(pattern(1000 + i)).string());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = t * 5; i < t * 5 + 5; ++i) {
        const std::string key = prefix_ + "t" + std::to_string(t) + "/" + std::to_string(i);
        try {
          store_->put_file(key, sources[i], "audio/ogg");
          const auto info = store_->head(key);
          if (!info || info->size != 1000u + i || read_range(key, 0, 5000) != pattern(1000 + i)) {
            ++failures;
          }
        } catch (const std::exception& e) {
          ADD_FAILURE() << e.what();
          ++failures;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  // One by one: s3rver's DELETE prunes empty folders and fails when two race on one.
  for (int i = 0; i < 20; ++i)
    store_->remove(prefix_ + "t" + std::to_string(i / 5) + "/" + std::to_string(i));
}

// Multipart writes ----------------------------------------------------------------------
// s3rver does not hold parts to S3's 5 MiB minimum (it assembles whatever it was sent), so
// a too small part is not tested here; the sizes below are those S3 accepts.

using Parts = std::vector<storage::Storage::Part>;
using Uploads = std::vector<std::pair<std::string, std::string>>;

TEST_F(S3StorageTest, MultipartObjectOfThreeParts) {
  constexpr std::size_t kMiB = 1024 * 1024;
  ASSERT_EQ(store_->min_part_size(), 5 * kMiB);
  const std::string key = prefix_ + "resumable vidéo+1.webm";
  const std::string a = pattern(5 * kMiB);
  const std::string b = pattern(5 * kMiB + 1).substr(1);
  const std::string c = pattern(123457);
  const std::string id = store_->begin_multipart(key, "video/webm");
  ASSERT_FALSE(id.empty());

  const std::string etag1 = store_->put_part(key, id, 1, source(a).string());
  const std::string stale2 = store_->put_part(key, id, 2, source("to be replaced").string());
  const std::string etag3 = store_->put_part(key, id, 3, source(c).string());
  const std::string etag2 = store_->put_part(key, id, 2, source(b).string());
  for (const std::string& etag : {etag1, etag2, etag3}) {
    EXPECT_TRUE(etag.size() > 2 && etag.front() == '"' && etag.back() == '"') << etag;
  }
  EXPECT_NE(etag2, stale2);
  EXPECT_FALSE(store_->head(key).has_value()) << "nothing visible before complete";
  EXPECT_EQ(store_->open_multiparts(prefix_), (Uploads{{key, id}}));

  store_->complete_multipart(key, id, Parts{{1, etag1}, {2, etag2}, {3, etag3}});
  const auto info = store_->head(key);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->size, a.size() + b.size() + c.size());
  EXPECT_EQ(info->content_type, "video/webm");
  const fs::path got = dir_ / "got.webm";
  store_->get_file(key, got.string());
  EXPECT_EQ(util::sha256_hex(read_whole(got)), util::sha256_hex(a + b + c));
  EXPECT_EQ(store_->open_multiparts(prefix_), Uploads{});
  EXPECT_NO_THROW(store_->abort_multipart(key, id)) << "a finished upload";
  store_->remove(key);
}

TEST_F(S3StorageTest, OpenMultipartsListsUntilCompleteOrAbort) {
  // Keys that XML must escape, and more uploads than a page holds.
  const std::vector<std::string> keys = {prefix_ + "a/x.mp4", prefix_ + "a/x.mp4",
                                         prefix_ + "a/<y> & \"z\" 'é'.mp4", prefix_ + "b/x.mp4"};
  Uploads begun;
  for (const auto& key : keys) begun.emplace_back(key, store_->begin_multipart(key, "video/mp4"));
  Uploads sorted = begun;
  std::sort(sorted.begin(), sorted.end());
  auto listed = store_->open_multiparts(prefix_);
  std::sort(listed.begin(), listed.end());
  EXPECT_EQ(listed, sorted);
  EXPECT_EQ(store_->open_multiparts(prefix_ + "b/"), (Uploads{begun[3]}));
  EXPECT_EQ(store_->open_multiparts(prefix_ + "c/"), Uploads{});

  // A page of 1 upload: the store follows the markers (two uploads of one key included).
  auto& s3 = dynamic_cast<storage::S3Storage&>(*store_);
  storage::S3Config config = s3.config();
  config.list_page_size = 1;
  storage::S3Storage paged(config);
  auto all = paged.open_multiparts(prefix_);
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, sorted);

  // Completed and aborted uploads are gone from the list.
  const auto& [done_key, done_id] = begun[3];
  const std::string etag = store_->put_part(done_key, done_id, 1, source("small").string());
  store_->complete_multipart(done_key, done_id, Parts{{1, etag}});
  EXPECT_EQ(read_range(done_key, 0, 100), "small");
  for (int i = 0; i < 3; ++i) store_->abort_multipart(begun[i].first, begun[i].second);
  EXPECT_EQ(store_->open_multiparts(prefix_), Uploads{});
  EXPECT_EQ(paged.open_multiparts(prefix_), Uploads{});
  EXPECT_FALSE(store_->head(begun[0].first).has_value());
  store_->remove(done_key);
}

TEST_F(S3StorageTest, AbortingTwiceOrAnUnknownUploadIsNoError) {
  const std::string key = prefix_ + "aborted.mp4";
  const std::string id = store_->begin_multipart(key, "video/mp4");
  store_->put_part(key, id, 1, source(pattern(1000)).string());
  store_->abort_multipart(key, id);
  EXPECT_NO_THROW(store_->abort_multipart(key, id));
  EXPECT_NO_THROW(store_->abort_multipart(key, "0123456789abcdef0123456789abcdef"));
  EXPECT_NO_THROW(store_->abort_multipart(key, "no-such-upload"));
  EXPECT_NO_THROW(store_->abort_multipart(key, ""));
  EXPECT_EQ(store_->open_multiparts(prefix_), Uploads{});
  EXPECT_FALSE(store_->head(key).has_value());
}

TEST(S3StorageDown, UnreachableIsUnavailable) {
  // A port that was free a moment ago: nothing listens there.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len), 0);
  const int port = ntohs(addr.sin_port);
  ::close(fd);

  storage::S3Config config;
  config.bucket = "nowhere";
  config.endpoint = "http://127.0.0.1:" + std::to_string(port);
  config.credentials = {"S3RVER", "S3RVER", {}};
  config.spool_dir = ::testing::TempDir() + "s3-down-spool";
  storage::S3Storage store(config);
  EXPECT_FALSE(store.ready());
  EXPECT_EQ(kind_of([&] { store.head("a/b"); }), ErrorKind::kUnavailable);
  EXPECT_EQ(kind_of([&] { store.remove("a/b"); }), ErrorKind::kUnavailable);
  EXPECT_EQ(kind_of([&] { store.begin_multipart("a/b", ""); }), ErrorKind::kUnavailable);
  EXPECT_EQ(kind_of([&] { store.abort_multipart("a/b", "id"); }), ErrorKind::kUnavailable);
  EXPECT_EQ(kind_of([&] { store.open_multiparts("a/"); }), ErrorKind::kUnavailable);
  // Presigning needs no server.
  EXPECT_NO_THROW(store.presign_put("a/b", "video/mp4", 60s));
  fs::remove_all(config.spool_dir);
}

}  // namespace

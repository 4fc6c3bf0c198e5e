// The S3 backend: plain HTTP requests with libcurl, signed with SigV4 (Authorization
// header, UNSIGNED-PAYLOAD), bodies streamed from and to files. Works with AWS S3 and
// S3-compatible stores (MinIO, Ceph, s3rver in the tests). Safe to share between threads:
// each request takes a curl handle from a small pool, which keeps connections alive.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/sigv4.hpp"
#include "storage/storage.hpp"

namespace storage {

struct S3Config {
  std::string bucket;
  std::string endpoint;  // scheme://host[:port], no path
  std::string region = "us-east-1";
  bool path_style = true;  // endpoint/bucket/key, else bucket.host/key
  sigv4::Credentials credentials;
  std::string spool_dir;
  std::chrono::seconds connect_timeout{5};
  // A transfer slower than this many bytes per second for low_speed_time is abandoned.
  long low_speed_limit = 1024;
  std::chrono::seconds low_speed_time{30};
  // Uploads per page of ListMultipartUploads (max-uploads, 1..1000); smaller in tests, so
  // that paging shows.
  int list_page_size = 1000;
};

class S3Storage final : public Storage {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  // Creates the spool folder. Throws storage::Error.
  explicit S3Storage(S3Config config, Clock clock = std::chrono::system_clock::now);
  ~S3Storage() override;

  void put_file(const std::string& key, const std::string& path,
                const std::string& content_type) override;
  void get_file(const std::string& key, const std::string& path) override;
  std::optional<ObjectInfo> head(const std::string& key) override;
  void read(const std::string& key, std::uint64_t offset, std::uint64_t length,
            const std::function<bool(std::string_view)>& sink) override;
  void remove(const std::string& key) override;
  void copy(const std::string& from, const std::string& to) override;
  PresignedPut presign_put(const std::string& key, const std::string& content_type,
                           std::chrono::seconds expires,
                           std::optional<std::uint64_t> content_length = std::nullopt) override;
  std::string begin_multipart(const std::string& key, const std::string& content_type) override;
  std::string put_part(const std::string& key, const std::string& upload_id, int number,
                       const std::string& path) override;
  void complete_multipart(const std::string& key, const std::string& upload_id,
                          const std::vector<Part>& parts) override;
  void abort_multipart(const std::string& key, const std::string& upload_id) override;
  std::vector<std::pair<std::string, std::string>> open_multiparts(
      const std::string& prefix) override;
  std::uint64_t min_part_size() const override { return 5 * 1024 * 1024; }
  bool ready() override;
  std::string spool_dir() const override { return config_.spool_dir; }
  const S3Config& config() const { return config_; }

  struct Transfer;  // one request, in s3_storage.cpp

 private:
  struct Target {
    std::string url;
    std::string host;  // the Host header
    std::string path;  // decoded, for signing
  };
  Target target(const std::string& key) const;  // key "" is the bucket itself
  // Runs a signed request and returns the HTTP status; tries again on a 5xx or a dropped
  // connection while no body byte has been handed on. Throws on transport failures.
  long perform(Transfer& transfer);
  long perform_once(Transfer& transfer);

  struct HandleDeleter {
    void operator()(void* handle) const;
  };
  using Handle = std::unique_ptr<void, HandleDeleter>;
  Handle acquire();
  void release(Handle handle);

  S3Config config_;
  Clock clock_;
  std::string scheme_;
  std::string authority_;  // host[:port] as the endpoint writes it
  std::string host_;       // host[:port] of the endpoint, the port only when not default
  std::mutex pool_mutex_;
  std::vector<Handle> pool_;
};

}  // namespace storage

// The folder backend. An object is the file ROOT/KEY; its content type is kept in
// ROOT/.meta/KEY. Writes go through ROOT/.tmp (same file system) and a rename. A multipart
// upload is the folder ROOT/.multipart/{upload id}/: a file `upload` (the key, a newline,
// the content type) and one file per part, named by its number (its ETag, then its bytes);
// all state is on disk, so processes sharing the folder share the uploads. Presigned uploads point
// at the service itself (PUT {public_url}/api/v1/uploads/{key}?X-Amz-...) and are checked by
// verify_upload exactly as S3 checks its own.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/error.hpp"
#include "storage/sigv4.hpp"
#include "storage/storage.hpp"

namespace storage {

// Where presigned uploads of the folder backend go, followed by the key.
inline constexpr std::string_view kUploadPathPrefix = "/api/v1/uploads/";
// The region written into the folder backend's signatures.
inline constexpr std::string_view kLocalRegion = "us-east-1";
// The access key id when the folder backend signs with its own secret.
inline constexpr std::string_view kLocalAccessKeyId = "interviewd-local";

struct VerifiedUpload {
  std::string key;
  std::string content_type;  // the Content-Type the client sent, when the URL signed it
  // The Content-Length the URL signed (and the client sent): the body must be this long.
  std::optional<std::uint64_t> content_length;
};

class LocalStorage final : public Storage {
 public:
  using Clock = std::function<std::chrono::system_clock::time_point()>;

  // Creates the folder (and its .tmp, .meta, .multipart and spool folders) when missing.
  // Signs with `credentials` when given, else with a random secret kept in
  // ROOT/.presign-secret (mode 0600; made once, so that every process sharing the folder
  // agrees). Throws storage::Error.
  LocalStorage(std::filesystem::path root, StorageOptions options,
               std::optional<sigv4::Credentials> credentials = std::nullopt,
               Clock clock = std::chrono::system_clock::now);

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
  // Upload ids and parts' ETags are 32 random hex digits (an ETag in quotes, as S3 writes
  // it): complete_multipart sees a part replaced since its ETag was given.
  std::string begin_multipart(const std::string& key, const std::string& content_type) override;
  std::string put_part(const std::string& key, const std::string& upload_id, int number,
                       const std::string& path) override;
  void complete_multipart(const std::string& key, const std::string& upload_id,
                          const std::vector<Part>& parts) override;
  void abort_multipart(const std::string& key, const std::string& upload_id) override;
  std::vector<std::pair<std::string, std::string>> open_multiparts(
      const std::string& prefix) override;
  std::uint64_t min_part_size() const override { return 1; }
  bool ready() override;
  std::string spool_dir() const override { return spool_dir_.string(); }
  std::optional<std::string> local_path(const std::string& key) const override;

  // Checks a request to a URL from presign_put: method PUT, path under
  // {public_url path}/api/v1/uploads/, a valid key, signature and expiry. `headers` are
  // the request's (at least Content-Type and Content-Length when the URL signed them).
  // Errors are kBadRequest (malformed) or kForbidden (expired, tampered, foreign).
  domain::Result<VerifiedUpload> verify_upload(std::string_view method, std::string_view host,
                                               std::string_view raw_path,
                                               std::string_view raw_query,
                                               const sigv4::Headers& headers,
                                               std::chrono::system_clock::time_point now) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path object_path(const std::string& key) const;
  std::filesystem::path meta_path(const std::string& key) const;
  std::string content_type_of(const std::string& key) const;
  sigv4::Credentials load_or_create_secret() const;

  struct Upload {
    std::filesystem::path dir;
    std::string content_type;
  };
  // The open upload `upload_id` of `key`; kNotFound when there is none.
  Upload find_upload(const std::string& key, const std::string& upload_id) const;
  // Takes the upload's folder out of ROOT/.multipart at once, then deletes it.
  void remove_upload(const std::filesystem::path& dir) const;

  std::filesystem::path root_;
  std::filesystem::path tmp_dir_;
  std::filesystem::path meta_dir_;
  std::filesystem::path multipart_dir_;
  std::filesystem::path spool_dir_;
  std::string origin_;       // scheme://host[:port] of public_url
  std::string path_prefix_;  // public_url's path, without a trailing '/'
  sigv4::Credentials credentials_;
  Clock clock_;
};

}  // namespace storage

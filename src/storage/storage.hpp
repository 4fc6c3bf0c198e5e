// Where media lives: one interface over a local folder and an S3-compatible store.
// Keys look like "{org_id}/answers/{uuid}/{filename}". Methods throw storage::Error;
// open_storage turns a STORAGE_URL into a backend.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/error.hpp"

namespace storage {

enum class ErrorKind {
  kNotFound,     // no object under the key
  kUnavailable,  // the store cannot be reached (connection refused, timeout, 5xx)
  kOther,        // refused (bad key, permission, ...) or a local I/O failure
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

struct ObjectInfo {
  std::uint64_t size = 0;
  std::string content_type;
};

struct PresignedPut {
  std::string url;
  std::string expires_at;                                    // RFC 3339 UTC
  std::vector<std::pair<std::string, std::string>> headers;  // the client must send these
};

// The longest validity S3 accepts for a presigned URL (7 days).
inline constexpr std::chrono::seconds kMaxPresignExpiry{604800};
// Reads hand data to their sink in pieces of at most this size.
inline constexpr std::size_t kReadChunk = 64 * 1024;

class Storage {
 public:
  virtual ~Storage() = default;

  // Stores a copy of the local file `path` under `key`, streamed (never whole in memory).
  // The source file is left in place. Readers see the old object or the new one, never a
  // part of it.
  virtual void put_file(const std::string& key, const std::string& path,
                        const std::string& content_type) = 0;
  // Downloads the object to `path` (replaced atomically; nothing is left there on failure).
  virtual void get_file(const std::string& key, const std::string& path) = 0;
  virtual std::optional<ObjectInfo> head(const std::string& key) = 0;
  // Streams bytes [offset, offset+length) to `sink` in chunks of at most kReadChunk; a
  // range past the end is cut at the end. `sink` returns false to stop early.
  virtual void read(const std::string& key, std::uint64_t offset, std::uint64_t length,
                    const std::function<bool(std::string_view)>& sink) = 0;
  // A missing key is not an error.
  virtual void remove(const std::string& key) = 0;
  // Copies the object under `from` to `to` (replaced if there), content type included,
  // inside the store: a CopyObject on S3, a hard link in a folder. kNotFound when `from`
  // is missing. Later writes to `from` do not change `to`.
  virtual void copy(const std::string& from, const std::string& to) = 0;
  // A URL a client can PUT the object to, with the headers it must send (Content-Type,
  // and Content-Length when `content_length` is given: the URL is then good for a body
  // of exactly that size). `expires` is 1 s .. 7 days.
  virtual PresignedPut presign_put(const std::string& key, const std::string& content_type,
                                   std::chrono::seconds expires,
                                   std::optional<std::uint64_t> content_length = std::nullopt) = 0;
  // Multipart writes: an object assembled from parts sent over many requests, possibly by
  // many nodes (resumable uploads). Parts are numbered 1..10000; each but the last is at
  // least min_part_size() bytes (S3's 5 MiB; 1 for the folder). Nothing is visible under
  // `key` until complete_multipart; abort_multipart removes every part. On S3 these are
  // CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload.
  virtual std::string begin_multipart(const std::string& key, const std::string& content_type) = 0;
  // Stores the local file `path` as part `number` (replacing one sent before); its ETag.
  virtual std::string put_part(const std::string& key, const std::string& upload_id, int number,
                               const std::string& path) = 0;
  struct Part {
    int number = 0;
    std::string etag;
  };
  // `parts` in ascending order of number. Readers see the whole object or none.
  virtual void complete_multipart(const std::string& key, const std::string& upload_id,
                                  const std::vector<Part>& parts) = 0;
  // An unknown or finished upload id is not an error.
  virtual void abort_multipart(const std::string& key, const std::string& upload_id) = 0;
  // The multipart uploads begun and neither completed nor aborted, under `prefix`:
  // (key, upload id) pairs (ListMultipartUploads), for checks that none is left behind.
  virtual std::vector<std::pair<std::string, std::string>> open_multiparts(
      const std::string& prefix) = 0;
  virtual std::uint64_t min_part_size() const = 0;

  // Whether the store is reachable (and, for the folder, writable).
  virtual bool ready() = 0;
  // A local folder for temporary files of uploads.
  virtual std::string spool_dir() const = 0;
  // The object's file when the store is a local folder (served without a copy);
  // nullopt for remote stores or a missing object.
  virtual std::optional<std::string> local_path(const std::string& key) const {
    (void)key;
    return std::nullopt;
  }
};

struct StorageOptions {
  std::string public_url;  // base of local presigned URLs, e.g. http://127.0.0.1:8000
  std::string spool_dir;   // empty: a default per backend (see open_storage)
};

// Whether `key` is acceptable to every backend: 1..1024 bytes, relative, '/'-separated
// segments that are neither empty, "." nor "..", no NUL or other control character, and a
// first segment that does not start with '.' (the folder backend keeps its own files there).
bool valid_key(std::string_view key);

// A fresh key "{org_id}/answers/{uuid}/{filename}" for an object of an answer: a new
// folder of its own, so that no two objects meet whatever their names.
std::string answer_key(std::int64_t org_id, std::string_view filename);

// Removes the objects under `keys`, ignoring failures: for objects whose rows are gone,
// where an orphan costs space, not correctness.
void remove_quietly(Storage& store, const std::vector<std::string>& keys);

// file://PATH (everything after "//" is the path, relative or absolute), or
// s3://BUCKET?endpoint=http://host:port&region=us-east-1&path_style=1 with credentials
// from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN when set).
// s3:// without an endpoint means AWS (https://s3.REGION.amazonaws.com, virtual-host
// URLs); with one, path_style defaults to 1. Spool folder by default: PATH/.spool for a
// folder, $TMPDIR/interviewd-spool for S3. A bad URL is a kBadRequest error saying why;
// a folder that cannot be created is kUnavailable.
domain::Result<std::unique_ptr<Storage>> open_storage(const std::string& url,
                                                      const StorageOptions& options);

}  // namespace storage

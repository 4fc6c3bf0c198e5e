// Presigned uploads: the URL a client PUTs a media file to (and the row that remembers
// its key), the checks and storing of that PUT with the local folder backend, and the
// taking of an uploaded file by an answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"
#include "services/deps.hpp"

namespace services {

struct UploadRequest {
  std::string filename;
  std::string content_type;
  std::optional<std::int64_t> content_length;  // bytes; signed into the URL when given
};

struct UploadUrl {
  std::string key;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string expires_at;
};

// Checks the filename, type and length (400 naming the field; a length over the media
// limit too), signs a URL for a new key in the organization's answers folder, and
// records the key as one an answer may name. 500 "URL not created." when the storage
// cannot sign.
domain::Result<UploadUrl> upload_url_create(db::Connection& db, const Deps& deps,
                                            const domain::Principal& who,
                                            const UploadRequest& request);

// A PUT to the local upload endpoint, as received.
struct UploadPut {
  std::string_view method;
  std::string_view host;
  std::string_view raw_path;
  std::string_view raw_query;
  std::string_view content_type;
  std::string_view content_length;
};
// The key of `put` when it carries a valid, unexpired signature for an upload that no
// answer has taken (403 otherwise; 404 when storage is not the local folder).
domain::Result<std::string> upload_check(db::Connection& db, const Deps& deps,
                                         const UploadPut& put);
// Checks `put` again (the URL may have expired while the body arrived) and stores the
// received file (`size` bytes at `path`) under its key; the key.
domain::Result<std::string> upload_store(db::Connection& db, const Deps& deps, const UploadPut& put,
                                         const std::string& path, std::uint64_t size,
                                         const std::string& content_type);

// The filename rules of presigned uploads (nullopt: acceptable).
std::optional<std::string> filename_problem(std::string_view filename);

// The answer to a second answer naming an upload's key.
inline constexpr const char* kUploadTaken = "This upload already belongs to another answer.";

// An upload an answer is taking.
struct UploadForAnswer {
  std::int64_t upload_id = 0;
  std::string source_key;    // where the client uploaded it
  std::string key;           // the answer's own copy (set by upload_copy_for_answer)
  std::string content_type;  // as the presigned URL signed it
  std::uint64_t size = 0;
  bool resumable = false;  // a finished tus upload, named by its id (upload_id is its row)
};
// The organization's upload under `key` (or `who`'s finished resumable upload of that
// id), not taken yet: 400 {"video_key": [...]} for a
// malformed key, a key that no presigned URL of the organization was made for (another
// organization's, a derived file's), or one an answer has taken.
domain::Result<UploadForAnswer> upload_for_answer(db::Connection& db, const domain::Principal& who,
                                                  const std::string& key);
// Copies the uploaded object to a fresh key that no presigned URL reaches (so that a
// second PUT to the URL cannot change the answer's file), and checks the copy's size:
// 400 {"video_key": [...]} when nothing was uploaded, 413 over the media limit (and
// nothing is kept). The caller owns `u.key` from here: it removes it if no answer keeps
// it, and removes `u.source_key` once an answer has taken the upload.
domain::Status upload_copy_for_answer(const Deps& deps, UploadForAnswer& u);

}  // namespace services

// SQL for resumable uploads (tus): the upload rows, the parts sent to the store, the
// bytes waiting to make a part, and the one writer at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"

namespace repos::tus_uploads {

enum class Status { kActive, kFinished, kUsed, kDeleted, kExpired };

struct Upload {
  std::int64_t id = 0;
  std::string public_id;
  std::int64_t org_id = 0;
  std::optional<std::int64_t> user_id;
  std::optional<std::int64_t> invitation_id;
  std::optional<std::int64_t> attempt_id;
  std::string object_key;
  std::string multipart_id;
  std::string filename;
  std::string content_type;
  std::string metadata;  // the Upload-Metadata header as sent
  std::optional<std::int64_t> length;
  std::int64_t offset = 0;
  Status status = Status::kActive;
  std::int64_t started_ms = 0;
  std::string created_at;
  std::string expires_at;
};

struct NewUpload {
  std::string public_id;
  std::int64_t org_id = 0;
  std::optional<std::int64_t> user_id;
  std::optional<std::int64_t> invitation_id;
  std::optional<std::int64_t> attempt_id;
  std::string object_key;
  std::string multipart_id;
  std::string filename;
  std::string content_type;
  std::string metadata;
  std::optional<std::int64_t> length;
  std::int64_t started_ms = 0;
  std::string expires_at;
};
// The new row's id.
std::int64_t insert(db::Connection& c, const NewUpload& u, const std::string& now);
std::optional<Upload> find(db::Connection& c, const std::string& public_id);
std::optional<Upload> find_by_id(db::Connection& c, std::int64_t id);

// Makes `writer` the one writer of the active upload until `until_ms`, when nobody
// else writes (or their time ran out) and its offset is still `offset`; false otherwise.
bool claim_writer(db::Connection& c, std::int64_t id, std::int64_t offset,
                  const std::string& writer, std::int64_t now_ms, std::int64_t until_ms);
// Holds a finished upload for its hand-over (measuring it and making it an answer), so
// that two requests never hand the same recording over at once; released with
// release_writer. False while another request holds it, or once it is no longer finished.
bool claim_hand_over(db::Connection& c, std::int64_t id, const std::string& writer,
                     std::int64_t now_ms, std::int64_t until_ms);
// Lets go of the upload if `writer` holds it.
void release_writer(db::Connection& c, std::int64_t id, const std::string& writer);
// Records the new offset (and the length, when it was deferred and is now known) and
// lets go, if `writer` still holds the upload; false when it does not.
bool advance(db::Connection& c, std::int64_t id, const std::string& writer, std::int64_t offset,
             std::optional<std::int64_t> length);
// Active → finished (all bytes in the store's object).
bool finish(db::Connection& c, std::int64_t id, const std::string& now);
// From `from` to `to`; false when the upload was not in `from`.
bool change_status(db::Connection& c, std::int64_t id, Status from, Status to);
// Finished → used by `answer_id`; false when it was not finished (used already).
bool take(db::Connection& c, std::int64_t id, std::int64_t answer_id);
// The id of the upload `answer_id` took, if any.
std::optional<std::int64_t> taken_by(db::Connection& c, std::int64_t answer_id);

struct Part {
  int number = 0;
  std::string etag;
  std::int64_t size = 0;
};
std::vector<Part> parts(db::Connection& c, std::int64_t upload_id);
void add_part(db::Connection& c, std::int64_t upload_id, const Part& p);

// Bytes that wait to make a part, each an object of its own from `start_offset`.
struct Pending {
  std::int64_t start_offset = 0;
  std::string object_key;
  std::int64_t size = 0;
};
std::vector<Pending> pending(db::Connection& c, std::int64_t upload_id);
void add_pending(db::Connection& c, std::int64_t upload_id, const Pending& p);
void clear_pending(db::Connection& c, std::int64_t upload_id);

}  // namespace repos::tus_uploads

// Resumable uploads (tus 1.0.0): an upload is created with its length (or the length
// deferred) and metadata, takes bytes PATCH by PATCH at the offset it has reached, and
// ends in an object of the store once the last byte arrives. The bytes go into a
// multipart write of the store (storage::Storage::begin_multipart); bytes too few for a
// part wait as objects of their own, so any node can take the next PATCH. Uploads belong
// to whoever created them (a user, or a candidate's invitation); anyone else gets 404.
// Unfinished uploads expire; a background job removes what they left.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"
#include "http/tus_headers.hpp"
#include "services/deps.hpp"

namespace services::tus {

// The background job at an upload's expiry.
inline constexpr const char* kExpireJob = "expire_upload";
// How long an unfinished upload lives.
inline constexpr std::int64_t kLifetimeSeconds = 24 * 3600;

struct Creation {
  std::optional<std::uint64_t> length;  // nullopt: deferred (Upload-Defer-Length: 1)
  std::string metadata_header;          // as sent, for HEAD
  web::tus::Metadata metadata;
};

struct State {
  std::string id;  // the public id: the last segment of the upload's URL
  std::uint64_t offset = 0;
  std::optional<std::uint64_t> length;
  std::string expires_at;  // RFC 3339
  std::string metadata_header;
  bool finished = false;
};

// 400 for metadata without a usable filetype/filename, 413 for a length over the media
// limit, 415 for a type that is not audio/* or video/*; a candidate's upload must name
// an attempt that may take media now (services/candidate_media.hpp).
domain::Result<State> create(db::Connection& db, const Deps& deps, const domain::Principal& who,
                             const Creation& c);
// The upload's state (HEAD); 404 unless it is `who`'s and not yet used. A candidate's
// finished upload that is not yet an answer (its measurement could not run) is handed
// over again first: 503 while that still fails, 409 when the limits refuse it.
domain::Result<State> state(db::Connection& db, const Deps& deps, const domain::Principal& who,
                            const std::string& id);

// A PATCH received whole: `size` bytes spooled at `path`.
struct Chunk {
  std::uint64_t offset = 0;
  std::optional<std::uint64_t> length;  // Upload-Length sent with the PATCH (deferred lengths)
  std::optional<std::string> sha1;      // raw digest from Upload-Checksum
  std::string path;
  std::uint64_t size = 0;
};
// Checks before the body is read: the upload is `who`'s and unfinished (404), the offset
// is where it stands (409), the body fits in its length (413).
domain::Status check_append(db::Connection& db, const Deps& deps, const domain::Principal& who,
                            const std::string& id, std::uint64_t offset,
                            std::optional<std::uint64_t> content_length);
// Appends the chunk: the new state. 409 for a wrong offset or a concurrent writer, 460
// for a checksum that does not match (nothing appended), 413 past the length. On the last
// byte the object is completed; a candidate's upload then becomes its attempt's answer
// (409 when the limits refuse it, and the upload is gone).
domain::Result<State> append(db::Connection& db, const Deps& deps, const domain::Principal& who,
                             const std::string& id, const Chunk& chunk);
// Termination: the upload and every byte of it are gone.
domain::Status remove(db::Connection& db, const Deps& deps, const domain::Principal& who,
                      const std::string& id);
// The background job at an upload's expiry: an upload that did not end in an answer is
// removed with its bytes.
void expire(db::Connection& db, storage::Storage& store, std::int64_t upload_row_id);

// A finished upload of `who` that an answer names by its id (`video_key`): its object.
struct Finished {
  std::int64_t row_id = 0;
  std::string key;
  std::string content_type;
  std::uint64_t size = 0;
};
std::optional<Finished> finished_upload(db::Connection& db, const domain::Principal& who,
                                        const std::string& id);
// Marks the finished upload taken by `answer_id`; false when another answer took it.
bool take(db::Connection& db, std::int64_t row_id, std::int64_t answer_id);

}  // namespace services::tus

#include "services/tus_service.hpp"

#include <unistd.h>

#include <cerrno>

#include <chrono>
#include <numeric>

#include "http/media_type.hpp"
#include "repos/background_jobs_repo.hpp"
#include "repos/tus_uploads_repo.hpp"
#include "services/candidate_media.hpp"
#include "services/uploads_service.hpp"
#include "storage/files.hpp"
#include "storage/spool.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"

namespace services::tus {

namespace {

using repos::tus_uploads::Status;
using repos::tus_uploads::Upload;

// How long one PATCH may hold an upload after its body arrived (its part sent to the
// store), and a hand-over a finished one (the measurement's own limit is 60 s by default).
constexpr std::int64_t kWriterMs = 120000;
constexpr const char* kOffsetMismatch = "Upload-Offset does not match the upload's offset.";

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

domain::Error not_found() {
  return domain::Error::not_found("Upload not found.");
}

bool owns(const domain::Principal& who, const Upload& u) {
  if (u.org_id != who.org_id) return false;
  if (who.invitation_id != 0) return u.invitation_id && *u.invitation_id == who.invitation_id;
  return !u.invitation_id && u.user_id && *u.user_id == who.user_id;
}

// `who`'s upload, active or finished and not expired.
domain::Result<Upload> open_upload(db::Connection& db, const domain::Principal& who,
                                   const std::string& id) {
  auto u = repos::tus_uploads::find(db, id);
  if (!u || !owns(who, *u)) return not_found();
  if (u->status != Status::kActive && u->status != Status::kFinished) return not_found();
  if (u->status == Status::kActive && u->expires_at <= util::now_rfc3339()) return not_found();
  return std::move(*u);
}

State state_of(const Upload& u) {
  State s;
  s.id = u.public_id;
  s.offset = static_cast<std::uint64_t>(u.offset);
  if (u.length) s.length = static_cast<std::uint64_t>(*u.length);
  s.expires_at = u.expires_at;
  s.metadata_header = u.metadata;
  s.finished = u.status == Status::kFinished;
  return s;
}

std::optional<std::string> meta(const web::tus::Metadata& m, std::string_view key) {
  for (const auto& [k, v] : m) {
    if (k == key) return v;
  }
  return std::nullopt;
}

std::string extension_for(const web::MediaType& t) {
  if (t.subtype == "webm") return "webm";
  if (t.subtype == "quicktime") return "mov";
  if (t.subtype == "x-matroska") return "mkv";
  if (t.subtype == "ogg") return "ogg";
  if (t.subtype == "mpeg") return "mp3";
  if (t.subtype == "wav" || t.subtype == "x-wav") return "wav";
  if (t.type == "audio" && t.subtype == "mp4") return "m4a";
  return "mp4";
}

domain::Error too_large(const Deps& deps) {
  return domain::Error::too_large("The upload is larger than the maximum size of " +
                                  std::to_string(deps.media_limit) + " bytes.");
}

// What the metadata says about the file: its type and name.
struct Described {
  std::string content_type;
  std::string filename;
  std::optional<std::int64_t> attempt;
};

domain::Result<Described> describe(const domain::Principal& who, const web::tus::Metadata& m) {
  const auto filetype = meta(m, "filetype");
  if (!filetype) {
    return domain::Error::bad_request("Upload-Metadata must give filetype (video/* or audio/*).");
  }
  const auto type = web::audio_or_video(*filetype);
  if (!type) return domain::Error::unsupported_media("The filetype must be video/* or audio/*.");
  Described d;
  d.content_type = type->text;
  d.filename = meta(m, "filename").value_or("recording." + extension_for(*type));
  if (auto problem = filename_problem(d.filename)) {
    return domain::Error::bad_request("Invalid filename in Upload-Metadata: " + *problem);
  }
  if (who.invitation_id != 0) {
    const auto attempt = meta(m, "attempt");
    auto n = attempt ? web::tus::parse_size("attempt", *attempt)
                     : domain::Result<std::uint64_t>(domain::Error::bad_request(
                           "Upload-Metadata must name the attempt the recording answers."));
    if (!n || *n == 0) {
      return n ? domain::Error::bad_request("Invalid attempt in Upload-Metadata.") : n.take_error();
    }
    d.attempt = static_cast<std::int64_t>(*n);
  }
  return d;
}

// Aborts the store's multipart write unless the upload's row was committed.
class MultipartGuard {
 public:
  MultipartGuard(storage::Storage& store, std::string key, std::string upload_id)
      : store_(store), key_(std::move(key)), upload_id_(std::move(upload_id)) {}
  MultipartGuard(const MultipartGuard&) = delete;
  MultipartGuard& operator=(const MultipartGuard&) = delete;
  ~MultipartGuard() {
    if (kept_) return;
    try {
      store_.abort_multipart(key_, upload_id_);
    } catch (const storage::Error&) {
      // The store's own expiry of unfinished uploads (a lifecycle rule) is the net.
    }
  }
  void keep() { kept_ = true; }

 private:
  storage::Storage& store_;
  std::string key_;
  std::string upload_id_;
  bool kept_ = false;
};

}  // namespace

domain::Result<State> create(db::Connection& db, const Deps& deps, const domain::Principal& who,
                             const Creation& c) {
  if (c.length && *c.length > deps.media_limit) return too_large(deps);
  if (c.length && *c.length == 0) {
    return domain::Error::bad_request("An empty file cannot be an answer: Upload-Length is 0.");
  }
  auto described = describe(who, c.metadata);
  if (!described) return described.take_error();
  if (described->attempt) {
    if (auto st = check_media_start(db, who, *described->attempt); !st) return st.take_error();
  }
  storage::Storage& store = *deps.storage;
  repos::tus_uploads::NewUpload u;
  u.public_id = util::random_hex(16);
  u.org_id = who.org_id;
  if (who.invitation_id == 0) u.user_id = who.user_id;
  if (who.invitation_id != 0) u.invitation_id = who.invitation_id;
  u.attempt_id = described->attempt;
  u.object_key = storage::answer_key(who.org_id, described->filename);
  u.filename = described->filename;
  u.content_type = described->content_type;
  u.metadata = c.metadata_header;
  if (c.length) u.length = static_cast<std::int64_t>(*c.length);
  u.started_ms = now_ms();
  u.expires_at = util::rfc3339_in(std::chrono::seconds(kLifetimeSeconds));
  u.multipart_id = store.begin_multipart(u.object_key, u.content_type);
  MultipartGuard guard(store, u.object_key, u.multipart_id);
  const std::string now = util::now_rfc3339();
  db::Transaction tx(db, true);
  const std::int64_t row = repos::tus_uploads::insert(db, u, now);
  repos::background_jobs::enqueue_for_upload(db, who.org_id, kExpireJob, row, u.expires_at, now);
  tx.commit();
  guard.keep();
  auto created = repos::tus_uploads::find_by_id(db, row);
  if (!created) return not_found();
  return state_of(*created);
}

domain::Status check_append(db::Connection& db, const Deps& deps, const domain::Principal& who,
                            const std::string& id, std::uint64_t offset,
                            std::optional<std::uint64_t> content_length) {
  auto u = open_upload(db, who, id);
  if (!u) return u.take_error();
  if (offset != static_cast<std::uint64_t>(u->offset))
    return domain::Error::conflict(kOffsetMismatch);
  if (content_length) {
    const std::uint64_t end = offset + *content_length;
    if (u->length ? end > static_cast<std::uint64_t>(*u->length) : end > deps.media_limit) {
      return domain::Error::too_large("The bytes go past the upload's length.");
    }
  }
  return domain::ok();
}

namespace {

// Lets go of the upload at scope exit unless the new offset was recorded (which lets go).
class WriterHold {
 public:
  WriterHold(db::Connection& db, std::int64_t id, std::string writer)
      : db_(db), id_(id), writer_(std::move(writer)) {}
  WriterHold(const WriterHold&) = delete;
  WriterHold& operator=(const WriterHold&) = delete;
  ~WriterHold() {
    if (released_) return;
    try {
      repos::tus_uploads::release_writer(db_, id_, writer_);
    } catch (...) {
      // The hold runs out by itself (kWriterMs).
    }
  }
  const std::string& writer() const { return writer_; }
  void released() { released_ = true; }

 private:
  db::Connection& db_;
  std::int64_t id_;
  std::string writer_;
  bool released_ = false;
};

// What a PATCH wrote to the store, to be recorded with its new offset.
struct Written {
  std::optional<repos::tus_uploads::Part> part;        // a new part
  std::optional<repos::tus_uploads::Pending> pending;  // or bytes that wait
  std::vector<repos::tus_uploads::Pending> consumed;   // waiting bytes the part took
};

void write_all(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) storage::files::throw_errno("cannot write", path, errno);
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void append_file(int out_fd, const std::string& out_path, const std::string& path) {
  storage::files::Fd in = storage::files::open_read(path, false);
  std::vector<char> buf(storage::kReadChunk);
  std::uint64_t at = 0;
  while (const std::size_t n =
             storage::files::read_at(in.get(), buf.data(), buf.size(), at, path)) {
    write_all(out_fd, std::string_view(buf.data(), n), out_path);
    at += n;
  }
}

// The bytes waiting in the store, then the chunk, as one part on local disk.
repos::tus_uploads::Part send_part(storage::Storage& store, const Upload& u,
                                   const std::vector<repos::tus_uploads::Pending>& waiting,
                                   const Chunk& chunk, int number) {
  repos::tus_uploads::Part part;
  part.number = number;
  part.size = static_cast<std::int64_t>(chunk.size);
  if (waiting.empty()) {
    part.etag = store.put_part(u.object_key, u.multipart_id, number, chunk.path);
    return part;
  }
  storage::spool::File file(store.spool_dir(), "tuspart");
  for (const auto& p : waiting) {
    store.read(p.object_key, 0, static_cast<std::uint64_t>(p.size), [&](std::string_view data) {
      write_all(file.fd(), data, file.path());
      return true;
    });
    part.size += p.size;
  }
  append_file(file.fd(), file.path(), chunk.path);
  part.etag = store.put_part(u.object_key, u.multipart_id, number, file.path());
  return part;
}

Written write_bytes(db::Connection& db, storage::Storage& store, const Upload& u,
                    const Chunk& chunk, bool last) {
  Written w;
  auto waiting = repos::tus_uploads::pending(db, u.id);
  const std::int64_t waiting_bytes = std::accumulate(
      waiting.begin(), waiting.end(), std::int64_t{0},
      [](std::int64_t n, const repos::tus_uploads::Pending& p) { return n + p.size; });
  const auto total = static_cast<std::uint64_t>(waiting_bytes) + chunk.size;
  auto parts = repos::tus_uploads::parts(db, u.id);
  if (!last && total < store.min_part_size()) {
    if (chunk.size == 0) return w;
    repos::tus_uploads::Pending p;
    p.start_offset = static_cast<std::int64_t>(chunk.offset);
    p.object_key =
        u.object_key + ".pending/" + std::to_string(chunk.offset) + "-" + util::random_hex(4);
    p.size = static_cast<std::int64_t>(chunk.size);
    store.put_file(p.object_key, chunk.path, "application/octet-stream");
    w.pending = p;
    return w;
  }
  if (total > 0 || parts.empty()) {
    w.part = send_part(store, u, waiting, chunk, static_cast<int>(parts.size()) + 1);
    w.consumed = std::move(waiting);
    parts.push_back(*w.part);
  }
  if (last) {
    std::vector<storage::Storage::Part> list;
    for (const auto& p : parts) list.push_back({p.number, p.etag});
    store.complete_multipart(u.object_key, u.multipart_id, list);
  }
  return w;
}

std::vector<std::string> keys_of(const std::vector<repos::tus_uploads::Pending>& pending) {
  std::vector<std::string> keys;
  for (const auto& p : pending) keys.push_back(p.object_key);
  return keys;
}

// Records what `w` wrote and the new offset, if the writer still holds the upload.
bool record(db::Connection& db, const Upload& u, const WriterHold& hold, const Chunk& chunk,
            const Written& w, bool last) {
  db::Transaction tx(db, true);
  if (w.part) {
    repos::tus_uploads::clear_pending(db, u.id);
    repos::tus_uploads::add_part(db, u.id, *w.part);
  }
  if (w.pending) repos::tus_uploads::add_pending(db, u.id, *w.pending);
  std::optional<std::int64_t> length;
  if (chunk.length) length = static_cast<std::int64_t>(*chunk.length);
  const auto offset = static_cast<std::int64_t>(chunk.offset + chunk.size);
  if (!repos::tus_uploads::advance(db, u.id, hold.writer(), offset, length)) return false;
  if (last) repos::tus_uploads::finish(db, u.id, util::now_rfc3339());
  tx.commit();
  return true;
}

// The measured duration of the finished object (fetched to local disk from a remote store).
domain::Result<double> measure(const Deps& deps, const Upload& u) {
  storage::Storage& store = *deps.storage;
  if (!deps.measure_media) return domain::Error::internal();
  if (auto local = store.local_path(u.object_key)) return deps.measure_media(*local);
  storage::spool::File copy(store.spool_dir(), "measure");
  store.get_file(u.object_key, copy.path());
  return deps.measure_media(copy.path());
}

// A candidate's finished upload becomes its attempt's answer, or is refused and gone. A
// measurement that could not run leaves it finished: the client's next HEAD or PATCH (at
// the end, empty) tries again.
domain::Status hand_over(db::Connection& db, const Deps& deps, const domain::Principal& who,
                         const Upload& u) {
  if (!u.attempt_id || who.invitation_id == 0 || !u.length) return domain::ok();
  // One hand-over at a time: two would make two answers of one object, the second
  // replacing the first and so removing the object they share.
  const std::int64_t now = now_ms();
  WriterHold hold(db, u.id, util::random_hex(8));
  if (!repos::tus_uploads::claim_hand_over(db, u.id, hold.writer(), now, now + kWriterMs)) {
    auto busy = domain::Error::unavailable("The recording is being handed over; try again.");
    busy.retry_after_seconds = 1;
    return busy;
  }
  auto duration = measure(deps, u);
  if (!duration && duration.error().code != domain::ErrorCode::kBadRequest) {
    return duration.take_error();
  }
  auto answer = [&]() -> domain::Result<domain::Answer> {
    if (!duration) return duration.take_error();  // not media: refused like a long one
    AttemptMedia media;
    media.key = u.object_key;
    media.content_type = u.content_type;
    media.size = static_cast<std::uint64_t>(*u.length);
    media.upload_started_ms = u.started_ms;
    media.duration_seconds = *duration;
    return accept_attempt_media(db, deps, who, *u.attempt_id, media);
  }();
  if (answer && repos::tus_uploads::take(db, u.id, answer->id)) return domain::ok();
  repos::tus_uploads::change_status(db, u.id, Status::kFinished, Status::kDeleted);
  if (!answer) {
    storage::remove_quietly(*deps.storage, {u.object_key});
    return answer.take_error();
  }
  return domain::ok();
}

}  // namespace

domain::Result<State> state(db::Connection& db, const Deps& deps, const domain::Principal& who,
                            const std::string& id) {
  auto u = open_upload(db, who, id);
  if (!u) return u.take_error();
  // A finished upload still here is one whose hand-over could not run (the measuring
  // child died or overran): a client that resumes asks with a HEAD, not with an empty
  // PATCH, and must not hear "complete" before the answer exists.
  if (u->status == Status::kFinished) {
    if (auto st = hand_over(db, deps, who, *u); !st) return st.take_error();
  }
  return state_of(*u);
}

domain::Result<State> append(db::Connection& db, const Deps& deps, const domain::Principal& who,
                             const std::string& id, const Chunk& chunk) {
  auto u = open_upload(db, who, id);
  if (!u) return u.take_error();
  if (chunk.offset != static_cast<std::uint64_t>(u->offset)) {
    return domain::Error::conflict(kOffsetMismatch);
  }
  // The length as far as it is known (plain values: GCC 12 misreads optionals here).
  bool known = u->length.has_value();
  std::uint64_t length = known ? static_cast<std::uint64_t>(*u->length) : 0;
  if (chunk.length) {
    if (known && length != *chunk.length) {
      return domain::Error::bad_request("Upload-Length cannot change once it is known.");
    }
    if (*chunk.length > deps.media_limit) return too_large(deps);
    known = true;
    length = *chunk.length;
  }
  const std::uint64_t end = chunk.offset + chunk.size;
  if (end > (known ? length : deps.media_limit)) {
    return domain::Error::too_large("The bytes go past the upload's length.");
  }
  if (u->status == Status::kFinished) {  // nothing left to append; the hand-over may be due
    if (auto st = hand_over(db, deps, who, *u); !st) return st.take_error();
    return state_of(*u);
  }
  if (chunk.sha1 && util::sha1_of_file(chunk.path) != chunk.sha1) {
    return domain::Error::checksum_mismatch();
  }
  const std::int64_t now = now_ms();
  WriterHold hold(db, u->id, util::random_hex(8));
  if (!repos::tus_uploads::claim_writer(db, u->id, u->offset, hold.writer(), now,
                                        now + kWriterMs)) {
    return domain::Error::conflict("Another request is writing to this upload; try again.");
  }
  const bool last = known && end == length;
  const Written w = write_bytes(db, *deps.storage, *u, chunk, last);
  if (!record(db, *u, hold, chunk, w, last)) {
    if (w.pending) storage::remove_quietly(*deps.storage, {w.pending->object_key});
    return domain::Error::conflict("Another request wrote to this upload meanwhile; try again.");
  }
  hold.released();
  storage::remove_quietly(*deps.storage, keys_of(w.consumed));
  auto after = repos::tus_uploads::find_by_id(db, u->id);
  if (!after) return not_found();
  if (last) {
    if (auto st = hand_over(db, deps, who, *after); !st) return st.take_error();
  }
  return state_of(*after);
}

namespace {

// Everything of an upload in the store: its multipart write, the bytes that wait, and
// (once finished) its object.
void remove_bytes(db::Connection& db, storage::Storage& store, const Upload& u, bool object) {
  try {
    store.abort_multipart(u.object_key, u.multipart_id);
  } catch (const storage::Error&) {
    // Gone already, or the store's lifecycle rule will take it.
  }
  storage::remove_quietly(store, keys_of(repos::tus_uploads::pending(db, u.id)));
  repos::tus_uploads::clear_pending(db, u.id);
  if (object) storage::remove_quietly(store, {u.object_key});
}

}  // namespace

domain::Status remove(db::Connection& db, const Deps& deps, const domain::Principal& who,
                      const std::string& id) {
  auto u = open_upload(db, who, id);
  if (!u) return u.take_error();
  if (!repos::tus_uploads::change_status(db, u->id, u->status, Status::kDeleted)) {
    return not_found();  // used or removed meanwhile
  }
  remove_bytes(db, *deps.storage, *u, u->status == Status::kFinished);
  return domain::ok();
}

void expire(db::Connection& db, storage::Storage& store, std::int64_t upload_row_id) {
  auto u = repos::tus_uploads::find_by_id(db, upload_row_id);
  if (!u || (u->status != Status::kActive && u->status != Status::kFinished)) return;
  if (!repos::tus_uploads::change_status(db, u->id, u->status, Status::kExpired)) return;
  remove_bytes(db, store, *u, u->status == Status::kFinished);
}

std::optional<Finished> finished_upload(db::Connection& db, const domain::Principal& who,
                                        const std::string& id) {
  auto u = repos::tus_uploads::find(db, id);
  if (!u || !owns(who, *u) || u->status != Status::kFinished || !u->length) return std::nullopt;
  return Finished{u->id, u->object_key, u->content_type, static_cast<std::uint64_t>(*u->length)};
}

bool take(db::Connection& db, std::int64_t row_id, std::int64_t answer_id) {
  return repos::tus_uploads::take(db, row_id, answer_id);
}

}  // namespace services::tus

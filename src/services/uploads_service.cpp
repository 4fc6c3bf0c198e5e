#include "services/uploads_service.hpp"

#include <array>
#include <chrono>

#include "domain/messages.hpp"
#include "http/media_type.hpp"
#include "repos/uploads_repo.hpp"
#include "services/tus_service.hpp"
#include "storage/local_storage.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

namespace services {

namespace {

constexpr std::size_t kMaxFilenameBytes = 255;
constexpr std::array<std::string_view, 8> kMediaExtensions = {"mp4", "webm", "mov", "mkv",
                                                              "m4a", "mp3",  "ogg", "wav"};
constexpr const char* kNoUpload = "No uploaded file has this key.";

domain::Error forbidden(const std::string& why) {
  return {domain::ErrorCode::kForbidden, why, {}, 0, {}};
}

domain::Error too_large() {
  return {domain::ErrorCode::kPayloadTooLarge, "The uploaded file is too large.", {}, 0, {}};
}

storage::LocalStorage* local(const Deps& deps) {
  return dynamic_cast<storage::LocalStorage*>(deps.storage);
}

// The signature of a PUT to the local endpoint, and the upload it is for.
domain::Result<storage::VerifiedUpload> verify(db::Connection& db, const Deps& deps,
                                               const UploadPut& put) {
  auto* store = local(deps);
  if (!store) return domain::Error::not_found();
  storage::sigv4::Headers headers;
  if (!put.content_type.empty()) headers.emplace_back("Content-Type", put.content_type);
  if (!put.content_length.empty()) headers.emplace_back("Content-Length", put.content_length);
  auto verified = store->verify_upload(put.method, put.host, put.raw_path, put.raw_query, headers,
                                       std::chrono::system_clock::now());
  if (!verified) {
    // Every refusal is a 403 as S3 answers it (no detail on what was wrong).
    return forbidden(verified.error().detail.empty() ? "Signature does not match."
                                                     : verified.error().detail);
  }
  auto upload = repos::uploads::find_by_key(db, verified->key);
  if (!upload) return forbidden("This upload URL is not known.");
  // The answer that took it has its own copy; nothing may land under its key again.
  if (upload->used) return forbidden("This upload has been used by an answer.");
  return std::move(verified.value());
}

}  // namespace

std::optional<std::string> filename_problem(std::string_view name) {
  if (name.empty()) return std::string(domain::messages::kBlank);
  if (name.size() > kMaxFilenameBytes) return "Ensure the filename has at most 255 bytes.";
  if (!util::valid_utf8(name)) return "The filename is not valid UTF-8.";
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return "The filename may not contain control characters.";
    if (c == '/' || c == '\\') return "The filename may not contain a path separator.";
  }
  if (name.find("..") != std::string_view::npos) return "The filename may not contain \"..\".";
  const auto dot = name.rfind('.');
  const std::string ext =
      dot == std::string_view::npos ? "" : util::ascii_lower(name.substr(dot + 1));
  for (auto allowed : kMediaExtensions) {
    if (ext == allowed && dot > 0) return std::nullopt;
  }
  return "The file extension must be one of mp4, webm, mov, mkv, m4a, mp3, ogg, wav.";
}

domain::Result<UploadUrl> upload_url_create(db::Connection& db, const Deps& deps,
                                            const domain::Principal& who,
                                            const UploadRequest& request) {
  domain::FieldErrors errors;
  if (auto p = filename_problem(request.filename)) errors["video_filename"].push_back(*p);
  const auto type = web::audio_or_video(request.content_type);
  if (!type) {
    errors["content_type"].push_back("The content type must be video/* or audio/*.");
  }
  if (request.content_length &&
      static_cast<std::uint64_t>(*request.content_length) > deps.media_limit) {
    errors["content_length"].push_back("Ensure this value is less than or equal to " +
                                       std::to_string(deps.media_limit) + ".");
  }
  if (!errors.empty()) return domain::Error::invalid(errors);
  const std::string key = storage::answer_key(who.org_id, request.filename);
  std::optional<std::uint64_t> length;
  if (request.content_length) length = static_cast<std::uint64_t>(*request.content_length);
  storage::PresignedPut signed_url;
  try {
    signed_url = deps.storage->presign_put(key, type->text, deps.presign_expiry, length);
  } catch (const std::exception&) {
    domain::Error e = domain::Error::internal();
    e.detail = "URL not created.";
    return e;
  }
  repos::uploads::insert(
      db, {who.org_id, key, type->text, request.content_length, signed_url.expires_at},
      util::now_rfc3339());
  return UploadUrl{key, signed_url.url, signed_url.headers, signed_url.expires_at};
}

domain::Result<std::string> upload_check(db::Connection& db, const Deps& deps,
                                         const UploadPut& put) {
  auto verified = verify(db, deps, put);
  if (!verified) return verified.take_error();
  return verified->key;
}

domain::Result<std::string> upload_store(db::Connection& db, const Deps& deps, const UploadPut& put,
                                         const std::string& path, std::uint64_t size,
                                         const std::string& content_type) {
  auto verified = verify(db, deps, put);
  if (!verified) return verified.take_error();
  if (verified->content_length && *verified->content_length != size) {
    return domain::Error::bad_request("The body is not as long as the signed Content-Length.");
  }
  deps.storage->put_file(verified->key, path, content_type);
  return verified->key;
}

domain::Result<UploadForAnswer> upload_for_answer(db::Connection& db, const domain::Principal& who,
                                                  const std::string& key) {
  if (!storage::valid_key(key)) return domain::Error::invalid("video_key", "Not a valid key.");
  auto upload = repos::uploads::find(db, who.org_id, key);
  if (!upload) {
    if (auto finished = tus::finished_upload(db, who, key)) {
      UploadForAnswer u;
      u.upload_id = finished->row_id;
      u.source_key = finished->key;
      u.key = storage::answer_key(who.org_id, finished->key.substr(finished->key.rfind('/') + 1));
      u.content_type = finished->content_type;
      u.resumable = true;
      return u;
    }
    return domain::Error::invalid("video_key", kNoUpload);
  }
  if (upload->used) return domain::Error::invalid("video_key", kUploadTaken);
  UploadForAnswer u;
  u.upload_id = upload->id;
  u.source_key = upload->key;
  // A new folder, the same name.
  u.key = storage::answer_key(who.org_id, upload->key.substr(upload->key.rfind('/') + 1));
  u.content_type = upload->content_type;
  return u;
}

domain::Status upload_copy_for_answer(const Deps& deps, UploadForAnswer& u) {
  storage::Storage& store = *deps.storage;
  // Checked before copying too: no need to copy what cannot be kept.
  auto uploaded = store.head(u.source_key);
  if (!uploaded) return domain::Error::invalid("video_key", kNoUpload);
  if (uploaded->size > deps.media_limit) {
    storage::remove_quietly(store, {u.source_key});
    return too_large();
  }
  std::optional<storage::ObjectInfo> copied;
  try {
    store.copy(u.source_key, u.key);
    // The copy is what the answer keeps: its size is the one that counts (the upload
    // may have been replaced since the first look).
    copied = store.head(u.key);
  } catch (const storage::Error& e) {
    storage::remove_quietly(store, {u.key});
    if (e.kind() == storage::ErrorKind::kNotFound) {
      return domain::Error::invalid("video_key", kNoUpload);
    }
    throw;
  }
  if (!copied || copied->size > deps.media_limit) {
    storage::remove_quietly(store, {u.key});
    storage::remove_quietly(store, {u.source_key});
    if (!copied) return domain::Error::invalid("video_key", kNoUpload);
    return too_large();
  }
  u.size = copied->size;
  return domain::ok();
}

}  // namespace services

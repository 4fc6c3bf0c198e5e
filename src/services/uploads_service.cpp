#include "services/uploads_service.hpp"

#include <array>

#include "storage/local_storage.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"
#include "util/text.hpp"

namespace services {

namespace {

constexpr std::size_t kMaxFilenameBytes = 255;
constexpr std::array<std::string_view, 8> kMediaExtensions = {"mp4", "webm", "mov", "mkv",
                                                              "m4a", "mp3",  "ogg", "wav"};

domain::Error forbidden(const std::string& why) {
  return {domain::ErrorCode::kForbidden, why, {}, 0, {}};
}

storage::LocalStorage* local(const Deps& deps) {
  return dynamic_cast<storage::LocalStorage*>(deps.storage);
}

}  // namespace

std::optional<std::string> filename_problem(std::string_view name) {
  if (name.empty()) return "This field may not be blank.";
  if (name.size() > kMaxFilenameBytes) return "Ensure the filename has at most 255 bytes.";
  if (!util::valid_utf8(name)) return "The filename is not valid UTF-8.";
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return "The filename may not contain control characters.";
    if (c == '/' || c == '\\') return "The filename may not contain a path separator.";
  }
  if (name.find("..") != std::string_view::npos) return "The filename may not contain \"..\".";
  const auto dot = name.rfind('.');
  const std::string ext = dot == std::string_view::npos ? "" : util::ascii_lower(name.substr(dot + 1));
  for (auto allowed : kMediaExtensions) {
    if (ext == allowed && dot > 0) return std::nullopt;
  }
  return "The file extension must be one of mp4, webm, mov, mkv, m4a, mp3, ogg, wav.";
}

domain::Result<UploadUrl> upload_url_create(const Deps& deps, const domain::Principal& who,
                                            const std::string& filename,
                                            const std::string& content_type) {
  domain::FieldErrors errors;
  if (auto p = filename_problem(filename)) errors["video_filename"].push_back(*p);
  const std::string type = util::ascii_lower(util::trim(content_type));
  const bool media = (type.rfind("video/", 0) == 0 && type.size() > 6) ||
                     (type.rfind("audio/", 0) == 0 && type.size() > 6);
  if (!media || type.find_first_of(" ;,\"") != std::string::npos) {
    errors["content_type"].push_back("The content type must be video/* or audio/*.");
  }
  if (!errors.empty()) return domain::Error::invalid(errors);
  const std::string key =
      std::to_string(who.org_id) + "/answers/" + util::random_hex(16) + "/" + filename;
  try {
    auto signed_url = deps.storage->presign_put(key, type, deps.presign_expiry);
    return UploadUrl{key, signed_url.url, signed_url.headers, signed_url.expires_at};
  } catch (const std::exception&) {
    domain::Error e = domain::Error::internal();
    e.detail = "URL not created.";
    return e;
  }
}

domain::Result<std::string> upload_check(const Deps& deps, std::string_view method, std::string_view host,
                            std::string_view raw_path, std::string_view raw_query,
                            std::string_view content_type) {
  auto* store = local(deps);
  if (!store) return domain::Error::not_found();
  storage::sigv4::Headers headers;
  if (!content_type.empty()) headers.emplace_back("Content-Type", std::string(content_type));
  auto verified = store->verify_upload(method, host, raw_path, raw_query, headers,
                                       std::chrono::system_clock::now());
  if (!verified) {
    // Every refusal is a 403 as S3 answers it (no detail on what was wrong).
    return forbidden(verified.error().detail.empty() ? "Signature does not match."
                                                     : verified.error().detail);
  }
  return verified->key;
}

void upload_store(const Deps& deps, const std::string& key, const std::string& file,
                  const std::string& content_type) {
  deps.storage->put_file(key, file, content_type);
}

}  // namespace services

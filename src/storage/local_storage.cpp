#include "storage/local_storage.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "storage/files.hpp"
#include "util/clock.hpp"
#include "util/crypto.hpp"
#include "util/text.hpp"

namespace storage {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kDefaultContentType = "application/octet-stream";
// Temporary files older than this were left by a process that died.
constexpr auto kStaleTemp = std::chrono::hours(24);
// In a multipart upload's folder: the key and content type.
constexpr std::string_view kUploadRecord = "upload";
constexpr int kMaxPartNumber = 10000;
// A part's file starts with the 32 random hex digits of its ETag, then its bytes.
constexpr std::size_t kPartTagSize = 32;

void make_dirs(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) files::throw_errno("cannot create folder", dir, ec.value());
}

// Reads a small file whole; nullopt when it does not exist.
std::optional<std::string> read_small_file(const fs::path& path) {
  files::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    files::throw_errno("cannot open", path, errno);
  }
  std::string out;
  char buffer[4096];
  while (out.size() < 64 * 1024) {
    const std::size_t n = files::read_at(fd.get(), buffer, sizeof buffer, out.size(), path);
    if (n == 0) break;
    out.append(buffer, n);
  }
  return out;
}

void remove_file(const fs::path& path) {
  if (::unlink(path.c_str()) == 0) return;
  // ENOTDIR/EISDIR: the key names a folder of other keys, so no object of its own.
  if (errno == ENOENT || errno == ENOTDIR || errno == EISDIR) return;
  files::throw_errno("cannot remove", path, errno);
}

void remove_stale_temps(const fs::path& dir) {
  std::error_code ec;
  const auto cutoff = fs::file_time_type::clock::now() - kStaleTemp;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code entry_ec;
    if (it->last_write_time(entry_ec) >= cutoff || entry_ec) continue;
    if (it->is_regular_file(entry_ec)) {
      fs::remove(it->path(), entry_ec);
    } else if (it->is_directory(entry_ec)) {
      fs::remove_all(it->path(), entry_ec);  // an upload's folder, half deleted
    }
  }
}

// Upload ids are random_hex(16): anything else names no upload (and no other path).
bool valid_upload_id(std::string_view id) {
  return id.size() == 32 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// S3 compares ETags without their quotes.
std::string_view unquoted(std::string_view etag) {
  if (etag.size() >= 2 && etag.front() == '"' && etag.back() == '"') {
    etag = etag.substr(1, etag.size() - 2);
  }
  return etag;
}

// Appends the parts `parts` of the upload in `dir` to `out`, in order, each checked: numbers
// ascending in 1..10000, the part there with the ETag given, all but the last at least
// `min_size` bytes.
void concatenate_parts(const fs::path& dir, const std::vector<Storage::Part>& parts,
                       std::uint64_t min_size, files::TempFile& out) {
  int previous = 0;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const Storage::Part& part = parts[i];
    const std::string name = "part " + std::to_string(part.number);
    if (part.number <= previous || part.number > kMaxPartNumber) {
      throw Error(ErrorKind::kOther, "storage: parts must be numbered 1 to 10000, ascending");
    }
    previous = part.number;
    const fs::path path = dir / std::to_string(part.number);
    files::Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
      if (errno != ENOENT) files::throw_errno("cannot open", path, errno);
      std::error_code ec;
      if (!fs::exists(dir, ec)) throw Error(ErrorKind::kNotFound, "storage: no such upload");
      throw Error(ErrorKind::kOther, "storage: " + name + " was never sent");
    }
    const std::uint64_t size = files::file_size(fd.get(), path);
    char tag[kPartTagSize];
    if (size < kPartTagSize ||
        files::read_at(fd.get(), tag, kPartTagSize, 0, path) != kPartTagSize ||
        std::string_view(tag, kPartTagSize) != unquoted(part.etag)) {
      throw Error(ErrorKind::kOther, "storage: " + name + " is not the one of ETag " + part.etag);
    }
    if (i + 1 < parts.size() && size - kPartTagSize < min_size) {
      throw Error(ErrorKind::kOther, "storage: " + name + " is smaller than the minimum");
    }
    if (::lseek(fd.get(), static_cast<off_t>(kPartTagSize), SEEK_SET) < 0) {
      files::throw_errno("cannot seek", path, errno);
    }
    out.copy_from(fd.get(), path);
  }
}

}  // namespace

LocalStorage::LocalStorage(fs::path root, StorageOptions options,
                           std::optional<sigv4::Credentials> credentials, Clock clock)
    : root_(fs::absolute(root)),
      tmp_dir_(root_ / ".tmp"),
      meta_dir_(root_ / ".meta"),
      multipart_dir_(root_ / ".multipart"),
      spool_dir_(options.spool_dir.empty() ? root_ / ".spool" : fs::absolute(options.spool_dir)),
      clock_(std::move(clock)) {
  if (!options.public_url.empty()) {
    const std::string& url = options.public_url;
    const auto sep = url.find("://");
    const std::string scheme = util::ascii_lower(url.substr(0, sep));
    if (sep == std::string::npos || (scheme != "http" && scheme != "https") ||
        url.size() == sep + 3 || url.find_first_of("?#", sep) != std::string::npos) {
      throw std::invalid_argument("public URL must look like http(s)://host[:port][/path], not " +
                                  url);
    }
    const auto path_start = url.find('/', sep + 3);
    origin_ = url.substr(0, path_start);
    if (path_start != std::string::npos) path_prefix_ = url.substr(path_start);
    while (path_prefix_.ends_with('/')) path_prefix_.pop_back();
  }
  for (const auto& dir : {root_, tmp_dir_, meta_dir_, multipart_dir_, spool_dir_}) make_dirs(dir);
  remove_stale_temps(tmp_dir_);
  if (credentials) {
    credentials_ = {credentials->access_key_id, credentials->secret_access_key, {}};
  } else {
    credentials_ = load_or_create_secret();
  }
}

sigv4::Credentials LocalStorage::load_or_create_secret() const {
  const fs::path path = root_ / ".presign-secret";
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (auto text = read_small_file(path)) {
      const std::string secret(util::trim(*text));
      if (secret.size() < 32) {
        throw Error(ErrorKind::kOther,
                    "storage: " + path.string() + " is too short to be a secret");
      }
      return {std::string(kLocalAccessKeyId), secret, {}};
    }
    // Written whole, then linked into place: another process racing us either wins (and
    // link fails with EEXIST) or loses, and both read the same file afterwards.
    files::TempFile tmp(tmp_dir_, "secret-", 0600);
    tmp.write_all(util::random_hex(32) + "\n");
    if (::fsync(tmp.fd()) != 0) files::throw_errno("cannot sync", tmp.path(), errno);
    if (::link(tmp.path().c_str(), path.c_str()) != 0 && errno != EEXIST) {
      files::throw_errno("cannot create", path, errno);
    }
  }
  throw Error(ErrorKind::kOther, "storage: cannot read " + path.string());
}

fs::path LocalStorage::object_path(const std::string& key) const {
  if (!valid_key(key)) throw Error(ErrorKind::kOther, "storage: invalid key");
  return root_ / key;
}

fs::path LocalStorage::meta_path(const std::string& key) const {
  if (!valid_key(key)) throw Error(ErrorKind::kOther, "storage: invalid key");
  return meta_dir_ / key;
}

std::string LocalStorage::content_type_of(const std::string& key) const {
  auto text = read_small_file(meta_path(key));
  return text && !text->empty() ? *text : std::string(kDefaultContentType);
}

void LocalStorage::put_file(const std::string& key, const std::string& path,
                            const std::string& content_type) {
  const fs::path target = object_path(key);
  const fs::path meta = meta_path(key);
  files::Fd src = files::open_read(path, false);
  make_dirs(target.parent_path());
  make_dirs(meta.parent_path());

  files::TempFile data(tmp_dir_, "put-");
  data.copy_from(src.get(), path);
  files::TempFile type(tmp_dir_, "meta-");
  type.write_all(content_type);
  // The type first: a reader that sees the new bytes also sees their type.
  type.commit(meta, true);
  data.commit(target, true);
}

void LocalStorage::get_file(const std::string& key, const std::string& path) {
  files::Fd src = files::open_read(object_path(key), true);
  const fs::path dest(path);
  const fs::path dir = dest.parent_path().empty() ? fs::path(".") : dest.parent_path();
  files::TempFile out(dir, "." + dest.filename().string() + ".part-");
  out.copy_from(src.get(), object_path(key));
  out.commit(dest, false);
}

std::optional<ObjectInfo> LocalStorage::head(const std::string& key) {
  const fs::path path = object_path(key);
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    files::throw_errno("cannot stat", path, errno);
  }
  if (!S_ISREG(st.st_mode)) return std::nullopt;
  return ObjectInfo{static_cast<std::uint64_t>(st.st_size), content_type_of(key)};
}

void LocalStorage::read(const std::string& key, std::uint64_t offset, std::uint64_t length,
                        const std::function<bool(std::string_view)>& sink) {
  const fs::path path = object_path(key);
  files::Fd fd = files::open_read(path, true);
  const std::uint64_t size = files::file_size(fd.get(), path);
  if (offset >= size) return;
  const std::uint64_t end = offset + std::min(length, size - offset);
  std::vector<char> buffer(kReadChunk);
  while (offset < end) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(kReadChunk, end - offset));
    const std::size_t n = files::read_at(fd.get(), buffer.data(), want, offset, path);
    if (n == 0) return;  // truncated meanwhile
    offset += n;
    if (!sink(std::string_view(buffer.data(), n))) return;
  }
}

void LocalStorage::remove(const std::string& key) {
  remove_file(object_path(key));
  remove_file(meta_path(key));
}

void LocalStorage::copy(const std::string& from, const std::string& to) {
  const fs::path source = object_path(from);
  const fs::path target = object_path(to);
  const fs::path meta = meta_path(to);
  files::Fd src = files::open_read(source, true);
  make_dirs(target.parent_path());
  make_dirs(meta.parent_path());
  files::TempFile type(tmp_dir_, "meta-");
  type.write_all(content_type_of(from));
  // A second name for the same bytes: a later upload to `from` replaces that name's file
  // (temp file + rename), never these bytes. Where links are refused, a real copy.
  const fs::path link = tmp_dir_ / ("link-" + util::random_hex(8));
  if (::link(source.c_str(), link.c_str()) != 0) {
    if (errno != EPERM && errno != EMLINK && errno != EXDEV && errno != ENOTSUP) {
      files::throw_errno("cannot link", source, errno, true);
    }
    files::TempFile data(tmp_dir_, "put-");
    data.copy_from(src.get(), source);
    type.commit(meta, true);
    data.commit(target, true);
    return;
  }
  type.commit(meta, true);
  if (::rename(link.c_str(), target.c_str()) != 0) {
    const int err = errno;
    ::unlink(link.c_str());
    files::throw_errno("cannot rename onto", target, err);
  }
  files::sync_dir(target.parent_path());
}

PresignedPut LocalStorage::presign_put(const std::string& key, const std::string& content_type,
                                       std::chrono::seconds expires,
                                       std::optional<std::uint64_t> content_length) {
  if (!valid_key(key)) throw Error(ErrorKind::kOther, "storage: invalid key");
  if (expires.count() < 1 || expires > kMaxPresignExpiry) {
    throw Error(ErrorKind::kOther, "storage: a presigned URL lasts 1 s to 7 days");
  }
  if (origin_.empty()) {
    throw Error(ErrorKind::kOther, "storage: presigned uploads need a public URL");
  }
  sigv4::Headers headers;
  if (content_length) headers.emplace_back("Content-Length", std::to_string(*content_length));
  if (!content_type.empty()) headers.emplace_back("Content-Type", content_type);
  const auto now = clock_();
  sigv4::PresignInput input{"PUT",
                            origin_,
                            path_prefix_ + std::string(kUploadPathPrefix) + key,
                            std::string(kLocalRegion),
                            credentials_,
                            now,
                            expires,
                            headers};
  return PresignedPut{sigv4::presign(input), util::format_rfc3339(now + expires),
                      std::move(headers)};
}

std::string LocalStorage::begin_multipart(const std::string& key, const std::string& content_type) {
  if (!valid_key(key)) throw Error(ErrorKind::kOther, "storage: invalid key");
  files::TempFile record(tmp_dir_, "upload-");
  record.write_all(key + "\n" + content_type);
  for (int attempt = 0; attempt < 8; ++attempt) {
    const std::string upload_id = util::random_hex(16);
    const fs::path dir = multipart_dir_ / upload_id;
    if (::mkdir(dir.c_str(), 0755) != 0) {
      if (errno == EEXIST) continue;
      files::throw_errno("cannot create folder", dir, errno);
    }
    // The record last: until it is there, the folder is no upload (find_upload,
    // open_multiparts).
    try {
      record.commit(dir / kUploadRecord, true);
      files::sync_dir(multipart_dir_);
    } catch (const Error&) {
      std::error_code ec;
      fs::remove_all(dir, ec);
      throw;
    }
    return upload_id;
  }
  files::throw_errno("cannot create folder", multipart_dir_, EEXIST);
}

LocalStorage::Upload LocalStorage::find_upload(const std::string& key,
                                               const std::string& upload_id) const {
  if (valid_upload_id(upload_id)) {
    const fs::path dir = multipart_dir_ / upload_id;
    const auto record = read_small_file(dir / kUploadRecord);
    const auto newline = record ? record->find('\n') : std::string::npos;
    if (newline != std::string::npos && std::string_view(*record).substr(0, newline) == key) {
      return {dir, record->substr(newline + 1)};
    }
  }
  throw Error(ErrorKind::kNotFound, "storage: no multipart upload " + upload_id + " of " + key);
}

void LocalStorage::remove_upload(const fs::path& dir) const {
  // Renamed first, so that no part lands in it meanwhile and nobody sees it half deleted.
  const fs::path doomed =
      tmp_dir_ / ("aborted-" + dir.filename().string() + "-" + util::random_hex(4));
  if (::rename(dir.c_str(), doomed.c_str()) != 0) {
    if (errno == ENOENT) return;  // removed by another process
    files::throw_errno("cannot remove", dir, errno);
  }
  std::error_code ec;
  fs::remove_all(doomed, ec);  // what is left goes with the stale temporary files
}

std::string LocalStorage::put_part(const std::string& key, const std::string& upload_id, int number,
                                   const std::string& path) {
  if (number < 1 || number > kMaxPartNumber) {
    throw Error(ErrorKind::kOther, "storage: part numbers are 1 to 10000");
  }
  const Upload upload = find_upload(key, upload_id);
  files::Fd src = files::open_read(path, false);
  const std::string tag = util::random_hex(kPartTagSize / 2);
  files::TempFile part(tmp_dir_, "part-");
  part.write_all(tag);
  part.copy_from(src.get(), path);
  try {
    part.commit(upload.dir / std::to_string(number), true);
  } catch (const Error&) {
    std::error_code ec;
    if (!fs::exists(upload.dir, ec)) {
      throw Error(ErrorKind::kNotFound, "storage: multipart upload " + upload_id + " has ended");
    }
    throw;
  }
  return "\"" + tag + "\"";
}

void LocalStorage::complete_multipart(const std::string& key, const std::string& upload_id,
                                      const std::vector<Part>& parts) {
  const Upload upload = find_upload(key, upload_id);
  if (parts.empty()) throw Error(ErrorKind::kOther, "storage: a multipart upload needs a part");
  const fs::path target = object_path(key);
  const fs::path meta = meta_path(key);
  files::TempFile data(tmp_dir_, "put-");
  concatenate_parts(upload.dir, parts, min_part_size(), data);
  make_dirs(target.parent_path());
  make_dirs(meta.parent_path());
  files::TempFile type(tmp_dir_, "meta-");
  type.write_all(upload.content_type);
  // As put_file: the type first, then the bytes, each replaced whole.
  type.commit(meta, true);
  data.commit(target, true);
  remove_upload(upload.dir);
}

void LocalStorage::abort_multipart(const std::string& key, const std::string& upload_id) {
  try {
    remove_upload(find_upload(key, upload_id).dir);
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::kNotFound) throw;
  }
}

std::vector<std::pair<std::string, std::string>> LocalStorage::open_multiparts(
    const std::string& prefix) {
  std::vector<std::pair<std::string, std::string>> uploads;
  std::error_code ec;
  for (fs::directory_iterator it(multipart_dir_, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string upload_id = it->path().filename().string();
    if (!valid_upload_id(upload_id)) continue;
    // Gone meanwhile (completed, aborted) or not yet recorded: not open.
    const auto record = read_small_file(it->path() / kUploadRecord);
    if (!record) continue;
    std::string key = record->substr(0, record->find('\n'));
    if (key.starts_with(prefix)) uploads.emplace_back(std::move(key), upload_id);
  }
  if (ec) files::throw_errno("cannot list", multipart_dir_, ec.value());
  std::sort(uploads.begin(), uploads.end());
  return uploads;
}

bool LocalStorage::ready() {
  try {
    files::TempFile probe(tmp_dir_, "ready-");
    probe.write_all("ok");
    return ::access(root_.c_str(), W_OK) == 0 && ::access(meta_dir_.c_str(), W_OK) == 0;
  } catch (const Error&) {
    return false;
  }
}

domain::Result<VerifiedUpload> LocalStorage::verify_upload(
    std::string_view method, std::string_view host, std::string_view raw_path,
    std::string_view raw_query, const sigv4::Headers& headers,
    std::chrono::system_clock::time_point now) const {
  if (method != "PUT") {
    return domain::Error{
        domain::ErrorCode::kForbidden, "Upload URLs are signed for PUT.", {}, 0, {}};
  }
  std::string path(raw_path);
  // Behind a proxy that strips the public URL's path, the request arrives without it.
  if (!path_prefix_.empty() && path.starts_with(kUploadPathPrefix)) path = path_prefix_ + path;
  const std::string prefix = path_prefix_ + std::string(kUploadPathPrefix);
  if (!path.starts_with(prefix)) return domain::Error::bad_request("Not an upload URL.");
  const auto key = util::url_decode(std::string_view(path).substr(prefix.size()), false);
  if (!key || !valid_key(*key)) return domain::Error::bad_request("Invalid storage key.");

  const sigv4::SecretLookup secrets = [this](std::string_view id) -> std::optional<std::string> {
    if (id != credentials_.access_key_id) return std::nullopt;
    return credentials_.secret_access_key;
  };
  auto verified =
      sigv4::verify_presigned({method, host, path, raw_query, headers}, kLocalRegion, secrets, now);
  if (!verified) return verified.take_error();

  VerifiedUpload upload{*key, {}, std::nullopt};
  auto signed_value = [&](std::string_view lower_name) -> std::optional<std::string> {
    const auto& names = verified->signed_headers;
    if (std::find(names.begin(), names.end(), lower_name) == names.end()) return std::nullopt;
    for (const auto& [name, value] : headers) {
      if (util::ascii_lower(name) == lower_name) return std::string(util::trim(value));
    }
    return std::nullopt;
  };
  if (auto type = signed_value("content-type")) upload.content_type = *type;
  if (auto length = signed_value("content-length")) {
    const auto n = util::parse_positive_id(*length);
    if (!n) return domain::Error::bad_request("Content-Length must be a number of bytes.");
    upload.content_length = static_cast<std::uint64_t>(*n);
  }
  return upload;
}

std::optional<std::string> LocalStorage::local_path(const std::string& key) const {
  if (!valid_key(key)) return std::nullopt;
  auto path = object_path(key);
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
  return path.string();
}

}  // namespace storage

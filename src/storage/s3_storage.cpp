#include "storage/s3_storage.hpp"

#include <curl/curl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <exception>
#include <filesystem>
#include <limits>
#include <new>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

#include "storage/files.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

namespace storage {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxIdleHandles = 16;
constexpr std::size_t kMaxErrorBody = 8192;
// The longest XML answers kept: a CompleteMultipartUpload result (with the whitespace S3
// sends while it works), a page of ListMultipartUploads (1000 uploads, keys escaped).
constexpr std::size_t kMaxCompleteBody = 1 << 20;
constexpr std::size_t kMaxListBody = 16 << 20;
constexpr int kMaxPartNumber = 10000;
// Attempts of one request, and the pause before the second (doubled after).
constexpr int kAttempts = 3;
constexpr std::chrono::milliseconds kFirstBackoff{100};

class HeaderList {
 public:
  HeaderList() = default;
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  ~HeaderList() { curl_slist_free_all(list_); }

  void add(const std::string& name, const std::string& value) {
    curl_slist* next = curl_slist_append(list_, (name + ": " + value).c_str());
    if (next == nullptr) throw std::bad_alloc();
    list_ = next;
  }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

// Transport failures that mean "the store is not there right now".
bool unreachable(CURLcode rc) {
  switch (rc) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

// Failures worth another attempt: the connection dropped (a kept-alive connection the
// store closed meanwhile, a store restarting). Not refused connections or timeouts:
// those would only make the caller wait longer for the same answer.
bool retryable(CURLcode rc) {
  return rc == CURLE_SEND_ERROR || rc == CURLE_RECV_ERROR || rc == CURLE_GOT_NOTHING ||
         rc == CURLE_PARTIAL_FILE;
}

// The text of <tag>...</tag> in an S3 error document, or "".
std::string xml_field(const std::string& body, const std::string& tag) {
  const auto start = body.find("<" + tag + ">");
  if (start == std::string::npos) return {};
  const auto from = start + tag.size() + 2;
  const auto end = body.find("</" + tag + ">", from);
  return end == std::string::npos ? std::string() : body.substr(from, end - from);
}

void append_utf8(std::string& out, unsigned long cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xc0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xe0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  } else {
    out.push_back(static_cast<char>(0xf0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3f)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3f)));
  }
}

// The code point of a character reference ("#233", "#xE9"), or 0 when malformed.
unsigned long code_point(std::string_view name) {
  if (name.size() < 2 || name.size() > 8 || name[0] != '#') return 0;
  const bool hex = name[1] == 'x';
  const std::string_view digits = name.substr(hex ? 2 : 1);
  if (digits.empty()) return 0;
  unsigned long cp = 0;
  for (char c : digits) {
    unsigned long d = 0;
    if (c >= '0' && c <= '9') {
      d = static_cast<unsigned long>(c - '0');
    } else if (hex && c >= 'a' && c <= 'f') {
      d = static_cast<unsigned long>(c - 'a' + 10);
    } else if (hex && c >= 'A' && c <= 'F') {
      d = static_cast<unsigned long>(c - 'A' + 10);
    } else {
      return 0;
    }
    cp = cp * (hex ? 16 : 10) + d;
  }
  return cp <= 0x10ffff ? cp : 0;
}

// XML text with its references replaced (&amp; &lt; &gt; &quot; &apos; &#N; &#xN;); an
// unknown or malformed one is kept as written.
std::string xml_text(std::string_view text) {
  static const std::pair<std::string_view, char> kNamed[] = {
      {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
  std::string out;
  while (!text.empty()) {
    const auto amp = text.find('&');
    out.append(text.substr(0, amp));
    if (amp == std::string_view::npos) break;
    text.remove_prefix(amp);
    const auto semi = text.find(';');
    const std::string_view name = text.substr(1, semi == std::string_view::npos ? 0 : semi - 1);
    char named = 0;
    for (const auto& [n, c] : kNamed) {
      if (name == n) named = c;
    }
    const unsigned long cp = named != 0 ? 0 : code_point(name);
    if (named != 0) {
      out.push_back(named);
    } else if (cp != 0) {
      append_utf8(out, cp);
    } else {
      out.push_back('&');
      text.remove_prefix(1);
      continue;
    }
    text.remove_prefix(semi + 1);
  }
  return out;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// The body of CompleteMultipartUpload.
std::string complete_body(const std::vector<Storage::Part>& parts) {
  std::string xml = "<CompleteMultipartUpload>";
  for (const auto& part : parts) {
    xml.append("<Part><PartNumber>")
        .append(std::to_string(part.number))
        .append("</PartNumber><ETag>")
        .append(xml_escape(part.etag))
        .append("</ETag></Part>");
  }
  xml.append("</CompleteMultipartUpload>");
  return xml;
}

// One page of ListMultipartUploads: its (key, upload id) pairs are appended to `out`;
// returns the markers of the next page, or nullopt after the last.
std::optional<std::pair<std::string, std::string>> parse_uploads_page(
    const std::string& body, std::vector<std::pair<std::string, std::string>>& out) {
  for (std::size_t pos = body.find("<Upload>"); pos != std::string::npos;
       pos = body.find("<Upload>", pos)) {
    const auto end = body.find("</Upload>", pos);
    if (end == std::string::npos) break;
    const std::string upload = body.substr(pos, end - pos);
    out.emplace_back(xml_text(xml_field(upload, "Key")), xml_text(xml_field(upload, "UploadId")));
    pos = end;
  }
  if (xml_field(body, "IsTruncated") != "true") return std::nullopt;
  return std::make_pair(xml_text(xml_field(body, "NextKeyMarker")),
                        xml_text(xml_field(body, "NextUploadIdMarker")));
}

void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw Error(ErrorKind::kOther, "storage: curl_global_init failed");
    }
  });
}

}  // namespace

// One request: what to send, where the body goes, what came back.
struct S3Storage::Transfer {
  Transfer(std::string m, std::string k) : method(std::move(m)), key(std::move(k)) {}

  std::string method;  // GET, HEAD, PUT, POST, DELETE
  std::string key;     // "" for the bucket itself
  // Decoded; a parameter without a value ("uploads") has "".
  std::vector<std::pair<std::string, std::string>> query;
  sigv4::Headers headers;
  // PUT, POST: the body is read from this file, or else is upload_text.
  int upload_fd = -1;
  std::string upload_text;
  std::uint64_t upload_size = 0;
  std::uint64_t upload_offset = 0;
  // A 2xx body goes here in chunks of at most kReadChunk; false stops the transfer.
  std::function<bool(long status, std::string_view chunk)> body;

  CURL* handle = nullptr;
  std::string error_body;  // body of a non-2xx answer, cut at kMaxErrorBody
  std::exception_ptr error;
  CURLcode code = CURLE_OK;
  bool delivered = false;  // body bytes were handed on: no second attempt
  bool stopped = false;
  std::uint64_t content_length = 0;  // HEAD
  std::string content_type;          // HEAD
  std::string etag;                  // the ETag header of the answer, quotes kept

  // Keeps a 2xx body whole in `out`; one longer than `max` is an error.
  void keep_body(std::string& out, std::size_t max) {
    body = [&out, max](long, std::string_view chunk) {
      if (chunk.size() > max - out.size()) {
        throw Error(ErrorKind::kOther, "storage: S3 answer longer than expected");
      }
      out.append(chunk);
      return true;
    };
  }

  // The URL with the query, encoded as it is signed.
  std::string url_of(const std::string& base) const {
    std::string url = base;
    char sep = '?';
    for (const auto& [name, value] : query) {
      url.push_back(sep);
      url.append(sigv4::uri_encode(name, true));
      if (!value.empty()) url.append("=").append(sigv4::uri_encode(value, true));
      sep = '&';
    }
    return url;
  }

  static size_t on_body(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const size_t total = size * count;
    long status = 0;
    curl_easy_getinfo(t->handle, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status >= 300) {
      t->error_body.append(data, std::min(total, kMaxErrorBody - t->error_body.size()));
      return total;
    }
    if (!t->body) return total;
    t->delivered = true;
    try {
      std::string_view chunk(data, total);
      while (!chunk.empty()) {
        const std::string_view piece = chunk.substr(0, kReadChunk);
        chunk.remove_prefix(piece.size());
        if (!t->body(status, piece)) {
          t->stopped = true;
          return 0;
        }
      }
      return total;
    } catch (...) {
      t->error = std::current_exception();
      return 0;
    }
  }

  static size_t on_header(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::string_view line(data, size * count);
    const auto colon = line.find(':');
    if (colon != std::string_view::npos && util::ascii_lower(line.substr(0, colon)) == "etag") {
      t->etag = std::string(util::trim(line.substr(colon + 1)));
    }
    return size * count;
  }

  static size_t on_upload(char* buffer, size_t size, size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    if (t->upload_offset >= t->upload_size) return 0;  // also: a PUT without a body
    if (t->upload_fd < 0) {
      const auto n = static_cast<std::size_t>(
          std::min<std::uint64_t>(size * count, t->upload_size - t->upload_offset));
      std::copy_n(t->upload_text.data() + t->upload_offset, n, buffer);
      t->upload_offset += n;
      return n;
    }
    while (true) {
      const ssize_t n =
          ::pread(t->upload_fd, buffer, size * count, static_cast<off_t>(t->upload_offset));
      if (n >= 0) {
        t->upload_offset += static_cast<std::uint64_t>(n);
        return static_cast<size_t>(n);
      }
      if (errno == EINTR) continue;
      t->error = std::make_exception_ptr(Error(
          ErrorKind::kOther,
          std::string("storage: cannot read upload: ") + std::generic_category().message(errno)));
      return CURL_READFUNC_ABORT;
    }
  }

  // curl rewinds the body when it must send it again (a redirect, a reused connection
  // that closed).
  static int on_seek(void* user, curl_off_t offset, int origin) {
    auto* t = static_cast<Transfer*>(user);
    if (origin != SEEK_SET || offset < 0) return CURL_SEEKFUNC_CANTSEEK;
    t->upload_offset = static_cast<std::uint64_t>(offset);
    return CURL_SEEKFUNC_OK;
  }

  // The storage::Error for a non-2xx status.
  [[noreturn]] void fail(long status) const {
    const ErrorKind kind = status == 404   ? ErrorKind::kNotFound
                           : status >= 500 ? ErrorKind::kUnavailable
                                           : ErrorKind::kOther;
    std::string message = "storage: S3 " + method + " " + (key.empty() ? "bucket" : key) +
                          ": HTTP " + std::to_string(status);
    const std::string code = xml_field(error_body, "Code");
    if (!code.empty()) message += " " + code;
    const std::string text = xml_field(error_body, "Message");
    if (!text.empty()) message += ": " + text;
    throw Error(kind, message);
  }
};

void S3Storage::HandleDeleter::operator()(void* handle) const {
  curl_easy_cleanup(handle);
}

S3Storage::S3Storage(S3Config config, Clock clock)
    : config_(std::move(config)), clock_(std::move(clock)) {
  init_curl_once();
  const auto sep = config_.endpoint.find("://");
  if (sep == std::string::npos) throw std::invalid_argument("S3 endpoint needs a scheme");
  scheme_ = util::ascii_lower(config_.endpoint.substr(0, sep));
  authority_ = config_.endpoint.substr(sep + 3);
  host_ = util::ascii_lower(authority_);
  if ((scheme_ == "http" && host_.ends_with(":80")) ||
      (scheme_ == "https" && host_.ends_with(":443"))) {
    host_.resize(host_.rfind(':'));
  }
  std::error_code ec;
  fs::create_directories(config_.spool_dir, ec);
  if (ec) files::throw_errno("cannot create folder", config_.spool_dir, ec.value());
}

S3Storage::~S3Storage() = default;

S3Storage::Handle S3Storage::acquire() {
  {
    std::lock_guard lock(pool_mutex_);
    if (!pool_.empty()) {
      Handle h = std::move(pool_.back());
      pool_.pop_back();
      return h;
    }
  }
  Handle h(curl_easy_init());
  if (!h) throw Error(ErrorKind::kOther, "storage: curl_easy_init failed");
  return h;
}

void S3Storage::release(Handle handle) {
  // reset clears the options but keeps the handle's open connections for the next request.
  curl_easy_reset(handle.get());
  std::lock_guard lock(pool_mutex_);
  if (pool_.size() < kMaxIdleHandles) pool_.push_back(std::move(handle));
}

S3Storage::Target S3Storage::target(const std::string& key) const {
  if (!key.empty() && !valid_key(key)) throw Error(ErrorKind::kOther, "storage: invalid key");
  Target t;
  if (config_.path_style) {
    t.path = "/" + config_.bucket + (key.empty() ? "" : "/" + key);
    t.url = scheme_ + "://" + authority_ + sigv4::uri_encode(t.path, false);
    t.host = host_;
  } else {
    t.path = "/" + key;
    t.url = scheme_ + "://" + config_.bucket + "." + authority_ + sigv4::uri_encode(t.path, false);
    t.host = config_.bucket + "." + host_;
  }
  return t;
}

long S3Storage::perform(Transfer& t) {
  auto backoff = kFirstBackoff;
  for (int attempt = 1;; ++attempt) {
    t.error_body.clear();
    t.error = nullptr;
    t.code = CURLE_OK;
    t.stopped = false;
    t.upload_offset = 0;
    t.etag.clear();
    try {
      const long status = perform_once(t);
      if (status < 500 || t.delivered || attempt == kAttempts) return status;
    } catch (const Error&) {
      if (!retryable(t.code) || t.delivered || attempt == kAttempts) throw;
    }
    std::this_thread::sleep_for(backoff);
    backoff *= 2;
  }
}

namespace {

// The options of one request on a fresh (or reset) handle.
void configure(CURL* c, S3Storage::Transfer& t, const S3Config& config, const std::string& url,
               curl_slist* headers, char* error_text) {
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);  // keys are sent exactly as signed
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_text);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(config.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, config.low_speed_limit);
  curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, static_cast<long>(config.low_speed_time.count()));
  curl_easy_setopt(c, CURLOPT_BUFFERSIZE, static_cast<long>(kReadChunk));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &S3Storage::Transfer::on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &S3Storage::Transfer::on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &t);
  if (t.method == "HEAD") {
    curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
  } else if (t.method == "PUT" || t.method == "POST") {
    // A POST is sent as an upload too (a body of a known length from on_upload, no form
    // Content-Type of curl's own); only the method's name differs.
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, &S3Storage::Transfer::on_upload);
    curl_easy_setopt(c, CURLOPT_READDATA, &t);
    curl_easy_setopt(c, CURLOPT_SEEKFUNCTION, &S3Storage::Transfer::on_seek);
    curl_easy_setopt(c, CURLOPT_SEEKDATA, &t);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(t.upload_size));
    if (t.method == "POST") curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "POST");
  } else if (t.method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, t.method.c_str());
  }
}

}  // namespace

long S3Storage::perform_once(Transfer& t) {
  const Target tg = target(t.key);
  HeaderList headers;
  // Set explicitly so that the signed Host is the one sent.
  headers.add("Host", tg.host);
  // S3 refuses x-amz-* headers that are not signed (x-amz-copy-source).
  sigv4::Headers amz;
  for (const auto& [name, value] : t.headers) {
    if (util::ascii_lower(name).starts_with("x-amz-")) amz.emplace_back(name, value);
  }
  for (const auto& [name, value] :
       sigv4::sign_request({t.method, tg.host, tg.path, t.query, config_.region,
                            config_.credentials, clock_(), amz})) {
    headers.add(name, value);
  }
  for (const auto& [name, value] : t.headers) headers.add(name, value);

  struct Releaser {
    S3Storage* self;
    Handle handle;
    ~Releaser() { self->release(std::move(handle)); }
  } lease{this, acquire()};
  CURL* c = lease.handle.get();
  t.handle = c;
  char error_text[CURL_ERROR_SIZE] = {};
  const std::string url = t.url_of(tg.url);
  configure(c, t, config_, url, headers.get(), error_text);

  const CURLcode rc = curl_easy_perform(c);
  t.code = rc;
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  if (t.method == "HEAD" && rc == CURLE_OK) {
    curl_off_t length = -1;
    curl_easy_getinfo(c, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length);
    t.content_length = length > 0 ? static_cast<std::uint64_t>(length) : 0;
    const char* type = nullptr;
    curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type);
    if (type != nullptr) t.content_type = type;
  }
  if (t.error) std::rethrow_exception(t.error);
  if (rc == CURLE_WRITE_ERROR && t.stopped) return status;
  if (rc != CURLE_OK) {
    throw Error(unreachable(rc) ? ErrorKind::kUnavailable : ErrorKind::kOther,
                "storage: S3 " + t.method + " " + tg.url + ": " +
                    (error_text[0] != '\0' ? error_text : curl_easy_strerror(rc)));
  }
  return status;
}

void S3Storage::put_file(const std::string& key, const std::string& path,
                         const std::string& content_type) {
  files::Fd src = files::open_read(path, false);
  Transfer t{"PUT", key};
  t.upload_fd = src.get();
  t.upload_size = files::file_size(src.get(), path);
  if (!content_type.empty()) t.headers.emplace_back("Content-Type", content_type);
  const long status = perform(t);
  if (status != 200) t.fail(status);
}

void S3Storage::get_file(const std::string& key, const std::string& path) {
  const fs::path dest(path);
  const fs::path dir = dest.parent_path().empty() ? fs::path(".") : dest.parent_path();
  files::TempFile out(dir, "." + dest.filename().string() + ".part-");
  Transfer t{"GET", key};
  t.body = [&out](long, std::string_view chunk) {
    out.write_all(chunk);
    return true;
  };
  const long status = perform(t);
  if (status != 200) t.fail(status);
  out.commit(dest, false);
}

std::optional<ObjectInfo> S3Storage::head(const std::string& key) {
  Transfer t{"HEAD", key};
  const long status = perform(t);
  if (status == 404) return std::nullopt;
  if (status != 200) t.fail(status);
  return ObjectInfo{t.content_length, t.content_type};
}

void S3Storage::read(const std::string& key, std::uint64_t offset, std::uint64_t length,
                     const std::function<bool(std::string_view)>& sink) {
  if (length == 0) {
    if (!head(key)) throw Error(ErrorKind::kNotFound, "storage: no object " + key);
    return;
  }
  Transfer t{"GET", key};
  const std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  std::string range = "bytes=" + std::to_string(offset) + "-";
  if (length <= max - offset) range += std::to_string(offset + length - 1);
  t.headers.emplace_back("Range", range);
  std::uint64_t position = 0;  // of the body, which starts at 0 if the store ignored Range
  std::uint64_t remaining = length;
  t.body = [&](long status, std::string_view chunk) {
    if (status == 200) {
      const std::uint64_t skip =
          std::min<std::uint64_t>(chunk.size(), offset - std::min(offset, position));
      position += chunk.size();
      chunk.remove_prefix(static_cast<std::size_t>(skip));
      if (chunk.empty()) return true;
    }
    if (chunk.size() > remaining) chunk = chunk.substr(0, static_cast<std::size_t>(remaining));
    remaining -= chunk.size();
    if (!chunk.empty() && !sink(chunk)) return false;
    return remaining > 0 || status != 200;
  };
  const long status = perform(t);
  if (status == 416) return;  // the range starts past the end
  if (status != 200 && status != 206) t.fail(status);
}

void S3Storage::remove(const std::string& key) {
  Transfer t{"DELETE", key};
  const long status = perform(t);
  if (status != 204 && status != 200 && status != 404) t.fail(status);
}

void S3Storage::copy(const std::string& from, const std::string& to) {
  if (!valid_key(from)) throw Error(ErrorKind::kOther, "storage: invalid key");
  Transfer t{"PUT", to};
  // The source as bucket/key, URI-encoded as S3 decodes it.
  t.headers.emplace_back("x-amz-copy-source",
                         sigv4::uri_encode("/" + config_.bucket + "/" + from, false));
  std::string result;
  t.body = [&result](long, std::string_view chunk) {
    result.append(chunk.substr(0, kMaxErrorBody - std::min(kMaxErrorBody, result.size())));
    return true;
  };
  const long status = perform(t);
  if (status != 200) t.fail(status);
  // A copy may fail after S3 has answered 200: the error is then the body.
  if (result.find("<Error>") != std::string::npos) {
    t.error_body = result;
    t.fail(500);
  }
}

PresignedPut S3Storage::presign_put(const std::string& key, const std::string& content_type,
                                    std::chrono::seconds expires,
                                    std::optional<std::uint64_t> content_length) {
  if (!valid_key(key)) throw Error(ErrorKind::kOther, "storage: invalid key");
  if (expires.count() < 1 || expires > kMaxPresignExpiry) {
    throw Error(ErrorKind::kOther, "storage: a presigned URL lasts 1 s to 7 days");
  }
  sigv4::PresignInput input;
  input.method = "PUT";
  if (config_.path_style) {
    input.origin = scheme_ + "://" + authority_;
    input.path = "/" + config_.bucket + "/" + key;
  } else {
    input.origin = scheme_ + "://" + config_.bucket + "." + authority_;
    input.path = "/" + key;
  }
  input.region = config_.region;
  input.credentials = config_.credentials;
  input.now = clock_();
  input.expires = expires;
  if (content_length) {
    input.headers.emplace_back("Content-Length", std::to_string(*content_length));
  }
  if (!content_type.empty()) input.headers.emplace_back("Content-Type", content_type);
  return PresignedPut{sigv4::presign(input), util::format_rfc3339(input.now + expires),
                      input.headers};
}

std::string S3Storage::begin_multipart(const std::string& key, const std::string& content_type) {
  Transfer t{"POST", key};
  t.query = {{"uploads", ""}};
  if (!content_type.empty()) t.headers.emplace_back("Content-Type", content_type);
  std::string result;
  t.keep_body(result, kMaxErrorBody);
  const long status = perform(t);
  if (status != 200) t.fail(status);
  std::string upload_id = xml_text(xml_field(result, "UploadId"));
  if (upload_id.empty()) {
    throw Error(ErrorKind::kOther,
                "storage: S3 POST " + key + "?uploads: no UploadId in " + result.substr(0, 200));
  }
  return upload_id;
}

std::string S3Storage::put_part(const std::string& key, const std::string& upload_id, int number,
                                const std::string& path) {
  if (number < 1 || number > kMaxPartNumber) {
    throw Error(ErrorKind::kOther, "storage: part numbers are 1 to 10000");
  }
  if (upload_id.empty()) throw Error(ErrorKind::kNotFound, "storage: no upload id");
  files::Fd src = files::open_read(path, false);
  Transfer t{"PUT", key};
  t.query = {{"partNumber", std::to_string(number)}, {"uploadId", upload_id}};
  t.upload_fd = src.get();
  t.upload_size = files::file_size(src.get(), path);
  const long status = perform(t);
  if (status != 200) t.fail(status);
  if (t.etag.empty()) {
    throw Error(ErrorKind::kOther, "storage: S3 PUT " + key + " part " + std::to_string(number) +
                                       ": no ETag in the answer");
  }
  return t.etag;
}

void S3Storage::complete_multipart(const std::string& key, const std::string& upload_id,
                                   const std::vector<Part>& parts) {
  if (upload_id.empty()) throw Error(ErrorKind::kNotFound, "storage: no upload id");
  if (parts.empty()) throw Error(ErrorKind::kOther, "storage: a multipart upload needs a part");
  Transfer t{"POST", key};
  t.query = {{"uploadId", upload_id}};
  t.upload_text = complete_body(parts);
  t.upload_size = t.upload_text.size();
  t.headers.emplace_back("Content-Type", "application/xml");
  std::string result;
  t.keep_body(result, kMaxCompleteBody);
  const long status = perform(t);
  if (status != 200) t.fail(status);
  // S3 answers 200 at once and then works, sending spaces; a failure is then the body.
  if (result.find("<Error>") != std::string::npos) {
    t.error_body = result;
    t.fail(500);
  }
}

void S3Storage::abort_multipart(const std::string& key, const std::string& upload_id) {
  if (upload_id.empty()) return;
  Transfer t{"DELETE", key};
  t.query = {{"uploadId", upload_id}};
  const long status = perform(t);
  // 404 NoSuchUpload: aborted or completed before.
  if (status != 204 && status != 200 && status != 404) t.fail(status);
}

std::vector<std::pair<std::string, std::string>> S3Storage::open_multiparts(
    const std::string& prefix) {
  std::vector<std::pair<std::string, std::string>> uploads;
  std::pair<std::string, std::string> marker;  // key-marker, upload-id-marker
  while (true) {
    Transfer t{"GET", ""};
    t.query = {{"uploads", ""},
               {"max-uploads", std::to_string(std::clamp(config_.list_page_size, 1, 1000))}};
    if (!prefix.empty()) t.query.emplace_back("prefix", prefix);
    if (!marker.first.empty()) {
      t.query.emplace_back("key-marker", marker.first);
      if (!marker.second.empty()) t.query.emplace_back("upload-id-marker", marker.second);
    }
    std::string page;
    t.keep_body(page, kMaxListBody);
    const long status = perform(t);
    if (status != 200) t.fail(status);
    const auto next = parse_uploads_page(page, uploads);
    if (!next) return uploads;
    if (next->first.empty() || *next == marker) {
      throw Error(ErrorKind::kOther,
                  "storage: S3 ListMultipartUploads: a truncated page "
                  "without a next marker");
    }
    marker = *next;
  }
}

bool S3Storage::ready() {
  try {
    Transfer t{"HEAD", ""};
    return perform(t) == 200;
  } catch (const Error&) {
    return false;
  }
}

}  // namespace storage

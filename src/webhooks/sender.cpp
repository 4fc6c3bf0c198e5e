#include "webhooks/sender.hpp"

#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cctype>
#include <cerrno>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>

#include "webhooks/destination.hpp"

namespace webhooks {

namespace {

constexpr std::size_t kMaxResponseHeaders = 64 * 1024;
constexpr long kReadChunk = 16 * 1024;

// As storage/s3_storage.cpp does: libcurl's global state is set up once per process,
// before the first handle (curl_global_init is thread-safe in this libcurl, and counts
// its calls).
void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("webhooks: curl_global_init failed");
    }
  });
}

class HeaderList {
 public:
  HeaderList() = default;
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  ~HeaderList() { curl_slist_free_all(list_); }

  void add(const std::string& line) {
    curl_slist* next = curl_slist_append(list_, line.c_str());
    if (next == nullptr) throw std::bad_alloc();
    list_ = next;
  }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

using Handle = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;

// What the callbacks of one exchange learn.
struct Exchange {
  bool allow_private = false;
  int sockets_opened = 0;
  bool address_refused = false;
  std::size_t body_bytes = 0;
  bool body_limit_reached = false;
  std::size_t header_bytes = 0;
  bool headers_too_large = false;

  // Every connection curl makes comes through here, after DNS: an address that is not
  // allowed gets no socket, and curl tries the next one or fails.
  static curl_socket_t open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
    auto* x = static_cast<Exchange*>(user);
    const socklen_t needed =
        address->family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
    if (purpose != CURLSOCKTYPE_IPCXN || address->addrlen < needed ||
        !address_allowed(address->addr, x->allow_private)) {
      x->address_refused = true;
      return CURL_SOCKET_BAD;
    }
    const int fd = ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
    if (fd >= 0) ++x->sockets_opened;
    return fd < 0 ? CURL_SOCKET_BAD : fd;
  }

  static size_t on_body(char*, size_t size, size_t count, void* user) {
    auto* x = static_cast<Exchange*>(user);
    const size_t n = size * count;
    const size_t room = kMaxResponseBody - x->body_bytes;
    if (n > room) {  // enough: stop reading, the status is known
      x->body_bytes += room;
      x->body_limit_reached = true;
      return 0;
    }
    x->body_bytes += n;
    return n;
  }

  static size_t on_header(char*, size_t size, size_t count, void* user) {
    auto* x = static_cast<Exchange*>(user);
    const size_t n = size * count;
    x->header_bytes += n;
    if (x->header_bytes > kMaxResponseHeaders) {
      x->headers_too_large = true;
      return 0;
    }
    return n;
  }
};

bool has_line_break(const std::string& s) {
  return s.find_first_of("\r\n") != std::string::npos;
}

bool iequals(const std::string& a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

// The request's header lines; false when one would break the request apart.
bool build_headers(const Attempt& attempt, HeaderList& list) {
  bool content_type = false;
  for (const auto& [name, value] : attempt.headers) {
    if (name.empty() || has_line_break(name) || has_line_break(value)) return false;
    if (iequals(name, "content-type")) content_type = true;
    list.add(name + ": " + value);
  }
  if (!content_type) list.add("Content-Type: application/json");
  list.add("Expect:");  // no "100-continue" round trip before a larger body
  return true;
}

// The options of one attempt; false when libcurl refuses one that safety depends on.
bool configure(CURL* c, const Attempt& attempt, const HeaderList& headers, Exchange& x) {
  curl_easy_setopt(c, CURLOPT_URL, attempt.url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, attempt.body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(attempt.body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_USERAGENT, std::string(kUserAgent).c_str());
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(attempt.timeout.count()));
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, 0L);
  curl_easy_setopt(c, CURLOPT_BUFFERSIZE, kReadChunk);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETFUNCTION, &Exchange::open_socket);
  curl_easy_setopt(c, CURLOPT_OPENSOCKETDATA, &x);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Exchange::on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &Exchange::on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &x);
  // The connection is this attempt's alone: nothing is kept for another URL.
  curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
  return curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK &&
         curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") == CURLE_OK &&
         // "" turns off the proxies that http_proxy, https_proxy, ALL_PROXY would name.
         curl_easy_setopt(c, CURLOPT_PROXY, "") == CURLE_OK;
}

bool tls_failure(CURLcode rc) {
  switch (rc) {
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CLIENTCERT:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_USE_SSL_FAILED:
      return true;
    default:
      return false;
  }
}

// The phrase of the deliveries log for how the exchange ended ("" when it completed).
std::string error_phrase(CURLcode rc, const Exchange& x, long os_errno) {
  if (rc == CURLE_OK) return {};
  if (rc == CURLE_WRITE_ERROR && x.body_limit_reached) return {};
  if (rc == CURLE_WRITE_ERROR && x.headers_too_large) return "response headers too large";
  if (tls_failure(rc)) return "TLS error";
  switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
      return "timed out";
    case CURLE_COULDNT_RESOLVE_HOST:
      return "host not found";
    case CURLE_COULDNT_CONNECT:
      if (x.address_refused && x.sockets_opened == 0) return "address not allowed";
      return os_errno == ECONNREFUSED ? "connection refused" : "could not connect";
    case CURLE_PEER_FAILED_VERIFICATION:
      return "TLS certificate not trusted";
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
      return "connection lost";
    case CURLE_GOT_NOTHING:
      return "empty reply";
    case CURLE_PARTIAL_FILE:
      return "response cut short";
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
      return "invalid response";
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return "invalid URL";
    case CURLE_OUT_OF_MEMORY:
      return "out of memory";
    default:
      return "request failed";
  }
}

}  // namespace

AttemptResult send_attempt(const Attempt& attempt) {
  const auto start = std::chrono::steady_clock::now();
  AttemptResult result;
  const auto finish = [&](std::string error) {
    result.error = std::move(error);
    result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - start);
    return result;
  };
  // Checked again here: a stored URL goes nowhere a new one could not.
  if (!parse_destination(attempt.url)) return finish("invalid URL");
  HeaderList headers;
  if (!build_headers(attempt, headers)) return finish("invalid header");
  init_curl_once();
  Handle handle(curl_easy_init(), curl_easy_cleanup);
  if (!handle) return finish("request failed");
  Exchange x;
  x.allow_private = attempt.allow_private;
  if (!configure(handle.get(), attempt, headers, x)) return finish("request failed");
  const CURLcode rc = curl_easy_perform(handle.get());
  long status = 0;
  curl_easy_getinfo(handle.get(), CURLINFO_RESPONSE_CODE, &status);
  if (status > 0) result.status = static_cast<int>(status);
  long os_errno = 0;
  curl_easy_getinfo(handle.get(), CURLINFO_OS_ERRNO, &os_errno);
  result.body_bytes = x.body_bytes;
  return finish(error_phrase(rc, x, os_errno));
}

}  // namespace webhooks

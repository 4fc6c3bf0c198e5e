// SigV4 for S3. The steps follow AWS's description (canonical request, string to
// sign, derived key); the details that decide byte equality follow botocore, which
// the unit tests compare against.
#include "storage/sigv4.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <ctime>
#include <stdexcept>

#include "util/crypto.hpp"
#include "util/text.hpp"

namespace storage::sigv4 {

namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
constexpr std::string_view kUnsignedPayload = "UNSIGNED-PAYLOAD";
constexpr std::string_view kService = "s3";
constexpr std::string_view kTerminator = "aws4_request";
constexpr std::chrono::minutes kMaxClockSkew{15};

std::string scope_of(std::string_view date8, std::string_view region) {
  std::string s(date8);
  s.append("/").append(region).append("/").append(kService).append("/").append(kTerminator);
  return s;
}

// Hex signature of `canonical_request` made at `date` (YYYYMMDDTHHMMSSZ).
std::string signature_of(std::string_view secret, std::string_view date, std::string_view region,
                         std::string_view canonical_request) {
  const std::string_view date8 = date.substr(0, 8);
  std::string string_to_sign(kAlgorithm);
  string_to_sign.append("\n")
      .append(date)
      .append("\n")
      .append(scope_of(date8, region))
      .append("\n")
      .append(util::sha256_hex(canonical_request));
  std::string key = util::hmac_sha256("AWS4" + std::string(secret), date8);
  key = util::hmac_sha256(key, region);
  key = util::hmac_sha256(key, kService);
  key = util::hmac_sha256(key, kTerminator);
  return util::hex_encode(util::hmac_sha256(key, string_to_sign));
}

// Trimall: no space at either end, runs of whitespace as one space.
std::string header_value(std::string_view v) {
  std::string out;
  bool pending_space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(c);
    }
  }
  return out;
}

// Lowercase name -> value, sorted by name; repeated names joined with ','.
using CanonicalHeaders = std::vector<std::pair<std::string, std::string>>;

void add_header(CanonicalHeaders& headers, std::string_view name, std::string_view value) {
  std::string lname = util::ascii_lower(name);
  for (auto& [n, v] : headers) {
    if (n == lname) {
      v.append(",").append(header_value(value));
      return;
    }
  }
  headers.emplace_back(std::move(lname), header_value(value));
}

std::string signed_header_names(CanonicalHeaders& headers) {
  std::sort(headers.begin(), headers.end());
  std::string names;
  for (const auto& [n, v] : headers) {
    if (!names.empty()) names.push_back(';');
    names += n;
  }
  return names;
}

std::string canonical_query(std::vector<std::pair<std::string, std::string>> decoded) {
  for (auto& [k, v] : decoded) {
    k = uri_encode(k, true);
    v = uri_encode(v, true);
  }
  std::sort(decoded.begin(), decoded.end());
  std::string out;
  for (const auto& [k, v] : decoded) {
    if (!out.empty()) out.push_back('&');
    out.append(k).append("=").append(v);
  }
  return out;
}

// `headers` must be sorted (signed_header_names does it).
std::string canonical_request(std::string_view method, std::string_view decoded_path,
                              std::string_view query, const CanonicalHeaders& headers,
                              std::string_view signed_names) {
  std::string cr(method);
  cr.append("\n").append(uri_encode(decoded_path, false)).append("\n").append(query).append("\n");
  for (const auto& [n, v] : headers) cr.append(n).append(":").append(v).append("\n");
  cr.append("\n").append(signed_names).append("\n").append(kUnsignedPayload);
  return cr;
}

// "http://Host:80" -> "host" (the Host header a client sends: lowercase, no default port).
std::string host_of_origin(std::string_view origin) {
  const auto sep = origin.find("://");
  if (sep == std::string_view::npos) throw std::invalid_argument("origin needs a scheme");
  const std::string scheme = util::ascii_lower(origin.substr(0, sep));
  std::string host = util::ascii_lower(origin.substr(sep + 3));
  if (const auto slash = host.find('/'); slash != std::string::npos) host.resize(slash);
  if (const auto at = host.rfind('@'); at != std::string::npos) host.erase(0, at + 1);
  if ((scheme == "http" && host.ends_with(":80")) ||
      (scheme == "https" && host.ends_with(":443"))) {
    host.resize(host.rfind(':'));
  }
  return host;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int digits_value(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// YYYYMMDDTHHMMSSZ -> time point, or nullopt when malformed.
std::optional<std::chrono::system_clock::time_point> parse_amz_date(std::string_view s) {
  if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z' || !all_digits(s.substr(0, 8)) ||
      !all_digits(s.substr(9, 6))) {
    return std::nullopt;
  }
  std::tm tm{};
  tm.tm_year = digits_value(s.substr(0, 4)) - 1900;
  tm.tm_mon = digits_value(s.substr(4, 2)) - 1;
  tm.tm_mday = digits_value(s.substr(6, 2));
  tm.tm_hour = digits_value(s.substr(9, 2));
  tm.tm_min = digits_value(s.substr(11, 2));
  tm.tm_sec = digits_value(s.substr(13, 2));
  // Years outside 1970..2200 are refused: system_clock counts nanoseconds in 64 bits
  // (1678..2262), and a date near that end plus X-Amz-Expires would overflow (fuzz/).
  if (tm.tm_year < 70 || tm.tm_year > 300 || tm.tm_mon < 0 || tm.tm_mon > 11 || tm.tm_mday < 1 ||
      tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60) {
    return std::nullopt;
  }
  const std::time_t t = timegm(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  const auto parsed = std::chrono::system_clock::from_time_t(t);
  if (amz_date(parsed) != s) return std::nullopt;  // 20240231 and the like
  return parsed;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    parts.push_back(s.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return parts;
}

domain::Error denied(std::string detail) {
  return domain::Error{domain::ErrorCode::kForbidden, std::move(detail), {}, 0, {}};
}

}  // namespace

std::string uri_encode(std::string_view s, bool encode_slash) {
  if (encode_slash) return util::url_encode(s);
  std::string out;
  out.reserve(s.size());
  std::size_t start = 0;
  while (true) {
    const auto slash = s.find('/', start);
    out +=
        util::url_encode(s.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    out.push_back('/');
    start = slash + 1;
  }
  return out;
}

std::string amz_date(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[20];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string presign(const PresignInput& in) {
  if (in.expires.count() < 1 || in.expires > std::chrono::seconds{604800}) {
    throw std::invalid_argument("a presigned URL lasts 1 s to 7 days");
  }
  const std::string date = amz_date(in.now);
  CanonicalHeaders headers;
  add_header(headers, "host", host_of_origin(in.origin));
  for (const auto& [n, v] : in.headers) add_header(headers, n, v);
  const std::string signed_names = signed_header_names(headers);

  // In botocore's order; the canonical query sorts them.
  std::vector<std::pair<std::string, std::string>> params = {
      {"X-Amz-Algorithm", std::string(kAlgorithm)},
      {"X-Amz-Credential", in.credentials.access_key_id + "/" +
                               scope_of(std::string_view(date).substr(0, 8), in.region)},
      {"X-Amz-Date", date},
      {"X-Amz-Expires", std::to_string(in.expires.count())},
      {"X-Amz-SignedHeaders", signed_names},
  };
  if (!in.credentials.session_token.empty()) {
    params.emplace_back("X-Amz-Security-Token", in.credentials.session_token);
  }
  const std::string cr =
      canonical_request(in.method, in.path, canonical_query(params), headers, signed_names);
  const std::string signature = signature_of(in.credentials.secret_access_key, date, in.region, cr);

  std::string url = in.origin;
  while (url.ends_with('/')) url.pop_back();
  url += uri_encode(in.path, false);
  char sep = '?';
  for (const auto& [k, v] : params) {
    url.push_back(sep);
    url.append(uri_encode(k, true)).append("=").append(uri_encode(v, true));
    sep = '&';
  }
  url.append("&X-Amz-Signature=").append(signature);
  return url;
}

Headers sign_request(const SignInput& in) {
  const std::string date = amz_date(in.now);
  Headers out = {{"x-amz-date", date}, {"x-amz-content-sha256", std::string(kUnsignedPayload)}};
  if (!in.credentials.session_token.empty()) {
    out.emplace_back("x-amz-security-token", in.credentials.session_token);
  }
  CanonicalHeaders headers;
  add_header(headers, "host", util::ascii_lower(in.host));
  for (const auto& [n, v] : out) add_header(headers, n, v);
  for (const auto& [n, v] : in.headers) add_header(headers, n, v);
  const std::string signed_names = signed_header_names(headers);
  const std::string cr =
      canonical_request(in.method, in.path, canonical_query(in.query), headers, signed_names);
  const std::string signature = signature_of(in.credentials.secret_access_key, date, in.region, cr);
  out.emplace_back("Authorization",
                   std::string(kAlgorithm) + " Credential=" + in.credentials.access_key_id + "/" +
                       scope_of(std::string_view(date).substr(0, 8), in.region) +
                       ", SignedHeaders=" + signed_names + ", Signature=" + signature);
  return out;
}

namespace {

// The X-Amz-* parameters of a presigned URL, and the rest of its query (decoded).
struct PresignQuery {
  std::vector<std::pair<std::string, std::string>> others;
  std::optional<std::string> algorithm, credential, date, expires, signed_headers, signature;
};

// Decodes the query; each X-Amz-* parameter must appear once, and all must be there.
domain::Result<PresignQuery> parse_presign_query(std::string_view raw_query) {
  using domain::Error;
  PresignQuery q;
  if (!raw_query.empty()) {
    for (std::string_view pair : split(raw_query, '&')) {
      const auto eq = pair.find('=');
      auto key = util::url_decode(pair.substr(0, eq), true);
      auto value = util::url_decode(
          eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), true);
      if (!key || !value) return Error::bad_request("Malformed query string.");
      std::optional<std::string>* slot = nullptr;
      if (*key == "X-Amz-Algorithm") slot = &q.algorithm;
      if (*key == "X-Amz-Credential") slot = &q.credential;
      if (*key == "X-Amz-Date") slot = &q.date;
      if (*key == "X-Amz-Expires") slot = &q.expires;
      if (*key == "X-Amz-SignedHeaders") slot = &q.signed_headers;
      if (*key == "X-Amz-Signature") slot = &q.signature;
      if (slot != nullptr) {
        if (slot->has_value()) return Error::bad_request(*key + " is given more than once.");
        *slot = *value;
      }
      if (*key != "X-Amz-Signature") q.others.emplace_back(std::move(*key), std::move(*value));
    }
  }
  if (!q.algorithm || !q.credential || !q.date || !q.expires || !q.signed_headers || !q.signature) {
    return Error::bad_request(
        "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
        "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
  }
  return q;
}

// The canonical headers that X-Amz-SignedHeaders names, taken from the request.
domain::Result<CanonicalHeaders> signed_headers_of(const ReceivedRequest& request,
                                                   std::string_view signed_headers,
                                                   std::vector<std::string>& names) {
  using domain::Error;
  CanonicalHeaders headers;
  bool has_host = false;
  std::string_view previous;
  for (std::string_view name : split(signed_headers, ';')) {
    if (name.empty() || name <= previous || util::ascii_lower(name) != name) {
      return Error::bad_request(
          "X-Amz-SignedHeaders must be lowercase names, sorted, split by ';'.");
    }
    previous = name;
    names.emplace_back(name);
    if (name == "host") {
      has_host = true;
      add_header(headers, name, util::ascii_lower(request.host));
      continue;
    }
    bool found = false;
    for (const auto& [n, v] : request.headers) {
      if (util::ascii_lower(n) == name) {
        add_header(headers, name, v);
        found = true;
      }
    }
    if (!found) return denied("The signed header " + std::string(name) + " is missing.");
  }
  if (!has_host) return Error::bad_request("X-Amz-SignedHeaders must include host.");
  return headers;
}

}  // namespace

domain::Result<Verified> verify_presigned(const ReceivedRequest& request, std::string_view region,
                                          const SecretLookup& secrets,
                                          std::chrono::system_clock::time_point now) {
  using domain::Error;
  auto parsed = parse_presign_query(request.raw_query);
  if (!parsed) return parsed.take_error();
  auto& [query, algorithm, credential, date, expires, signed_headers, signature] = parsed.value();
  if (*algorithm != kAlgorithm) {
    return Error::bad_request("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\".");
  }
  const auto signed_at = parse_amz_date(*date);
  if (!signed_at) {
    return Error::bad_request(
        "X-Amz-Date must be in the ISO8601 Long Format yyyyMMdd'T'HHmmss'Z'.");
  }
  const auto scope = split(*credential, '/');
  if (scope.size() != 5 || scope[0].empty()) {
    return Error::bad_request("X-Amz-Credential is malformed.");
  }
  if (scope[1] != std::string_view(*date).substr(0, 8) || scope[2] != region ||
      scope[3] != kService || scope[4] != kTerminator) {
    return Error::bad_request(
        "X-Amz-Credential has a wrong scope (date, region, service or "
        "terminator).");
  }
  if (!all_digits(*expires) || expires->size() > 6 || digits_value(*expires) < 1 ||
      digits_value(*expires) > 604800) {
    return Error::bad_request("X-Amz-Expires must be a number of seconds from 1 to 604800.");
  }
  const auto expires_at = *signed_at + std::chrono::seconds{digits_value(*expires)};
  if (now > expires_at) return denied("Request has expired.");
  if (*signed_at > now + kMaxClockSkew) return denied("Request is not yet valid.");

  std::vector<std::string> names;
  auto headers = signed_headers_of(request, *signed_headers, names);
  if (!headers) return headers.take_error();

  const auto path = util::url_decode(request.raw_path, false);
  if (!path || path->empty() || path->front() != '/') return Error::bad_request("Malformed path.");

  const std::string access_key_id(scope[0]);
  const auto secret = secrets(access_key_id);
  if (!secret) return denied("The access key id is unknown.");

  const std::string cr = canonical_request(request.method, *path, canonical_query(std::move(query)),
                                           *headers, *signed_headers);
  const std::string expected = signature_of(*secret, *date, region, cr);
  if (signature->size() != expected.size() ||
      CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
    return denied("The request signature does not match.");
  }
  return Verified{access_key_id, *path, std::move(names), expires_at};
}

}  // namespace storage::sigv4

// AWS Signature Version 4 for S3: presigned URLs (query signing), the Authorization
// header of our own S3 requests, and the check of a presigned URL as S3 does it (for
// the folder backend's upload endpoint). The clock is always passed in.
// Reference: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/error.hpp"

namespace storage::sigv4 {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty unless temporary credentials
};

// AWS URI encoding: A-Za-z0-9-_.~ kept, every other byte %XX (uppercase); '/' kept
// unless `encode_slash`.
std::string uri_encode(std::string_view s, bool encode_slash);
// "20240102T030405Z"
std::string amz_date(std::chrono::system_clock::time_point t);

struct PresignInput {
  std::string method;  // "PUT", "GET", ...
  std::string origin;  // scheme://host[:port], as the client will reach it
  std::string path;    // decoded, starting with '/': "/bucket/a b.mp4" or "/a b.mp4"
  std::string region;
  Credentials credentials;
  std::chrono::system_clock::time_point now;
  std::chrono::seconds expires{900};  // 1 .. 604800
  Headers headers;                    // signed besides host, e.g. {"Content-Type", "video/mp4"}
};

// The presigned URL, byte for byte what botocore writes for the same input: the path
// URI-encoded per segment, then X-Amz-Algorithm, -Credential, -Date, -Expires,
// -SignedHeaders, [-Security-Token,] -Signature.
std::string presign(const PresignInput& input);

struct SignInput {
  std::string method;
  std::string host;  // as in the Host header: host[:port], the port only when not default
  std::string path;  // decoded, starting with '/'
  std::vector<std::pair<std::string, std::string>> query;  // decoded
  std::string region;
  Credentials credentials;
  std::chrono::system_clock::time_point now;
  Headers headers;  // signed besides host, x-amz-date, x-amz-content-sha256
};

// Headers that sign a request with an UNSIGNED-PAYLOAD: x-amz-date,
// x-amz-content-sha256, [x-amz-security-token,] Authorization.
Headers sign_request(const SignInput& input);

// What a presigned request carries, as received.
struct ReceivedRequest {
  std::string_view method;
  std::string_view host;       // the Host header
  std::string_view raw_path;   // as on the request line, still percent-encoded
  std::string_view raw_query;  // after '?', without it
  Headers headers;             // other request headers (any case); needed when signed
};

struct Verified {
  std::string access_key_id;
  std::string path;                         // decoded
  std::vector<std::string> signed_headers;  // lowercase, "host" among them
  std::chrono::system_clock::time_point expires_at;
};

// The secret of an access key id, or nullopt when unknown.
using SecretLookup = std::function<std::optional<std::string>(std::string_view access_key_id)>;

// Checks a presigned request as S3 would: algorithm, credential scope (date of X-Amz-Date,
// `region`, s3, aws4_request), X-Amz-Date format, X-Amz-Expires in 1..604800 and not past
// (nor X-Amz-Date more than 15 minutes ahead of `now`), host among the signed headers,
// and the signature (constant-time). Malformed → kBadRequest; unknown key, expired or a
// signature that does not match → kForbidden, with a detail saying which.
domain::Result<Verified> verify_presigned(const ReceivedRequest& request, std::string_view region,
                                          const SecretLookup& secrets,
                                          std::chrono::system_clock::time_point now);

}  // namespace storage::sigv4

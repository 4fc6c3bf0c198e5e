// What a handler sees of an HTTP request: method, decoded path parameters and
// query, headers it needs, the body.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "http/rate_limiter.hpp"

namespace web {

using PathParam = std::variant<std::int64_t, std::string>;

// A file received in the request body, spooled to disk as it arrived. The file
// is removed after the response unless the handler moved it away.
struct Upload {
  std::string field;         // "video" or "audio" (multipart), "" for a raw body
  std::string filename;      // as the client named it (multipart)
  std::string content_type;  // the part's (multipart) or the request's (raw)
  std::string path;          // the spool file
  std::uint64_t size = 0;
};

// The headers a handler may read through Request::header, beyond the named fields.
inline constexpr std::string_view kProtocolHeaders[] = {
    "Tus-Resumable", "Upload-Length",   "Upload-Defer-Length",   "Upload-Metadata",
    "Upload-Offset", "Upload-Checksum", "X-HTTP-Method-Override"};

struct Request {
  std::string method;                                      // "GET", "POST", ...
  std::string path;                                        // as received, without the query string
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::string content_type;
  std::string authorization;
  std::string body;
  std::string request_id;
  std::vector<PathParam> params;  // from the route pattern, in order
  std::string host;               // the Host header
  std::string range;              // the Range header
  std::string content_length;     // the Content-Length header as sent (signature checks)
  std::string raw_query;          // the query string as received (signature checks)
  std::string remote;             // the client's address
  // The rate limit this request was counted against, once it has been (a
  // streamed upload is counted before its body is read, and only then).
  std::optional<RateDecision> rate;
  std::vector<std::pair<std::string, std::string>> form;  // multipart text fields
  std::optional<Upload> upload;                           // a streamed file, if any
  // Every Idempotency-Key header the request carried (more than one is malformed).
  std::vector<std::string> idempotency_keys;
  // The protocol headers of resumable uploads (kProtocolHeaders), as sent, when sent.
  std::vector<std::pair<std::string, std::string>> protocol_headers;

  std::int64_t id_param(std::size_t i) const { return std::get<std::int64_t>(params.at(i)); }
  const std::string& str_param(std::size_t i) const { return std::get<std::string>(params.at(i)); }
  // First value of a multipart form field.
  std::optional<std::string> form_value(std::string_view key) const {
    for (const auto& [k, v] : form) {
      if (k == key) return v;
    }
    return std::nullopt;
  }
  // A header of kProtocolHeaders (its name as listed there), when the request had it.
  std::optional<std::string> header(std::string_view name) const {
    for (const auto& [k, v] : protocol_headers) {
      if (k == name) return v;
    }
    return std::nullopt;
  }
  // First value of a query parameter.
  std::optional<std::string> query_value(std::string_view key) const {
    for (const auto& [k, v] : query) {
      if (k == key) return v;
    }
    return std::nullopt;
  }
};

// Splits and decodes a query string ("a=1&b=x%20y"). Pairs with a bad escape are dropped.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

}  // namespace web

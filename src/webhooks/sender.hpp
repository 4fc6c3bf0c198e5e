// One delivery attempt of a webhook: a POST with libcurl, no redirects followed, no
// proxy, http and https only, every connection's address checked (address_allowed)
// after DNS, the answer's body read up to 64 KiB. Thread-safe: each call has its own
// handle, so the delivery workers call it at once from several threads.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace webhooks {

inline constexpr std::chrono::milliseconds kDefaultTimeout{10'000};
// Bytes of an answer's body read at most; the status counts whatever follows.
inline constexpr std::size_t kMaxResponseBody = 64 * 1024;
inline constexpr std::string_view kUserAgent = "interviewd-webhooks";

struct Attempt {
  std::string url;
  // Sent as given (webhook-id, webhook-timestamp, webhook-signature, ...); a
  // Content-Type of application/json is added when none is. Names and values may not
  // hold CR or LF.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds timeout = kDefaultTimeout;  // for the whole exchange
  bool allow_private = false;                           // --webhook-allow-private
};

struct AttemptResult {
  // The status of the answer, when one came back (also with an error, e.g. a body that
  // stopped coming: then it is not a delivery).
  std::optional<int> status;
  // "" when the exchange completed; else a short fixed phrase for the deliveries log
  // ("timed out", "connection refused", "address not allowed", "host not found",
  // "TLS error", ...). Never holds a URL, a header or a body.
  std::string error;
  std::chrono::milliseconds duration{0};
  std::size_t body_bytes = 0;  // of the answer's body, read (at most kMaxResponseBody)

  // A 2xx answer, completely received (or read up to the limit).
  bool delivered() const { return error.empty() && status && *status >= 200 && *status < 300; }
};

// Makes the attempt; network failures are results, not exceptions.
AttemptResult send_attempt(const Attempt& attempt);

}  // namespace webhooks

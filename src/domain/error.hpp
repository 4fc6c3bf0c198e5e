// Domain errors as values: a code plus a message or per-field messages.
// The single mapping to HTTP statuses and bodies lives in http/error_response.cpp.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace domain {

enum class ErrorCode {
  kInvalid,             // field validation failed (400 with field messages)
  kBadRequest,          // malformed request (400 with detail)
  kUnauthenticated,     // 401
  kForbidden,           // 403
  kNotFound,            // 404
  kMethodNotAllowed,    // 405
  kRequestTimeout,      // 408
  kConflict,            // 409
  kPreconditionFailed,  // 412 (a protocol version the server does not speak)
  kPayloadTooLarge,     // 413
  kUnsupportedMedia,    // 415
  kUnprocessable,       // 422 (a well-formed request that cannot be processed as sent)
  kHeadersTooLarge,     // 431
  kThrottled,           // 429
  kUnavailable,         // 503
  kInternal,            // 500
  // 416, with the size of the object that the range missed
  kRangeNotSatisfiable,
  kChecksumMismatch,  // 460 (tus: the body does not match its Upload-Checksum)
};

// Field name -> messages, ordered so that error bodies are deterministic.
using FieldErrors = std::map<std::string, std::vector<std::string>>;

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string detail;
  FieldErrors fields;
  int retry_after_seconds = 0;
  std::vector<std::string> allow;  // for kMethodNotAllowed
  std::uint64_t size = 0;          // for kRangeNotSatisfiable

  static Error invalid(FieldErrors f) { return {ErrorCode::kInvalid, {}, std::move(f), 0, {}}; }
  static Error invalid(const std::string& field, std::string message) {
    return invalid(FieldErrors{{field, {std::move(message)}}});
  }
  static Error bad_request(std::string d) {
    return {ErrorCode::kBadRequest, std::move(d), {}, 0, {}};
  }
  static Error unauthenticated(std::string d) {
    return {ErrorCode::kUnauthenticated, std::move(d), {}, 0, {}};
  }
  static Error forbidden() {
    return {ErrorCode::kForbidden, "You do not have permission to perform this action.", {}, 0, {}};
  }
  static Error not_found(std::string d = "Not found.") {
    return {ErrorCode::kNotFound, std::move(d), {}, 0, {}};
  }
  static Error conflict(std::string d) { return {ErrorCode::kConflict, std::move(d), {}, 0, {}}; }
  static Error precondition_failed(std::string d) {
    return {ErrorCode::kPreconditionFailed, std::move(d), {}, 0, {}};
  }
  static Error checksum_mismatch() {
    return {ErrorCode::kChecksumMismatch, "The upload's checksum does not match.", {}, 0, {}};
  }
  static Error too_large(std::string d) {
    return {ErrorCode::kPayloadTooLarge, std::move(d), {}, 0, {}};
  }
  static Error unsupported_media(std::string d) {
    return {ErrorCode::kUnsupportedMedia, std::move(d), {}, 0, {}};
  }
  static Error unprocessable(std::string d) {
    return {ErrorCode::kUnprocessable, std::move(d), {}, 0, {}};
  }
  static Error unavailable(std::string d) {
    return {ErrorCode::kUnavailable, std::move(d), {}, 0, {}};
  }
  // DRF's throttle message; the wait also goes into Retry-After.
  static Error throttled(int seconds) {
    return {ErrorCode::kThrottled,
            "Request was throttled. Expected available in " + std::to_string(seconds) + " second" +
                (seconds == 1 ? "" : "s") + ".",
            {},
            seconds,
            {}};
  }
  static Error range_not_satisfiable(std::uint64_t size) {
    Error e{ErrorCode::kRangeNotSatisfiable, "Requested range not satisfiable.", {}, 0, {}};
    e.size = size;
    return e;
  }
  static Error internal() { return {ErrorCode::kInternal, "A server error occurred.", {}, 0, {}}; }
};

// A value or an Error. Minimal on purpose: construct from either, test, read.
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& value() const& { return std::get<0>(v_); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() { return std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }
  Error&& take_error() { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

// For operations that return nothing on success.
struct Unit {};
using Status = Result<Unit>;
inline Status ok() {
  return Unit{};
}

}  // namespace domain

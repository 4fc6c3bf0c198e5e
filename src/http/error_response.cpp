#include "http/error_response.hpp"

#include <map>

#include "json/writer.hpp"

namespace web {

unsigned status_of(domain::ErrorCode code) {
  using domain::ErrorCode;
  switch (code) {
    case ErrorCode::kInvalid:
    case ErrorCode::kBadRequest:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kForbidden:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kMethodNotAllowed:
      return 405;
    case ErrorCode::kRequestTimeout:
      return 408;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kPreconditionFailed:
      return 412;
    case ErrorCode::kPayloadTooLarge:
      return 413;
    case ErrorCode::kUnsupportedMedia:
      return 415;
    case ErrorCode::kUnprocessable:
      return 422;
    case ErrorCode::kRangeNotSatisfiable:
      return 416;
    case ErrorCode::kChecksumMismatch:
      return 460;
    case ErrorCode::kThrottled:
      return 429;
    case ErrorCode::kHeadersTooLarge:
      return 431;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

namespace {

// Field errors whose names contain dots ("organization.name") nest as DRF's
// nested serializers do: {"organization": {"name": [...]}}.
struct Node {
  std::vector<std::string> messages;
  std::map<std::string, Node> children;
};

void write_node(json::Writer& w, const Node& node) {
  if (node.children.empty()) {
    w.StartArray();
    for (const auto& m : node.messages) json::string(w, m);
    w.EndArray();
    return;
  }
  w.StartObject();
  for (const auto& [k, child] : node.children) {
    json::key(w, k);
    write_node(w, child);
  }
  if (!node.messages.empty()) {
    json::key(w, "non_field_errors");
    w.StartArray();
    for (const auto& m : node.messages) json::string(w, m);
    w.EndArray();
  }
  w.EndObject();
}

}  // namespace

Response error_response(const domain::Error& error, const std::string& request_id) {
  Response res;
  res.status = status_of(error.code);
  if (error.code == domain::ErrorCode::kInvalid) {
    Node root;
    for (const auto& [field, messages] : error.fields) {
      Node* node = &root;
      std::size_t start = 0;
      while (true) {
        auto dot = field.find('.', start);
        node = &node->children[field.substr(start, dot - start)];
        if (dot == std::string::npos) break;
        start = dot + 1;
      }
      node->messages.insert(node->messages.end(), messages.begin(), messages.end());
    }
    res.body = json::build([&](json::Writer& w) { write_node(w, root); });
    if (root.children.empty()) res.body = "{}";
    return res;
  }
  res.body = json::build([&](json::Writer& w) {
    w.StartObject();
    json::field(w, "detail", error.detail.empty() ? std::string("Error.") : error.detail);
    if (error.code == domain::ErrorCode::kInternal) json::field(w, "request_id", request_id);
    w.EndObject();
  });
  if (error.retry_after_seconds > 0) {  // 429, and a 503 that knows when to come back
    res.headers.emplace_back("Retry-After", std::to_string(error.retry_after_seconds));
  }
  if (error.code == domain::ErrorCode::kMethodNotAllowed) {
    std::string allow;
    for (const auto& m : error.allow) allow += (allow.empty() ? "" : ", ") + m;
    res.headers.emplace_back("Allow", allow);
  }
  if (error.code == domain::ErrorCode::kUnauthenticated) {
    res.headers.emplace_back("WWW-Authenticate", "Token");
  }
  if (error.code == domain::ErrorCode::kRangeNotSatisfiable) {
    res.headers.emplace_back("Content-Range", "bytes */" + std::to_string(error.size));
  }
  return res;
}

}  // namespace web

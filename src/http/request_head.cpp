#include "http/request_head.hpp"

#include <limits>

namespace web {

namespace bhttp = boost::beast::http;

void configure_head_parser(HeadParser& parser, std::size_t header_limit) {
  parser.header_limit(static_cast<std::uint32_t>(header_limit));
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
}

bool sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

Request request_from_header(const bhttp::request<bhttp::empty_body>& msg, RequestIds& ids) {
  Request req;
  req.method = std::string(msg.method_string());
  std::string_view target(msg.target().data(), msg.target().size());
  auto q = target.find('?');
  req.path = std::string(target.substr(0, q));
  if (q != std::string_view::npos) {
    req.raw_query = std::string(target.substr(q + 1));
    req.query = parse_query(req.raw_query);
  }
  req.content_type = std::string(msg[bhttp::field::content_type]);
  req.authorization = std::string(msg[bhttp::field::authorization]);
  req.host = std::string(msg[bhttp::field::host]);
  req.range = std::string(msg[bhttp::field::range]);
  req.content_length = std::string(msg[bhttp::field::content_length]);
  for (std::string_view name : kProtocolHeaders) {
    const auto it = msg.find(boost::beast::string_view(name.data(), name.size()));
    if (it != msg.end()) req.protocol_headers.emplace_back(name, std::string(it->value()));
  }
  const auto [first_key, end_of_keys] = msg.equal_range("Idempotency-Key");
  for (auto it = first_key; it != end_of_keys; ++it) req.idempotency_keys.emplace_back(it->value());
  // tus clients that cannot send PATCH or DELETE send POST with this header, which the
  // protocol makes the method.
  if (req.path.starts_with("/api/v1/uploads/tus/")) {
    if (auto m = req.header("X-HTTP-Method-Override")) {
      if (*m == "PATCH" || *m == "DELETE" || *m == "HEAD" || *m == "GET") req.method = *m;
    }
  }
  std::string_view client_id(msg["X-Request-Id"].data(), msg["X-Request-Id"].size());
  req.request_id = sane_request_id(client_id) ? std::string(client_id) : ids.next();
  return req;
}

}  // namespace web

#include "webhooks/destination.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>

#include <array>
#include <charconv>
#include <cstring>
#include <memory>
#include <optional>

#include "util/text.hpp"

namespace webhooks {

namespace {

constexpr std::string_view kField = "url";
// DRF's messages for a URLField and a max_length.
constexpr std::string_view kInvalidUrl = "Enter a valid URL.";
constexpr std::string_view kTooLong = "Ensure this field has no more than 2048 characters.";
constexpr std::string_view kBadScheme = "Only http and https URLs are allowed.";
constexpr std::string_view kUserinfo = "The URL may not contain a user name or password.";
constexpr std::string_view kFragment = "The URL may not contain a fragment.";
constexpr std::string_view kNotResolved = "The URL's host could not be resolved.";
constexpr std::string_view kNotAllowed =
    "The URL's host resolves to a loopback, private, link-local, multicast or reserved "
    "address, which webhooks may not reach.";
constexpr std::size_t kMaxHostLength = 253;
constexpr std::size_t kMaxLabelLength = 63;

domain::Error url_error(std::string_view message) {
  return domain::Error::invalid(std::string(kField), std::string(message));
}

bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_hex(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// RFC 3986's characters for a path and a query: unreserved, sub-delims, ":@/?", "%"
// followed by two hex digits, and "[]", which queries often carry unencoded.
bool valid_path_and_query(std::string_view s) {
  constexpr std::string_view kAllowed = "-._~!$&'()*+,;=:@/?[]";
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size() || !is_hex(s[i + 1]) || !is_hex(s[i + 2])) return false;
      i += 2;
    } else if (!is_alpha(c) && !is_digit(c) && kAllowed.find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

// A DNS name (labels of letters, digits and inner hyphens, one final dot allowed) or a
// dotted-quad IPv4 address; names whose last label starts with a digit must be the
// latter, so that "127.1" or "0x7f000001" do not pass as names.
bool valid_host_name(std::string_view host) {
  if (host.empty() || host.size() > kMaxHostLength + 1) return false;
  std::string_view name = host;
  if (name.back() == '.') name.remove_suffix(1);
  if (name.empty()) return false;
  const auto last_dot = name.rfind('.');
  const std::string_view last =
      last_dot == std::string_view::npos ? name : name.substr(last_dot + 1);
  if (!last.empty() && is_digit(last.front())) {
    in_addr a{};
    return name.size() == host.size() && ::inet_pton(AF_INET, std::string(host).c_str(), &a) == 1;
  }
  std::size_t start = 0;
  while (start <= name.size()) {
    const auto dot = name.find('.', start);
    const std::string_view label =
        name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (label.empty() || label.size() > kMaxLabelLength) return false;
    if (label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!is_alpha(c) && !is_digit(c) && c != '-') return false;
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return true;
}

std::optional<std::uint16_t> parse_port(std::string_view s) {
  if (s.empty() || s.size() > 5) return std::nullopt;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
  }
  unsigned value = 0;
  std::from_chars(s.data(), s.data() + s.size(), value);
  if (value == 0 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

// Host and port of an authority without user information; false when malformed.
bool split_authority(std::string_view authority, Destination& out) {
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return false;
    const std::string literal(authority.substr(1, close - 1));
    in6_addr a{};
    if (::inet_pton(AF_INET6, literal.c_str(), &a) != 1) return false;
    out.host = util::ascii_lower(literal);
    const std::string_view rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return false;
      port = rest.substr(1);
      if (port.empty()) return false;
    }
  } else {
    const auto colon = authority.find(':');
    const std::string_view host = authority.substr(0, colon);
    if (!valid_host_name(host)) return false;
    out.host = util::ascii_lower(host);
    if (colon != std::string_view::npos) {
      port = authority.substr(colon + 1);
      if (port.empty()) return false;
    }
  }
  if (port.empty()) {
    out.port = out.scheme == "https" ? 443 : 80;
    return true;
  }
  const auto number = parse_port(port);
  if (!number) return false;
  out.port = *number;
  return true;
}

bool in_v4(std::uint32_t address, std::uint32_t network, int bits) {
  return (address >> (32 - bits)) == (network >> (32 - bits));
}

bool ipv4_allowed(std::uint32_t a) {
  return !(in_v4(a, 0x00000000, 8) ||   // 0.0.0.0/8, "this network"
           in_v4(a, 0x0a000000, 8) ||   // 10/8
           in_v4(a, 0x64400000, 10) ||  // 100.64/10, carrier-grade NAT
           in_v4(a, 0x7f000000, 8) ||   // 127/8
           in_v4(a, 0xa9fe0000, 16) ||  // 169.254/16
           in_v4(a, 0xac100000, 12) ||  // 172.16/12
           in_v4(a, 0xc0a80000, 16) ||  // 192.168/16
           in_v4(a, 0xe0000000, 4) ||   // 224/4, multicast
           in_v4(a, 0xf0000000, 4));    // 240/4, reserved, and the broadcast address
}

std::uint32_t ipv4_at(const std::uint8_t* b) {
  return std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 | std::uint32_t{b[2]} << 8 | b[3];
}

bool all_zero(const std::uint8_t* b, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if (b[i] != 0) return false;
  }
  return true;
}

bool ipv6_allowed(const in6_addr& address) {
  const std::uint8_t* b = address.s6_addr;
  // Forms that carry an IPv4 address: mapped (::ffff:0:0/96), translated
  // (::ffff:0:0:0/96), compatible (::/96, which holds :: and ::1), NAT64 (64:ff9b::/96).
  if (all_zero(b, 10) && b[10] == 0xff && b[11] == 0xff) return ipv4_allowed(ipv4_at(b + 12));
  if (all_zero(b, 8) && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0) {
    return ipv4_allowed(ipv4_at(b + 12));
  }
  if (all_zero(b, 12)) return ipv4_allowed(ipv4_at(b + 12));
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && all_zero(b + 4, 8)) {
    return ipv4_allowed(ipv4_at(b + 12));
  }
  if (b[0] == 0x20 && b[1] == 0x02) return ipv4_allowed(ipv4_at(b + 2));  // 6to4
  if ((b[0] & 0xfe) == 0xfc) return false;                                // fc00::/7
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;                // fe80::/10
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return false;                // fec0::/10
  if (b[0] == 0xff) return false;                                         // ff00::/8
  return true;
}

}  // namespace

domain::Result<Destination> parse_destination(std::string_view url) {
  if (url.size() > kMaxUrlLength) return url_error(kTooLong);
  for (char c : url) {
    if (c <= ' ' || c >= 0x7f) return url_error(kInvalidUrl);  // also any non-ASCII byte
  }
  const auto sep = url.find("://");
  if (sep == std::string_view::npos || sep == 0 || !is_alpha(url.front())) {
    return url_error(kInvalidUrl);
  }
  Destination d;
  d.scheme = util::ascii_lower(url.substr(0, sep));
  for (char c : d.scheme) {
    if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.') {
      return url_error(kInvalidUrl);
    }
  }
  if (d.scheme != "http" && d.scheme != "https") return url_error(kBadScheme);
  if (url.find('#') != std::string_view::npos) return url_error(kFragment);
  const std::string_view rest = url.substr(sep + 3);
  const auto authority_end = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, authority_end);
  if (authority.find('@') != std::string_view::npos) return url_error(kUserinfo);
  if (!split_authority(authority, d)) return url_error(kInvalidUrl);
  if (authority_end != std::string_view::npos &&
      !valid_path_and_query(rest.substr(authority_end))) {
    return url_error(kInvalidUrl);
  }
  return d;
}

bool address_allowed(const sockaddr& address, bool allow_private) {
  if (address.sa_family == AF_INET) {
    if (allow_private) return true;
    sockaddr_in v4{};
    std::memcpy(&v4, &address, sizeof v4);
    return ipv4_allowed(ntohl(v4.sin_addr.s_addr));
  }
  if (address.sa_family == AF_INET6) {
    if (allow_private) return true;
    sockaddr_in6 v6{};
    std::memcpy(&v6, &address, sizeof v6);
    return ipv6_allowed(v6.sin6_addr);
  }
  return false;
}

domain::Result<Destination> check_destination(std::string_view url, bool allow_private) {
  auto d = parse_destination(url);
  if (!d) return d;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(d->port);
  if (::getaddrinfo(d->host.c_str(), port.c_str(), &hints, &found) != 0 || found == nullptr) {
    return url_error(kNotResolved);
  }
  const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
  for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
    if (a->ai_addr == nullptr || !address_allowed(*a->ai_addr, allow_private)) {
      return url_error(kNotAllowed);
    }
  }
  return d;
}

}  // namespace webhooks

// Where a webhook may go: the URL an administrator gives (http or https, a host, an
// optional port, at most 2,048 characters, no user name or password, no fragment) and
// the addresses its host may resolve to (none on loopback, private, link-local,
// multicast or reserved ranges unless the service allows private receivers). Checked
// when an endpoint is saved (check_destination) and again on every connection the
// sender opens (address_allowed), so that DNS cannot turn a saved name into loopback.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace webhooks {

inline constexpr std::size_t kMaxUrlLength = 2048;

// A checked webhook URL, taken apart.
struct Destination {
  std::string scheme;      // "http" or "https"
  std::string host;        // lower case; an IPv6 literal without its brackets
  std::uint16_t port = 0;  // as written, else 80 or 443
};

// `url` checked as a webhook URL; an invalid error on the field "url" otherwise.
// Resolves nothing: a host name is only checked for its form.
domain::Result<Destination> parse_destination(std::string_view url);

// Whether a webhook may connect to `address`, the start of a whole sockaddr_in or
// sockaddr_in6 as its family says (any other family is refused). Refused unless
// `allow_private`: loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7, fec0::/10),
// link-local (169.254/16, fe80::/10), multicast (224/4, ff00::/8), unspecified (0/8, ::),
// reserved and broadcast (240/4), carrier-grade NAT (100.64/10); IPv6 forms that carry
// an IPv4 address (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64 64:ff9b::/96,
// 6to4 2002::/16) are judged by that address.
bool address_allowed(const sockaddr& address, bool allow_private);

// parse_destination, then the host resolved (getaddrinfo, blocking): an invalid error
// on "url" when it does not resolve or when any address it resolves to is not allowed.
// What the API calls when an endpoint is created or its URL changed.
domain::Result<Destination> check_destination(std::string_view url, bool allow_private);

}  // namespace webhooks

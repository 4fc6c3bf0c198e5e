// Fuzzes the webhook URL checker (webhooks::parse_destination) and the address check
// of every connection the sender opens (webhooks::address_allowed); no DNS.
// Input: a URL ("https://hooks.example.com:8443/in?x=1"); its first 16 bytes are also
// taken as an IPv4 and an IPv6 address.
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "webhooks/destination.hpp"

namespace {

void check_url(std::string_view url) {
  auto d = webhooks::parse_destination(url);
  if (!d) {
    const auto& fields = d.error().fields;
    if (d.error().code != domain::ErrorCode::kInvalid || fields.size() != 1 ||
        fields.count("url") != 1 || fields.at("url").size() != 1) {
      std::abort();
    }
    return;
  }
  if (url.size() > webhooks::kMaxUrlLength) std::abort();
  if (url.find('#') != std::string_view::npos) std::abort();
  // No user information: no "@" before the path or query ("@" may appear in them).
  const std::string_view rest = url.substr(url.find("://") + 3);
  if (rest.substr(0, rest.find_first_of("/?")).find('@') != std::string_view::npos) std::abort();
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
      std::abort();
    }
  }
  if (d->scheme != "http" && d->scheme != "https") std::abort();
  if (d->host.empty() || d->port == 0) std::abort();
  // What it took apart, put back together, parses the same.
  const bool literal = d->host.find(':') != std::string::npos;
  const std::string again_url = d->scheme + "://" + (literal ? "[" + d->host + "]" : d->host) +
                                ":" + std::to_string(d->port) + "/";
  auto again = webhooks::parse_destination(again_url);
  if (!again || again->scheme != d->scheme || again->host != d->host || again->port != d->port) {
    std::abort();
  }
}

bool allowed_v6(const std::uint8_t (&bytes)[16], bool allow_private) {
  sockaddr_storage storage{};
  auto* a = reinterpret_cast<sockaddr_in6*>(&storage);
  a->sin6_family = AF_INET6;
  std::memcpy(a->sin6_addr.s6_addr, bytes, 16);
  return webhooks::address_allowed(*reinterpret_cast<const sockaddr*>(&storage), allow_private);
}

// An IPv4 address is judged the same in each IPv6 form that carries it.
void check_addresses(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return;
  sockaddr_storage storage{};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
  v4->sin_family = AF_INET;
  std::memcpy(&v4->sin_addr.s_addr, data, 4);
  const auto* as_v4 = reinterpret_cast<const sockaddr*>(&storage);
  const bool expected = webhooks::address_allowed(*as_v4, false);
  if (!webhooks::address_allowed(*as_v4, true)) std::abort();
  std::uint8_t mapped[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  std::uint8_t compatible[16] = {};
  std::uint8_t nat64[16] = {0x00, 0x64, 0xff, 0x9b};
  std::uint8_t six_to_four[16] = {0x20, 0x02};
  std::memcpy(mapped + 12, data, 4);
  std::memcpy(compatible + 12, data, 4);
  std::memcpy(nat64 + 12, data, 4);
  std::memcpy(six_to_four + 2, data, 4);
  for (const auto* form : {&mapped, &compatible, &nat64, &six_to_four}) {
    if (allowed_v6(*form, false) != expected || !allowed_v6(*form, true)) std::abort();
  }
  if (size < 16) return;
  std::uint8_t any[16];
  std::memcpy(any, data, 16);
  if (!allowed_v6(any, true)) std::abort();
  allowed_v6(any, false);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  check_url(std::string_view(reinterpret_cast<const char*>(data), size));
  check_addresses(data, size);
  return 0;
}

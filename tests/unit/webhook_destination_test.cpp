// Webhook URLs and addresses: what parse_destination accepts and refuses (with the
// field "url"), which addresses address_allowed refuses (IPv4, IPv6 and IPv6 forms that
// carry IPv4), and check_destination on names and literals that need no DNS server.
#include "webhooks/destination.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/un.h>

#include <string>

namespace {

using webhooks::address_allowed;
using webhooks::check_destination;
using webhooks::parse_destination;

std::string url_message(std::string_view url) {
  auto d = parse_destination(url);
  if (d.ok()) return "accepted";
  EXPECT_EQ(d.error().code, domain::ErrorCode::kInvalid) << url;
  const auto it = d.error().fields.find("url");
  if (it == d.error().fields.end() || it->second.size() != 1) return "no message on url";
  return it->second.front();
}

TEST(WebhookDestination, TakesAValidUrlApart) {
  auto d = parse_destination("HTTPS://Hooks.Example.COM/in/x?y=1&z=%2F");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->scheme, "https");
  EXPECT_EQ(d->host, "hooks.example.com");
  EXPECT_EQ(d->port, 443);
  d = parse_destination("http://example.com");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->port, 80);
  d = parse_destination("http://203.0.113.7:8080/hook");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->host, "203.0.113.7");
  EXPECT_EQ(d->port, 8080);
  d = parse_destination("https://[2001:DB8::1]:8443/");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->host, "2001:db8::1");
  EXPECT_EQ(d->port, 8443);
  d = parse_destination("http://example.com.?q");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->host, "example.com.");
  for (const char* ok :
       {"http://localhost/", "http://receiver:9000/x", "http://a-b.c-d.io/",
        "https://xn--bcher-kva.example/", "http://1password.com/",
        "http://h.example/p;a=b/@:!$&'()*+,~-._/?k=[v]", "http://h.example:65535"}) {
    EXPECT_EQ(url_message(ok), "accepted") << ok;
  }
}

TEST(WebhookDestination, RefusesOtherSchemesUserinfoAndFragments) {
  const std::string scheme = "Only http and https URLs are allowed.";
  for (const char* url : {"ftp://example.com/", "file:///etc/passwd", "gopher://example.com/",
                          "javascript://example.com/%0aalert(1)", "httpx://example.com/"}) {
    EXPECT_EQ(url_message(url), scheme) << url;
  }
  const std::string userinfo = "The URL may not contain a user name or password.";
  for (const char* url : {"http://user:pass@example.com/", "http://user@example.com/",
                          "http://@example.com/", "https://example.com@10.0.0.1/"}) {
    EXPECT_EQ(url_message(url), userinfo) << url;
  }
  const std::string fragment = "The URL may not contain a fragment.";
  for (const char* url : {"http://example.com/#x", "http://example.com#", "http://a.b/?q#f"}) {
    EXPECT_EQ(url_message(url), fragment) << url;
  }
}

TEST(WebhookDestination, RefusesMalformedUrls) {
  const std::string invalid = "Enter a valid URL.";
  for (const char* url : {"",
                          "example.com",
                          "//example.com/",
                          "://example.com",
                          "http:/example.com",
                          "http://",
                          "http:///path",
                          "http://:80/",
                          "http://exa mple.com/",
                          "http://example.com/a b",
                          "http://example.com:/",
                          "http://example.com:0/",
                          "http://example.com:65536/",
                          "http://example.com:123456/",
                          "http://example.com:8o/",
                          "http://a:1:2/",
                          "http://-example.com/",
                          "http://example-.com/",
                          "http://exa_mple.com/",
                          "http://a..b/",
                          "http://.example.com/",
                          "http://example.com../",
                          "http://127.1/",
                          "http://0x7f000001/",
                          "http://2130706433/",
                          "http://127.0.0.1./",
                          "http://256.1.1.1/",
                          "http://010.0.0.1/",
                          "http://[::1/",
                          "http://[::1]x/",
                          "http://[fe80::1%25eth0]/",
                          "http://[example.com]/",
                          "http://[::1]:/",
                          "http://example.com/%zz",
                          "http://example.com/%4",
                          "http://example.com\\x/",
                          "http://ex\xc3\xa4mple.com/",
                          "http://example.com/\x7f",
                          "http://example.com/\t",
                          "1http://example.com/",
                          "ht tp://example.com/",
                          "http://example.com/{}",
                          "http://exa%6dple.com/"}) {
    EXPECT_EQ(url_message(url), invalid) << url;
  }
  const std::string label(64, 'a');
  EXPECT_EQ(url_message("http://" + label + ".example/"), invalid);
  std::string long_host;
  while (long_host.size() < 260) long_host += "abcdefghi.";
  EXPECT_EQ(url_message("http://" + long_host + "com/"), invalid);
}

TEST(WebhookDestination, AtMost2048Characters) {
  const std::string head = "https://example.com/";
  const std::string at_limit = head + std::string(webhooks::kMaxUrlLength - head.size(), 'a');
  EXPECT_EQ(url_message(at_limit), "accepted");
  EXPECT_EQ(url_message(at_limit + "a"), "Ensure this field has no more than 2048 characters.");
}

sockaddr_in v4(const char* text) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  EXPECT_EQ(::inet_pton(AF_INET, text, &a.sin_addr), 1) << text;
  return a;
}
sockaddr_in6 v6(const char* text) {
  sockaddr_in6 a{};
  a.sin6_family = AF_INET6;
  EXPECT_EQ(::inet_pton(AF_INET6, text, &a.sin6_addr), 1) << text;
  return a;
}
bool allowed(const char* text, bool allow_private = false) {
  if (std::string_view(text).find(':') != std::string_view::npos) {
    const auto a = v6(text);
    return address_allowed(reinterpret_cast<const sockaddr&>(a), allow_private);
  }
  const auto a = v4(text);
  return address_allowed(reinterpret_cast<const sockaddr&>(a), allow_private);
}

TEST(WebhookDestination, RefusesInternalIpv4Ranges) {
  for (const char* a : {"127.0.0.1", "127.255.255.254", "10.0.0.1", "10.255.255.255", "172.16.0.1",
                        "172.31.255.255", "192.168.0.1", "192.168.255.255", "169.254.169.254",
                        "169.254.0.1", "224.0.0.1", "239.255.255.250", "0.0.0.0", "0.1.2.3",
                        "240.0.0.1", "255.255.255.255", "100.64.0.1", "100.127.255.254"}) {
    EXPECT_FALSE(allowed(a)) << a;
    EXPECT_TRUE(allowed(a, true)) << a << " with allow_private";
  }
  for (const char* a :
       {"8.8.8.8", "1.1.1.1", "93.184.215.14", "172.15.255.255", "172.32.0.1", "192.167.255.255",
        "192.169.0.1", "100.63.255.255", "100.128.0.1", "11.0.0.1", "126.255.255.255", "128.0.0.1",
        "169.253.255.255", "223.255.255.255", "203.0.113.7"}) {
    EXPECT_TRUE(allowed(a)) << a;
  }
}

TEST(WebhookDestination, RefusesInternalIpv6RangesAndIpv4InsideIpv6) {
  for (const char* a : {"::1",
                        "::",
                        "fc00::1",
                        "fd12:3456::1",
                        "fe80::1",
                        "febf::1",
                        "fec0::1",
                        "feff::1",
                        "ff02::1",
                        "ff05::1:3",
                        "::ffff:127.0.0.1",
                        "::ffff:10.1.2.3",
                        "::ffff:169.254.169.254",
                        "::ffff:0.0.0.0",
                        "::ffff:192.168.1.1",
                        "::127.0.0.1",
                        "::10.0.0.1",
                        "::ffff:0:127.0.0.1",
                        "64:ff9b::127.0.0.1",
                        "64:ff9b::a9fe:a9fe",
                        "2002:7f00:1::",
                        "2002:c0a8:101::1",
                        "::ffff:100.64.0.1",
                        "::ffff:224.0.0.1",
                        "::ffff:255.255.255.255"}) {
    EXPECT_FALSE(allowed(a)) << a;
    EXPECT_TRUE(allowed(a, true)) << a << " with allow_private";
  }
  for (const char* a :
       {"2001:4860:4860::8888", "2606:4700:4700::1111", "2001:db8::1", "::ffff:8.8.8.8",
        "64:ff9b::808:808", "2002:808:808::1", "fbff::1", "fe7f::1"}) {
    EXPECT_TRUE(allowed(a)) << a;
  }
}

TEST(WebhookDestination, RefusesOtherAddressFamilies) {
  sockaddr_un u{};
  u.sun_family = AF_UNIX;
  EXPECT_FALSE(address_allowed(reinterpret_cast<const sockaddr&>(u), false));
  EXPECT_FALSE(address_allowed(reinterpret_cast<const sockaddr&>(u), true));
}

std::string check_message(std::string_view url, bool allow_private) {
  auto d = check_destination(url, allow_private);
  if (d.ok()) return "accepted";
  const auto it = d.error().fields.find("url");
  return it == d.error().fields.end() ? "no message on url" : it->second.front();
}

TEST(WebhookDestination, CheckResolvesAndRefusesInternalAddresses) {
  const std::string refused =
      "The URL's host resolves to a loopback, private, link-local, multicast or reserved "
      "address, which webhooks may not reach.";
  for (const char* url : {"http://localhost/", "http://127.0.0.1:8080/", "http://[::1]/",
                          "http://10.0.0.1/", "http://[::ffff:127.0.0.1]/",
                          "http://169.254.169.254/", "http://0.0.0.0/", "http://[fe80::1]/"}) {
    EXPECT_EQ(check_message(url, false), refused) << url;
    EXPECT_EQ(check_message(url, true), "accepted") << url;
  }
  // Literals resolve without a DNS server.
  EXPECT_EQ(check_message("https://93.184.215.14/hook", false), "accepted");
  EXPECT_EQ(check_message("https://[2001:db8::1]:8443/", false), "accepted");
  // .invalid never resolves (RFC 6761).
  for (bool allow : {false, true}) {
    EXPECT_EQ(check_message("http://interviewd-webhook-test.invalid/", allow),
              "The URL's host could not be resolved.");
  }
  EXPECT_EQ(check_message("ftp://example.com/", false), "Only http and https URLs are allowed.");
}

}  // namespace

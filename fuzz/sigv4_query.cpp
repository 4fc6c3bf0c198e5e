// Fuzzes the check of presigned upload URLs: storage::LocalStorage::verify_upload (the
// folder backend's PUT /api/v1/uploads/...) and storage::sigv4::verify_presigned under
// it, with fixed credentials and clock, plus sigv4::uri_encode.
// Input: lines "PATH?QUERY" (as on the request line), the Content-Type header, the Host
// header (default 127.0.0.1:8000).
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "storage/local_storage.hpp"
#include "storage/sigv4.hpp"
#include "util/text.hpp"

namespace {

// The seed corpus (presigned-*) was signed with these by botocore, as S3 clients sign.
const storage::sigv4::Credentials kCredentials{
    "AKIAFUZZEXAMPLE0001", "fuzz/secret/of/the/folder/backend/0123456789", {}};
// 2026-03-04T05:06:07Z, when the seeds were signed (for 900 s), and a minute later.
constexpr std::chrono::system_clock::time_point kSignedAt{std::chrono::seconds{1772600767}};
constexpr auto kNow = kSignedAt + std::chrono::seconds{60};

struct Folder {
  std::filesystem::path root;
  std::unique_ptr<storage::LocalStorage> plain;     // public URL without a path
  std::unique_ptr<storage::LocalStorage> prefixed;  // behind a proxy under /interview
  Folder() {
    const char* tmpdir = std::getenv("TMPDIR");  // fuzz/run's scratch folder
    std::string name = tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp";
    name += "/interviewd-fuzz-sigv4-XXXXXX";
    if (::mkdtemp(name.data()) == nullptr) std::abort();
    root = name;
    auto clock = [] { return kSignedAt; };
    plain = std::make_unique<storage::LocalStorage>(
        root / "plain", storage::StorageOptions{"http://127.0.0.1:8000", {}}, kCredentials, clock);
    prefixed = std::make_unique<storage::LocalStorage>(
        root / "prefixed", storage::StorageOptions{"https://media.example.com/interview/", {}},
        kCredentials, clock);
  }
  ~Folder() {
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
  }
};

Folder& folder() {
  static Folder f;
  return f;
}

std::string_view next_line(std::string_view& in) {
  const auto eol = in.find('\n');
  const std::string_view line = in.substr(0, eol);
  in = eol == std::string_view::npos ? std::string_view() : in.substr(eol + 1);
  return line;
}

void check(const storage::LocalStorage& s, std::string_view host, std::string_view path,
           std::string_view query, const storage::sigv4::Headers& headers) {
  auto r = s.verify_upload("PUT", host, path, query, headers, kNow);
  if (r && !storage::valid_key(r->key)) std::abort();  // a verified key is a usable key
  (void)s.verify_upload("POST", host, path, query, headers, kNow);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::string_view target = next_line(in);
  const std::string_view content_type = next_line(in);
  std::string_view host = next_line(in);
  if (host.empty()) host = "127.0.0.1:8000";
  const auto q = target.find('?');
  const std::string_view path = target.substr(0, q);
  const std::string_view query = q == std::string_view::npos ? "" : target.substr(q + 1);
  storage::sigv4::Headers headers;
  if (!content_type.empty()) headers.emplace_back("Content-Type", std::string(content_type));

  check(*folder().plain, host, path, query, headers);
  check(*folder().prefixed, "media.example.com", path, query, headers);

  // The signature check itself, with any access key id known: every mutated request
  // that is well formed reaches the signature comparison.
  const storage::sigv4::SecretLookup any = [](std::string_view id) -> std::optional<std::string> {
    return "secret-of-" + std::string(id);
  };
  auto v =
      storage::sigv4::verify_presigned({"PUT", host, path, query, headers}, "us-east-1", any, kNow);
  if (v && (v->path.empty() || v->path.front() != '/')) std::abort();

  // AWS URI encoding decodes back to what it encoded; '/' survives only when kept.
  const std::string encoded = storage::sigv4::uri_encode(target, true);
  if (encoded.find('/') != std::string::npos) std::abort();
  auto decoded = util::url_decode(encoded, false);
  if (!decoded || *decoded != target) std::abort();
  return 0;
}

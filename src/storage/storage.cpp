// Key rules shared by the backends, the answers' key format, and STORAGE_URL parsing.
#include "storage/storage.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <vector>

#include "storage/local_storage.hpp"
#include "storage/s3_storage.hpp"
#include "util/crypto.hpp"
#include "util/text.hpp"

namespace storage {

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  while (!s.empty()) {
    const auto pos = s.find(sep);
    parts.push_back(s.substr(0, pos));
    s = pos == std::string_view::npos ? std::string_view() : s.substr(pos + 1);
  }
  return parts;
}

// Bucket names as S3 accepts them for new buckets: 3..63 of a-z 0-9 . -, letters or
// digits at both ends.
bool valid_bucket(std::string_view b) {
  if (b.size() < 3 || b.size() > 63) return false;
  for (char c : b) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) return false;
  }
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  return alnum(b.front()) && alnum(b.back());
}

domain::Result<S3Config> parse_s3_url(std::string_view rest) {
  using domain::Error;
  const auto q = rest.find('?');
  S3Config config;
  config.bucket = std::string(rest.substr(0, q));
  if (!valid_bucket(config.bucket)) {
    return Error::bad_request("s3:// needs a bucket name (3-63 of a-z 0-9 . -), then ?options: " +
                              std::string(rest.substr(0, q)));
  }
  std::optional<bool> path_style;
  if (q != std::string_view::npos) {
    for (std::string_view pair : split(rest.substr(q + 1), '&')) {
      const auto eq = pair.find('=');
      const std::string name(pair.substr(0, eq));
      const auto value =
          util::url_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
      if (!value) return Error::bad_request("s3:// option " + name + " has a bad escape");
      if (name == "endpoint") {
        config.endpoint = *value;
      } else if (name == "region") {
        config.region = *value;
      } else if (name == "path_style") {
        if (*value == "1" || *value == "true") {
          path_style = true;
        } else if (*value == "0" || *value == "false") {
          path_style = false;
        } else {
          return Error::bad_request("s3:// option path_style is 0 or 1");
        }
      } else {
        return Error::bad_request("unknown s3:// option " + name +
                                  " (known: endpoint, region, path_style)");
      }
    }
  }
  if (config.region.empty()) return Error::bad_request("s3:// option region is empty");
  if (config.endpoint.empty()) {
    config.endpoint = "https://s3." + config.region + ".amazonaws.com";
    config.path_style = path_style.value_or(false);
  } else {
    config.path_style = path_style.value_or(true);
  }
  while (config.endpoint.ends_with('/')) config.endpoint.pop_back();
  const auto sep = config.endpoint.find("://");
  const std::string scheme = util::ascii_lower(config.endpoint.substr(0, sep));
  if (sep == std::string::npos || (scheme != "http" && scheme != "https") ||
      config.endpoint.size() == sep + 3 ||
      config.endpoint.find_first_of("/?#@", sep + 3) != std::string::npos) {
    return Error::bad_request("s3:// option endpoint must look like http(s)://host[:port], not " +
                              config.endpoint);
  }
  if (!config.path_style && config.bucket.find('.') != std::string::npos && scheme == "https") {
    return Error::bad_request("a bucket name with dots needs path_style=1 over https");
  }
  config.credentials = {env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"),
                        env("AWS_SESSION_TOKEN")};
  if (config.credentials.access_key_id.empty() || config.credentials.secret_access_key.empty()) {
    return Error::bad_request(
        "s3:// storage needs AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment");
  }
  return config;
}

}  // namespace

std::string answer_key(std::int64_t org_id, std::string_view filename) {
  return std::to_string(org_id) + "/answers/" + util::random_hex(16) + "/" + std::string(filename);
}

void remove_quietly(Storage& store, const std::vector<std::string>& keys) {
  for (const auto& key : keys) {
    try {
      store.remove(key);
    } catch (const Error&) {
      // Left for a later cleanup: see the declaration.
    }
  }
}

bool valid_key(std::string_view key) {
  if (key.empty() || key.size() > 1024 || key.front() == '/' || key.front() == '.') return false;
  std::size_t start = 0;
  while (true) {
    const auto slash = key.find('/', start);
    const std::string_view segment =
        key.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  for (unsigned char c : key) {
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

domain::Result<std::unique_ptr<Storage>> open_storage(const std::string& url,
                                                      const StorageOptions& options) {
  constexpr std::string_view kFile = "file://";
  constexpr std::string_view kS3 = "s3://";
  try {
    if (url.starts_with(kFile)) {
      const std::string path = url.substr(kFile.size());
      if (path.empty()) return domain::Error::bad_request("file:// needs a folder path");
      std::optional<sigv4::Credentials> credentials;
      if (!env("AWS_ACCESS_KEY_ID").empty() && !env("AWS_SECRET_ACCESS_KEY").empty()) {
        credentials =
            sigv4::Credentials{env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY"), {}};
      }
      return std::unique_ptr<Storage>(
          std::make_unique<LocalStorage>(path, options, std::move(credentials)));
    }
    if (url.starts_with(kS3)) {
      auto config = parse_s3_url(std::string_view(url).substr(kS3.size()));
      if (!config) return config.take_error();
      if (!options.spool_dir.empty()) {
        config->spool_dir = options.spool_dir;
      } else {
        config->spool_dir = (std::filesystem::temp_directory_path() / "interviewd-spool").string();
      }
      return std::unique_ptr<Storage>(std::make_unique<S3Storage>(std::move(config.value())));
    }
  } catch (const std::invalid_argument& e) {
    return domain::Error::bad_request(e.what());
  } catch (const Error& e) {
    return domain::Error::unavailable(e.what());
  } catch (const std::filesystem::filesystem_error& e) {
    return domain::Error::unavailable(std::string("storage: ") + e.what());
  }
  return domain::Error::bad_request(
      "unsupported storage URL (use file://PATH or s3://BUCKET?endpoint=...&region=...)");
}

}  // namespace storage

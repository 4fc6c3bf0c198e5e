// tus-js-client, the protocol's reference client, against the service: a 50 MiB upload
// in 8 MiB PATCHes through a proxy that cuts the connection at three random offsets; the
// client resumes from the offset the server reports each time, and the stored object is
// byte for byte the file (sha256). On the folder backend and on s3rver, where nothing
// of the multipart upload may stay open. Run under the s3 ctest fixture, which installs
// the npm tools and starts s3rver (S3_TEST_URL_FILE); skipped elsewhere.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include "clips.hpp"
#include "fixtures.hpp"
#include "storage/storage.hpp"
#include "util/crypto.hpp"

namespace {

constexpr std::size_t kSize = 50u << 20;

// A port nobody listens on now (the proxy takes it right after).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t n = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n);
  ::close(fd);
  return ntohs(a.sin_port);
}

std::string random_file(const std::string& path) {
  std::mt19937_64 gen(std::random_device{}());
  std::string bytes(kSize, '\0');
  for (std::size_t i = 0; i + 8 <= bytes.size(); i += 8) {
    const std::uint64_t v = gen();
    std::memcpy(bytes.data() + i, &v, 8);
  }
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(kSize));
  return bytes;
}

std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void upload_through_cuts(bool on_s3) {
  const char* url_file = std::getenv("S3_TEST_URL_FILE");
  if (!url_file) GTEST_SKIP() << "run under the s3 fixture (npm tools, s3rver)";
  std::string s3_url = e2e::read_file(url_file);
  while (!s3_url.empty() && (s3_url.back() == '\n' || s3_url.back() == '\r')) s3_url.pop_back();
  const std::string source_dir = INTERVIEWD_SOURCE_DIR;
  ASSERT_TRUE(std::filesystem::exists(source_dir + "/tools/node_modules/tus-js-client"));

  const int proxy_port = free_port();
  e2e::ServerOptions options;
  options.extra_args = {"--public-url", "http://127.0.0.1:" + std::to_string(proxy_port)};
  if (on_s3) options.storage_url = s3_url;
  e2e::Server server(options);
  auto admin = e2e::register_org(server, "Tus Interop");
  const std::string file = server.dir() + "/big.bin";
  const std::string bytes = random_file(file);
  const std::string out = server.dir() + "/interop.out";
  const std::string cmd = "node " + sh_quote(source_dir + "/tests/tus/interop.js") + " " +
                          sh_quote("http://127.0.0.1:" + std::to_string(server.port())) + " " +
                          std::to_string(proxy_port) + " " + sh_quote("Token " + admin.token) +
                          " " + sh_quote(file) + " 3 " + std::to_string(8u << 20) + " > " +
                          sh_quote(out);
  ASSERT_EQ(std::system(cmd.c_str()), 0) << e2e::read_file(out);
  const std::string result = e2e::read_file(out);
  const auto at = result.find("\"id\":\"");
  ASSERT_NE(at, std::string::npos) << result;
  const std::string id = result.substr(at + 6, 32);
  EXPECT_NE(result.find("\"cuts\":3"), std::string::npos) << result;

  auto rows = e2e::database_rows(
      server,
      "SELECT object_key, status, upload_offset FROM tus_uploads WHERE public_id = '" + id + "'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][1], "finished");
  EXPECT_EQ(rows[0][2], std::to_string(kSize));
  auto store = storage::open_storage(on_s3 ? s3_url : "file://" + server.dir() + "/media", {});
  ASSERT_TRUE(store) << store.error().detail;
  const std::string copy = server.dir() + "/stored.bin";
  (*store)->get_file(rows[0][0], copy);
  EXPECT_EQ(util::sha256_hex(e2e::read_file(copy)), util::sha256_hex(bytes));
  // Nothing of this organization's uploads stays open, the one finished included (other
  // tests share the bucket: only this server's uploads are looked at).
  for (const auto& row : e2e::database_rows(server, "SELECT object_key FROM tus_uploads")) {
    for (const auto& [key, upload_id] : (*store)->open_multiparts(row[0])) {
      EXPECT_NE(key, row[0]) << "open: " << key << " " << upload_id;
    }
  }
  // Named by an answer, the upload is the answer's file (then processing finds no video).
  auto answered = e2e::database_rows(
      server,
      "SELECT count(*) FROM tus_upload_pending WHERE upload_id = (SELECT id FROM "
      "tus_uploads WHERE public_id = '" +
          id + "')");
  EXPECT_EQ(answered[0][0], "0");  // no bytes left waiting
}

TEST(S3TusInterop, FolderBackend) {
  upload_through_cuts(false);
}
TEST(S3TusInterop, S3Backend) {
  upload_through_cuts(true);
}

}  // namespace

// Resumable uploads (tus 1.0.0) end to end, written from the protocol's pages: every
// header and status of core, creation, creation-defer-length, termination, expiration
// and checksum; ownership; a finished upload named by an answer; an upload cut in the
// middle of a PATCH and resumed; expiry by the background job. Tus.* run on the folder
// backend, S3Tus.* on s3rver (parts of at least 5 MiB, bytes that wait in between).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "clips.hpp"
#include "fixtures.hpp"
#include "raw_socket.hpp"
#include "storage/storage.hpp"
#include "util/crypto.hpp"

namespace {

using e2e::Client;
using e2e::Headers;
using e2e::HttpResponse;

constexpr const char* kTus = "/api/v1/uploads/tus/";

e2e::ServerOptions with_args(std::vector<std::string> args) {
  e2e::ServerOptions options;
  options.extra_args = std::move(args);
  return options;
}

Headers with_version(Headers h = {}) {
  h.emplace_back("Tus-Resumable", "1.0.0");
  return h;
}

std::string meta(const std::string& filename, const std::string& type) {
  return "filename " + util::base64_encode(filename) + ",filetype " + util::base64_encode(type);
}

// POST with Upload-Length (or deferred): the upload's path, from its Location.
std::string create(const Client& c, std::optional<std::size_t> length,
                   const std::string& metadata = meta("answer.mp4", "video/mp4")) {
  Headers h = with_version({{"Upload-Metadata", metadata}});
  if (length) {
    h.emplace_back("Upload-Length", std::to_string(*length));
  } else {
    h.emplace_back("Upload-Defer-Length", "1");
  }
  auto r = c.send("POST", kTus, "", h);
  EXPECT_EQ(r.status, 201) << r.body;
  const std::string location = r.header("location");
  const auto at = location.find(kTus);
  return at == std::string::npos ? std::string() : location.substr(at);
}

HttpResponse patch(const Client& c, const std::string& path, std::size_t offset,
                   const std::string& bytes, Headers extra = {}) {
  Headers h = with_version(std::move(extra));
  h.emplace_back("Upload-Offset", std::to_string(offset));
  h.emplace_back("Content-Type", "application/offset+octet-stream");
  return c.send("PATCH", path, bytes, h);
}

HttpResponse head(const Client& c, const std::string& path) {
  return c.send("HEAD", path, "", with_version());
}

std::string id_of_path(const std::string& path) {
  return path.substr(path.rfind('/') + 1);
}

// Sends bytes [from, end) of `bytes` in pieces of `piece` bytes; the last answer.
HttpResponse send_from(const Client& c, const std::string& path, const std::string& bytes,
                       std::size_t from, std::size_t piece) {
  HttpResponse r;
  for (std::size_t at = from; at < bytes.size(); at += piece) {
    r = patch(c, path, at, bytes.substr(at, piece));
    if (r.status != 204) return r;
  }
  return r;
}

// An organization with a screening whose question set has a video question.
struct Setup {
  Client admin;
  std::int64_t screening = 0, video = 0;
};

Setup make_setup(const e2e::Server& server) {
  Setup s;
  s.admin = e2e::register_org(server, "Tus Org");
  auto job = e2e::create_job(s.admin);
  auto candidate = e2e::create_candidate(s.admin);
  e2e::apply(s.admin, job, candidate);
  auto set = e2e::create_question_set(s.admin);
  s.video = e2e::create_question(s.admin, set, "video");
  auto module = e2e::create_module(s.admin, job, {"Video Interview"});
  s.screening = e2e::create_screening(s.admin, candidate, job, module, "Video Interview", set);
  return s;
}

HttpResponse answer_with(const Setup& s, const std::string& video_key) {
  return s.admin.post("/api/v1/interview/answers/",
                      e2e::answer_body(s.screening, s.video, {{"video_key", video_key}}));
}

// Polls the answer until its media is ready or failed (or 60 s pass).
std::string media_status(const Client& c, std::int64_t answer) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::string status;
  while (std::chrono::steady_clock::now() < deadline) {
    auto r = c.get("/api/v1/interview/answers/" + std::to_string(answer) + "/");
    status = std::string(std::string_view(r.json()["media"]["status"]));
    if (status == "ready" || status == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return status;
}

TEST(Tus, OptionsSaysWhatTheServerSpeaks) {
  e2e::Server server(with_args({"--max-upload-bytes", "1000000"}));
  auto r = server.request("OPTIONS", kTus);
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.header("tus-version"), "1.0.0");
  EXPECT_EQ(r.header("tus-extension"),
            "creation,creation-defer-length,termination,expiration,checksum");
  EXPECT_EQ(r.header("tus-max-size"), "1000000");
  EXPECT_EQ(r.header("tus-checksum-algorithm"), "sha1");
  EXPECT_EQ(r.header("tus-resumable"), "");  // every response but OPTIONS
}

TEST(Tus, AnotherVersionOrNoneIs412WithTheVersionsSpoken) {
  e2e::Server server;
  auto admin = e2e::register_org(server, "Tus Version");
  for (const Headers& h : {Headers{}, Headers{{"Tus-Resumable", "0.2.2"}}}) {
    Headers with_length = h;
    with_length.emplace_back("Upload-Length", "10");
    auto r = admin.send("POST", kTus, "", with_length);
    EXPECT_EQ(r.status, 412) << r.body;
    EXPECT_EQ(r.header("tus-version"), "1.0.0");
    EXPECT_EQ(r.header("tus-resumable"), "1.0.0");
  }
  // Refusals made before a handler runs carry the version too.
  auto anonymous = server.request("POST", kTus, "", with_version({{"Upload-Length", "10"}}));
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.header("tus-resumable"), "1.0.0");
}

TEST(Tus, CreationHeadPatchToTheEndThenAnAnswerTakesIt) {
  e2e::Server server;
  auto s = make_setup(server);
  const std::string bytes = e2e::read_file(e2e::clip("mp4"));
  const std::string metadata = meta("answer.mp4", "video/mp4");
  Headers h = with_version(
      {{"Upload-Length", std::to_string(bytes.size())}, {"Upload-Metadata", metadata}});
  auto created = s.admin.send("POST", kTus, "", h);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.header("tus-resumable"), "1.0.0");
  EXPECT_NE(created.header("upload-expires").find(" GMT"), std::string::npos);
  const std::string location = created.header("location");
  ASSERT_EQ(location.find("http://"), 0u) << location;
  const std::string path = location.substr(location.find(kTus));

  auto h0 = head(s.admin, path);
  EXPECT_EQ(h0.status, 200);
  EXPECT_EQ(h0.header("upload-offset"), "0");
  EXPECT_EQ(h0.header("upload-length"), std::to_string(bytes.size()));
  EXPECT_EQ(h0.header("upload-metadata"), metadata);
  EXPECT_EQ(h0.header("cache-control"), "no-store");
  EXPECT_TRUE(h0.body.empty());

  const std::size_t half = bytes.size() / 2;
  auto p1 = patch(s.admin, path, 0, bytes.substr(0, half));
  EXPECT_EQ(p1.status, 204) << p1.body;
  EXPECT_EQ(p1.header("upload-offset"), std::to_string(half));
  EXPECT_FALSE(p1.header("upload-expires").empty());
  // A PATCH at another offset is refused and changes nothing.
  auto wrong = patch(s.admin, path, 0, bytes.substr(0, 10));
  EXPECT_EQ(wrong.status, 409) << wrong.body;
  EXPECT_EQ(head(s.admin, path).header("upload-offset"), std::to_string(half));
  auto p2 = patch(s.admin, path, half, bytes.substr(half));
  EXPECT_EQ(p2.status, 204) << p2.body;
  EXPECT_EQ(p2.header("upload-offset"), std::to_string(bytes.size()));

  auto answer = answer_with(s, id_of_path(path));
  ASSERT_EQ(answer.status, 201) << answer.body;
  EXPECT_EQ(media_status(s.admin, e2e::id_of(answer)), "ready");
  auto video =
      s.admin.get("/api/v1/interview/answers/" + std::to_string(e2e::id_of(answer)) + "/video/");
  EXPECT_EQ(video.body, bytes);
  // Used: gone for the protocol, and no second answer may take it.
  EXPECT_EQ(head(s.admin, path).status, 404);
  EXPECT_EQ(answer_with(s, id_of_path(path)).status, 400);
}

TEST(Tus, BadCreationsAreRefusedWithTheirStatus) {
  e2e::Server server(with_args({"--max-upload-bytes", "1000"}));
  auto admin = e2e::register_org(server, "Tus Creation");
  auto post = [&](Headers h) { return admin.send("POST", kTus, "", with_version(std::move(h))); };
  const std::string m = meta("a.webm", "video/webm");
  EXPECT_EQ(post({{"Upload-Metadata", m}}).status, 400);  // neither length nor deferral
  EXPECT_EQ(
      post({{"Upload-Length", "10"}, {"Upload-Defer-Length", "1"}, {"Upload-Metadata", m}}).status,
      400);
  EXPECT_EQ(post({{"Upload-Defer-Length", "2"}, {"Upload-Metadata", m}}).status, 400);
  EXPECT_EQ(post({{"Upload-Length", "-1"}, {"Upload-Metadata", m}}).status, 400);
  EXPECT_EQ(post({{"Upload-Length", "1001"}, {"Upload-Metadata", m}}).status, 413);
  EXPECT_EQ(post({{"Upload-Length", "1000"}, {"Upload-Metadata", m}}).status, 201);
  EXPECT_EQ(post({{"Upload-Length", "10"}, {"Upload-Metadata", "filename !!!"}}).status, 400);
  EXPECT_EQ(post({{"Upload-Length", "10"}}).status, 400);  // no filetype
  EXPECT_EQ(
      post({{"Upload-Length", "10"}, {"Upload-Metadata", meta("a.txt", "text/plain")}}).status,
      415);
  EXPECT_EQ(
      post({{"Upload-Length", "10"}, {"Upload-Metadata", meta("../a.mp4", "video/mp4")}}).status,
      400);
}

TEST(Tus, PatchRulesContentTypeOffsetLengthChecksum) {
  e2e::Server server;
  auto admin = e2e::register_org(server, "Tus Patch");
  const std::string path = create(admin, 20);
  const std::string ten = "0123456789";
  auto no_type = admin.send(
      "PATCH", path, ten,
      with_version({{"Upload-Offset", "0"}, {"Content-Type", "application/octet-stream"}}));
  EXPECT_EQ(no_type.status, 415);
  auto no_offset = admin.send("PATCH", path, ten,
                              with_version({{"Content-Type", "application/offset+octet-stream"}}));
  EXPECT_EQ(no_offset.status, 400);
  EXPECT_EQ(patch(admin, path, 0, std::string(21, 'x')).status, 413);  // past the length
  const std::string wrong_sum = util::base64_encode(std::string(20, 'x'));
  auto bad_sum = patch(admin, path, 0, ten, {{"Upload-Checksum", "sha1 " + wrong_sum}});
  EXPECT_EQ(bad_sum.status, 460) << bad_sum.body;
  EXPECT_EQ(head(admin, path).header("upload-offset"), "0");  // the bytes were dropped
  EXPECT_EQ(patch(admin, path, 0, ten, {{"Upload-Checksum", "md5 AAAA"}}).status, 400);
  // SHA-1 of "0123456789": 87acec17cd9dcd20a716cc2cf67417b71c8a7016.
  const std::string right = util::base64_encode(std::string(
      "\x87\xac\xec\x17\xcd\x9d\xcd\x20\xa7\x16\xcc\x2c\xf6\x74\x17\xb7\x1c\x8a\x70\x16", 20));
  auto good = patch(admin, path, 0, ten, {{"Upload-Checksum", "sha1 " + right}});
  EXPECT_EQ(good.status, 204) << good.body;
  EXPECT_EQ(good.header("upload-offset"), "10");
  EXPECT_EQ(patch(admin, path, 10, "").status, 204);  // an empty PATCH changes nothing
  EXPECT_EQ(head(admin, path).header("upload-offset"), "10");
}

TEST(Tus, DeferredLengthIsDeclaredByAPatch) {
  e2e::Server server;
  auto s = make_setup(server);
  const std::string bytes = e2e::read_file(e2e::clip("webm"));
  const std::string path = create(s.admin, std::nullopt, meta("answer.webm", "video/webm"));
  auto h0 = head(s.admin, path);
  EXPECT_EQ(h0.header("upload-defer-length"), "1");
  EXPECT_EQ(h0.header("upload-length"), "");
  EXPECT_EQ(patch(s.admin, path, 0, bytes.substr(0, 1000)).status, 204);
  auto last = patch(s.admin, path, 1000, bytes.substr(1000),
                    {{"Upload-Length", std::to_string(bytes.size())}});
  EXPECT_EQ(last.status, 204) << last.body;
  EXPECT_EQ(head(s.admin, path).header("upload-length"), std::to_string(bytes.size()));
  auto answer = answer_with(s, id_of_path(path));
  ASSERT_EQ(answer.status, 201) << answer.body;
  EXPECT_EQ(media_status(s.admin, e2e::id_of(answer)), "ready");
}

TEST(Tus, TerminationAndOwnership) {
  e2e::Server server;
  auto admin = e2e::register_org(server, "Tus Owner");
  auto colleague = e2e::create_user(admin, "recruiter");
  auto stranger = e2e::register_org(server, "Tus Stranger");
  const std::string path = create(admin, 20);
  ASSERT_EQ(patch(admin, path, 0, "0123456789").status, 204);
  for (const Client* other : {&colleague, &stranger}) {
    EXPECT_EQ(head(*other, path).status, 404);
    EXPECT_EQ(patch(*other, path, 10, "0123456789").status, 404);
    EXPECT_EQ(other->send("DELETE", path, "", with_version()).status, 404);
  }
  auto gone = admin.send("DELETE", path, "", with_version());
  EXPECT_EQ(gone.status, 204);
  EXPECT_EQ(gone.header("tus-resumable"), "1.0.0");
  EXPECT_EQ(head(admin, path).status, 404);
  EXPECT_EQ(patch(admin, path, 10, "0123456789").status, 404);
  EXPECT_EQ(admin.send("DELETE", path, "", with_version()).status, 404);
  EXPECT_EQ(head(admin, std::string(kTus) + "0123456789abcdef0123456789abcdef").status, 404);
  // Interviewers write nothing but feedback.
  auto interviewer = e2e::create_user(admin, "interviewer");
  EXPECT_EQ(interviewer
                .send("POST", kTus, "",
                      with_version({{"Upload-Length", "10"},
                                    {"Upload-Metadata", meta("a.mp4", "video/mp4")}}))
                .status,
            403);
}

// A PATCH cut in the middle of its body keeps nothing of it; the client asks where the
// upload stands and sends the rest from there.
TEST(Tus, ACutPatchIsResumedFromTheOffset) {
  e2e::Server server;
  auto s = make_setup(server);
  const std::string bytes = e2e::read_file(e2e::clip("mp4"));
  const std::string path = create(s.admin, bytes.size());
  const std::size_t first = bytes.size() / 3;
  ASSERT_EQ(patch(s.admin, path, 0, bytes.substr(0, first)).status, 204);
  {
    e2e::RawConnection cut(server.port());
    ASSERT_TRUE(cut.send(
        "PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token " + s.admin.token +
        "\r\nTus-Resumable: 1.0.0\r\nContent-Type: "
        "application/offset+octet-stream\r\nUpload-Offset: " +
        std::to_string(first) + "\r\nContent-Length: " + std::to_string(bytes.size() - first) +
        "\r\n\r\n" + bytes.substr(first, 1000)));
  }  // closed mid-body
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto h = head(s.admin, path);
  ASSERT_EQ(h.header("upload-offset"), std::to_string(first));
  auto rest = send_from(s.admin, path, bytes, first, 4096);
  ASSERT_EQ(rest.status, 204) << rest.body;
  ASSERT_EQ(rest.header("upload-offset"), std::to_string(bytes.size()));
  auto answer = answer_with(s, id_of_path(path));
  ASSERT_EQ(answer.status, 201) << answer.body;
  auto video =
      s.admin.get("/api/v1/interview/answers/" + std::to_string(e2e::id_of(answer)) + "/video/");
  EXPECT_EQ(util::sha256_hex(video.body), util::sha256_hex(bytes));
}

// An unfinished upload whose time ran out is removed by its background job: its row
// answers 404 and no byte of it stays in the store.
TEST(Tus, AnExpiredUploadIsRemovedByItsJob) {
  e2e::Server server;
  auto admin = e2e::register_org(server, "Tus Expiry");
  const std::string path = create(admin, 20);
  ASSERT_EQ(patch(admin, path, 0, "0123456789").status, 204);
  const std::string id = id_of_path(path);
  // Its time runs out now instead of in 24 hours.
  e2e::database_rows(server,
                     "UPDATE tus_uploads SET expires_at = '2000-01-01T00:00:00Z' "
                     "WHERE public_id = '" +
                         id + "'");
  e2e::database_rows(server,
                     "UPDATE background_jobs SET run_after = '2000-01-01T00:00:00Z' "
                     "WHERE upload_id = (SELECT id FROM tus_uploads WHERE public_id = '" +
                         id + "')");
  EXPECT_EQ(head(admin, path).status, 404);  // expired: gone for the protocol at once
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::string status;
  while (std::chrono::steady_clock::now() < deadline) {
    status = e2e::database_rows(
        server, "SELECT status FROM tus_uploads WHERE public_id = '" + id + "'")[0][0];
    if (status == "expired") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, "expired");
  const auto multipart = std::filesystem::path(server.dir()) / "media" / ".multipart";
  std::size_t left = 0;
  if (std::filesystem::exists(multipart)) {
    for (const auto& e : std::filesystem::directory_iterator(multipart)) {
      (void)e;
      ++left;
    }
  }
  EXPECT_EQ(left, 0u);
}

// On S3 a part is at least 5 MiB: smaller PATCHes wait as objects of their own until
// enough bytes came (or the last byte), then go as one part; nothing is left behind.
TEST(S3Tus, SmallPatchesWaitThenMakePartsAndNothingStaysOpen) {
  const char* url_file = std::getenv("S3_TEST_URL_FILE");
  if (!url_file) GTEST_SKIP() << "no S3 store (S3_TEST_URL_FILE is set by the s3 fixture)";
  std::string url = e2e::read_file(url_file);
  while (!url.empty() && (url.back() == '\n' || url.back() == '\r')) url.pop_back();
  e2e::ServerOptions options;
  options.storage_url = url;
  e2e::Server server(options);
  auto s = make_setup(server);
  auto store = storage::open_storage(url, {});
  ASSERT_TRUE(store);
  // Whether a multipart upload of `key` is open (other tests share the bucket).
  auto open_for = [&](const std::string& key) {
    for (const auto& [k, upload_id] : (*store)->open_multiparts(key)) {
      if (k == key) return true;
    }
    return false;
  };

  // 12 MiB in 1 MiB PATCHes: two parts of at least 5 MiB, then the rest.
  std::string big(12u << 20, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 2654435761u) >> 13);
  const std::string path = create(s.admin, big.size(), meta("big.webm", "video/webm"));
  auto last = send_from(s.admin, path, big, 0, 1u << 20);
  ASSERT_EQ(last.status, 204) << last.body << server.log();
  const std::string id = id_of_path(path);
  auto rows = e2e::database_rows(
      server,
      "SELECT object_key, (SELECT count(*) FROM tus_upload_parts p WHERE p.upload_id = "
      "u.id), (SELECT count(*) FROM tus_upload_pending w WHERE w.upload_id = u.id) "
      "FROM tus_uploads u WHERE public_id = '" +
          id + "'");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][1], "3");
  EXPECT_EQ(rows[0][2], "0");
  const std::string copy = server.dir() + "/big.copy";
  (*store)->get_file(rows[0][0], copy);
  EXPECT_EQ(util::sha256_hex(e2e::read_file(copy)), util::sha256_hex(big));
  EXPECT_FALSE(open_for(rows[0][0]));

  // A real clip in three small PATCHes, answered and processed.
  const std::string clip = e2e::read_file(e2e::clip("mp4"));
  const std::string small = create(s.admin, clip.size());
  ASSERT_EQ(send_from(s.admin, small, clip, 0, clip.size() / 3 + 1).status, 204);
  auto answer = answer_with(s, id_of_path(small));
  ASSERT_EQ(answer.status, 201) << answer.body;
  EXPECT_EQ(media_status(s.admin, e2e::id_of(answer)), "ready");

  // Terminated halfway: the multipart upload is aborted and the waiting bytes removed.
  const std::string gone = create(s.admin, big.size(), meta("gone.webm", "video/webm"));
  ASSERT_EQ(patch(s.admin, gone, 0, big.substr(0, 1u << 20)).status, 204);
  const auto keys = e2e::database_rows(
      server,
      "SELECT u.object_key, w.object_key FROM tus_uploads u JOIN tus_upload_pending w ON "
      "w.upload_id = u.id WHERE u.public_id = '" +
          id_of_path(gone) + "'");
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_TRUE(open_for(keys[0][0]));
  EXPECT_TRUE((*store)->head(keys[0][1]));
  EXPECT_EQ(s.admin.send("DELETE", gone, "", with_version()).status, 204);
  EXPECT_FALSE(open_for(keys[0][0]));
  EXPECT_FALSE((*store)->head(keys[0][1]));
}

}  // namespace

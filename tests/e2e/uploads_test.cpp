// Media uploads against hostile input, end to end: media types and file names that
// would be written back into headers, presigned URLs used twice, keys that were never
// issued for uploads, the media limit on every way in, erasure while a job runs, what
// media.error may say, and (S3Answers.*, against s3rver) the same on the S3 backend
// together with streamed downloads.
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <thread>

#include "clips.hpp"
#include "fixtures.hpp"
#include "raw_socket.hpp"

namespace {

using e2e::Client;
namespace fs = std::filesystem;

// A screening with a video and an audio question.
struct Setup {
  Client admin;
  std::int64_t candidate = 0, screening = 0, video = 0, audio = 0;
};

Setup make_setup(const e2e::Server& server) {
  Setup s;
  s.admin = e2e::register_org(server, "Uploads Org");
  const auto job = e2e::create_job(s.admin);
  s.candidate = e2e::create_candidate(s.admin);
  e2e::apply(s.admin, job, s.candidate);
  const auto set = e2e::create_question_set(s.admin);
  s.video = e2e::create_question(s.admin, set, "video");
  s.audio = e2e::create_question(s.admin, set, "audio");
  const auto module = e2e::create_module(s.admin, job, {"Video Interview"});
  s.screening = e2e::create_screening(s.admin, s.candidate, job, module, "Video Interview", set);
  return s;
}

std::string answer_path(std::int64_t id) {
  return "/api/v1/interview/answers/" + std::to_string(id) + "/";
}

// A multipart answer with one file part whose part headers are written as given.
e2e::HttpResponse upload(const Client& c, std::int64_t screening, std::int64_t question,
                         const std::string& filename, const std::string& content_type,
                         const std::string& bytes) {
  return e2e::upload_answer(c, screening, question, "video", filename, content_type, bytes);
}

e2e::HttpResponse answer_with_key(const Client& c, std::int64_t screening, std::int64_t question,
                                  const e2e::Json& key) {
  return c.post("/api/v1/interview/answers/",
                e2e::answer_body(screening, question, {{"video_key", key}}));
}

struct Presigned {
  std::string key;
  std::string url;
  e2e::Headers headers;  // what the client must send
};

Presigned presign(const Client& c, const std::string& body) {
  auto r = c.post("/api/v1/interview/get-upload-presigned-url/", body);
  if (r.status != 201) throw std::runtime_error("presign failed: " + r.body);
  Presigned p;
  p.key = e2e::text(r, "key");
  p.url = e2e::text(r, "presigned_upload_url");
  for (auto field : r.json()["headers"].get_object()) {
    p.headers.emplace_back(std::string(field.key), std::string(std::string_view(field.value)));
  }
  return p;
}

std::string path_of(const std::string& url) {
  const auto scheme = url.find("://");
  return url.substr(url.find('/', scheme + 3));
}

// A PUT of `bytes` to a presigned URL of the local backend, with the headers it signed
// (the harness adds Content-Length itself).
e2e::HttpResponse put_local(const e2e::Server& server, const Presigned& p,
                            const std::string& bytes) {
  e2e::Headers headers;
  for (const auto& h : p.headers) {
    if (h.first != "Content-Length") headers.push_back(h);
  }
  return server.request("PUT", path_of(p.url), bytes, headers);
}

// Polls the answer until its media is ready or failed (or 60 s pass).
e2e::HttpResponse wait_processed(const Client& c, std::int64_t answer) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  e2e::HttpResponse r;
  while (std::chrono::steady_clock::now() < deadline) {
    r = c.get(answer_path(answer));
    const std::string_view status = r.json()["media"]["status"];
    if (status == "ready" || status == "failed") return r;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return r;
}

// Polls until the answer's media is "processing"; false when it never is.
bool wait_processing(const Client& c, std::int64_t answer) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    const auto r = c.get(answer_path(answer));
    const std::string_view status = r.json()["media"]["status"];
    if (status == "processing") return true;
    if (status != "pending") return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// Files under the server's media folder (not its own dot-folders), by path.
std::vector<std::string> stored_files(const e2e::Server& server) {
  std::vector<std::string> files;
  const auto root = fs::path(server.dir()) / "media";
  if (!fs::exists(root)) return files;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    if (it->path().filename().string().front() == '.') {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) files.push_back(fs::relative(it->path(), root).string());
  }
  return files;
}

bool log_says(const e2e::Server& server, const std::string& text, std::chrono::seconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < deadline) {
    if (server.log().find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

class Uploads : public e2e::SharedServerTest<Uploads> {};

TEST_F(Uploads, APartContentTypeCannotAddHeaders) {
  auto s = make_setup(*server_);
  const std::string bytes = e2e::read_file(e2e::clip("mp4"));
  for (const std::string& bad : std::vector<std::string>{
           std::string("video/mp4\nX-Injected: yes"), std::string("video/mp4\0x", 11),
           std::string("video/mp4\rx"), std::string("video/mp4; a=\"b\x01\"")}) {
    auto r = upload(s.admin, s.screening, s.video, "a.mp4", bad, bytes);
    EXPECT_EQ(r.status, 415) << r.body;
  }
  EXPECT_EQ(s.admin.get("/api/v1/interview/answers/?screening_id=" + std::to_string(s.screening))
                .header("x-total-count"),
            "0");

  // A valid type with parameters is kept, normalised, and served as it was stored.
  auto r =
      upload(s.admin, s.screening, s.video, "a.mp4", "Video/MP4;  codecs=\"avc1, mp4a\"", bytes);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(std::string_view(r.json()["media"]["content_type"]),
            "video/mp4; codecs=\"avc1, mp4a\"");
  auto video = s.admin.get(answer_path(e2e::id_of(r)) + "video/");
  ASSERT_EQ(video.status, 200);
  EXPECT_EQ(video.header("content-type"), "video/mp4; codecs=\"avc1, mp4a\"");
  EXPECT_EQ(video.header("x-injected"), "");

  // The same rules for a presigned upload's content_type.
  for (const char* bad : {R"("video/mp4\nX-Injected: yes")", R"("video/mp4\u0000x")",
                          R"("video/mp4\rX: y")", R"("video")", R"("text/plain")"}) {
    auto p = s.admin.post("/api/v1/interview/get-upload-presigned-url/",
                          std::string(R"({"video_filename":"a.mp4","content_type":)") + bad + "}");
    EXPECT_EQ(p.status, 400) << bad << " " << p.body;
    EXPECT_FALSE(e2e::errors(p, "content_type").empty()) << bad << " " << p.body;
  }
  auto p =
      presign(s.admin, R"({"video_filename":"b.webm","content_type":"Video/WebM; codecs=vp8"})");
  ASSERT_EQ(p.headers.size(), 1u);
  EXPECT_EQ(p.headers[0].second, "video/webm; codecs=vp8");
}

TEST_F(Uploads, DownloadNamesCannotBreakContentDisposition) {
  auto s = make_setup(*server_);
  const std::string bytes = e2e::read_file(e2e::clip("mp4"));
  auto p =
      presign(s.admin, R"({"video_filename":"take \"2\"; final.mp4","content_type":"video/mp4"})");
  ASSERT_EQ(put_local(*server_, p, bytes).status, 200);
  auto r = answer_with_key(s.admin, s.screening, s.video, p.key);
  ASSERT_EQ(r.status, 201) << r.body;
  auto video = s.admin.get(answer_path(e2e::id_of(r)) + "video/");
  ASSERT_EQ(video.status, 200);
  EXPECT_EQ(video.header("content-disposition"),
            "attachment; filename=\"take \\\"2\\\"; final.mp4\"; "
            "filename*=UTF-8''take%20%222%22%3B%20final.mp4");

  // A key is named by its own organization only, for a question its type fits.
  auto q = presign(s.admin, R"({"video_filename":"other.mp4","content_type":"video/mp4"})");
  ASSERT_EQ(put_local(*server_, q, bytes).status, 200);
  auto t = make_setup(*server_);
  auto foreign = answer_with_key(t.admin, t.screening, t.video, q.key);
  EXPECT_EQ(e2e::errors(foreign, "video_key"),
            std::vector<std::string>{"No uploaded file has this key."});
  auto mismatch = answer_with_key(s.admin, s.screening, s.audio, q.key);
  EXPECT_EQ(e2e::errors(mismatch, "video_key"),
            std::vector<std::string>{"A audio question takes a audio file."});
}

TEST_F(Uploads, NonAsciiNamesAreServedWithFilenameStar) {
  auto s = make_setup(*server_);
  auto p = presign(s.admin, R"({"video_filename":"réponse 日本.mp4","content_type":"video/mp4"})");
  ASSERT_EQ(put_local(*server_, p, e2e::read_file(e2e::clip("mp4"))).status, 200);
  auto r = answer_with_key(s.admin, s.screening, s.video, p.key);
  ASSERT_EQ(r.status, 201) << r.body;
  auto video = s.admin.send("HEAD", answer_path(e2e::id_of(r)) + "video/");
  ASSERT_EQ(video.status, 200);
  EXPECT_EQ(video.header("content-disposition"),
            "attachment; filename=\"r_ponse __.mp4\"; "
            "filename*=UTF-8''r%C3%A9ponse%20%E6%97%A5%E6%9C%AC.mp4");
}

TEST_F(Uploads, APresignedUrlCannotReplaceAnAnswersVideo) {
  auto s = make_setup(*server_);
  const std::string bytes = e2e::read_file(e2e::clip("mp4"));
  auto p = presign(s.admin, R"({"video_filename":"take.mp4","content_type":"video/mp4"})");
  // Before an answer takes it, the URL may be used again (a retried upload).
  ASSERT_EQ(put_local(*server_, p, "first try").status, 200);
  ASSERT_EQ(put_local(*server_, p, bytes).status, 200);
  auto r = answer_with_key(s.admin, s.screening, s.video, p.key);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = e2e::id_of(r);
  ASSERT_EQ(std::string_view(wait_processed(s.admin, id).json()["media"]["status"]), "ready");

  auto again = put_local(*server_, p, "something else entirely");
  EXPECT_EQ(again.status, 403) << again.body;
  auto video = s.admin.get(answer_path(id) + "video/");
  ASSERT_EQ(video.status, 200);
  EXPECT_EQ(video.body, bytes);
  // The key serves no second answer either.
  auto second = answer_with_key(s.admin, s.screening, s.audio, p.key);
  EXPECT_EQ(e2e::errors(second, "video_key"),
            std::vector<std::string>{"This upload already belongs to another answer."});
  // Nor after its answer is gone.
  ASSERT_EQ(s.admin.del(answer_path(id)).status, 204);
  EXPECT_EQ(put_local(*server_, p, bytes).status, 403);
  EXPECT_FALSE(
      e2e::errors(answer_with_key(s.admin, s.screening, s.video, p.key), "video_key").empty());
}

TEST_F(Uploads, OnlyKeysIssuedForUploadsMayBeNamed) {
  auto s = make_setup(*server_);
  auto p = presign(s.admin, R"({"video_filename":"source.mp4","content_type":"video/mp4"})");
  ASSERT_EQ(put_local(*server_, p, e2e::read_file(e2e::clip("mp4"))).status, 200);
  auto r = answer_with_key(s.admin, s.screening, s.video, p.key);
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_EQ(std::string_view(wait_processed(s.admin, e2e::id_of(r)).json()["media"]["status"]),
            "ready");
  const auto before = stored_files(*server_);
  // Derived files in the upload's folder, wherever a worker put them, and the answer's
  // own files: none of them was made for an upload.
  const std::string folder = p.key.substr(0, p.key.rfind('/') + 1);
  std::vector<std::string> keys = {folder + "thumbnail.jpg", folder + "audio.m4a",
                                   folder + "derived/thumbnail.jpg", folder + "derived/audio.m4a"};
  const std::string org = std::to_string(s.admin.org_id) + "/";
  for (const auto& file : before) {
    if (file.rfind(org, 0) == 0) keys.push_back(file);
  }
  for (const auto& key : keys) {
    auto named = answer_with_key(s.admin, s.screening, s.audio, key);
    EXPECT_EQ(named.status, 400) << key << " " << named.body;
    EXPECT_FALSE(e2e::errors(named, "video_key").empty()) << key << " " << named.body;
  }
  EXPECT_EQ(stored_files(*server_), before);
}

TEST_F(Uploads, MalformedVideoKeysAreBadRequests) {
  auto s = make_setup(*server_);
  const std::string org = std::to_string(s.admin.org_id);
  for (const std::string& key : std::vector<std::string>{
           org + "/answers/../../x.mp4", org + "/answers/x/../y.mp4", org + "/answers//x.mp4",
           "/" + org + "/answers/x/y.mp4", org + "/answers/./y.mp4",
           org + "/answers/x/y.mp4\\u0001", org + "/answers/x/y.mp4\\u0000", std::string(1025, 'a'),
           "", ".", org + "/answers/x/"}) {
    // The keys are JSON text: "\\u0001" is sent as an escape.
    auto r = answer_with_key(s.admin, s.screening, s.video, e2e::Json::raw("\"" + key + "\""));
    EXPECT_EQ(r.status, 400) << key << " " << r.body;
    EXPECT_FALSE(e2e::errors(r, "video_key").empty()) << key << " " << r.body;
  }
  EXPECT_EQ(server_->request("GET", "/healthz").status, 200);
}

TEST_F(Uploads, APresignedUrlSignsTheDeclaredLength) {
  auto s = make_setup(*server_);
  const std::string bytes = e2e::read_file(e2e::clip("mp4"));
  auto p = presign(s.admin, e2e::Object{{"video_filename", "sized.mp4"},
                                        {"content_type", "video/mp4"},
                                        {"content_length", bytes.size()}});
  EXPECT_NE(p.url.find("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost"),
            std::string::npos)
      << p.url;
  EXPECT_EQ(p.headers, (e2e::Headers{{"Content-Length", std::to_string(bytes.size())},
                                     {"Content-Type", "video/mp4"}}));
  EXPECT_EQ(put_local(*server_, p, bytes + "x").status, 403);
  EXPECT_EQ(put_local(*server_, p, bytes.substr(1)).status, 403);
  EXPECT_EQ(put_local(*server_, p, bytes).status, 200);
  auto r = answer_with_key(s.admin, s.screening, s.video, p.key);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(std::int64_t(r.json()["media"]["size"]), static_cast<std::int64_t>(bytes.size()));

  auto bad = [&](const std::string& length) {
    auto r = s.admin.post("/api/v1/interview/get-upload-presigned-url/",
                          e2e::Object{{"video_filename", "a.mp4"},
                                      {"content_type", "video/mp4"},
                                      {"content_length", e2e::Json::raw(length)}});
    EXPECT_EQ(r.status, 400) << length << " " << r.body;
    EXPECT_FALSE(e2e::errors(r, "content_length").empty()) << length << " " << r.body;
  };
  for (const char* length :
       {"0", "-1", "1.5", "\"12\"", "true", "536870913", "18446744073709551615"}) {
    bad(length);
  }
}

TEST(UploadLimits, AnUploadOverTheLimitIsRefusedWhenAnAnswerNamesIt) {
  // The folder backend caps the PUT itself; what it stored under a larger limit is
  // checked again when an answer names it.
  e2e::Server server({{"--max-upload-bytes", "100000"}});
  auto s = make_setup(server);
  auto p = presign(s.admin, R"({"video_filename":"big.mp4","content_type":"video/mp4"})");
  ASSERT_EQ(put_local(server, p, std::string(60000, 'x')).status, 200);
  ASSERT_EQ(stored_files(server).size(), 1u);
  auto too_long = s.admin.post(
      "/api/v1/interview/get-upload-presigned-url/",
      R"({"video_filename":"a.mp4","content_type":"video/mp4","content_length":100001})");
  EXPECT_EQ(e2e::errors(too_long, "content_length"),
            std::vector<std::string>{"Ensure this value is less than or equal to 100000."});

  server.restart({"--max-upload-bytes", "20000"});
  Client admin = s.admin;
  admin.server = &server;
  auto r = answer_with_key(admin, s.screening, s.video, p.key);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_FALSE(e2e::text(r, "detail").empty());
  EXPECT_TRUE(stored_files(server).empty());  // nothing kept
}

// The slow clip keeps a worker busy for seconds; the answer (or its candidate) is
// deleted meanwhile. Its files must all be gone once the job has ended.
void delete_while_processing(bool whole_candidate) {
  e2e::Server server({{"--media-workers", "1"}});
  auto s = make_setup(server);
  const auto before = stored_files(server);
  auto r = upload(s.admin, s.screening, s.video, "slow.mkv", "video/x-matroska",
                  e2e::read_file(e2e::clip("slow")));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = e2e::id_of(r);
  ASSERT_TRUE(wait_processing(s.admin, id)) << "the job was not caught while processing";
  const auto target =
      whole_candidate ? "/api/v1/candidates/" + std::to_string(s.candidate) + "/" : answer_path(id);
  ASSERT_EQ(s.admin.del(target).status, 204);
  EXPECT_EQ(s.admin.get(answer_path(id)).status, 404);
  EXPECT_TRUE(log_says(server, "was deleted while it was processed", std::chrono::seconds(90)))
      << server.log();
  EXPECT_EQ(stored_files(server), before);
}

TEST(UploadErasure, ErasingACandidateWinsAgainstARunningJob) {
  delete_while_processing(true);
}

TEST(UploadErasure, DeletingAnAnswerWinsAgainstARunningJob) {
  delete_while_processing(false);
}

TEST(UploadErrors, MediaErrorNamesNoServerPath) {
  e2e::Server server({{"--media-workers", "0"}});
  auto s = make_setup(server);
  auto r =
      upload(s.admin, s.screening, s.video, "a.mp4", "video/mp4", e2e::read_file(e2e::clip("mp4")));
  ASSERT_EQ(r.status, 201) << r.body;
  server.stop();
  // The worker's scratch folders go into the spool folder: make it one where nothing
  // can be created, so that the job fails with a message naming server paths.
  const auto spool = fs::path(server.dir()) / "media" / ".spool";
  fs::remove_all(spool);
  fs::create_directory_symlink("/proc/self", spool);
  server.restart({"--media-workers", "1"});
  Client admin = s.admin;
  admin.server = &server;
  std::string error;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (error.empty() && std::chrono::steady_clock::now() < deadline) {
    auto a = admin.get(answer_path(e2e::id_of(r)));
    std::string_view e;
    if (!a.json()["media"]["error"].get(e)) error = std::string(e);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_FALSE(error.empty()) << "the job never failed";
  EXPECT_EQ(error.find('/'), std::string::npos) << error;
  EXPECT_EQ(error.find(server.dir()), std::string::npos) << error;
  // The log has the whole story.
  EXPECT_NE(server.log().find(spool.string()), std::string::npos);
  fs::remove(spool);
}

}  // namespace

// The same on the S3 backend (s3rver, started by the ctest fixture; suites named
// S3Answers run only there).
namespace {

struct S3Store {
  std::string url;  // STORAGE_URL
  std::uint16_t port = 0;
  std::string bucket;
};

std::optional<S3Store> s3_store() {
  const char* url_file = std::getenv("S3_TEST_URL_FILE");
  if (!url_file) return std::nullopt;
  S3Store s;
  s.url = e2e::read_file(url_file);
  while (!s.url.empty() && (s.url.back() == '\n' || s.url.back() == '\r')) s.url.pop_back();
  s.bucket = s.url.substr(5, s.url.find('?') - 5);
  const std::string marker = "endpoint=http://127.0.0.1:";
  const auto at = s.url.find(marker);
  if (at == std::string::npos) return std::nullopt;
  s.port = static_cast<std::uint16_t>(std::stoi(s.url.substr(at + marker.size())));
  return s;
}

// One request to s3rver; its status.
int s3_request(const S3Store& store, const std::string& method, const std::string& target,
               const std::string& body, const e2e::Headers& headers) {
  e2e::RawConnection c(store.port);
  std::string req = method + " " + target +
                    " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(store.port) +
                    "\r\nConnection: close\r\n";
  for (const auto& [k, v] : headers) {
    if (k != "Content-Length") req += k + ": " + v + "\r\n";
  }
  req += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  c.send(req + body);
  c.read_until_closed(std::chrono::seconds(30));
  return e2e::status_of(c.received);
}

int s3_put(const S3Store& store, const Presigned& p, const std::string& bytes) {
  return s3_request(store, "PUT", path_of(p.url), bytes, p.headers);
}

// Whether the bucket holds `key` (s3rver answers unsigned requests).
bool s3_has(const S3Store& store, const std::string& key) {
  std::string encoded;
  for (char c : key) encoded += c == ' ' ? std::string("%20") : std::string(1, c);
  return s3_request(store, "HEAD", "/" + store.bucket + "/" + encoded, "", {}) == 200;
}

TEST(S3Answers, APresignedUploadIsCopiedAndCannotReplaceTheAnswer) {
  auto store = s3_store();
  if (!store) GTEST_SKIP() << "no S3 store (S3_TEST_URL_FILE is set by the s3 fixture)";
  e2e::Server server(e2e::ServerOptions({}, store->url));
  auto s = make_setup(server);
  const std::string bytes = e2e::read_file(e2e::clip("mp4"));
  auto p = presign(s.admin, R"({"video_filename":"direct.mp4","content_type":"video/mp4"})");
  ASSERT_EQ(s3_put(*store, p, bytes), 200);
  auto r = answer_with_key(s.admin, s.screening, s.video, p.key);
  ASSERT_EQ(r.status, 201) << r.body;
  const auto id = e2e::id_of(r);
  ASSERT_EQ(std::string_view(wait_processed(s.admin, id).json()["media"]["status"]), "ready");
  // The upload is gone from the bucket: the answer has its own copy.
  EXPECT_FALSE(s3_has(*store, p.key));

  // The store takes a second PUT (nothing can stop that), but the answer is not changed.
  ASSERT_EQ(s3_put(*store, p, "replaced"), 200);
  auto video = s.admin.get(answer_path(id) + "video/");
  ASSERT_EQ(video.status, 200);
  EXPECT_EQ(video.body, bytes);
  EXPECT_EQ(e2e::errors(answer_with_key(s.admin, s.screening, s.audio, p.key), "video_key"),
            std::vector<std::string>{"This upload already belongs to another answer."});
  // Deleting the answer removes whatever was put under the upload's key too.
  ASSERT_EQ(s.admin.del(answer_path(id)).status, 204);
  EXPECT_FALSE(s3_has(*store, p.key));
}

TEST(S3Answers, AnUploadOverTheLimitIsRefusedAndRemoved) {
  auto store = s3_store();
  if (!store) GTEST_SKIP() << "no S3 store (S3_TEST_URL_FILE is set by the s3 fixture)";
  e2e::Server server(e2e::ServerOptions({"--max-upload-bytes", "20000"}, store->url));
  auto s = make_setup(server);
  // A declared length is signed; one over the limit gets no URL.
  auto sized = presign(s.admin, R"({"video_filename":"s.mp4","content_type":"video/mp4",)"
                                R"("content_length":20000})");
  EXPECT_NE(sized.url.find("X-Amz-SignedHeaders=content-length%3Bcontent-type%3Bhost"),
            std::string::npos)
      << sized.url;
  EXPECT_EQ(sized.headers[0], (std::pair<std::string, std::string>{"Content-Length", "20000"}));
  auto over = s.admin.post(
      "/api/v1/interview/get-upload-presigned-url/",
      R"({"video_filename":"a.mp4","content_type":"video/mp4","content_length":20001})");
  EXPECT_FALSE(e2e::errors(over, "content_length").empty()) << over.body;

  // Without a declared length the store takes anything; the answer does not.
  auto p = presign(s.admin, R"({"video_filename":"big.mp4","content_type":"video/mp4"})");
  ASSERT_EQ(s3_put(*store, p, std::string(60000, 'x')), 200);
  ASSERT_TRUE(s3_has(*store, p.key));
  auto r = answer_with_key(s.admin, s.screening, s.video, p.key);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_FALSE(e2e::text(r, "detail").empty());
  EXPECT_FALSE(s3_has(*store, p.key));  // nothing kept
  EXPECT_EQ(s.admin.get("/api/v1/interview/answers/?screening_id=" + std::to_string(s.screening))
                .header("x-total-count"),
            "0");
}

// Entries of `dir` whose names start with `prefix`.
std::size_t entries(const fs::path& dir, const std::string& prefix) {
  std::size_t n = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().rfind(prefix, 0) == 0) ++n;
  }
  return n;
}

TEST(S3Answers, VideoDownloadsAreStreamedNotCopied) {
  auto store = s3_store();
  if (!store) GTEST_SKIP() << "no S3 store (S3_TEST_URL_FILE is set by the s3 fixture)";
  // The server's spool folder for S3 is $TMPDIR/interviewd-spool: one of its own here.
  char tmpl[] = "/tmp/interviewd-e2e-tmpdir-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  const fs::path tmpdir = tmpl;
  const char* old_tmpdir = std::getenv("TMPDIR");
  const std::string saved = old_tmpdir ? old_tmpdir : "";
  ::setenv("TMPDIR", tmpdir.c_str(), 1);
  {
    e2e::Server server(e2e::ServerOptions({}, store->url));
    auto s = make_setup(server);
    // 20 MiB: more than the connection's buffers hold, so a client that stops reading
    // holds the response midway.
    std::string bytes(20 * 1024 * 1024, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      bytes[i] = static_cast<char>((i * 131 + i / 4093) & 0xff);
    }
    auto r = upload(s.admin, s.screening, s.video, "big.mp4", "video/mp4", bytes);
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string target = answer_path(e2e::id_of(r)) + "video/";

    e2e::RawConnection c(server.port());
    ASSERT_TRUE(c.send("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token " +
                       s.admin.token + "\r\nConnection: close\r\n\r\n"));
    // The head comes before the object has been read whole...
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (c.received.find("\r\n\r\n") == std::string::npos &&
           std::chrono::steady_clock::now() < deadline) {
      c.read_until_closed(std::chrono::milliseconds(50));
    }
    ASSERT_NE(c.received.find("\r\n\r\n"), std::string::npos) << c.received.substr(0, 300) << "\n"
                                                              << server.log();
    EXPECT_EQ(e2e::status_of(c.received), 200);
    // ...and while the client does not read, no copy of the object waits on disk.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(entries(tmpdir / "interviewd-spool", "download-"), 0u);
    ASSERT_TRUE(c.read_until_closed(std::chrono::seconds(60)));
    const auto head_end = c.received.find("\r\n\r\n");
    EXPECT_EQ(c.received.size() - head_end - 4, bytes.size());
    EXPECT_TRUE(c.received.compare(head_end + 4, std::string::npos, bytes) == 0);

    // A range across pieces, and HEAD.
    auto part = s.admin.send("GET", target, "", {{"Range", "bytes=1000000-3200000"}});
    ASSERT_EQ(part.status, 206);
    EXPECT_TRUE(part.body == bytes.substr(1000000, 2200001));
    auto head = s.admin.send("HEAD", target);
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.header("content-length"), std::to_string(bytes.size()));
    EXPECT_EQ(entries(tmpdir / "interviewd-spool", "download-"), 0u);
  }
  if (old_tmpdir) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
  fs::remove_all(tmpdir);
}

}  // namespace

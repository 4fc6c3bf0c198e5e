// Idempotency-Key (app/idempotency.hpp): the key's validation and scope, the request's
// fingerprint, what is stored, and the claim's life on a real SQLite database: replay,
// 409 while it runs, 422 for another request, a 5xx or a failed handler letting the key
// go, a dead holder's claim taken over, renewal, and expiry.
#include "app/idempotency.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "db/migrator.hpp"
#include "db/sqlite_connection.hpp"
#include "log_sink.hpp"
#include "util/crypto.hpp"

namespace {

namespace idem = app::idempotency;
using domain::ErrorCode;

web::Request keyed(std::vector<std::string> keys, std::string method = "POST") {
  web::Request req;
  req.method = std::move(method);
  req.path = "/api/v1/jobs/";
  req.body = R"({"title":"Engineer"})";
  req.idempotency_keys = std::move(keys);
  return req;
}

domain::Principal user(std::int64_t id) {
  domain::Principal who;
  who.user_id = id;
  who.org_id = 1;
  who.token_id = 7;
  who.role = domain::Role::kAdmin;
  return who;
}

TEST(IdempotencyKey, IsTakenFromWritesOfACaller) {
  const auto who = user(5);
  auto key = idem::key_of(keyed({"k-1"}), &who);
  ASSERT_TRUE(key);
  ASSERT_TRUE(key->has_value());
  EXPECT_EQ((*key)->row.scope, "user:5");
  EXPECT_EQ((*key)->row.key, idem::derive("user:5", "k-1").row.key);
  for (const char* method : {"PUT", "PATCH", "DELETE"}) {
    EXPECT_TRUE(idem::key_of(keyed({"k"}, method), &who)->has_value()) << method;
  }
  // Reads, requests without a key, and requests without a caller have none.
  for (const char* method : {"GET", "HEAD", "OPTIONS"}) {
    EXPECT_FALSE(idem::key_of(keyed({"k"}, method), &who)->has_value()) << method;
  }
  EXPECT_FALSE(idem::key_of(keyed({}), &who)->has_value());
  EXPECT_FALSE(idem::key_of(keyed({"k"}), nullptr)->has_value());
  EXPECT_FALSE(idem::key_of(keyed({""}), nullptr)->has_value());  // nothing to scope it to
  // A candidate's keys are their invitation's.
  domain::Principal candidate;
  candidate.org_id = 1;
  candidate.invitation_id = 9;
  EXPECT_EQ(idem::key_of(keyed({"k"}), &candidate)->value().row.scope, "invitation:9");
}

TEST(IdempotencyKey, IsOneToTwoHundredFiftyFivePrintableAsciiCharacters) {
  const auto who = user(1);
  std::string printable;
  for (char c = 0x20; c < 0x7f; ++c) printable += c;
  for (const std::string& good :
       {std::string("a"), std::string(255, 'x'), printable,
        std::string("8e03978e-40d5-43e8-bc93-6894a57f9324"), std::string("\"quoted\"")}) {
    auto key = idem::key_of(keyed({good}), &who);
    ASSERT_TRUE(key) << good;
    EXPECT_EQ(key->value().row.key, idem::derive("user:1", good).row.key);
  }
  const std::vector<std::vector<std::string>> bad = {
      {""},           {std::string(256, 'x')}, {"tab\there"}, {"del\x7f"}, {"caf\xc3\xa9"},
      {"nul", "two"}, {"same", "same"},        {"new\nline"}};
  for (const auto& keys : bad) {
    auto key = idem::key_of(keyed(keys), &who);
    ASSERT_FALSE(key) << keys.front();
    EXPECT_EQ(key.error().code, ErrorCode::kBadRequest);
    EXPECT_EQ(key.error().detail, idem::kMalformed);
  }
}

TEST(IdempotencyKey, NamesItsRowByADigestAndKeepsASecretOutOfIt) {
  const auto key = idem::derive("user:1", "8e03978e-40d5-43e8-bc93-6894a57f9324");
  EXPECT_EQ(key.row.scope, "user:1");
  EXPECT_EQ(key.row.key.size(), 64u);
  EXPECT_EQ(key.row.key.find("8e03978e"), std::string::npos);
  EXPECT_EQ(key.secret.size(), 32u);
  EXPECT_EQ(idem::derive("user:1", "8e03978e-40d5-43e8-bc93-6894a57f9324").row.key, key.row.key);
  EXPECT_EQ(idem::derive("user:1", "8e03978e-40d5-43e8-bc93-6894a57f9324").secret, key.secret);
  // Another caller's key of the same name, or another key, is unrelated.
  for (const auto& other : {idem::derive("user:2", "8e03978e-40d5-43e8-bc93-6894a57f9324"),
                            idem::derive("invitation:1", "8e03978e-40d5-43e8-bc93-6894a57f9324"),
                            idem::derive("user:1", "8e03978e-40d5-43e8-bc93-6894a57f9325")}) {
    EXPECT_NE(other.row.key, key.row.key);
    EXPECT_NE(other.secret, key.secret);
  }
}

TEST(IdempotencyFingerprint, NamesMethodPathQueryProtocolHeadersAndBody) {
  const web::Request base = keyed({"k"});
  const auto key = idem::derive("user:1", "k");
  const std::string print = idem::fingerprint(base, key);
  EXPECT_EQ(print.size(), 64u);
  EXPECT_EQ(idem::fingerprint(base, key), print);
  // Keyed by the key's secret: the same request under another key gives another one.
  EXPECT_NE(idem::fingerprint(base, idem::derive("user:1", "k2")), print);
  // The key is not part of it, nor are headers that do not change the request.
  web::Request other_key = base;
  other_key.idempotency_keys = {"another"};
  other_key.request_id = "r";
  other_key.authorization = "Token x";
  EXPECT_EQ(idem::fingerprint(other_key, key), print);

  auto differs = [&](auto change) {
    web::Request r = base;
    change(r);
    return idem::fingerprint(r, key) != print;
  };
  EXPECT_TRUE(differs([](web::Request& r) { r.method = "PUT"; }));
  EXPECT_TRUE(differs([](web::Request& r) { r.path = "/api/v1/candidates/"; }));
  EXPECT_TRUE(differs([](web::Request& r) { r.raw_query = "a=1"; }));
  EXPECT_TRUE(differs([](web::Request& r) { r.body = R"({"title":"Engineers"})"; }));
  EXPECT_TRUE(differs([](web::Request& r) { r.body += " "; }));
  EXPECT_TRUE(differs([](web::Request& r) { r.protocol_headers = {{"Upload-Offset", "0"}}; }));
  EXPECT_TRUE(differs([](web::Request& r) { r.form = {{"screening", "1"}}; }));
  // Parts are length-prefixed: moving bytes from one part to the next changes it.
  web::Request a = base, b = base;
  a.path = "/x";
  a.body = "yz";
  b.path = "/xy";
  b.body = "z";
  EXPECT_NE(idem::fingerprint(a, key), idem::fingerprint(b, key));
  // The method that X-HTTP-Method-Override named is the method already.
  web::Request overridden = base;
  overridden.protocol_headers = {{"X-HTTP-Method-Override", "POST"}};
  EXPECT_EQ(idem::fingerprint(overridden, key), print);
}

TEST(IdempotencyFingerprint, OfAStreamedBodyIsItsFileContent) {
  const std::string dir = "/tmp/interviewd-idem-fp-" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  auto file = [&](const std::string& name, const std::string& bytes) {
    std::ofstream(dir + "/" + name, std::ios::binary) << bytes;
    return dir + "/" + name;
  };
  const auto key = idem::derive("user:1", "k");
  web::Request req = keyed({"k"});
  req.body.clear();
  req.form = {{"screening", "1"}, {"question", "2"}};
  req.upload = web::Upload{"video", "a.webm", "video/webm", file("one", "bytes"), 5};
  const std::string print = idem::fingerprint(req, key);
  req.upload->path = file("two", "bytes");  // another spool file, the same bytes
  EXPECT_EQ(idem::fingerprint(req, key), print);
  req.upload->path = file("three", "bytez");
  EXPECT_NE(idem::fingerprint(req, key), print);
  req.upload->path = file("two", "bytes");
  req.upload->filename = "b.webm";
  EXPECT_NE(idem::fingerprint(req, key), print);
  req.upload->path = dir + "/missing";
  EXPECT_THROW(idem::fingerprint(req, key), std::runtime_error);
  std::filesystem::remove_all(dir);
}

TEST(IdempotencyStore, KeepsPlainResponsesBelow500) {
  const idem::Headers headers = {{"Location", "http://x/api/v1/uploads/tus/abc"},
                                 {"Upload-Offset", "10"}};
  EXPECT_EQ(idem::decode_headers(idem::encode_headers(headers)), headers);
  EXPECT_TRUE(idem::decode_headers("").empty());

  auto res = web::Response::json(201, R"({"id":1,"name":"Zoë"})");
  EXPECT_TRUE(idem::storable(res));
  EXPECT_TRUE(idem::storable(web::Response::no_content()));
  EXPECT_TRUE(idem::storable(web::Response::json(409, R"({"detail":"x"})")));
  EXPECT_TRUE(idem::storable(web::Response::json(200, std::string("a\0b\xff", 4))));
  for (unsigned status : {500u, 502u, 503u}) {
    EXPECT_FALSE(idem::storable(web::Response::json(status, "{}"))) << status;
  }
  auto file = res;
  file.file = web::FileBody{"/tmp/x", 0, 1, false};
  EXPECT_FALSE(idem::storable(file));
  auto stream = res;
  stream.stream = web::StreamBody{};
  EXPECT_FALSE(idem::storable(stream));
  auto folded = res;
  folded.headers = {{"X-Odd", "a\r\nb"}};
  EXPECT_FALSE(idem::storable(folded));
}

TEST(IdempotencyStore, SealsTheResponseUnderTheKey) {
  const auto key = idem::derive("user:1", "k");
  auto res = web::Response::json(201, R"({"url":"https://h/i/secret-token"})");
  res.headers = {{"Location", "https://h/api/v1/uploads/tus/abc"}};
  const auto stored = idem::seal_response(res, key);
  EXPECT_EQ(stored.status, 201);
  EXPECT_EQ(stored.content_type, "application/json");
  EXPECT_EQ(stored.body.find("secret-token"), std::string::npos);
  EXPECT_EQ(stored.headers.find("uploads"), std::string::npos);
  auto opened = idem::open_response(stored, key);
  ASSERT_TRUE(opened);
  EXPECT_EQ(opened->status, 201u);
  EXPECT_EQ(opened->body, res.body);
  EXPECT_EQ(opened->headers, res.headers);
  // Another key opens nothing, nor does a changed byte.
  EXPECT_FALSE(idem::open_response(stored, idem::derive("user:2", "k")));
  auto changed = stored;
  changed.body[changed.body.size() / 2] ^= 1;
  EXPECT_FALSE(idem::open_response(changed, key));
  // An empty body too.
  auto empty = idem::open_response(idem::seal_response(web::Response::no_content(), key), key);
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->body, "");
  // The sealing itself: a fresh nonce each time.
  const std::string aes_key(32, 'k');
  EXPECT_NE(util::seal(aes_key, "same"), util::seal(aes_key, "same"));
  EXPECT_EQ(util::unseal(aes_key, util::seal(aes_key, "same")), "same");
  EXPECT_FALSE(util::unseal(aes_key, "short"));
  EXPECT_FALSE(util::unseal(std::string(32, 'x'), util::seal(aes_key, "same")));
}

class IdempotencyClaims : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = "/tmp/interviewd-idem-test-" + std::to_string(::getpid()) + ".sqlite3";
    remove_files();
    conn_ = std::make_unique<db::SqliteConnection>(path_);
    db::migrate(*conn_);
  }
  void TearDown() override {
    conn_.reset();
    remove_files();
  }
  void remove_files() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  std::unique_ptr<app::Idempotency> make(app::IdempotencyOptions options = {}) {
    const std::string path = path_;
    return std::make_unique<app::Idempotency>(
        [path] { return std::make_unique<db::SqliteConnection>(path); }, options, logger_);
  }
  void sql(const char* statement) { static_cast<db::Connection&>(*conn_).execute(statement); }
  std::int64_t rows() { return *db::scalar_int(*conn_, "SELECT COUNT(*) FROM idempotency_keys"); }
  std::int64_t deadline() {
    return *db::scalar_int(*conn_, "SELECT locked_until_ms FROM idempotency_keys");
  }

  std::string path_;
  std::unique_ptr<db::SqliteConnection> conn_;
  unit::LogSink sink_;
  web::Logger logger_{web::LogFormat::kJson, sink_.file};
  const idem::Key key_ = idem::derive("user:1", "k");
};

TEST_F(IdempotencyClaims, FirstRunsThenReplaysByteForByte) {
  auto idempotency = make();
  auto first = idempotency->start(*conn_, key_, "fp");
  ASSERT_TRUE(first);
  ASSERT_TRUE(first->claim);
  EXPECT_FALSE(first->replay);
  EXPECT_TRUE(idempotency->known(*conn_, key_));
  EXPECT_FALSE(idempotency->known(*conn_, idem::derive("user:1", "other")));

  // While it runs: the same request is told so, another is refused.
  auto running = idempotency->start(*conn_, key_, "fp");
  ASSERT_FALSE(running);
  EXPECT_EQ(running.error().code, ErrorCode::kConflict);
  EXPECT_EQ(running.error().detail, idem::kInProgress);
  auto other = idempotency->start(*conn_, key_, "another");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, ErrorCode::kUnprocessable);
  EXPECT_EQ(other.error().detail, idem::kReused);

  web::Response created = web::Response::json(201, R"({"id":1})");
  created.headers = {{"Location", "http://h/api/v1/uploads/tus/abc"}};
  first->claim->finish(created);
  first->claim.reset();
  auto again = idempotency->start(*conn_, key_, "fp");
  ASSERT_TRUE(again);
  ASSERT_TRUE(again->replay);
  EXPECT_FALSE(again->claim);
  EXPECT_EQ(again->replay->status, 201u);
  EXPECT_EQ(again->replay->body, created.body);
  EXPECT_EQ(again->replay->content_type, "application/json");
  const idem::Headers replayed = {{"Location", "http://h/api/v1/uploads/tus/abc"},
                                  {"Idempotent-Replayed", "true"}};
  EXPECT_EQ(again->replay->headers, replayed);
  EXPECT_EQ(idempotency->start(*conn_, key_, "another").error().code, ErrorCode::kUnprocessable);
  // Another caller's key of the same name is another key.
  EXPECT_TRUE(idempotency->start(*conn_, idem::derive("invitation:1", "k"), "fp")->claim);
}

TEST_F(IdempotencyClaims, ARowChangedByHandIsNeverServed) {
  auto idempotency = make();
  idempotency->start(*conn_, key_, "fp")->claim->finish(web::Response::json(201, R"({"id":1})"));
  sql("UPDATE idempotency_keys SET body = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'");
  EXPECT_THROW(idempotency->start(*conn_, key_, "fp"), std::runtime_error);
}

TEST_F(IdempotencyClaims, A5xxOrAFailedHandlerLetsTheKeyGo) {
  auto idempotency = make();
  {
    auto first = idempotency->start(*conn_, key_, "fp");
    first->claim->finish(web::Response::json(503, R"({"detail":"busy"})"));
  }
  EXPECT_EQ(rows(), 0);
  {
    auto second = idempotency->start(*conn_, key_, "fp");
    ASSERT_TRUE(second->claim);  // runs again
    // The handler threw: the claim goes without a response.
  }
  EXPECT_EQ(rows(), 0);
  EXPECT_FALSE(idempotency->known(*conn_, key_));
  // Another request may use the key now.
  EXPECT_TRUE(idempotency->start(*conn_, key_, "another")->claim);
}

TEST_F(IdempotencyClaims, ADeadHoldersClaimIsTakenOverAfterItsDeadline) {
  auto idempotency = make();
  auto dead = idempotency->start(*conn_, key_, "fp");
  ASSERT_TRUE(dead->claim);
  // Its node died: the deadline passes without renewal.
  sql("UPDATE idempotency_keys SET locked_until_ms = locked_until_ms - 60000");
  EXPECT_EQ(idempotency->start(*conn_, key_, "another").error().code, ErrorCode::kUnprocessable);
  auto next = idempotency->start(*conn_, key_, "fp");
  ASSERT_TRUE(next);
  ASSERT_TRUE(next->claim);
  next->claim->finish(web::Response::json(200, "{}"));
  // The first holder's late answer is not stored over the new one, nor does its end
  // remove the row.
  dead->claim->finish(web::Response::json(201, R"({"late":true})"));
  dead->claim.reset();
  auto replay = idempotency->start(*conn_, key_, "fp");
  ASSERT_TRUE(replay->replay);
  EXPECT_EQ(replay->replay->body, "{}");
}

TEST_F(IdempotencyClaims, ARunningClaimIsRenewed) {
  app::IdempotencyOptions options;
  options.lease = std::chrono::milliseconds(2000);
  auto idempotency = make(options);
  auto first = idempotency->start(*conn_, key_, "fp");
  const std::int64_t before = deadline();
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  idempotency->renew_claims();
  EXPECT_GT(deadline(), before);
  // A claim that was taken over is not renewed by its first holder.
  sql("UPDATE idempotency_keys SET holder = 'someone-else', locked_until_ms = 1");
  idempotency->renew_claims();
  EXPECT_EQ(deadline(), 1);
}

TEST_F(IdempotencyClaims, ExpiredKeysAreProcessedAnewAndRemoved) {
  auto idempotency = make();
  idempotency->start(*conn_, key_, "fp")->claim->finish(web::Response::json(201, "{}"));
  sql("UPDATE idempotency_keys SET expires_ms = 0");
  EXPECT_FALSE(idempotency->known(*conn_, key_));
  auto fresh = idempotency->start(*conn_, key_, "another");
  ASSERT_TRUE(fresh);
  ASSERT_TRUE(fresh->claim);
  fresh->claim->finish(web::Response::json(201, R"({"new":1})"));

  // The background round removes expired rows in batches, never a claim that runs.
  app::IdempotencyOptions options;
  options.prune_batch = 2;
  auto pruning = make(options);
  for (int i = 0; i < 5; ++i) {
    pruning->start(*conn_, idem::derive("user:2", std::to_string(i)), "fp")
        ->claim->finish(web::Response::json(201, "{}"));
  }
  auto running = pruning->start(*conn_, idem::derive("user:3", "running"), "fp");
  sql("UPDATE idempotency_keys SET expires_ms = 0 WHERE scope <> 'user:1'");
  EXPECT_EQ(pruning->prune_expired(), 5);
  EXPECT_EQ(rows(), 2);  // user:1's fresh key and the running claim
  EXPECT_TRUE(idempotency->start(*conn_, key_, "another")->replay);
}

}  // namespace

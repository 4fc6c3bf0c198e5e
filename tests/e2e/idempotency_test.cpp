// Idempotency-Key end to end (API.md, "Idempotency-Key"): a replay byte for byte with
// one effect, 422 for another request under the same key, keys scoped to their caller
// (users and candidates), stored 4xx, malformed keys, 64 requests at once, two nodes on
// one database, expiry, a dead node's claim, a 5xx that is not stored, and tus uploads
// (a multipart upload and a tus PATCH are fingerprinted by their bytes).
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "app/idempotency.hpp"
#include "clips.hpp"
#include "db/database_url.hpp"
#include "db/postgres_connection.hpp"
#include "fixtures.hpp"
#include "invitation_helpers.hpp"
#include "util/crypto.hpp"

namespace {

using e2e::Client;
using e2e::Headers;
using e2e::HttpResponse;
using e2e::Object;

constexpr const char* kJobs = "/api/v1/jobs/";
constexpr const char* kTus = "/api/v1/uploads/tus/";
constexpr const char* kReused = R"({"detail":"Idempotency-Key reused with a different request."})";
constexpr const char* kInProgress =
    R"({"detail":"A request with this Idempotency-Key is in progress."})";
constexpr const char* kMalformed =
    R"({"detail":"Idempotency-Key must be one header of 1 to 255 printable ASCII characters."})";

HttpResponse keyed(const Client& c, const std::string& method, const std::string& target,
                   const std::string& key, const std::string& body = "", Headers extra = {}) {
  extra.emplace_back("Idempotency-Key", key);
  return c.send(method, target, body, extra);
}

std::int64_t count_of(const Client& c, const std::string& list) {
  return std::stoll(c.get(list + "?limit=1").header("x-total-count"));
}

bool replayed(const HttpResponse& r) {
  return r.header("idempotent-replayed") == "true";
}

// The condition that picks the row of `key` sent by `c` (the table holds a digest of it).
std::string row_of(const Client& c, const std::string& key) {
  const auto k = app::idempotency::derive("user:" + std::to_string(c.user_id), key);
  return "idem_key = '" + k.row.key + "'";
}

// Runs a statement on the server's database (through database_rows, which returns rows).
void sql(const e2e::Server& server, const std::string& statement) {
  e2e::database_rows(server, statement + " RETURNING id");
}

class Idempotency : public e2e::SharedServerTest<Idempotency> {
 public:
  // Rate limits on, to see that a replay carries the current request's.
  static e2e::ServerOptions server_options() {
    return e2e::ServerOptions({"--rate-limit", "100000"});
  }
};

TEST_F(Idempotency, ReplaysByteForByteWithOneEffect) {
  auto admin = e2e::register_org(*server_, "Idempotent Org");
  const std::string body = R"({"title":"Engineer","description":"Builds things"})";
  auto first = keyed(admin, "POST", kJobs, "create-job-1", body, {{"X-Request-Id", "first-1"}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_FALSE(replayed(first));
  auto again = keyed(admin, "POST", kJobs, "create-job-1", body, {{"X-Request-Id", "second-2"}});
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_TRUE(replayed(again));
  EXPECT_EQ(again.header("content-type"), first.header("content-type"));
  // The replay's own request id and rate-limit window.
  EXPECT_EQ(first.header("x-request-id"), "first-1");
  EXPECT_EQ(again.header("x-request-id"), "second-2");
  EXPECT_EQ(again.header("ratelimit-limit"), "100000");
  EXPECT_EQ(std::stoll(again.header("ratelimit-remaining")),
            std::stoll(first.header("ratelimit-remaining")) - 1);
  EXPECT_EQ(count_of(admin, kJobs), 1);
  // The same user with another token is the same caller.
  auto relogin = e2e::login(*server_, admin.email, admin.password);
  Client other_token = admin;
  other_token.token = std::string(std::string_view(relogin.json()["token"]));
  auto third = keyed(other_token, "POST", kJobs, "create-job-1", body);
  EXPECT_TRUE(replayed(third));
  EXPECT_EQ(third.body, first.body);

  // A DELETE replayed answers what it answered, not 404.
  const std::string job = kJobs + std::to_string(e2e::id_of(first)) + "/";
  auto deleted = keyed(admin, "DELETE", job, "delete-job-1");
  ASSERT_EQ(deleted.status, 204) << deleted.body;
  auto deleted_again = keyed(admin, "DELETE", job, "delete-job-1");
  EXPECT_EQ(deleted_again.status, 204);
  EXPECT_TRUE(replayed(deleted_again));
  EXPECT_EQ(deleted_again.body, "");
  EXPECT_EQ(admin.del(job).status, 404);
  EXPECT_EQ(count_of(admin, kJobs), 0);
}

TEST_F(Idempotency, AnotherRequestUnderTheSameKeyIs422) {
  auto admin = e2e::register_org(*server_, "Reuse Org");
  const std::string body = R"({"title":"Engineer"})";
  ASSERT_EQ(keyed(admin, "POST", kJobs, "k", body).status, 201);
  const auto job = e2e::create_job(admin, "Other");
  for (const auto& r : {keyed(admin, "POST", kJobs, "k", R"({"title":"Engineers"})"),
                        keyed(admin, "POST", "/api/v1/candidates/", "k", body),
                        keyed(admin, "PUT", kJobs + std::to_string(job) + "/", "k", body),
                        keyed(admin, "POST", std::string(kJobs) + "?x=1", "k", body)}) {
    EXPECT_EQ(r.status, 422);
    EXPECT_EQ(r.body, kReused);
    EXPECT_FALSE(replayed(r));
  }
  EXPECT_EQ(count_of(admin, kJobs), 2);
  EXPECT_EQ(count_of(admin, "/api/v1/candidates/"), 0);
}

TEST_F(Idempotency, KeysAreScopedToTheirCaller) {
  auto admin = e2e::register_org(*server_, "Scoped Org");
  auto recruiter = e2e::create_user(admin, "recruiter");
  auto stranger = e2e::register_org(*server_, "Stranger Org");
  const std::string body = R"({"title":"Engineer"})";
  auto a = keyed(admin, "POST", kJobs, "shared-key", body);
  auto b = keyed(recruiter, "POST", kJobs, "shared-key", body);
  auto c = keyed(stranger, "POST", kJobs, "shared-key", body);
  for (const auto* r : {&a, &b, &c}) {
    EXPECT_EQ(r->status, 201) << r->body;
    EXPECT_FALSE(replayed(*r));
  }
  EXPECT_NE(e2e::id_of(a), e2e::id_of(b));
  EXPECT_EQ(count_of(admin, kJobs), 2);
  EXPECT_EQ(count_of(stranger, kJobs), 1);
}

TEST_F(Idempotency, ACandidatesWritesTakeKeysOfTheirOwn) {
  e2e::invitations::Org org(*server_);
  const auto question = e2e::create_question(org.admin, org.set, "text");
  auto [id, cand] = org.invited();
  auto as_candidate = [&, token = cand.token](const std::string& path, const std::string& key,
                                              const std::string& body) {
    return server_->request("POST", std::string(e2e::invitations::kCandidateApi) + path, body,
                            {{"Authorization", "Invitation " + token}, {"Idempotency-Key", key}});
  };
  // The invitation's link is in its create response only: replayed, but never stored in
  // the clear.
  const std::string invite = org.target(org.applied_candidate()).text();
  auto invited = keyed(org.admin, "POST", e2e::invitations::kInvitations, "invite-1", invite);
  ASSERT_EQ(invited.status, 201) << invited.body;
  auto invited_again = keyed(org.admin, "POST", e2e::invitations::kInvitations, "invite-1", invite);
  EXPECT_TRUE(replayed(invited_again));
  EXPECT_EQ(invited_again.body, invited.body);
  const std::string link_token = e2e::invitations::token_of(invited);
  for (const auto& row :
       e2e::database_rows(*server_, "SELECT headers, body FROM idempotency_keys")) {
    for (const auto& cell : row) EXPECT_EQ(cell.find(link_token), std::string::npos);
  }

  auto consent = as_candidate("consent/", "consent-1", R"({"accepted":true})");
  ASSERT_EQ(consent.status, 200) << consent.body;
  auto consent_again = as_candidate("consent/", "consent-1", R"({"accepted":true})");
  EXPECT_EQ(consent_again.body, consent.body);
  EXPECT_TRUE(replayed(consent_again));

  const std::string start = "questions/" + std::to_string(question) + "/attempts/";
  auto attempt = as_candidate(start, "start-1", "{}");
  ASSERT_EQ(attempt.status, 201) << attempt.body;
  auto attempt_again = as_candidate(start, "start-1", "{}");
  EXPECT_EQ(attempt_again.status, 201);
  EXPECT_EQ(attempt_again.body, attempt.body);
  EXPECT_TRUE(replayed(attempt_again));
  auto session = cand.get("session/");
  EXPECT_EQ(std::int64_t(session.json()["questions"].at(0)["attempts_used"]), 1) << session.body;
  // The same key from the recruiter is another key.
  auto staff = keyed(org.admin, "POST", kJobs, "start-1", R"({"title":"Engineer"})");
  EXPECT_EQ(staff.status, 201) << staff.body;
  EXPECT_FALSE(replayed(staff));
  (void)id;
}

TEST_F(Idempotency, A4xxIsStoredAndReplayed) {
  auto admin = e2e::register_org(*server_, "Invalid Org");
  auto invalid = keyed(admin, "POST", kJobs, "bad-1", R"({"title":""})");
  ASSERT_EQ(invalid.status, 400);
  EXPECT_EQ(invalid.body, R"({"title":["This field may not be blank."]})");
  auto again = keyed(admin, "POST", kJobs, "bad-1", R"({"title":""})");
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.body, invalid.body);
  EXPECT_TRUE(replayed(again));
  // The key is spent on that request: a corrected body needs a new key.
  EXPECT_EQ(keyed(admin, "POST", kJobs, "bad-1", R"({"title":"Fixed"})").status, 422);
  EXPECT_EQ(keyed(admin, "POST", kJobs, "bad-2", R"({"title":"Fixed"})").status, 201);
  // A missing object too.
  auto missing = keyed(admin, "DELETE", "/api/v1/jobs/999999/", "gone-1");
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(replayed(keyed(admin, "DELETE", "/api/v1/jobs/999999/", "gone-1")));
}

TEST_F(Idempotency, AMalformedKeyIs400) {
  auto admin = e2e::register_org(*server_, "Malformed Org");
  const std::string body = R"({"title":"Engineer"})";
  for (const std::string& key : {std::string(), std::string(256, 'k'), std::string("caf\xc3\xa9"),
                                 std::string("tab\tinside")}) {
    auto r = keyed(admin, "POST", kJobs, key, body);
    EXPECT_EQ(r.status, 400) << key;
    EXPECT_EQ(r.body, kMalformed);
  }
  auto twice =
      admin.send("POST", kJobs, body, {{"Idempotency-Key", "a"}, {"Idempotency-Key", "b"}});
  EXPECT_EQ(twice.status, 400);
  EXPECT_EQ(twice.body, kMalformed);
  EXPECT_EQ(count_of(admin, kJobs), 0);
  // The longest key, every printable character; a read ignores the header.
  std::string printable;
  for (char c = 0x21; c < 0x7f; ++c) printable += c;
  EXPECT_EQ(keyed(admin, "POST", kJobs, std::string(255, 'k'), body).status, 201);
  EXPECT_EQ(keyed(admin, "POST", kJobs, printable, body).status, 201);
  EXPECT_EQ(keyed(admin, "GET", kJobs, "").status, 200);
}

// `count` requests at once, each on its own connection; their responses.
std::vector<HttpResponse> at_once(std::size_t count,
                                  const std::function<HttpResponse(std::size_t)>& send) {
  std::vector<HttpResponse> out(count);
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (std::size_t i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      out[i] = send(i);
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  return out;
}

// Every response is the first one's replay or a 409; exactly one ran.
void expect_one_effect(const std::vector<HttpResponse>& responses) {
  std::size_t ran = 0;
  std::set<std::string> bodies;
  for (const auto& r : responses) {
    if (r.status == 409) {
      EXPECT_EQ(r.body, kInProgress);
      continue;
    }
    ASSERT_EQ(r.status, 201) << r.body;
    bodies.insert(r.body);
    if (!replayed(r)) ++ran;
  }
  EXPECT_EQ(ran, 1u);
  EXPECT_EQ(bodies.size(), 1u);
}

TEST_F(Idempotency, SixtyFourAtOnceRunOnce) {
  auto admin = e2e::register_org(*server_, "Crowded Org");
  const std::string body = R"({"name":"Casey","email":"casey@example.com"})";
  auto responses = at_once(64, [&](std::size_t) {
    return keyed(admin, "POST", "/api/v1/candidates/", "one-candidate", body);
  });
  expect_one_effect(responses);
  EXPECT_EQ(count_of(admin, "/api/v1/candidates/"), 1);
  // Afterwards, every retry is the replay.
  auto after = keyed(admin, "POST", "/api/v1/candidates/", "one-candidate", body);
  EXPECT_TRUE(replayed(after));
}

TEST_F(Idempotency, AnExpiredKeyIsProcessedAnew) {
  auto admin = e2e::register_org(*server_, "Expiry Org");
  const std::string body = R"({"title":"Engineer"})";
  auto first = keyed(admin, "POST", kJobs, "expiring", body);
  ASSERT_EQ(first.status, 201);
  // 24 hours later (the row's expiry moved into the past).
  sql(*server_, "UPDATE idempotency_keys SET expires_ms = 0 WHERE " + row_of(admin, "expiring"));
  auto later = keyed(admin, "POST", kJobs, "expiring", body);
  ASSERT_EQ(later.status, 201);
  EXPECT_FALSE(replayed(later));
  EXPECT_NE(e2e::id_of(later), e2e::id_of(first));
  EXPECT_EQ(count_of(admin, kJobs), 2);
  // The new first request is the one replayed from now on, for the next 24 hours.
  auto replay = keyed(admin, "POST", kJobs, "expiring", body);
  EXPECT_EQ(replay.body, later.body);
  auto expires =
      e2e::database_rows(*server_, "SELECT expires_ms - created_ms FROM idempotency_keys WHERE " +
                                       row_of(admin, "expiring"));
  ASSERT_EQ(expires.size(), 1u);
  EXPECT_EQ(expires[0][0], std::to_string(24LL * 3600 * 1000));
}

TEST_F(Idempotency, ADeadNodesClaimIsTakenOverAfterItsDeadline) {
  auto admin = e2e::register_org(*server_, "Dead Node Org");
  const std::string body = R"({"title":"Engineer"})";
  ASSERT_EQ(keyed(admin, "POST", kJobs, "dead", body).status, 201);
  // Make the row what a node that died while running the request leaves behind: a claim
  // nobody renews, first within its deadline, then past it.
  sql(*server_,
      "UPDATE idempotency_keys SET status = NULL, holder = 'dead-node', locked_until_ms = "
      "9000000000000 WHERE " +
          row_of(admin, "dead"));
  auto running = keyed(admin, "POST", kJobs, "dead", body);
  EXPECT_EQ(running.status, 409);
  EXPECT_EQ(running.body, kInProgress);
  sql(*server_, "UPDATE idempotency_keys SET locked_until_ms = 1 WHERE " + row_of(admin, "dead"));
  auto taken = keyed(admin, "POST", kJobs, "dead", body);
  EXPECT_EQ(taken.status, 201);
  EXPECT_FALSE(replayed(taken));
  EXPECT_EQ(count_of(admin, kJobs), 2);
  EXPECT_TRUE(replayed(keyed(admin, "POST", kJobs, "dead", body)));
}

TEST_F(Idempotency, A5xxIsNotStoredAndARetryRunsAgain) {
  namespace fs = std::filesystem;
  auto admin = e2e::register_org(*server_, "Broken Storage Org");
  const Headers tus = {{"Tus-Resumable", "1.0.0"},
                       {"Upload-Length", "10"},
                       {"Upload-Metadata", "filename " + util::base64_encode("a.webm") +
                                               ",filetype " + util::base64_encode("video/webm")}};
  // The storage folder is a file for a moment: creating an upload fails on the server.
  const fs::path media = fs::path(server_->dir()) / "media";
  const fs::path away = fs::path(server_->dir()) / "media.away";
  fs::rename(media, away);
  { std::ofstream(media.string()) << "not a folder"; }
  auto failed = keyed(admin, "POST", kTus, "tus-create", "", tus);
  fs::remove(media);
  fs::rename(away, media);
  EXPECT_GE(failed.status, 500) << failed.body;
  EXPECT_TRUE(e2e::database_rows(
                  *server_, "SELECT id FROM idempotency_keys WHERE " + row_of(admin, "tus-create"))
                  .empty());
  auto retried = keyed(admin, "POST", kTus, "tus-create", "", tus);
  EXPECT_EQ(retried.status, 201) << retried.body;
  EXPECT_FALSE(replayed(retried));
  // Stored now, with its Location and the protocol's headers.
  auto replay = keyed(admin, "POST", kTus, "tus-create", "", tus);
  EXPECT_EQ(replay.status, 201);
  EXPECT_TRUE(replayed(replay));
  EXPECT_EQ(replay.header("location"), retried.header("location"));
  EXPECT_EQ(replay.header("tus-resumable"), "1.0.0");
  EXPECT_EQ(replay.header("upload-expires"), retried.header("upload-expires"));
}

TEST_F(Idempotency, ATusPatchIsFingerprintedByItsBytes) {
  auto admin = e2e::register_org(*server_, "Tus Org");
  const Headers create = {
      {"Tus-Resumable", "1.0.0"},
      {"Upload-Length", "10"},
      {"Upload-Metadata", "filename " + util::base64_encode("a.webm") + ",filetype " +
                              util::base64_encode("video/webm")}};
  auto created = admin.send("POST", kTus, "", create);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string location = created.header("location");
  const std::string path = location.substr(location.find(kTus));
  const Headers patch = {{"Tus-Resumable", "1.0.0"},
                         {"Upload-Offset", "0"},
                         {"Content-Type", "application/offset+octet-stream"}};
  auto first = keyed(admin, "PATCH", path, "patch-1", "01234", patch);
  ASSERT_EQ(first.status, 204) << first.body;
  EXPECT_EQ(first.header("upload-offset"), "5");
  // Without a key, the same PATCH again is a wrong offset; with it, the replay.
  EXPECT_EQ(admin.send("PATCH", path, "01234", patch).status, 409);
  auto again = keyed(admin, "PATCH", path, "patch-1", "01234", patch);
  EXPECT_EQ(again.status, 204);
  EXPECT_TRUE(replayed(again));
  EXPECT_EQ(again.header("upload-offset"), "5");
  EXPECT_EQ(again.header("tus-resumable"), "1.0.0");
  // Other bytes under the same key.
  auto other = keyed(admin, "PATCH", path, "patch-1", "01235", patch);
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(other.body, kReused);
  auto head = admin.send("HEAD", path, "", {{"Tus-Resumable", "1.0.0"}});
  EXPECT_EQ(head.header("upload-offset"), "5");
}

// POST /interview/answers/ as a multipart form with a file part, under `key`.
HttpResponse upload(const Client& c, std::int64_t screening, std::int64_t question,
                    const std::string& bytes, const std::string& boundary, const std::string& key) {
  std::string form;
  form += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"screening_id\"\r\n\r\n" +
          std::to_string(screening) + "\r\n";
  form += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"question\"\r\n\r\n" +
          std::to_string(question) + "\r\n";
  form += "--" + boundary +
          "\r\nContent-Disposition: form-data; name=\"video\"; filename=\"a.webm\"\r\n"
          "Content-Type: video/webm\r\n\r\n" +
          bytes + "\r\n";
  form += "--" + boundary + "--\r\n";
  return keyed(c, "POST", "/api/v1/interview/answers/", key, form,
               {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
}

TEST_F(Idempotency, AMultipartUploadIsFingerprintedByItsContent) {
  auto admin = e2e::register_org(*server_, "Upload Org");
  const auto job = e2e::create_job(admin);
  const auto candidate = e2e::create_candidate(admin);
  e2e::apply(admin, job, candidate);
  const auto set = e2e::create_question_set(admin);
  const auto video = e2e::create_question(admin, set, "video");
  const auto module = e2e::create_module(admin, job, {"Video Interview"});
  const auto screening =
      e2e::create_screening(admin, candidate, job, module, "Video Interview", set);
  const std::string bytes = e2e::read_file(e2e::clip("webm"));
  auto first = upload(admin, screening, video, bytes, "boundary-one", "upload-1");
  ASSERT_EQ(first.status, 201) << first.body;
  // A client's retry frames its form with another boundary: the same request.
  auto again = upload(admin, screening, video, bytes, "boundary-two", "upload-1");
  EXPECT_EQ(again.status, 201);
  EXPECT_TRUE(replayed(again));
  EXPECT_EQ(again.body, first.body);
  auto other = upload(admin, screening, video, bytes + "!", "boundary-one", "upload-1");
  EXPECT_EQ(other.status, 422);
  auto answers = admin.get("/api/v1/interview/answers/?screening_id=" + std::to_string(screening));
  EXPECT_EQ(answers.header("x-total-count"), "1");
}

TEST(IdempotencyNodes, TwoNodesOnOneDatabaseShareKeys) {
  e2e::Server first;
  e2e::Server second(e2e::second_node_of(first));
  auto admin = e2e::register_org(first, "Two Nodes Org");
  Client on_second = admin;
  on_second.server = &second;
  const std::string body = R"({"title":"Engineer"})";
  auto created = keyed(admin, "POST", kJobs, "across", body);
  ASSERT_EQ(created.status, 201);
  auto replay = keyed(on_second, "POST", kJobs, "across", body);
  EXPECT_EQ(replay.status, 201);
  EXPECT_TRUE(replayed(replay));
  EXPECT_EQ(replay.body, created.body);
  EXPECT_EQ(keyed(on_second, "POST", kJobs, "across", R"({"title":"X"})").status, 422);

  // Half of 64 requests to each node at once: one effect.
  const std::string candidate = R"({"name":"Robin","email":"robin@example.com"})";
  auto responses = at_once(64, [&](std::size_t i) {
    return keyed(i % 2 ? on_second : admin, "POST", "/api/v1/candidates/", "both-nodes", candidate);
  });
  expect_one_effect(responses);
  EXPECT_EQ(count_of(admin, "/api/v1/candidates/"), 1);
}

// A node killed while it runs a keyed request: its claim blocks the key only until its
// deadline, then another node runs the request. PostgreSQL only: the request is held
// inside its handler by a lock on the jobs table, which SQLite has no way to take
// without also holding back the claim before it.
TEST(IdempotencyNodes, AKilledNodesKeyIsTakenOverByAnother) {
  if (!e2e::on_postgres()) GTEST_SKIP() << "needs a table lock (PostgreSQL)";
  e2e::Server first;
  e2e::Server second(e2e::second_node_of(first));
  auto admin = e2e::register_org(first, "Killed Node Org");
  Client on_second = admin;
  on_second.server = &second;
  const std::string body = R"({"title":"Engineer"})";

  db::PostgresConnection connection(db::parse_database_url(first.database_url())->target);
  db::Connection& blocker = connection;
  blocker.begin(true);
  blocker.execute("LOCK TABLE jobs IN EXCLUSIVE MODE");
  std::thread request([&] {
    try {
      keyed(admin, "POST", kJobs, "killed", body);
    } catch (const std::exception&) {
      // No answer: the node died under it.
    }
  });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (
      std::chrono::steady_clock::now() < deadline &&
      e2e::database_rows(second, "SELECT holder FROM idempotency_keys WHERE status IS NULL AND " +
                                     row_of(admin, "killed"))
          .empty()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  first.kill();  // with the request inside its handler, its key claimed
  request.join();
  blocker.rollback();

  auto running = keyed(on_second, "POST", kJobs, "killed", body);
  EXPECT_EQ(running.status, 409);
  EXPECT_EQ(running.body, kInProgress);
  // The claim's deadline (30 s after its last renewal) passes.
  sql(second, "UPDATE idempotency_keys SET locked_until_ms = locked_until_ms - 30000 WHERE " +
                  row_of(admin, "killed"));
  auto taken = keyed(on_second, "POST", kJobs, "killed", body);
  EXPECT_EQ(taken.status, 201) << taken.body;
  EXPECT_FALSE(replayed(taken));
  EXPECT_EQ(count_of(on_second, kJobs), 1);
  EXPECT_TRUE(replayed(keyed(on_second, "POST", kJobs, "killed", body)));
}

}  // namespace

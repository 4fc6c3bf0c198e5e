// /jobs/ and /jobs/{id}/candidates/: CRUD, filters, pagination, roles, other
// organizations' ids, and applying candidates (also concurrently).
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "fixtures.hpp"

namespace {

using e2e::errors;
using e2e::id_of;
using e2e::ids;
using e2e::text;

using Strings = std::vector<std::string>;

class Jobs : public e2e::SharedServerTest<Jobs> {};

std::int64_t new_job(const e2e::Client& c, const std::string& title,
                     const std::string& status = "open") {
  return e2e::create_in(c, "/api/v1/jobs/", e2e::Object{{"title", title}, {"status", status}});
}

std::string job_url(std::int64_t id) {
  return "/api/v1/jobs/" + std::to_string(id) + "/";
}
std::string candidates_url(std::int64_t job) {
  return job_url(job) + "candidates/";
}
std::string apply_body(std::int64_t candidate) {
  return e2e::Object{{"candidate_id", candidate}};
}

TEST_F(Jobs, CreateAndRetrieve) {
  auto admin = e2e::register_org(*server_, "Jobs Create");
  auto r = admin.post("/api/v1/jobs/", R"({"title":"  Backend Engineer  "})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(text(r, "title"), "Backend Engineer");  // trimmed, as DRF's CharField
  EXPECT_EQ(text(r, "description"), "");
  EXPECT_EQ(text(r, "status"), "open");
  EXPECT_EQ(std::int64_t(r.json()["created_by"]), admin.user_id);
  EXPECT_EQ(text(r, "created_at").size(), 20u);  // 2026-11-28T15:04:05Z
  EXPECT_EQ(text(r, "created_at").back(), 'Z');
  EXPECT_EQ(text(r, "created_at"), text(r, "updated_at"));

  auto got = admin.get(job_url(id_of(r)));
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, r.body);
  // Without the trailing slash too.
  auto bare = admin.get("/api/v1/jobs/" + std::to_string(id_of(r)));
  EXPECT_EQ(bare.status, 200);
  EXPECT_EQ(bare.body, r.body);

  auto recruiter = e2e::create_user(admin, "recruiter");
  auto full = recruiter.post(
      "/api/v1/jobs/",
      R"({"title":"Designer","description":"Figma.","status":"closed","id":99,"created_by":1})");
  ASSERT_EQ(full.status, 201) << full.body;
  EXPECT_NE(id_of(full), 99);
  EXPECT_EQ(text(full, "description"), "Figma.");
  EXPECT_EQ(text(full, "status"), "closed");
  EXPECT_EQ(std::int64_t(full.json()["created_by"]), recruiter.user_id);
}

TEST_F(Jobs, CreateValidation) {
  auto admin = e2e::register_org(*server_, "Jobs Validation");
  auto r = admin.post("/api/v1/jobs/", "{}");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "title"), Strings{"This field is required."});

  r = admin.post("/api/v1/jobs/", R"({"title":"   ","status":"archived","description":5})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "title"), Strings{"This field may not be blank."});
  EXPECT_EQ(errors(r, "status"), Strings{"\"archived\" is not a valid choice."});
  EXPECT_EQ(errors(r, "description"), Strings{"Not a valid string."});

  r = admin.post("/api/v1/jobs/", e2e::Object{{"title", std::string(201, 'x')},
                                              {"description", std::string(10001, 'd')}});
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "title"), Strings{"Ensure this field has no more than 200 characters."});
  EXPECT_EQ(errors(r, "description"),
            Strings{"Ensure this field has no more than 10000 characters."});

  r = admin.post("/api/v1/jobs/", R"({"title":null})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "title"), Strings{"This field may not be null."});

  // The limits themselves are fine, and so is a blank description.
  r = admin.post("/api/v1/jobs/", e2e::Object{{"title", std::string(200, 'x')},
                                              {"description", std::string(10000, 'd')}});
  EXPECT_EQ(r.status, 201) << r.body;
  r = admin.post("/api/v1/jobs/", R"({"title":"T","description":""})");
  EXPECT_EQ(r.status, 201) << r.body;

  r = admin.post("/api/v1/jobs/", "[1]");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "non_field_errors"),
            Strings{"Invalid data. Expected a dictionary, but got list."});
  r = admin.post("/api/v1/jobs/", "{\"title\":");
  ASSERT_EQ(r.status, 400);
  EXPECT_FALSE(text(r, "detail").empty());
  r = admin.send("POST", "/api/v1/jobs/", "title=x", {{"Content-Type", "text/plain"}});
  EXPECT_EQ(r.status, 415);

  // Nothing was created by the failed requests.
  auto list = admin.get("/api/v1/jobs/");
  EXPECT_EQ(list.header("x-total-count"), "2");
}

TEST_F(Jobs, PutAndPatch) {
  auto admin = e2e::register_org(*server_, "Jobs Update");
  auto created = admin.post("/api/v1/jobs/", R"({"title":"Old","description":"Keep me"})");
  ASSERT_EQ(created.status, 201);
  const auto id = id_of(created);
  // Timestamps have a resolution of one second.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));

  auto r = admin.put(job_url(id), R"({"description":"No title"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "title"), Strings{"This field is required."});

  r = admin.put(job_url(id), R"({"title":"New","status":"closed","created_by":12345})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(text(r, "title"), "New");
  EXPECT_EQ(text(r, "status"), "closed");
  EXPECT_EQ(text(r, "description"), "Keep me");  // absent: unchanged
  EXPECT_EQ(std::int64_t(r.json()["created_by"]), admin.user_id);
  EXPECT_EQ(text(r, "created_at"), text(created, "created_at"));
  EXPECT_GT(text(r, "updated_at"), text(created, "updated_at"));

  r = admin.patch(job_url(id), R"({"status":"open"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(text(r, "title"), "New");
  EXPECT_EQ(text(r, "status"), "open");

  r = admin.patch(job_url(id), R"({"description":""})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(text(r, "description"), "");

  r = admin.patch(job_url(id), R"({"title":"","status":"paused"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "title"), Strings{"This field may not be blank."});
  EXPECT_EQ(errors(r, "status"), Strings{"\"paused\" is not a valid choice."});

  r = admin.patch(job_url(id), "{}");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(text(r, "title"), "New");

  auto got = admin.get(job_url(id));
  EXPECT_EQ(text(got, "title"), "New");
  EXPECT_EQ(text(got, "status"), "open");
}

TEST_F(Jobs, DeleteRemovesTheJobAndItsApplications) {
  auto admin = e2e::register_org(*server_, "Jobs Delete");
  const auto job = new_job(admin, "Doomed");
  const auto keep = new_job(admin, "Kept");
  const auto cand = create_candidate(admin, "Applicant");
  ASSERT_EQ(admin.post(candidates_url(job), apply_body(cand)).status, 201);

  auto r = admin.del(job_url(job));
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(admin.get(job_url(job)).status, 404);
  EXPECT_EQ(admin.del(job_url(job)).status, 404);
  EXPECT_EQ(admin.get(candidates_url(job)).status, 404);
  EXPECT_EQ(ids(admin.get("/api/v1/jobs/")), std::vector<std::int64_t>{keep});
  // The candidate stays; the application went with the job.
  EXPECT_EQ(admin.get("/api/v1/candidates/" + std::to_string(cand) + "/").status, 200);
  EXPECT_EQ(admin.get("/api/v1/candidates/?job_id=" + std::to_string(job)).body, "[]");
}

TEST_F(Jobs, ListFiltersAndPagination) {
  auto admin = e2e::register_org(*server_, "Jobs List");
  const auto a = new_job(admin, "Backend Engineer");
  const auto b = new_job(admin, "Senior BACKEND developer", "closed");
  const auto c = new_job(admin, "Product Designer");
  const auto d = new_job(admin, "100% remote_ops");
  const auto e = new_job(admin, "100 remote ops");

  auto r = admin.get("/api/v1/jobs/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(ids(r), (std::vector<std::int64_t>{a, b, c, d, e}));
  EXPECT_EQ(r.header("x-total-count"), "5");
  EXPECT_EQ(r.header("link"), "");

  EXPECT_EQ(ids(admin.get("/api/v1/jobs/?status=open")), (std::vector<std::int64_t>{a, c, d, e}));
  EXPECT_EQ(ids(admin.get("/api/v1/jobs/?status=closed")), std::vector<std::int64_t>{b});
  EXPECT_EQ(ids(admin.get("/api/v1/jobs/?status=")).size(), 5u);
  r = admin.get("/api/v1/jobs/?status=archived");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "status"),
            Strings{"Select a valid choice. archived is not one of the available choices."});

  EXPECT_EQ(ids(admin.get("/api/v1/jobs/?search=backend")), (std::vector<std::int64_t>{a, b}));
  EXPECT_EQ(ids(admin.get("/api/v1/jobs/?search=BaCkEnD&status=closed")),
            std::vector<std::int64_t>{b});
  EXPECT_EQ(ids(admin.get("/api/v1/jobs/?search=product%20designer")),
            std::vector<std::int64_t>{c});
  EXPECT_EQ(ids(admin.get("/api/v1/jobs/?search=nothing")).size(), 0u);
  // LIKE wildcards are literal characters.
  EXPECT_EQ(ids(admin.get("/api/v1/jobs/?search=%25")), std::vector<std::int64_t>{d});
  EXPECT_EQ(ids(admin.get("/api/v1/jobs/?search=_")), std::vector<std::int64_t>{d});
  // "e_o" is in "remote_ops" only; as a wildcard it would also match "remote ops".
  EXPECT_EQ(ids(admin.get("/api/v1/jobs/?search=e_o")), std::vector<std::int64_t>{d});

  r = admin.get("/api/v1/jobs/?limit=2");
  EXPECT_EQ(ids(r), (std::vector<std::int64_t>{a, b}));
  EXPECT_EQ(r.header("x-total-count"), "5");
  EXPECT_NE(r.header("link").find("limit=2&offset=2>; rel=\"next\""), std::string::npos)
      << r.header("link");
  r = admin.get("/api/v1/jobs/?limit=2&offset=4");
  EXPECT_EQ(ids(r), std::vector<std::int64_t>{e});
  EXPECT_EQ(r.header("link").find("rel=\"next\""), std::string::npos);
  EXPECT_NE(r.header("link").find("rel=\"prev\""), std::string::npos);
  // Filters are kept in the links and counted in the total.
  r = admin.get("/api/v1/jobs/?status=open&limit=1");
  EXPECT_EQ(r.header("x-total-count"), "4");
  EXPECT_NE(r.header("link").find("status=open"), std::string::npos) << r.header("link");
}

TEST_F(Jobs, RolesAndAuthentication) {
  auto admin = e2e::register_org(*server_, "Jobs Roles");
  auto interviewer = e2e::create_user(admin, "interviewer");
  const auto job = new_job(admin, "Readable");
  const auto cand = create_candidate(admin, "Someone");
  const auto before = admin.get(job_url(job)).body;

  EXPECT_EQ(interviewer.get("/api/v1/jobs/").status, 200);
  EXPECT_EQ(interviewer.get(job_url(job)).status, 200);
  EXPECT_EQ(interviewer.get(candidates_url(job)).status, 200);
  for (auto r :
       {interviewer.post("/api/v1/jobs/", R"({"title":"Nope"})"),
        interviewer.put(job_url(job), R"({"title":"Nope"})"),
        interviewer.patch(job_url(job), R"({"title":"Nope"})"), interviewer.del(job_url(job)),
        interviewer.post(candidates_url(job), apply_body(cand))}) {
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(text(r, "detail"), "You do not have permission to perform this action.");
  }
  EXPECT_EQ(admin.get(job_url(job)).body, before);
  EXPECT_EQ(admin.get(candidates_url(job)).body, "[]");
  EXPECT_EQ(admin.get("/api/v1/jobs/").header("x-total-count"), "1");

  e2e::Client anonymous;
  anonymous.server = server_;
  for (auto r :
       {anonymous.get("/api/v1/jobs/"), anonymous.post("/api/v1/jobs/", R"({"title":"x"})"),
        anonymous.get(job_url(job)), anonymous.put(job_url(job), R"({"title":"x"})"),
        anonymous.patch(job_url(job), "{}"), anonymous.del(job_url(job)),
        anonymous.get(candidates_url(job)),
        anonymous.post(candidates_url(job), apply_body(cand))}) {
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(text(r, "detail"), "Authentication credentials were not provided.");
  }
  e2e::Client forged = anonymous;
  forged.token = "0123456789abcdef0123456789abcdef";
  EXPECT_EQ(forged.get("/api/v1/jobs/").status, 401);
  EXPECT_EQ(admin.get(job_url(job)).body, before);
}

TEST_F(Jobs, AnotherOrganizationsJobIsNotFound) {
  auto owner = e2e::register_org(*server_, "Jobs Owner");
  auto other = e2e::register_org(*server_, "Jobs Stranger");
  const auto job = new_job(owner, "Private");
  const auto owner_cand = create_candidate(owner, "Owner's candidate");
  ASSERT_EQ(owner.post(candidates_url(job), apply_body(owner_cand)).status, 201);
  const auto other_cand = create_candidate(other, "Stranger's candidate");
  const auto job_before = owner.get(job_url(job)).body;
  const auto candidates_before = owner.get(candidates_url(job)).body;

  for (auto r :
       {other.get(job_url(job)), other.put(job_url(job), R"({"title":"Mine"})"),
        other.patch(job_url(job), R"({"status":"closed"})"), other.del(job_url(job)),
        other.get(candidates_url(job)), other.post(candidates_url(job), apply_body(other_cand)),
        other.post(candidates_url(job), apply_body(owner_cand))}) {
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.body, R"({"detail":"Not found."})");
  }
  // Exactly as a job that does not exist at all.
  const std::string missing = job_url(job + 100000);
  for (auto r : {owner.get(missing), owner.put(missing, R"({"title":"x"})"),
                 owner.patch(missing, "{}"), owner.del(missing), owner.get(missing + "candidates/"),
                 owner.post(missing + "candidates/", apply_body(owner_cand))}) {
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.body, R"({"detail":"Not found."})");
  }
  for (const char* bad : {"abc", "0", "-1", "1.5", "9223372036854775808"}) {
    EXPECT_EQ(owner.get(std::string("/api/v1/jobs/") + bad + "/").status, 404) << bad;
  }
  EXPECT_EQ(other.get("/api/v1/jobs/").body, "[]");
  EXPECT_EQ(other.get("/api/v1/jobs/").header("x-total-count"), "0");

  EXPECT_EQ(owner.get(job_url(job)).body, job_before);
  EXPECT_EQ(owner.get(candidates_url(job)).body, candidates_before);
}

TEST_F(Jobs, MethodNotAllowed) {
  auto admin = e2e::register_org(*server_, "Jobs Methods");
  const auto job = new_job(admin, "Methods");
  auto r = admin.post(job_url(job), R"({"title":"x"})");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(text(r, "detail"), "Method \"POST\" not allowed.");
  EXPECT_NE(r.header("allow").find("GET"), std::string::npos);
  EXPECT_NE(r.header("allow").find("DELETE"), std::string::npos);
  r = admin.put("/api/v1/jobs/", R"({"title":"x"})");
  EXPECT_EQ(r.status, 405);
  EXPECT_NE(r.header("allow").find("POST"), std::string::npos);
  EXPECT_EQ(admin.del("/api/v1/jobs/").status, 405);
  r = admin.del(candidates_url(job));
  EXPECT_EQ(r.status, 405);
  EXPECT_NE(r.header("allow").find("GET"), std::string::npos);
  EXPECT_EQ(admin.patch(candidates_url(job), "{}").status, 405);
  EXPECT_EQ(admin.get("/api/v1/jobs/").header("x-total-count"), "1");
}

TEST_F(Jobs, ApplyCandidatesAndListThem) {
  auto admin = e2e::register_org(*server_, "Jobs Apply");
  auto recruiter = e2e::create_user(admin, "recruiter");
  const auto job = new_job(admin, "Backend");
  const auto other_job = new_job(admin, "Frontend");
  const auto c1 = create_candidate(admin, "First");
  const auto c2 = create_candidate(admin, "Second");
  const auto c3 = create_candidate(admin, "Third");

  auto r = admin.post(candidates_url(job), apply_body(c2));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(id_of(r), c2);
  EXPECT_EQ(text(r, "name"), "Second");
  EXPECT_EQ(std::int64_t(r.json()["application"]["job"]), job);
  EXPECT_EQ(std::string_view(r.json()["application"]["status"]), "applied");
  EXPECT_EQ(std::string_view(r.json()["application"]["created_at"]).size(), 20u);

  // The id may come as a decimal string, as DRF's PrimaryKeyRelatedField takes it.
  r = recruiter.post(candidates_url(job), e2e::Object{{"candidate_id", std::to_string(c1)}});
  ASSERT_EQ(r.status, 201) << r.body;
  ASSERT_EQ(admin.post(candidates_url(other_job), apply_body(c1)).status, 201);
  ASSERT_EQ(admin.post(candidates_url(other_job), apply_body(c3)).status, 201);

  r = admin.get(candidates_url(job));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(ids(r), (std::vector<std::int64_t>{c1, c2}));  // ordered by id
  EXPECT_EQ(r.header("x-total-count"), "2");
  for (auto item : r.json().get_array()) {
    EXPECT_EQ(std::int64_t(item["application"]["job"]), job);
    EXPECT_EQ(std::string_view(item["application"]["status"]), "applied");
    EXPECT_FALSE(std::string_view(item["email"]).empty());
  }
  r = admin.get(candidates_url(job) + "?limit=1");
  EXPECT_EQ(ids(r), std::vector<std::int64_t>{c1});
  EXPECT_EQ(r.header("x-total-count"), "2");
  EXPECT_NE(r.header("link").find("/candidates/?limit=1&offset=1>; rel=\"next\""),
            std::string::npos)
      << r.header("link");
  EXPECT_EQ(ids(admin.get(candidates_url(other_job))), (std::vector<std::int64_t>{c1, c3}));

  // Plain candidate endpoints do not carry the application.
  auto plain = admin.get("/api/v1/candidates/" + std::to_string(c1) + "/");
  EXPECT_EQ(plain.json()["application"].error(), simdjson::NO_SUCH_FIELD);
}

TEST_F(Jobs, ApplyValidation) {
  auto admin = e2e::register_org(*server_, "Jobs Apply Errors");
  auto other = e2e::register_org(*server_, "Jobs Apply Stranger");
  const auto job = new_job(admin, "Backend");
  const auto cand = create_candidate(admin, "Applicant");
  const auto foreign = create_candidate(other, "Foreign");

  auto r = admin.post(candidates_url(job), "{}");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "candidate_id"), Strings{"This field is required."});

  r = admin.post(candidates_url(job), apply_body(foreign));
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "candidate_id"),
            Strings{"Invalid pk \"" + std::to_string(foreign) + "\" - object does not exist."});
  r = admin.post(candidates_url(job), apply_body(cand + 100000));
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "candidate_id"), Strings{"Invalid pk \"" + std::to_string(cand + 100000) +
                                               "\" - object does not exist."});

  r = admin.post(candidates_url(job), R"({"candidate_id":"abc"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "candidate_id"), Strings{"Incorrect type. Expected pk value, received str."});
  r = admin.post(candidates_url(job), R"({"candidate_id":1.5})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "candidate_id"),
            Strings{"Incorrect type. Expected pk value, received float."});
  for (const char* bad : {"-1", "0", "9223372036854775808"}) {
    r = admin.post(candidates_url(job), std::string("{\"candidate_id\":") + bad + "}");
    ASSERT_EQ(r.status, 400) << bad;
    EXPECT_EQ(errors(r, "candidate_id"),
              Strings{std::string("Invalid pk \"") + bad + "\" - object does not exist."});
  }
  r = admin.post(candidates_url(job), R"({"candidate_id":null})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "candidate_id"), Strings{"This field may not be null."});

  ASSERT_EQ(admin.post(candidates_url(job), apply_body(cand)).status, 201);
  r = admin.post(candidates_url(job), apply_body(cand));
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "candidate_id"), Strings{"Candidate has already applied to this job."});

  EXPECT_EQ(ids(admin.get(candidates_url(job))), std::vector<std::int64_t>{cand});
  EXPECT_EQ(other.get("/api/v1/candidates/?job_id=" + std::to_string(job)).body, "[]");
}

TEST_F(Jobs, ConcurrentApplyingCreatesOneApplication) {
  auto admin = e2e::register_org(*server_, "Jobs Race");
  const auto job = new_job(admin, "Popular");
  const auto cand = create_candidate(admin, "Eager");
  constexpr int kClients = 16;
  std::vector<int> statuses(kClients, 0);
  std::vector<std::string> bodies(kClients);
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      auto r = admin.post(candidates_url(job), apply_body(cand));
      statuses[i] = r.status;
      bodies[i] = r.body;
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  int created = 0;
  for (int i = 0; i < kClients; ++i) {
    if (statuses[i] == 201) {
      ++created;
    } else {
      EXPECT_EQ(statuses[i], 400) << bodies[i];
      EXPECT_EQ(bodies[i], R"({"candidate_id":["Candidate has already applied to this job."]})");
    }
  }
  EXPECT_EQ(created, 1);
  auto list = admin.get(candidates_url(job));
  EXPECT_EQ(ids(list), std::vector<std::int64_t>{cand});
  EXPECT_EQ(list.header("x-total-count"), "1");
}

}  // namespace

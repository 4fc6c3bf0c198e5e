// /candidates/: CRUD, erasure, email uniqueness, filters, pagination, roles and
// other organizations' ids.
#include <gtest/gtest.h>

#include <stdexcept>

#include "fixtures.hpp"

namespace {

using e2e::errors;
using e2e::id_of;
using e2e::ids;
using e2e::text;

using Strings = std::vector<std::string>;
using Ids = std::vector<std::int64_t>;

class Candidates : public e2e::SharedServerTest<Candidates> {};

std::string url(std::int64_t id) {
  return "/api/v1/candidates/" + std::to_string(id) + "/";
}

std::int64_t create(const e2e::Client& c, const std::string& name, const std::string& email) {
  return e2e::create_in(c, "/api/v1/candidates/", e2e::Object{{"name", name}, {"email", email}});
}

TEST_F(Candidates, CreateAndRetrieve) {
  auto admin = e2e::register_org(*server_, "Cand Create");
  auto r = admin.post("/api/v1/candidates/",
                      R"({"name":" Alice Martin ","email":"Alice.Martin@Example.COM",)"
                      R"("phone":"+1 555 0101","resume_url":"https://cv.example.com/alice.pdf"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(text(r, "name"), "Alice Martin");
  EXPECT_EQ(text(r, "email"), "alice.martin@example.com");
  EXPECT_EQ(text(r, "phone"), "+1 555 0101");
  EXPECT_EQ(text(r, "resume_url"), "https://cv.example.com/alice.pdf");
  EXPECT_EQ(text(r, "created_at").size(), 20u);
  EXPECT_EQ(r.json()["application"].error(), simdjson::NO_SUCH_FIELD);

  auto got = admin.get(url(id_of(r)));
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, r.body);

  auto recruiter = e2e::create_user(admin, "recruiter");
  r = recruiter.post("/api/v1/candidates/",
                     R"({"name":"Bob","email":"bob@example.com","phone":"","resume_url":""})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(text(r, "phone"), "");
  EXPECT_EQ(text(r, "resume_url"), "");
}

TEST_F(Candidates, CreateValidation) {
  auto admin = e2e::register_org(*server_, "Cand Validation");
  auto r = admin.post("/api/v1/candidates/", "{}");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "name"), Strings{"This field is required."});
  EXPECT_EQ(errors(r, "email"), Strings{"This field is required."});

  r = admin.post("/api/v1/candidates/", e2e::Object{{"name", std::string(201, 'n')},
                                                    {"email", "not-an-email"},
                                                    {"phone", std::string(33, '1')},
                                                    {"resume_url", "ftp://x.org/cv"}});
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "name"), Strings{"Ensure this field has no more than 200 characters."});
  EXPECT_EQ(errors(r, "email"), Strings{"Enter a valid email address."});
  EXPECT_EQ(errors(r, "phone"), Strings{"Ensure this field has no more than 32 characters."});
  EXPECT_EQ(errors(r, "resume_url"), Strings{"Enter a valid URL."});

  for (const char* bad_url : {"not a url", "http://", "javascript:alert(1)"}) {
    r = admin.post("/api/v1/candidates/",
                   e2e::Object{{"name", "N"}, {"email", "n@example.com"}, {"resume_url", bad_url}});
    ASSERT_EQ(r.status, 400) << bad_url;
    EXPECT_EQ(errors(r, "resume_url"), Strings{"Enter a valid URL."});
  }
  r = admin.post("/api/v1/candidates/", R"({"name":"","email":""})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "name"), Strings{"This field may not be blank."});
  EXPECT_EQ(errors(r, "email"), Strings{"This field may not be blank."});

  // The limits themselves are fine.
  r = admin.post("/api/v1/candidates/", e2e::Object{{"name", std::string(200, 'n')},
                                                    {"email", "max@example.com"},
                                                    {"phone", std::string(32, '1')}});
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(admin.get("/api/v1/candidates/").header("x-total-count"), "1");
}

TEST_F(Candidates, EmailIsUniqueWithinTheOrganization) {
  auto admin = e2e::register_org(*server_, "Cand Unique");
  auto other = e2e::register_org(*server_, "Cand Unique Other");
  const auto first = create(admin, "First", "same@example.com");
  auto r = admin.post("/api/v1/candidates/", R"({"name":"Second","email":"SAME@example.com"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"email":["A candidate with this email already exists."]})");
  // Another organization may have its own candidate with that email.
  EXPECT_EQ(
      other.post("/api/v1/candidates/", R"({"name":"Other","email":"same@example.com"})").status,
      201);

  const auto second = create(admin, "Second", "second@example.com");
  r = admin.patch(url(second), R"({"email":"Same@Example.com"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "email"), Strings{"A candidate with this email already exists."});
  r = admin.put(url(second), R"({"name":"Renamed","email":"same@example.com"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "email"), Strings{"A candidate with this email already exists."});
  // Nothing of the refused updates was kept.
  auto got = admin.get(url(second));
  EXPECT_EQ(text(got, "name"), "Second");
  EXPECT_EQ(text(got, "email"), "second@example.com");
  // Keeping one's own email is no conflict.
  r = admin.put(url(first), R"({"name":"First Again","email":"same@example.com"})");
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(Candidates, PutAndPatch) {
  auto admin = e2e::register_org(*server_, "Cand Update");
  auto created = admin.post(
      "/api/v1/candidates/",
      R"({"name":"Carol","email":"carol@example.com","phone":"123","resume_url":"http://cv.example.com"})");
  ASSERT_EQ(created.status, 201);
  const auto id = id_of(created);

  auto r = admin.put(url(id), R"({"phone":"456"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "name"), Strings{"This field is required."});
  EXPECT_EQ(errors(r, "email"), Strings{"This field is required."});

  r = admin.put(url(id), R"({"name":"Caroline","email":"CAROLINE@example.com","id":7})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(id_of(r), id);
  EXPECT_EQ(text(r, "name"), "Caroline");
  EXPECT_EQ(text(r, "email"), "caroline@example.com");
  EXPECT_EQ(text(r, "phone"), "123");  // absent: unchanged
  EXPECT_EQ(text(r, "created_at"), text(created, "created_at"));

  r = admin.patch(url(id), R"({"phone":"","resume_url":""})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(text(r, "name"), "Caroline");
  EXPECT_EQ(text(r, "phone"), "");
  EXPECT_EQ(text(r, "resume_url"), "");

  r = admin.patch(url(id), R"({"email":"broken","resume_url":"nope"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "email"), Strings{"Enter a valid email address."});
  EXPECT_EQ(errors(r, "resume_url"), Strings{"Enter a valid URL."});

  r = admin.patch(url(id), "{}");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(text(admin.get(url(id)), "email"), "caroline@example.com");
}

TEST_F(Candidates, DeleteErasesThePerson) {
  auto admin = e2e::register_org(*server_, "Cand Erase");
  const auto job = create_job(admin, "Backend");
  const auto gone = create(admin, "Erased Person", "erased@example.com");
  const auto kept = create(admin, "Kept Person", "kept@example.com");
  apply(admin, job, gone);
  apply(admin, job, kept);

  auto r = admin.del(url(gone));
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(admin.get(url(gone)).status, 404);
  EXPECT_EQ(admin.del(url(gone)).status, 404);
  EXPECT_EQ(admin.patch(url(gone), R"({"name":"x"})").status, 404);
  EXPECT_EQ(ids(admin.get("/api/v1/candidates/")), Ids{kept});
  EXPECT_EQ(ids(admin.get("/api/v1/jobs/" + std::to_string(job) + "/candidates/")), Ids{kept});
  EXPECT_EQ(admin.get("/api/v1/candidates/?search=erased").body, "[]");
  // Nothing of the person remains to collide with: the email can be used again.
  EXPECT_NE(create(admin, "Back Again", "erased@example.com"), gone);
}

TEST_F(Candidates, ListFiltersAndPagination) {
  auto admin = e2e::register_org(*server_, "Cand List");
  auto other = e2e::register_org(*server_, "Cand List Other");
  const auto job = create_job(admin, "Backend");
  const auto other_job = create_job(other, "Theirs");
  const auto a = create(admin, "Alice Martin", "alice@example.com");
  const auto b = create(admin, "Bruno Costa", "bruno@martin-consulting.org");
  const auto c = create(admin, "Chen Wei", "chen_wei@example.com");
  const auto d = create(admin, "Dana 100%", "dana@example.com");
  create(other, "Alice Stranger", "alice@example.com");
  apply(admin, job, b);
  apply(admin, job, d);

  auto r = admin.get("/api/v1/candidates/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(ids(r), (Ids{a, b, c, d}));
  EXPECT_EQ(r.header("x-total-count"), "4");
  EXPECT_EQ(r.header("link"), "");

  // Search is in name or email, case-insensitive.
  EXPECT_EQ(ids(admin.get("/api/v1/candidates/?search=MARTIN")), (Ids{a, b}));
  EXPECT_EQ(ids(admin.get("/api/v1/candidates/?search=consulting")), Ids{b});
  EXPECT_EQ(ids(admin.get("/api/v1/candidates/?search=%20chen%20")), Ids{c});
  EXPECT_EQ(ids(admin.get("/api/v1/candidates/?search=")).size(), 4u);
  // LIKE wildcards are literal characters.
  EXPECT_EQ(ids(admin.get("/api/v1/candidates/?search=_")), Ids{c});
  EXPECT_EQ(ids(admin.get("/api/v1/candidates/?search=%25")), Ids{d});

  // job_id: candidates applied to that job; another organization's job has none.
  EXPECT_EQ(ids(admin.get("/api/v1/candidates/?job_id=" + std::to_string(job))), (Ids{b, d}));
  EXPECT_EQ(ids(admin.get("/api/v1/candidates/?job_id=" + std::to_string(job) + "&search=dana")),
            Ids{d});
  r = admin.get("/api/v1/candidates/?job_id=" + std::to_string(other_job));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "[]");
  EXPECT_EQ(r.header("x-total-count"), "0");
  EXPECT_EQ(admin.get("/api/v1/candidates/?job_id=" + std::to_string(job + 100000)).body, "[]");
  EXPECT_EQ(admin.get("/api/v1/candidates/?job_id=-1").body, "[]");
  EXPECT_EQ(admin.get("/api/v1/candidates/?job_id=").header("x-total-count"), "4");
  for (const char* bad : {"abc", "1.5", "1x", "-"}) {
    r = admin.get(std::string("/api/v1/candidates/?job_id=") + bad);
    ASSERT_EQ(r.status, 400) << bad;
    EXPECT_EQ(errors(r, "job_id"), Strings{"Enter a whole number."});
  }

  r = admin.get("/api/v1/candidates/?limit=3");
  EXPECT_EQ(ids(r), (Ids{a, b, c}));
  EXPECT_EQ(r.header("x-total-count"), "4");
  EXPECT_NE(r.header("link").find("/api/v1/candidates/?limit=3&offset=3>; rel=\"next\""),
            std::string::npos)
      << r.header("link");
  r = admin.get("/api/v1/candidates/?limit=3&offset=3");
  EXPECT_EQ(ids(r), Ids{d});
  EXPECT_EQ(r.header("link").find("rel=\"next\""), std::string::npos);
  r = admin.get("/api/v1/candidates/?search=example&limit=1");
  EXPECT_EQ(r.header("x-total-count"), "3");
  EXPECT_NE(r.header("link").find("search=example"), std::string::npos);
}

TEST_F(Candidates, RolesAndAuthentication) {
  auto admin = e2e::register_org(*server_, "Cand Roles");
  auto interviewer = e2e::create_user(admin, "interviewer");
  const auto id = create(admin, "Protected", "protected@example.com");
  const auto before = admin.get(url(id)).body;

  EXPECT_EQ(interviewer.get("/api/v1/candidates/").status, 200);
  EXPECT_EQ(interviewer.get(url(id)).status, 200);
  for (auto r : {interviewer.post("/api/v1/candidates/", R"({"name":"N","email":"n@example.com"})"),
                 interviewer.put(url(id), R"({"name":"N","email":"n@example.com"})"),
                 interviewer.patch(url(id), R"({"name":"N"})"), interviewer.del(url(id))}) {
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(text(r, "detail"), "You do not have permission to perform this action.");
  }
  e2e::Client anonymous;
  anonymous.server = server_;
  for (auto r : {anonymous.get("/api/v1/candidates/"),
                 anonymous.post("/api/v1/candidates/", R"({"name":"N","email":"n@example.com"})"),
                 anonymous.get(url(id)), anonymous.put(url(id), "{}"),
                 anonymous.patch(url(id), "{}"), anonymous.del(url(id))}) {
    EXPECT_EQ(r.status, 401) << r.body;
    EXPECT_EQ(text(r, "detail"), "Authentication credentials were not provided.");
  }
  EXPECT_EQ(admin.get(url(id)).body, before);
  EXPECT_EQ(admin.get("/api/v1/candidates/").header("x-total-count"), "1");
}

TEST_F(Candidates, AnotherOrganizationsCandidateIsNotFound) {
  auto owner = e2e::register_org(*server_, "Cand Owner");
  auto other = e2e::register_org(*server_, "Cand Stranger");
  const auto job = create_job(owner, "Owner's job");
  const auto id = create(owner, "Private Person", "private@example.com");
  apply(owner, job, id);
  const auto before = owner.get(url(id)).body;
  const auto applied_before =
      owner.get("/api/v1/jobs/" + std::to_string(job) + "/candidates/").body;

  for (auto r :
       {other.get(url(id)), other.put(url(id), R"({"name":"Mine","email":"mine@example.com"})"),
        other.patch(url(id), R"({"name":"Mine"})"), other.del(url(id))}) {
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.body, R"({"detail":"Not found."})");
  }
  const std::string missing = url(id + 100000);
  for (auto r : {owner.get(missing), owner.put(missing, R"({"name":"x","email":"x@example.com"})"),
                 owner.patch(missing, "{}"), owner.del(missing)}) {
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.body, R"({"detail":"Not found."})");
  }
  for (const char* bad : {"abc", "0", "-1", "1.5", "9223372036854775808"}) {
    EXPECT_EQ(owner.get(std::string("/api/v1/candidates/") + bad + "/").status, 404) << bad;
  }
  EXPECT_EQ(other.get("/api/v1/candidates/").body, "[]");
  EXPECT_EQ(other.get("/api/v1/candidates/?search=private").body, "[]");

  EXPECT_EQ(owner.get(url(id)).body, before);
  EXPECT_EQ(owner.get("/api/v1/jobs/" + std::to_string(job) + "/candidates/").body, applied_before);
}

TEST_F(Candidates, MethodNotAllowed) {
  auto admin = e2e::register_org(*server_, "Cand Methods");
  const auto id = create(admin, "M", "m@example.com");
  auto r = admin.post(url(id), R"({"name":"x"})");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(text(r, "detail"), "Method \"POST\" not allowed.");
  EXPECT_NE(r.header("allow").find("PATCH"), std::string::npos);
  r = admin.put("/api/v1/candidates/", R"({"name":"x"})");
  EXPECT_EQ(r.status, 405);
  EXPECT_NE(r.header("allow").find("GET"), std::string::npos);
  EXPECT_EQ(admin.del("/api/v1/candidates/").status, 405);
  EXPECT_EQ(admin.get("/api/v1/candidates/").header("x-total-count"), "1");
}

}  // namespace

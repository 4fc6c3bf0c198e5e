// POST /interview/bulk/: each item answered as its single endpoint answers it, each
// in its own transaction or all in one (atomic), the envelope's validation, roles,
// and 500 items in one call.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace {

using e2e::Client;
using e2e::Json;
using e2e::Object;

const std::string kBulk = "/api/v1/interview/bulk/";

// A job with a three-service module and candidates applied to it, built the same
// way each time: two setups of one test differ only in their ids.
struct Hiring {
  Client admin;
  std::int64_t job = 0, module = 0, other_job = 0;
  std::vector<std::int64_t> candidates;  // applied to `job`
  std::int64_t stranger = 0;             // applied to nothing

  Object target(std::size_t candidate, const std::string& service) const {
    return e2e::workflow_target(candidates.at(candidate), job, module, service);
  }
};

Hiring make_hiring(const e2e::Server& server, std::size_t candidates) {
  Hiring s;
  s.admin = e2e::register_org(server, "Bulk Org");
  s.job = e2e::create_job(s.admin, "Engineer");
  s.module = e2e::create_module(s.admin, s.job,
                                {"Resume Screening", "Personality Test", "Video Interview"});
  for (std::size_t i = 0; i < candidates; ++i) {
    s.candidates.push_back(e2e::create_candidate(s.admin, "Candidate " + std::to_string(i)));
    e2e::apply(s.admin, s.job, s.candidates.back());
  }
  s.stranger = e2e::create_candidate(s.admin, "Stranger");
  s.other_job = e2e::create_job(s.admin, "Other");
  return s;
}

e2e::HttpResponse bulk(const Client& c, const std::string& action, const std::vector<Json>& items,
                       std::optional<bool> atomic = std::nullopt) {
  Object body{{"action", action}, {"items", e2e::array(items)}};
  if (atomic) body.set("atomic", *atomic);
  return c.post(kBulk, body);
}

// The single endpoint of each action.
e2e::HttpResponse single(const Client& c, const std::string& action, const std::string& body) {
  if (action == "shortlist") return c.post("/api/v1/interview/shortlist-candidate/", body);
  if (action == "unshortlist") return c.post("/api/v1/interview/unshortlist-candidate/", body);
  if (action == "update-step") return c.post("/api/v1/interview/update-step/", body);
  return c.patch("/api/v1/interview/update-status/", body);
}

// The statuses of a bulk answer's results, in order.
std::vector<int> statuses(const e2e::HttpResponse& r) {
  std::vector<int> out;
  for (auto item : r.json()["results"].get_array())
    out.push_back(int(std::int64_t(item["status"])));
  return out;
}

std::string body_of(const e2e::HttpResponse& r, std::size_t index) {
  return simdjson::minify(r.json()["results"].at(index)["body"]);
}

// A response body as text in which ids are replaced by their kind of object and the
// order of their first appearance, and timestamps and emails by placeholders: the same
// requests on two identical setups give the same text. One normalizer per setup, kept
// across its responses, so that an id means the same object throughout.
class Normalizer {
 public:
  // `root`: what the body is (or holds a list of), for the kind of its top-level ids.
  std::string operator()(simdjson::dom::element e, const std::string& root = "") {
    std::string out;
    write(e, root, "", out);
    return out;
  }

 private:
  static std::string kind_of(const std::string& key, const std::string& parent) {
    std::string k = key;
    if (k == "id") k = parent.empty() ? "root" : parent;
    if (k.size() > 3 && k.compare(k.size() - 3, 3, "_id") == 0) k.resize(k.size() - 3);
    if (k == "message" || k == "interview_step") return "step";
    if (k == "created_by" || k == "updated_by" || k == "changed_by") return "user";
    static const std::set<std::string> kIds = {"candidate", "job",  "module",       "service",
                                               "step",      "user", "organization", "history"};
    return kIds.count(k) ? k : "";
  }

  void write(simdjson::dom::element e, const std::string& key, const std::string& parent,
             std::string& out) {
    using T = simdjson::dom::element_type;
    if (e.type() == T::OBJECT) {
      out += '{';
      for (auto field : e.get_object()) {
        out += std::string(field.key) + ':';
        write(field.value, std::string(field.key), key, out);
        out += ',';
      }
      out += '}';
    } else if (e.type() == T::ARRAY) {
      out += '[';
      for (auto item : e.get_array()) {
        write(item, key, parent, out);
        out += ',';
      }
      out += ']';
    } else if (e.type() == T::INT64 && !kind_of(key, parent).empty()) {
      const auto kind = kind_of(key, parent);
      auto [it, added] = ids_.try_emplace({kind, std::int64_t(e)}, ids_.size());
      out += "#" + kind + std::to_string(it->second);
    } else if (e.type() == T::STRING &&
               (key == "email" || (key.size() > 3 && key.ends_with("_at")))) {
      out += "<" + key + ">";
    } else {
      out += simdjson::minify(e);
    }
  }

  std::map<std::pair<std::string, std::int64_t>, std::size_t> ids_;
};

// What the API shows of a setup's workflow state: every step of the job, each step's
// history and the applications; each body as `show` gives it (told what the body lists).
std::string state(
    const Hiring& s, const std::function<std::string(const e2e::HttpResponse&, const char*)>& show =
                         [](const e2e::HttpResponse& r, const char*) { return r.body; }) {
  const std::string job = std::to_string(s.job);
  auto steps = s.admin.get("/api/v1/interview/interview-steps/?limit=1000&job_id=" + job);
  std::string out = show(steps, "step");
  for (auto step : steps.json().get_array()) {
    out += show(s.admin.get("/api/v1/interview/interview-steps/" +
                            std::to_string(std::int64_t(step["id"])) + "/history/?limit=1000"),
                "history");
  }
  return out + show(s.admin.get("/api/v1/jobs/" + job + "/candidates/?limit=1000"), "candidate");
}

std::string state(const Hiring& s, Normalizer& normalize) {
  return state(
      s, [&](const e2e::HttpResponse& r, const char* what) { return normalize(r.json(), what); });
}

// Where two long texts first differ, with some context: a readable failure.
std::string first_difference(const std::string& a, const std::string& b) {
  std::size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  if (i == a.size() && i == b.size()) return "";
  const std::size_t from = i < 200 ? 0 : i - 200;
  return "at " + std::to_string(i) + ":\n  " + a.substr(from, 400) + "\n  " + b.substr(from, 400);
}

class Bulk : public e2e::SharedServerTest<Bulk> {};

// Items that shortlist each candidate's first and then second step: 2 × candidates.
std::vector<Json> two_shortlists_each(const Hiring& s) {
  std::vector<Json> items;
  for (const char* service : {"Resume Screening", "Personality Test"}) {
    for (std::size_t i = 0; i < s.candidates.size(); ++i) items.push_back(s.target(i, service));
  }
  return items;
}

TEST_F(Bulk, FiveHundredShortlistsInOneCallAtomicAndNot) {
  for (bool atomic : {false, true}) {
    const Hiring s = make_hiring(*server_, 250);
    const auto items = two_shortlists_each(s);
    ASSERT_EQ(items.size(), 500u);
    const auto start = std::chrono::steady_clock::now();
    auto r = bulk(s.admin, "shortlist", items, atomic);
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    std::cout << "[ timing   ] 500 shortlists, " << (atomic ? "atomic" : "not atomic") << ", "
              << (e2e::on_postgres() ? "PostgreSQL" : "SQLite") << ": " << ms << " ms\n";
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 2000);
    EXPECT_EQ(std::int64_t(r.json()["succeeded"]), 500);
    EXPECT_EQ(std::int64_t(r.json()["failed"]), 0);
    EXPECT_EQ(statuses(r), std::vector<int>(500, 200));
    for (std::size_t i = 0; i < 500; ++i) {
      EXPECT_EQ(std::int64_t(r.json()["results"].at(i)["index"]), std::int64_t(i));
    }
    EXPECT_EQ(std::string_view(r.json()["results"].at(0)["body"]["message"]),
              "Resume screening completed successfully. Interview step updated.");
    // Each candidate: two steps shortlisted, the third pending.
    auto steps = s.admin.get("/api/v1/interview/interview-steps/?limit=1000&job_id=" +
                             std::to_string(s.job));
    EXPECT_EQ(steps.header("x-total-count"), "750");
    std::map<std::string, int> by_status;
    for (auto step : steps.json().get_array())
      ++by_status[std::string(std::string_view(step["status"]))];
    EXPECT_EQ(by_status, (std::map<std::string, int>{{"Shortlisted", 500}, {"Pending", 250}}));
  }
}

TEST_F(Bulk, MixedFailuresAnswerEachItemAndKeepTheSuccesses) {
  const Hiring s = make_hiring(*server_, 4);
  ASSERT_EQ(bulk(s.admin, "shortlist",
                 {s.target(0, "Resume Screening"), s.target(1, "Resume Screening"),
                  s.target(2, "Resume Screening")})
                .status,
            200);
  const auto step = [&](std::size_t c, const std::string& service, const std::string& act) {
    return s.target(c, service).set("action", act);
  };
  const std::vector<Json> items = {
      step(0, "Personality Test", "Start"),
      e2e::workflow_target(999999999, s.job, s.module, "Personality Test").set("action", "Start"),
      step(0, "Personality Test", "Jump"),
      step(1, "Personality Test", "Complete"),               // Pending: not allowed
      step(2, "Personality Test", "Start").set("order", 1),  // Resume Screening's order
      step(1, "Personality Test", "Start"),
      Json(42),
      step(3, "Video Interview", "Start"),  // no such step
      step(0, "Personality Test", "Complete")};
  auto r = bulk(s.admin, "update-step", items);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(statuses(r), (std::vector<int>{200, 404, 400, 409, 400, 200, 400, 404, 200}));
  EXPECT_EQ(std::int64_t(r.json()["succeeded"]), 3);
  EXPECT_EQ(std::int64_t(r.json()["failed"]), 6);
  EXPECT_EQ(body_of(r, 1), R"({"detail":"Candidate not found."})");
  EXPECT_EQ(body_of(r, 2), R"({"action":["\"Jump\" is not a valid choice."]})");
  EXPECT_TRUE(r.json()["results"].at(3)["body"]["detail"].is_string());
  EXPECT_TRUE(r.json()["results"].at(4)["body"]["order"].is_array());
  EXPECT_EQ(body_of(r, 6),
            R"({"non_field_errors":["Invalid data. Expected a dictionary, but got int."]})");
  EXPECT_EQ(body_of(r, 7), R"({"detail":"Step not found."})");
  EXPECT_EQ(std::string_view(r.json()["results"].at(8)["body"]["message"]["status"]), "Completed");
  // The failures that the successes did not bear on answer as their single endpoint does.
  for (std::size_t i : {1u, 2u, 4u, 6u, 7u}) {
    auto one = single(s.admin, "update-step", items[i]);
    EXPECT_EQ(one.status, statuses(r)[i]) << i;
    EXPECT_EQ(one.body, body_of(r, i)) << i;
  }
  // The successes stayed.
  auto steps =
      s.admin.get("/api/v1/interview/interview-steps/?limit=1000&job_id=" + std::to_string(s.job));
  std::map<std::pair<std::int64_t, std::string>, std::string> status_of;
  for (auto st : steps.json().get_array()) {
    status_of[{std::int64_t(st["candidate"]),
               std::string(std::string_view(st["service"]["name"]))}] =
        std::string(std::string_view(st["status"]));
  }
  EXPECT_EQ((status_of[{s.candidates[0], "Personality Test"}]), "Completed");
  EXPECT_EQ((status_of[{s.candidates[0], "Video Interview"}]), "Pending");
  EXPECT_EQ((status_of[{s.candidates[1], "Personality Test"}]), "In Progress");
  EXPECT_EQ((status_of[{s.candidates[2], "Personality Test"}]), "Pending");
}

TEST_F(Bulk, AtomicWithAFailureIsA409AndChangesNothing) {
  const Hiring s = make_hiring(*server_, 3);
  ASSERT_EQ(
      bulk(s.admin, "shortlist", {s.target(0, "Resume Screening"), s.target(1, "Resume Screening")})
          .status,
      200);
  const std::string before = state(s);
  const auto step = [&](std::size_t c, const std::string& act) {
    return s.target(c, "Personality Test").set("action", act);
  };
  // The second item sees the first; the third fails; the fourth is still answered.
  auto r =
      bulk(s.admin, "update-step",
           {step(0, "Start"), step(0, "Complete"), step(1, "Complete"), step(1, "Start")}, true);
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(statuses(r), (std::vector<int>{200, 200, 409, 200}));
  EXPECT_EQ(std::int64_t(r.json()["succeeded"]), 3);
  EXPECT_EQ(std::int64_t(r.json()["failed"]), 1);
  EXPECT_EQ(std::string_view(r.json()["results"].at(1)["body"]["message"]["status"]), "Completed");
  EXPECT_EQ(state(s), before);

  // A shortlisting that creates steps and moves applications, then a missing candidate.
  r = bulk(s.admin, "shortlist",
           {s.target(2, "Resume Screening"), s.target(0, "Personality Test"),
            e2e::workflow_target(999999999, s.job, s.module, "Resume Screening")},
           true);
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(statuses(r), (std::vector<int>{200, 200, 404}));
  EXPECT_EQ(state(s), before);

  // Every item well formed and successful: all of it stays.
  r = bulk(s.admin, "update-step", {step(0, "Start"), step(0, "Complete")}, true);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(state(s), before);
  auto steps = s.admin.get("/api/v1/interview/interview-steps/?limit=1000&candidate_id=" +
                           std::to_string(s.candidates[0]));
  std::map<std::string, std::string> status_of;
  for (auto st : steps.json().get_array()) {
    status_of[std::string(std::string_view(st["service"]["name"]))] =
        std::string(std::string_view(st["status"]));
  }
  EXPECT_EQ(status_of, (std::map<std::string, std::string>{{"Resume Screening", "Shortlisted"},
                                                           {"Personality Test", "Completed"},
                                                           {"Video Interview", "Pending"}}));
}

TEST_F(Bulk, AtomicWhereEveryFailureIsA400IsA400) {
  const Hiring s = make_hiring(*server_, 2);
  const std::string before = state(s);
  auto r = bulk(s.admin, "shortlist",
                {s.target(0, "Resume Screening"), Json("not an object"),
                 Object{{"candidate_id", "abc"}}, s.target(1, "Resume Screening")},
                true);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(statuses(r), (std::vector<int>{200, 400, 400, 200}));
  EXPECT_EQ(std::int64_t(r.json()["succeeded"]), 2);
  EXPECT_EQ(std::int64_t(r.json()["failed"]), 2);
  EXPECT_EQ(e2e::errors(single(s.admin, "shortlist", Object{{"candidate_id", "abc"}}), "job_id"),
            std::vector<std::string>{"This field is required."});
  EXPECT_EQ(body_of(r, 2), single(s.admin, "shortlist", Object{{"candidate_id", "abc"}}).body);
  EXPECT_EQ(state(s), before);
}

TEST_F(Bulk, TheEnvelopeIsValidatedAsAWhole) {
  const Hiring s = make_hiring(*server_, 1);
  const std::string before = state(s);
  const auto post = [&](const std::string& body) { return s.admin.post(kBulk, body); };
  auto r = bulk(s.admin, "shortlist", {});
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"items":["This list may not be empty."]})");
  r = bulk(s.admin, "shortlist", std::vector<Json>(501, s.target(0, "Resume Screening")));
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"items":["Ensure this field has no more than 500 elements."]})");
  r = bulk(s.admin, "delete", {s.target(0, "Resume Screening")});
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"action":["\"delete\" is not a valid choice."]})");
  r = post(Object{{"action", "shortlist"}, {"items", s.target(0, "Resume Screening")}});
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"items":["Expected a list of items but got type \"dict\"."]})");
  r = post(Object{{"action", "shortlist"},
                  {"items", e2e::array({s.target(0, "Resume Screening")})},
                  {"atomic", "yes"}});
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"atomic":["Must be a valid boolean."]})");
  // Every bad field at once.
  r = post(Object{{"action", 7}, {"items", "all"}, {"atomic", nullptr}});
  ASSERT_EQ(r.status, 400);
  EXPECT_FALSE(e2e::errors(r, "action").empty());
  EXPECT_FALSE(e2e::errors(r, "items").empty());
  EXPECT_EQ(e2e::errors(r, "atomic"), std::vector<std::string>{"This field may not be null."});
  r = post("{}");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "action"), std::vector<std::string>{"This field is required."});
  EXPECT_EQ(e2e::errors(r, "items"), std::vector<std::string>{"This field is required."});
  EXPECT_EQ(post("[1]").status, 400);
  EXPECT_EQ(post("{\"action\":").status, 400);
  EXPECT_EQ(s.admin.get(kBulk).status, 405);
  EXPECT_EQ(state(s), before);
}

TEST_F(Bulk, InterviewersAreRefusedRecruitersServed) {
  const Hiring s = make_hiring(*server_, 1);
  const std::string before = state(s);
  auto interviewer = e2e::create_user(s.admin, "interviewer");
  auto r = bulk(interviewer, "shortlist", {s.target(0, "Resume Screening")});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body, e2e::kForbidden);
  EXPECT_EQ(state(s), before);
  auto recruiter = e2e::create_user(s.admin, "recruiter");
  r = bulk(recruiter, "shortlist", {s.target(0, "Resume Screening")});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(statuses(r), std::vector<int>{200});
}

// A NUL in an item is that item's 400, as its single endpoint words it.
TEST_F(Bulk, ANulInAnItemIsThatItemsError) {
  const Hiring s = make_hiring(*server_, 1);
  const Json bad =
      Json::raw(R"({"candidate_id":1,"job_id":1,"module_id":1,"service":{"name":"a\u0000b"}})");
  auto r = bulk(s.admin, "shortlist", {s.target(0, "Resume Screening"), bad});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(statuses(r), (std::vector<int>{200, 400}));
  auto one = single(s.admin, "shortlist", bad);
  EXPECT_EQ(one.status, 400);
  EXPECT_EQ(body_of(r, 1), one.body);
}

// Two identical setups: bulk calls on one, the same items as single calls on the
// other; every item's status and body (ids mapped) must match, for each action.
TEST_F(Bulk, TheSameAnswersAsSingleCalls) {
  constexpr std::size_t kCandidates = 100;
  const Hiring a = make_hiring(*server_, kCandidates);
  const Hiring b = make_hiring(*server_, kCandidates);
  Normalizer norm_a, norm_b;
  const auto compare = [&](const std::string& action,
                           const std::function<std::vector<Json>(const Hiring&)>& make_items) {
    const auto items_a = make_items(a), items_b = make_items(b);
    auto r = bulk(a.admin, action, items_a);
    ASSERT_EQ(r.status, 200) << r.body.substr(0, 2000);
    auto results = r.json()["results"].get_array();
    ASSERT_EQ(results.size(), items_b.size());
    std::size_t ok = 0;
    for (std::size_t i = 0; i < items_b.size(); ++i) {
      auto one = single(b.admin, action, items_b[i]);
      auto item = results.at(i);
      EXPECT_EQ(std::int64_t(item["status"]), one.status) << action << " item " << i;
      EXPECT_EQ(first_difference(norm_a(item["body"]), norm_b(one.json())), "")
          << action << " item " << i;
      ok += one.status == 200 ? 1 : 0;
    }
    EXPECT_EQ(std::int64_t(r.json()["succeeded"]), std::int64_t(ok)) << action;
    EXPECT_GT(ok, 0u) << action;
    EXPECT_LT(ok, items_b.size()) << action;
  };
  const std::vector<std::string> services = {"Resume Screening", "Personality Test",
                                             "Video Interview"};
  // 500 shortlists: first steps, some second and third ones, repeats, and every kind of
  // failure.
  compare("shortlist", [&](const Hiring& s) {
    std::vector<Json> items;
    for (std::size_t i = 0; i < 500; ++i) {
      const std::size_t c = i % kCandidates, block = i / kCandidates;
      std::string service = services[0];
      if ((block == 1 && c % 2 == 0) || (block == 3 && c % 5 == 0)) service = services[1];
      if (block == 2 && c % 4 == 0) service = services[2];
      Object item = s.target(c, service);
      if (i % 17 == 5) item.set("candidate_id", 999999999);
      if (i % 19 == 7) item.set("candidate_id", s.stranger);
      if (i % 23 == 3) item.set("job_id", s.other_job);
      if (i % 37 == 17) item.set("service", Object{{"id", e2e::service_id(s.admin, services[0])}});
      if (i % 41 == 19) item.set("service", Object{{"name", "No Such Service"}});
      if (i % 29 == 11) {
        items.push_back(Object{{"candidate_id", "abc"}, {"service", "Resume Screening"}});
      } else if (i % 31 == 13) {
        items.push_back(i % 2 ? Json("x") : e2e::array({1, 2}));
      } else {
        items.push_back(item);
      }
    }
    return items;
  });
  compare("update-step", [&](const Hiring& s) {
    static const char* kActions[] = {"Start", "Complete", "Hold", "Start", "Skip", "Reopen"};
    std::vector<Json> items;
    for (std::size_t i = 0; i < 150; ++i) {
      Object item = s.target(i % 50, services[1]).set("action", kActions[(i / 25) % 6]);
      if (i % 13 == 0) item.set("order", i % 2 ? 7 : 1);
      if (i % 11 == 5) item = s.target(i % 50, services[2]).set("action", "Skip");
      items.push_back(item);
    }
    return items;
  });
  compare("update-status", [&](const Hiring& s) {
    static const char* kStatuses[] = {"Rejected", "In Progress", "Shortlisted", "Pending", "Done"};
    std::vector<Json> items;
    for (std::size_t i = 0; i < 60; ++i) {
      items.push_back(s.target(50 + i % 50, services[i % 2]).set("status", kStatuses[i % 5]));
    }
    return items;
  });
  compare("unshortlist", [&](const Hiring& s) {
    std::vector<Json> items;
    for (std::size_t i = 0; i < 60; ++i) {
      Object item = s.target((i * 7) % kCandidates, services[0]);
      if (i % 3 == 1) item.set("status", "Rejected");
      if (i % 3 == 2) item.set("status", "Completed");
      items.push_back(item);
    }
    return items;
  });
  // And the two setups end in the same state.
  EXPECT_EQ(first_difference(state(a, norm_a), state(b, norm_b)), "");
}

}  // namespace

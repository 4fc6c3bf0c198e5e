// Webhooks end to end (API.md, "Webhooks"): endpoints and their secrets, every event type
// delivered and signed (checked with the Standard Webhooks reference library), retries,
// time-outs, a receiver that is down, a server killed after the commit, ordering,
// subscriptions, redelivery and the deliveries log.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "clips.hpp"
#include "fixtures.hpp"
#include "harness.hpp"
#include "invitation_helpers.hpp"
#include "json_body.hpp"
#include "util/crypto.hpp"
#include "webhook_receiver.hpp"

namespace {

using e2e::Object;
using std::chrono::seconds;
using Received = std::vector<e2e::ReceivedWebhook>;

constexpr const char* kWebhooks = "/api/v1/webhooks/";

std::string endpoint_url(std::int64_t id, const std::string& tail = "") {
  return kWebhooks + std::to_string(id) + "/" + tail;
}

// A server whose endpoints may be on loopback, with short retry waits (`delays`).
e2e::ServerOptions webhook_server(std::vector<std::string> extra = {},
                                  const std::string& delays = "1,1,1,1") {
  std::vector<std::string> args = {"--webhook-allow-private", "--webhook-retry-delays", delays,
                                   "--webhook-timeout", "2"};
  args.insert(args.end(), extra.begin(), extra.end());
  return e2e::ServerOptions(args);
}

struct Endpoint {
  std::int64_t id = 0;
  std::string secret;
};

Endpoint add_endpoint(const e2e::Client& admin, const std::string& url,
                      const std::vector<std::string>& events = {"*"}) {
  std::vector<e2e::Json> list(events.begin(), events.end());
  auto r = admin.post(kWebhooks, Object{{"url", url}, {"events", e2e::array(list)}});
  if (r.status != 201) throw std::runtime_error("endpoint: " + r.body);
  return {e2e::id_of(r), e2e::text(r, "secret")};
}

std::string type_of(const e2e::ReceivedWebhook& r) {
  simdjson::dom::parser parser;
  return std::string(std::string_view(parser.parse(r.body)["type"]));
}

std::vector<std::string> types_of(const Received& received) {
  std::vector<std::string> out;
  for (const auto& r : received) out.push_back(type_of(r));
  return out;
}

// The receipts that were answered 2xx, one per webhook-id (a receiver's deduplication).
std::vector<e2e::ReceivedWebhook> delivered(const Received& received) {
  std::vector<e2e::ReceivedWebhook> out;
  std::set<std::string> seen;
  for (const auto& r : received) {
    if (r.answered < 200 || r.answered >= 300) continue;
    if (seen.insert(r.headers.at("webhook-id")).second) out.push_back(r);
  }
  return out;
}

auto count_at_least(std::size_t n) {
  return [n](const Received& r) { return delivered(r).size() >= n; };
}

simdjson::dom::element data_of(simdjson::dom::parser& parser, const e2e::ReceivedWebhook& r) {
  return parser.parse(r.body)["data"];
}

bool wait_until(const std::function<bool()>& done, seconds wait) {
  const auto until = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

// A ping through the API; the delivery it made.
e2e::HttpResponse ping(const e2e::Client& admin, std::int64_t endpoint) {
  return admin.post(endpoint_url(endpoint, "ping/"));
}

}  // namespace

TEST(Webhooks, EndpointsAreManagedByAdminsAndTheSecretIsShownOnce) {
  e2e::Server server;
  auto admin = e2e::register_org(server, "Hooks Crud");
  auto recruiter = e2e::create_user(admin, "recruiter");
  // Without --webhook-allow-private, loopback and private receivers are refused.
  auto local = admin.post(
      kWebhooks, Object{{"url", "http://127.0.0.1:9/hooks"}, {"events", e2e::array({"*"})}});
  EXPECT_EQ(local.status, 400) << local.body;
  EXPECT_FALSE(e2e::errors(local, "url").empty()) << local.body;
  for (const char* url : {"http://10.1.2.3/x", "http://169.254.169.254/latest", "http://[::1]/",
                          "http://localhost/", "ftp://93.184.216.34/", "not a url"}) {
    auto r = admin.post(kWebhooks, Object{{"url", url}, {"events", e2e::array({"*"})}});
    EXPECT_EQ(r.status, 400) << url << " " << r.body;
  }
  auto bad_events = admin.post(kWebhooks, Object{{"url", "http://93.184.216.34/hooks"},
                                                 {"events", e2e::array({"nope.nothing"})}});
  EXPECT_EQ(bad_events.status, 400);
  EXPECT_EQ(e2e::errors(bad_events, "events"),
            std::vector<std::string>{"\"nope.nothing\" is not a valid choice."});
  auto empty = admin.post(
      kWebhooks, Object{{"url", "http://93.184.216.34/hooks"}, {"events", e2e::array({})}});
  EXPECT_EQ(e2e::errors(empty, "events"), std::vector<std::string>{"This list may not be empty."});
  auto missing = admin.post(kWebhooks, "{}");
  EXPECT_EQ(missing.status, 400);
  EXPECT_FALSE(e2e::errors(missing, "url").empty());
  EXPECT_FALSE(e2e::errors(missing, "events").empty());

  // A public address is fine (nothing is sent to it here: no event happens).
  auto created = admin.post(
      kWebhooks, Object{{"url", "https://93.184.216.34/hooks"},
                        {"events", e2e::array({"feedback.created", "candidate.shortlisted"})},
                        {"description", "ATS"}});
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = e2e::id_of(created);
  const std::string secret = e2e::text(created, "secret");
  EXPECT_EQ(secret.rfind("whsec_", 0), 0u);
  EXPECT_EQ(secret.size(), 6u + 44u);
  auto got = admin.get(endpoint_url(id));
  EXPECT_EQ(got.status, 200);
  EXPECT_EQ(got.body.find("secret"), std::string::npos) << got.body;
  EXPECT_EQ(simdjson::minify(got.json()["events"]),
            R"(["feedback.created","candidate.shortlisted"])");
  EXPECT_TRUE(bool(got.json()["is_active"]));
  EXPECT_EQ(e2e::ids(admin.get(kWebhooks)), std::vector<std::int64_t>{id});

  // "*" stands alone.
  auto changed = admin.patch(endpoint_url(id),
                             Object{{"events", e2e::array({"ping", "*"})}, {"is_active", false}});
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(simdjson::minify(changed.json()["events"]), R"(["*"])");
  EXPECT_FALSE(bool(changed.json()["is_active"]));
  auto put_missing = admin.put(endpoint_url(id), Object{{"description", "x"}});
  EXPECT_EQ(put_missing.status, 400);

  auto rotated = admin.post(endpoint_url(id, "rotate-secret/"));
  ASSERT_EQ(rotated.status, 200);
  EXPECT_NE(e2e::text(rotated, "secret"), secret);

  // Recruiters and interviewers do not manage webhooks; other organizations do not see them.
  EXPECT_EQ(recruiter.get(kWebhooks).status, 403);
  EXPECT_EQ(recruiter.post(kWebhooks, "{}").status, 403);
  auto other = e2e::register_org(server, "Hooks Other");
  EXPECT_EQ(other.get(endpoint_url(id)).status, 404);
  EXPECT_EQ(other.post(endpoint_url(id, "ping/")).status, 404);
  EXPECT_EQ(other.get(endpoint_url(id, "deliveries/")).status, 404);

  EXPECT_EQ(admin.del(endpoint_url(id)).status, 204);
  EXPECT_EQ(admin.get(endpoint_url(id)).status, 404);
  EXPECT_EQ(admin.del(endpoint_url(id)).status, 404);
}

TEST(Webhooks, EveryEventTypeArrivesSignedPerStandardWebhooks) {
  e2e::Server server(webhook_server());
  e2e::WebhookReceiver receiver;
  e2e::invitations::Org org(server);
  const auto hook = add_endpoint(org.admin, receiver.url());

  // candidate.shortlisted (+ step.status_changed), candidate.unshortlisted
  auto target = org.target().merge({{"service", Object{{"name", "Resume Screening"}}}});
  ASSERT_EQ(org.admin.post("/api/v1/interview/shortlist-candidate/", target).status, 200);
  ASSERT_EQ(org.admin.post("/api/v1/interview/unshortlist-candidate/", target).status, 200);
  // feedback.created
  ASSERT_EQ(org.admin
                .post("/api/v1/interview/feedbacks/", Object{{"job", org.job},
                                                             {"candidate", org.candidate},
                                                             {"rating", 4},
                                                             {"recommendation", "yes"}})
                .status,
            201);
  // answer.created, then answer.processed (a real clip) and answer.failed (a broken one)
  const auto q1 = e2e::create_question(org.admin, org.set, "video");
  const auto q2 = e2e::create_question(org.admin, org.set, "video");
  const auto screening = e2e::create_screening(org.admin, org.candidate, org.job, org.module,
                                               "Video Interview", org.set);
  auto good = e2e::upload_answer(org.admin, screening, q1, "video", "a.mp4", "video/mp4",
                                 e2e::read_file(e2e::clip("mp4")));
  ASSERT_EQ(good.status, 201) << good.body;
  auto bad = e2e::upload_answer(org.admin, screening, q2, "video", "b.mp4", "video/mp4",
                                e2e::read_file(e2e::clip("corrupt")));
  ASSERT_EQ(bad.status, 201) << bad.body;
  // screening.submitted
  ASSERT_EQ(org.admin.post("/api/v1/interview/screenings/" + std::to_string(screening) + "/submit/")
                .status,
            200);
  // invitation.opened and invitation.completed (with the candidate's screening.submitted)
  auto [invitation, cand] = org.invited();
  ASSERT_EQ(cand.get("session/").status, 200);
  ASSERT_EQ(cand.consent().status, 200);
  ASSERT_EQ(cand.post("submit/").status, 200);
  // ping
  ASSERT_EQ(ping(org.admin, hook.id).status, 202);

  const std::set<std::string> all = {"candidate.shortlisted",
                                     "candidate.unshortlisted",
                                     "step.status_changed",
                                     "screening.submitted",
                                     "answer.created",
                                     "answer.processed",
                                     "answer.failed",
                                     "feedback.created",
                                     "invitation.opened",
                                     "invitation.completed",
                                     "ping"};
  ASSERT_TRUE(receiver.wait_for(
      [&](const Received& r) {
        const auto types = types_of(r);
        return std::set<std::string>(types.begin(), types.end()) == all;
      },
      std::chrono::seconds(60)))
      << server.log();
  const auto got = receiver.received();
  for (const auto& r : got) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.target, "/hooks");
    EXPECT_EQ(r.headers.at("content-type"), "application/json");
    EXPECT_EQ(r.headers.at("webhook-id").rfind("msg_", 0), 0u);
    EXPECT_EQ(r.headers.at("webhook-signature").rfind("v1,", 0), 0u);
  }
  // The reference library accepts every one with the secret, and none with another.
  const auto verdicts = e2e::verify_with_reference(got, hook.secret);
  ASSERT_EQ(verdicts.size(), got.size());
  for (const auto& v : verdicts) EXPECT_EQ(v, "ok");
  const auto wrong =
      e2e::verify_with_reference(got, "whsec_" + util::base64_encode(std::string(32, 'k')));
  ASSERT_EQ(wrong.size(), got.size());
  for (const auto& v : wrong) EXPECT_NE(v, "ok");

  // What the data says, for a few of them.
  simdjson::dom::parser parser;
  for (const auto& r : got) {
    const auto type = type_of(r);
    auto data = data_of(parser, r);
    if (type == "candidate.shortlisted") {
      EXPECT_EQ(std::int64_t(data["candidate"]), org.candidate);
      EXPECT_EQ(std::int64_t(data["job"]), org.job);
      EXPECT_EQ(std::string_view(data["actor"]["type"]), "user");
      EXPECT_EQ(std::int64_t(data["actor"]["id"]), org.admin.user_id);
    } else if (type == "answer.processed") {
      EXPECT_EQ(std::int64_t(data["answer"]), e2e::id_of(good));
      EXPECT_EQ(std::string_view(data["actor"]["type"]), "system");
    } else if (type == "answer.failed") {
      EXPECT_EQ(std::int64_t(data["answer"]), e2e::id_of(bad));
      EXPECT_FALSE(std::string_view(data["error"]).empty());
    } else if (type == "invitation.completed") {
      EXPECT_EQ(std::int64_t(data["invitation"]), invitation);
      EXPECT_EQ(std::string_view(data["actor"]["type"]), "candidate");
    }
  }
}

TEST(Webhooks, DuringARotationBothSecretsSign) {
  e2e::Server server(webhook_server());
  e2e::WebhookReceiver receiver;
  auto admin = e2e::register_org(server, "Hooks Rotation");
  const auto hook = add_endpoint(admin, receiver.url());
  auto rotated = admin.post(endpoint_url(hook.id, "rotate-secret/"));
  ASSERT_EQ(rotated.status, 200);
  const std::string fresh = e2e::text(rotated, "secret");
  ASSERT_EQ(ping(admin, hook.id).status, 202);
  ASSERT_TRUE(receiver.wait_for(count_at_least(1), std::chrono::seconds(20)));
  const auto got = receiver.received();
  const std::string signature = got[0].headers.at("webhook-signature");
  EXPECT_NE(signature.find(' '), std::string::npos) << signature;
  EXPECT_EQ(e2e::verify_with_reference(got, hook.secret), std::vector<std::string>{"ok"});
  EXPECT_EQ(e2e::verify_with_reference(got, fresh), std::vector<std::string>{"ok"});
}

TEST(Webhooks, FailuresAreRetriedUnderOneEventId) {
  e2e::Server server(webhook_server());
  e2e::WebhookReceiver receiver;
  receiver.answer_next({500, 503});
  auto admin = e2e::register_org(server, "Hooks Retry");
  const auto hook = add_endpoint(admin, receiver.url());
  auto p = ping(admin, hook.id);
  ASSERT_EQ(p.status, 202) << p.body;
  EXPECT_EQ(e2e::text(p, "status"), "pending");
  const std::string event = e2e::text(p, "event_id");
  ASSERT_TRUE(receiver.wait_for(count_at_least(1), std::chrono::seconds(30))) << server.log();
  const auto got = receiver.received();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].answered, 500);
  EXPECT_EQ(got[1].answered, 503);
  EXPECT_EQ(got[2].answered, 200);
  for (const auto& r : got) EXPECT_EQ(r.headers.at("webhook-id"), event);
  // Each attempt is signed anew with its own timestamp.
  EXPECT_EQ(e2e::verify_with_reference(got, hook.secret), std::vector<std::string>(3, "ok"));

  auto log = admin.get(endpoint_url(hook.id, "deliveries/"));
  ASSERT_EQ(log.status, 200);
  auto d = log.json().at(0);
  EXPECT_EQ(std::string_view(d["event_id"]), event);
  EXPECT_EQ(std::string_view(d["event_type"]), "ping");
  EXPECT_EQ(std::string_view(d["status"]), "delivered");
  EXPECT_EQ(std::int64_t(d["attempts"]), 3);
  EXPECT_EQ(std::int64_t(d["last_response_code"]), 200);
  EXPECT_TRUE(d["next_attempt_at"].is_null());
  EXPECT_FALSE(d["delivered_at"].is_null());
}

TEST(Webhooks, AHangingReceiverTimesOutAndIsTriedAgain) {
  e2e::Server server(webhook_server());
  e2e::WebhookReceiver receiver;
  receiver.hang_next(1, std::chrono::milliseconds(5000));
  auto admin = e2e::register_org(server, "Hooks Hang");
  const auto hook = add_endpoint(admin, receiver.url());
  ASSERT_EQ(ping(admin, hook.id).status, 202);
  ASSERT_TRUE(receiver.wait_for(count_at_least(1), std::chrono::seconds(30))) << server.log();
  const auto got = receiver.received();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].answered, 0);
  // The second attempt came after the 2 s time-out and the 1 s wait, not after 5 s.
  const auto gap = got[1].at - got[0].at;
  EXPECT_GE(gap, std::chrono::milliseconds(2000));
  EXPECT_LT(gap, std::chrono::milliseconds(4900));
  auto log = admin.get(endpoint_url(hook.id, "deliveries/"));
  auto d = log.json().at(0);
  EXPECT_EQ(std::int64_t(d["attempts"]), 2);
  EXPECT_EQ(std::string_view(d["status"]), "delivered");
}

TEST(Webhooks, ABacklogArrivesInOrderOnceTheReceiverIsBack) {
  e2e::Server server(webhook_server());
  e2e::WebhookReceiver receiver;
  receiver.down();
  auto admin = e2e::register_org(server, "Hooks Backlog");
  const auto hook = add_endpoint(admin, receiver.url());
  std::vector<std::string> events;
  for (int i = 0; i < 12; ++i) {
    auto p = ping(admin, hook.id);
    ASSERT_EQ(p.status, 202);
    events.push_back(e2e::text(p, "event_id"));
  }
  // The first is being retried; nothing newer went past it.
  ASSERT_TRUE(wait_until(
      [&] {
        auto list = admin.get(endpoint_url(hook.id, "deliveries/"));
        return std::int64_t(list.json().at(0)["attempts"]) >= 2;
      },
      seconds(20)));
  auto log = admin.get(endpoint_url(hook.id, "deliveries/"));
  for (std::size_t i = 1; i < 12; ++i) {
    EXPECT_EQ(std::int64_t(log.json().at(i)["attempts"]), 0) << log.body;
  }
  EXPECT_EQ(std::string_view(log.json().at(0)["last_error"]), "connection refused");
  receiver.up();
  ASSERT_TRUE(receiver.wait_for(count_at_least(12), std::chrono::seconds(30))) << server.log();
  std::vector<std::string> order;
  for (const auto& r : receiver.received()) order.push_back(r.headers.at("webhook-id"));
  EXPECT_EQ(order, events);
}

TEST(Webhooks, AFailedDeliveryEndsAfterTheScheduleAndTheNextOneGoes) {
  e2e::Server server(webhook_server({}, "1"));
  e2e::WebhookReceiver receiver;
  receiver.answer_next({500, 410});
  auto admin = e2e::register_org(server, "Hooks Failed");
  const auto hook = add_endpoint(admin, receiver.url());
  const auto first = e2e::text(ping(admin, hook.id), "event_id");
  const auto second = e2e::text(ping(admin, hook.id), "event_id");
  ASSERT_TRUE(receiver.wait_for(count_at_least(1), std::chrono::seconds(20))) << server.log();
  const auto got = receiver.received();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].headers.at("webhook-id"), first);
  EXPECT_EQ(got[1].headers.at("webhook-id"), first);
  EXPECT_EQ(got[2].headers.at("webhook-id"), second);
  auto log = admin.get(endpoint_url(hook.id, "deliveries/"));
  EXPECT_EQ(std::string_view(log.json().at(0)["status"]), "failed");
  EXPECT_EQ(std::int64_t(log.json().at(0)["attempts"]), 2);
  EXPECT_EQ(std::int64_t(log.json().at(0)["last_response_code"]), 410);
  EXPECT_EQ(std::string_view(log.json().at(0)["last_error"]), "the endpoint answered 410");
  EXPECT_EQ(std::string_view(log.json().at(1)["status"]), "delivered");

  // Sent again on request: the same event id, at the end of the queue.
  const auto failed_id = std::int64_t(log.json().at(0)["id"]);
  auto again =
      admin.post(endpoint_url(hook.id, "deliveries/" + std::to_string(failed_id) + "/redeliver/"));
  ASSERT_EQ(again.status, 202) << again.body;
  EXPECT_EQ(e2e::text(again, "event_id"), first);
  ASSERT_TRUE(receiver.wait_for(count_at_least(2), std::chrono::seconds(20)));
  EXPECT_EQ(receiver.received().back().headers.at("webhook-id"), first);
  EXPECT_EQ(admin.post(endpoint_url(hook.id, "deliveries/999999/redeliver/")).status, 404);
}

TEST(Webhooks, EventsCommittedBeforeAKillAreDeliveredAfterTheRestart) {
  // This node sends nothing (--webhook-workers 0) until it is killed and restarted.
  e2e::Server server(webhook_server({"--webhook-workers", "0"}));
  e2e::WebhookReceiver receiver;
  e2e::invitations::Org org(server);
  const auto hook = add_endpoint(org.admin, receiver.url());
  auto target = org.target().merge({{"service", Object{{"name", "Resume Screening"}}}});
  ASSERT_EQ(org.admin.post("/api/v1/interview/shortlist-candidate/", target).status, 200);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(ping(org.admin, hook.id).status, 202);
  server.kill();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_TRUE(receiver.received().empty());
  server.restart({"--webhook-allow-private", "--webhook-retry-delays", "1"});
  // shortlisted, two step changes (Resume Screening and the next step), five pings.
  ASSERT_TRUE(receiver.wait_for(count_at_least(8), std::chrono::seconds(30))) << server.log();
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto got = receiver.received();
  EXPECT_EQ(delivered(got).size(), 8u);
  const auto types = types_of(delivered(got));
  EXPECT_EQ(std::count(types.begin(), types.end(), "ping"), 5);
  EXPECT_EQ(std::count(types.begin(), types.end(), "candidate.shortlisted"), 1);
}

TEST(Webhooks, AnEndpointHearsOnlyWhatItSubscribedToAndNothingWhileInactive) {
  e2e::Server server(webhook_server());
  e2e::WebhookReceiver receiver;
  e2e::invitations::Org org(server);
  const auto feedback_only =
      add_endpoint(org.admin, receiver.url("/feedback"), {"feedback.created"});
  const auto steps_only = add_endpoint(org.admin, receiver.url("/steps"), {"step.status_changed"});
  ASSERT_EQ(org.admin.patch(endpoint_url(steps_only.id), Object{{"is_active", false}}).status, 200);
  auto target = org.target().merge({{"service", Object{{"name", "Resume Screening"}}}});
  ASSERT_EQ(org.admin.post("/api/v1/interview/shortlist-candidate/", target).status, 200);
  ASSERT_EQ(org.admin
                .post("/api/v1/interview/feedbacks/", Object{{"job", org.job},
                                                             {"candidate", org.candidate},
                                                             {"rating", 3},
                                                             {"recommendation", "no"}})
                .status,
            201);
  ASSERT_TRUE(receiver.wait_for(count_at_least(1), std::chrono::seconds(20)));
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto got = receiver.received();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].target, "/feedback");
  EXPECT_EQ(type_of(got[0]), "feedback.created");
  (void)feedback_only;
}

TEST(Webhooks, TwoNodesOnOneDatabaseKeepEachEndpointsOrder) {
  e2e::Server first(webhook_server({"--webhook-workers", "3"}));
  auto second_options = e2e::second_node_of(first);
  for (const auto& a : webhook_server({"--webhook-workers", "3"}).extra_args) {
    second_options.extra_args.push_back(a);
  }
  e2e::Server second(second_options);
  e2e::WebhookReceiver receiver;
  auto admin = e2e::register_org(first, "Hooks Two Nodes");
  e2e::Client on_second = admin;
  on_second.server = &second;
  const auto a = add_endpoint(admin, receiver.url("/a"));
  const auto b = add_endpoint(admin, receiver.url("/b"));
  std::vector<std::string> sent_a, sent_b;
  for (int i = 0; i < 20; ++i) {
    const auto& node = i % 2 ? on_second : admin;
    sent_a.push_back(e2e::text(ping(node, a.id), "event_id"));
    sent_b.push_back(e2e::text(ping(node, b.id), "event_id"));
  }
  ASSERT_TRUE(receiver.wait_for(count_at_least(40), std::chrono::seconds(30)));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::vector<std::string> got_a, got_b;
  for (const auto& r : receiver.received()) {
    (r.target == "/a" ? got_a : got_b).push_back(r.headers.at("webhook-id"));
  }
  EXPECT_EQ(got_a, sent_a);
  EXPECT_EQ(got_b, sent_b);
}

TEST(Webhooks, ADeliveryCutByAKillIsSentAgainAfterTheRestart) {
  e2e::Server server(webhook_server({"--job-lease", "2"}));
  e2e::WebhookReceiver receiver;
  receiver.hang_next(1, std::chrono::milliseconds(1500));
  auto admin = e2e::register_org(server, "Hooks Kill Mid-Delivery");
  const auto hook = add_endpoint(admin, receiver.url());
  const auto first = e2e::text(ping(admin, hook.id), "event_id");
  const auto second = e2e::text(ping(admin, hook.id), "event_id");
  // Killed while the receiver holds the first attempt: nothing of it was recorded.
  ASSERT_TRUE(
      receiver.wait_for([](const Received& r) { return !r.empty(); }, std::chrono::seconds(10)));
  server.kill();
  server.restart({"--webhook-allow-private", "--webhook-retry-delays", "1", "--job-lease", "2"});
  ASSERT_TRUE(receiver.wait_for(count_at_least(2), std::chrono::seconds(30))) << server.log();
  const auto got = delivered(receiver.received());
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].headers.at("webhook-id"), first);
  EXPECT_EQ(got[1].headers.at("webhook-id"), second);
  auto log = admin.get(endpoint_url(hook.id, "deliveries/"));
  EXPECT_EQ(std::string_view(log.json().at(0)["status"]), "delivered");
  EXPECT_EQ(std::string_view(log.json().at(1)["status"]), "delivered");
}

TEST(Webhooks, ARolledBackChangeSendsNothing) {
  e2e::Server server(webhook_server());
  e2e::WebhookReceiver receiver;
  e2e::invitations::Org org(server);
  add_endpoint(org.admin, receiver.url());
  const auto hook = add_endpoint(org.admin, receiver.url("/marker"), {"feedback.created"});
  auto shortlist = org.target().merge({{"service", Object{{"name", "Resume Screening"}}}});
  auto missing = org.target(999999).merge({{"service", Object{{"name", "Resume Screening"}}}});
  // All or nothing: the first item's shortlisting (and its events) is rolled back.
  auto atomic = org.admin.post(
      "/api/v1/interview/bulk/",
      Object{
          {"action", "shortlist"}, {"atomic", true}, {"items", e2e::array({shortlist, missing})}});
  ASSERT_EQ(atomic.status, 409) << atomic.body;
  // A marker event: everything written before it has been sent by the time it arrives.
  ASSERT_EQ(org.admin
                .post("/api/v1/interview/feedbacks/", Object{{"job", org.job},
                                                             {"candidate", org.candidate},
                                                             {"rating", 3},
                                                             {"recommendation", "no"}})
                .status,
            201);
  ASSERT_TRUE(receiver.wait_for(
      [](const Received& r) {
        return std::any_of(r.begin(), r.end(), [](const auto& x) { return x.target == "/marker"; });
      },
      std::chrono::seconds(20)));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  for (const auto& r : receiver.received()) {
    EXPECT_EQ(type_of(r), "feedback.created") << r.body;
  }
  // Each item on its own: the one that succeeded is heard of.
  auto each =
      org.admin.post("/api/v1/interview/bulk/",
                     Object{{"action", "shortlist"}, {"items", e2e::array({shortlist, missing})}});
  ASSERT_EQ(each.status, 200) << each.body;
  ASSERT_TRUE(receiver.wait_for(
      [](const Received& r) {
        const auto types = types_of(r);
        return std::count(types.begin(), types.end(), "candidate.shortlisted") == 1;
      },
      std::chrono::seconds(20)));
  (void)hook;
}

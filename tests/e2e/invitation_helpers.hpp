// What the invitation and candidate API tests share: an organization with a job, an
// applied candidate, a module whose "Video Interview" service has a question set, an
// invitation to it, and a client that sends `Authorization: Invitation <token>`.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fixtures.hpp"
#include "util/clock.hpp"
#include "util/timestamps.hpp"

namespace e2e::invitations {

inline constexpr const char* kInvitations = "/api/v1/interview/invitations/";
inline constexpr const char* kCandidateApi = "/api/v1/candidate/";
inline constexpr const char* kNotValid = R"({"detail":"This invitation link is not valid."})";
inline constexpr const char* kExpired = R"({"detail":"This invitation link has expired."})";
inline constexpr const char* kSubmitted = R"({"detail":"This interview has been submitted."})";
inline constexpr const char* kConsentFirst = R"({"detail":"Consent is required first."})";
inline constexpr const char* kNotProvided =
    R"({"detail":"Authentication credentials were not provided."})";

inline std::string invitation_url(std::int64_t id, const std::string& tail = "") {
  return kInvitations + std::to_string(id) + "/" + tail;
}

// A candidate holding a link.
struct CandidateClient {
  const Server* server = nullptr;
  std::string token;

  HttpResponse send(const std::string& method, const std::string& path,
                    const std::string& body = "") const {
    return server->request(method, kCandidateApi + path, body,
                           {{"Authorization", "Invitation " + token}});
  }
  HttpResponse get(const std::string& path) const { return send("GET", path); }
  HttpResponse post(const std::string& path, const std::string& body = "{}") const {
    return send("POST", path, body);
  }
  HttpResponse consent() const { return post("consent/", R"({"accepted":true})"); }
  HttpResponse start(std::int64_t question) const {
    return post("questions/" + std::to_string(question) + "/attempts/");
  }
  HttpResponse answer(std::int64_t attempt, const std::string& body) const {
    return post("attempts/" + std::to_string(attempt) + "/answer/", body);
  }
};

// The token of a create or reissue response: the last segment of its url.
inline std::string token_of(const HttpResponse& r) {
  const std::string url(std::string_view(r.json()["url"]));
  return url.substr(url.rfind('/') + 1);
}

// Now plus `seconds`, in RFC 3339 (to the second).
inline std::string rfc3339_in(std::int64_t seconds) {
  return util::rfc3339_in(std::chrono::seconds(seconds));
}
// Seconds from `from` to `to`, both RFC 3339.
inline std::int64_t seconds_between(std::string_view from, std::string_view to) {
  return std::chrono::duration_cast<std::chrono::seconds>(*util::parse_rfc3339(to) -
                                                          *util::parse_rfc3339(from))
      .count();
}

// An organization ready for invitations: `video_` is the invited service, whose
// preferences are `preferences` and name `set_` as the question set.
class Org {
 public:
  Org(const Server& server, const Object& preferences = {}) {  // NOLINT
    admin = register_org(server, unique("Invitations Org"));
    job = create_job(admin, "Engineer");
    candidate = create_candidate(admin, "Casey");
    apply(admin, job, candidate);
    set = create_question_set(admin, "Interview questions");
    auto prefs = Object{{"question_set_id", set}}.merge(preferences);
    module = create_in(admin, "/api/v1/interview/interview-modules/",
                       Object{{"name", "Module"},
                              {"job", job},
                              {"services", array({Object{{"service_name", "Resume Screening"},
                                                         {"order", 1},
                                                         {"preferences", Object{}}},
                                                  Object{{"service_name", "Video Interview"},
                                                         {"order", 2},
                                                         {"preferences", prefs}}})}});
  }

  // The members naming this organization's candidate, job, module and service.
  Object target(std::int64_t other_candidate = 0) const {
    return {{"candidate_id", other_candidate ? other_candidate : candidate},
            {"job_id", job},
            {"module_id", module},
            {"service", "Video Interview"}};
  }
  HttpResponse invite(const Object& extra = {}, std::int64_t other_candidate = 0) const {
    return admin.post(kInvitations, target(other_candidate).merge(extra));
  }
  // A new invitation's id and its candidate's client (throws unless 201).
  std::pair<std::int64_t, CandidateClient> invited(const Object& extra = {},
                                                   std::int64_t other_candidate = 0) const {
    auto r = invite(extra, other_candidate);
    if (r.status != 201) throw std::runtime_error("invite failed: " + r.body);
    return {id_of(r), CandidateClient{admin.server, token_of(r)}};
  }
  // Another candidate applied to the job.
  std::int64_t applied_candidate(const std::string& name = "Robin") const {
    const auto c = create_candidate(admin, name);
    apply(admin, job, c);
    return c;
  }

  Client admin;
  std::int64_t job = 0, candidate = 0, set = 0, module = 0;
};

}  // namespace e2e::invitations

// Objects and assertions the end-to-end tests share: creating jobs, candidates,
// modules, question sets, questions, screenings, answers; reading ids and field
// errors from responses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "harness.hpp"
#include "json_body.hpp"

namespace e2e {

// The bodies of a 403 and of a 404, as the contract words them.
inline constexpr const char* kForbidden =
    R"({"detail":"You do not have permission to perform this action."})";
inline constexpr const char* kNotFound = R"({"detail":"Not found."})";

std::int64_t id_of(const HttpResponse& r);
// The ids of a list response, in order.
std::vector<std::int64_t> ids(const HttpResponse& r);
// The messages of one field of a validation error (empty when the field has none).
std::vector<std::string> errors(const HttpResponse& r, const char* field);
// A string field of a JSON object response.
std::string text(const HttpResponse& r, const char* key);

// POSTs `body` to `target`; the id of what it created (throws unless 201).
std::int64_t create_in(const Client& c, const std::string& target, const std::string& body);

std::int64_t create_job(const Client& c, const std::string& title = "Engineer");
std::int64_t create_candidate(const Client& c, const std::string& name = "Candidate");
void apply(const Client& c, std::int64_t job, std::int64_t candidate);
// A module attached to `job` with the built-in services in this order
// (orders 1, 2, 3, ...).
std::int64_t create_module(const Client& c, std::int64_t job,
                           const std::vector<std::string>& service_names);
// The id of a built-in service by name.
std::int64_t service_id(const Client& c, const std::string& name);

// A question set of the client's organization.
std::int64_t create_question_set(const Client& c, const std::string& name = "Question set");
// A question in `question_set`; `extra` adds members ({{"options", ...}}).
std::int64_t create_question(const Client& c, std::int64_t question_set,
                             const std::string& type = "text", const Object& extra = {});
// A screening of `candidate` (applied to `job`) for the service `service_name` of
// `module`, on `question_set`.
std::int64_t create_screening(const Client& c, std::int64_t candidate, std::int64_t job,
                              std::int64_t module, const std::string& service_name,
                              std::int64_t question_set);
// The members that name a candidate's step in the workflow endpoints
// (shortlist-candidate, update-step, ...): the service by name.
Object workflow_target(std::int64_t candidate, std::int64_t job, std::int64_t module,
                       const std::string& service_name);

// Sends `count` requests at once (`send(i)`, each on a thread of its own) while
// `deletion` runs beside them. Returns what was unexpected, as "status body": an
// answer whose status is not in `expected`, a deletion that did not answer 204.
std::vector<std::string> race_with_deletion(std::size_t count,
                                            const std::function<HttpResponse(std::size_t)>& send,
                                            const std::vector<int>& expected,
                                            const std::function<HttpResponse()>& deletion);

// The body of an answer to `question` in `screening`; `extra` adds the answer.
Object answer_body(std::int64_t screening, std::int64_t question, const Object& extra = {});
// POST /interview/answers/ as a multipart form: the two ids and the file part
// `field` ("video" or "audio").
HttpResponse upload_answer(const Client& c, std::int64_t screening, std::int64_t question,
                           const std::string& field, const std::string& filename,
                           const std::string& content_type, const std::string& bytes);
// A text answer to `question` in `screening` (through POST /interview/answers/).
std::int64_t create_answer(const Client& c, std::int64_t screening, std::int64_t question,
                           const std::string& text = "An answer");

}  // namespace e2e

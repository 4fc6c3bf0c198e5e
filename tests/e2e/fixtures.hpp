// Objects and assertions the end-to-end tests share: creating jobs, candidates,
// modules, question sets, questions, screenings, answers; reading ids and field
// errors from responses.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "harness.hpp"

namespace e2e {

std::int64_t id_of(const HttpResponse& r);
// The ids of a list response, in order.
std::vector<std::int64_t> ids(const HttpResponse& r);
// The messages of one field of a validation error (empty when the field has none).
std::vector<std::string> errors(const HttpResponse& r, const char* field);
// A string field of a JSON object response.
std::string text(const HttpResponse& r, const char* key);

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
// A question in `question_set`; `extra` adds JSON members (",\"options\":[...]").
std::int64_t create_question(const Client& c, std::int64_t question_set,
                             const std::string& type = "text", const std::string& extra = "");
// A screening of `candidate` (applied to `job`) for the service `service_name` of
// `module`, on `question_set`.
std::int64_t create_screening(const Client& c, std::int64_t candidate, std::int64_t job,
                              std::int64_t module, const std::string& service_name,
                              std::int64_t question_set);
// A text answer to `question` in `screening` (through POST /interview/answers/).
std::int64_t create_answer(const Client& c, std::int64_t screening, std::int64_t question,
                           const std::string& text = "An answer");

}  // namespace e2e

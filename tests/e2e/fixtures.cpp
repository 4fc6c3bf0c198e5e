#include "fixtures.hpp"

#include <stdexcept>

namespace e2e {

std::int64_t id_of(const HttpResponse& r) { return std::int64_t(r.json()["id"]); }

std::vector<std::int64_t> ids(const HttpResponse& r) {
  std::vector<std::int64_t> out;
  for (auto item : r.json().get_array()) out.push_back(std::int64_t(item["id"]));
  return out;
}

std::vector<std::string> errors(const HttpResponse& r, const char* field) {
  std::vector<std::string> out;
  simdjson::dom::array messages;
  if (r.json()[field].get_array().get(messages)) return out;
  for (auto m : messages) out.emplace_back(std::string_view(m));
  return out;
}

std::string text(const HttpResponse& r, const char* key) {
  return std::string(std::string_view(r.json()[key]));
}

std::int64_t create_job(const Client& c, const std::string& title) {
  auto r = c.post("/api/v1/jobs/", "{\"title\":" + quote(title) + "}");
  if (r.status != 201) throw std::runtime_error("create job failed: " + r.body);
  return id_of(r);
}

std::int64_t create_candidate(const Client& c, const std::string& name) {
  auto r = c.post("/api/v1/candidates/", "{\"name\":" + quote(name) + ",\"email\":" +
                                             quote(unique("cand") + "@example.com") + "}");
  if (r.status != 201) throw std::runtime_error("create candidate failed: " + r.body);
  return id_of(r);
}

void apply(const Client& c, std::int64_t job, std::int64_t candidate) {
  auto r = c.post("/api/v1/jobs/" + std::to_string(job) + "/candidates/",
                  "{\"candidate_id\":" + std::to_string(candidate) + "}");
  if (r.status != 201) throw std::runtime_error("apply failed: " + r.body);
}

std::int64_t create_module(const Client& c, std::int64_t job,
                           const std::vector<std::string>& service_names) {
  std::string services;
  for (std::size_t i = 0; i < service_names.size(); ++i) {
    if (i) services += ",";
    services += "{\"service_name\":" + quote(service_names[i]) +
                ",\"order\":" + std::to_string(i + 1) + ",\"preferences\":{}}";
  }
  auto r = c.post("/api/v1/interview/interview-modules/",
                  "{\"name\":" + quote(unique("Module")) + ",\"job\":" + std::to_string(job) +
                      ",\"services\":[" + services + "]}");
  if (r.status != 201) throw std::runtime_error("create module failed: " + r.body);
  return id_of(r);
}

std::int64_t service_id(const Client& c, const std::string& name) {
  auto r = c.get("/api/v1/services/?limit=1000");
  for (auto s : r.json().get_array()) {
    if (std::string_view(s["name"]) == name) return std::int64_t(s["id"]);
  }
  throw std::runtime_error("no service " + name);
}

std::int64_t create_question_set(const Client& c, const std::string& name) {
  auto r = c.post("/api/v1/interview/question-sets/", "{\"name\":" + quote(name) + "}");
  if (r.status != 201) throw std::runtime_error("create question set failed: " + r.body);
  return id_of(r);
}

std::int64_t create_question(const Client& c, std::int64_t question_set, const std::string& type,
                             const std::string& extra) {
  auto r = c.post("/api/v1/interview/questions/",
                  "{\"question_set\":" + std::to_string(question_set) +
                      ",\"text\":\"Why?\",\"type\":" + quote(type) + extra + "}");
  if (r.status != 201) throw std::runtime_error("create question failed: " + r.body);
  return id_of(r);
}

std::int64_t create_screening(const Client& c, std::int64_t candidate, std::int64_t job,
                              std::int64_t module, const std::string& service_name,
                              std::int64_t question_set) {
  auto r = c.post(
      "/api/v1/interview/screenings/",
      "{\"candidate_id\":" + std::to_string(candidate) + ",\"job_id\":" + std::to_string(job) +
          ",\"module_id\":" + std::to_string(module) + ",\"service\":" + quote(service_name) +
          ",\"question_set_id\":" + std::to_string(question_set) + "}");
  if (r.status != 201) throw std::runtime_error("create screening failed: " + r.body);
  return id_of(r);
}

std::int64_t create_answer(const Client& c, std::int64_t screening, std::int64_t question,
                           const std::string& text) {
  auto r = c.post("/api/v1/interview/answers/", "{\"screening_id\":" + std::to_string(screening) +
                                                    ",\"question\":" + std::to_string(question) +
                                                    ",\"text\":" + quote(text) + "}");
  if (r.status != 201) throw std::runtime_error("create answer failed: " + r.body);
  return id_of(r);
}

}  // namespace e2e

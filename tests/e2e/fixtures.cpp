#include "fixtures.hpp"

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace e2e {

std::int64_t id_of(const HttpResponse& r) {
  return std::int64_t(r.json()["id"]);
}

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

std::int64_t create_in(const Client& c, const std::string& target, const std::string& body) {
  auto r = c.post(target, body);
  if (r.status != 201) throw std::runtime_error("POST " + target + " failed: " + r.body);
  return id_of(r);
}

std::int64_t create_job(const Client& c, const std::string& title) {
  return create_in(c, "/api/v1/jobs/", Object{{"title", title}});
}

std::int64_t create_candidate(const Client& c, const std::string& name) {
  return create_in(c, "/api/v1/candidates/",
                   Object{{"name", name}, {"email", unique("cand") + "@example.com"}});
}

void apply(const Client& c, std::int64_t job, std::int64_t candidate) {
  auto r = c.post("/api/v1/jobs/" + std::to_string(job) + "/candidates/",
                  Object{{"candidate_id", candidate}});
  if (r.status != 201) throw std::runtime_error("apply failed: " + r.body);
}

std::int64_t create_module(const Client& c, std::int64_t job,
                           const std::vector<std::string>& service_names) {
  std::vector<Json> services;
  for (std::size_t i = 0; i < service_names.size(); ++i) {
    services.push_back(
        Object{{"service_name", service_names[i]}, {"order", i + 1}, {"preferences", Object{}}});
  }
  return create_in(c, "/api/v1/interview/interview-modules/",
                   Object{{"name", unique("Module")}, {"job", job}, {"services", array(services)}});
}

std::int64_t service_id(const Client& c, const std::string& name) {
  auto r = c.get("/api/v1/services/?limit=1000");
  for (auto s : r.json().get_array()) {
    if (std::string_view(s["name"]) == name) return std::int64_t(s["id"]);
  }
  throw std::runtime_error("no service " + name);
}

std::int64_t create_question_set(const Client& c, const std::string& name) {
  return create_in(c, "/api/v1/interview/question-sets/", Object{{"name", name}});
}

std::int64_t create_question(const Client& c, std::int64_t question_set, const std::string& type,
                             const Object& extra) {
  return create_in(
      c, "/api/v1/interview/questions/",
      Object{{"question_set", question_set}, {"text", "Why?"}, {"type", type}}.merge(extra));
}

std::int64_t create_screening(const Client& c, std::int64_t candidate, std::int64_t job,
                              std::int64_t module, const std::string& service_name,
                              std::int64_t question_set) {
  return create_in(c, "/api/v1/interview/screenings/",
                   Object{{"candidate_id", candidate},
                          {"job_id", job},
                          {"module_id", module},
                          {"service", service_name},
                          {"question_set_id", question_set}});
}

Object workflow_target(std::int64_t candidate, std::int64_t job, std::int64_t module,
                       const std::string& service_name) {
  return Object{{"candidate_id", candidate},
                {"job_id", job},
                {"module_id", module},
                {"service", Object{{"name", service_name}}}};
}

std::vector<std::string> race_with_deletion(std::size_t count,
                                            const std::function<HttpResponse(std::size_t)>& send,
                                            const std::vector<int>& expected,
                                            const std::function<HttpResponse()>& deletion) {
  std::mutex mu;
  std::vector<std::string> unexpected;
  auto note = [&](const std::string& what, const HttpResponse& r) {
    std::lock_guard lock(mu);
    unexpected.push_back(what + std::to_string(r.status) + " " + r.body);
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < count; ++i) {
    threads.emplace_back([&, i] {
      auto r = send(i);
      if (std::find(expected.begin(), expected.end(), r.status) == expected.end()) note("", r);
    });
  }
  threads.emplace_back([&] {
    auto r = deletion();
    if (r.status != 204) note("delete: ", r);
  });
  for (auto& t : threads) t.join();
  return unexpected;
}

Object answer_body(std::int64_t screening, std::int64_t question, const Object& extra) {
  return Object{{"screening_id", screening}, {"question", question}}.merge(extra);
}

HttpResponse upload_answer(const Client& c, std::int64_t screening, std::int64_t question,
                           const std::string& field, const std::string& filename,
                           const std::string& content_type, const std::string& bytes) {
  const std::string b = "----e2eBoundary7MA4YWxk";
  std::string form;
  form += "--" + b + "\r\nContent-Disposition: form-data; name=\"screening_id\"\r\n\r\n" +
          std::to_string(screening) + "\r\n";
  form += "--" + b + "\r\nContent-Disposition: form-data; name=\"question\"\r\n\r\n" +
          std::to_string(question) + "\r\n";
  form += "--" + b + "\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" +
          filename + "\"\r\nContent-Type: " + content_type + "\r\n\r\n" + bytes + "\r\n";
  form += "--" + b + "--\r\n";
  return c.send("POST", "/api/v1/interview/answers/", form,
                {{"Content-Type", "multipart/form-data; boundary=" + b}});
}

std::int64_t create_answer(const Client& c, std::int64_t screening, std::int64_t question,
                           const std::string& text) {
  return create_in(c, "/api/v1/interview/answers/",
                   answer_body(screening, question, {{"text", text}}));
}

}  // namespace e2e

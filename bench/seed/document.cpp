// The benchmark runner's JSON document (document.hpp).
#include "document.hpp"

#include "json/writer.hpp"

namespace bench_seed {

namespace {

constexpr std::size_t kSampledIds = 500;
constexpr std::size_t kSampledWorkflow = 5000;

// At most `limit` items spread evenly over `all` (every k-th).
template <class T>
std::vector<T> spread(const std::vector<T>& all, std::size_t limit) {
  if (all.size() <= limit) return all;
  std::vector<T> out;
  out.reserve(limit);
  for (std::size_t k = 0; k < limit; ++k) out.push_back(all[k * all.size() / limit]);
  return out;
}

void ids_field(json::Writer& w, const char* name, const std::vector<std::int64_t>& ids) {
  json::key(w, name);
  w.StartArray();
  for (std::int64_t id : ids) w.Int64(id);
  w.EndArray();
}

// [candidate, job, module, service] for each candidate index.
void workflow_field(json::Writer& w, const char* name, const Org& o,
                    const std::vector<std::int64_t>& indexes, std::size_t position) {
  json::key(w, name);
  w.StartArray();
  for (std::int64_t i : spread(indexes, kSampledWorkflow)) {
    const ModulePlan& m = o.module_of(i);
    w.StartArray();
    w.Int64(o.candidates[static_cast<std::size_t>(i)]);
    w.Int64(m.job);
    w.Int64(m.id);
    json::string(w, m.names[position]);
    w.EndArray();
  }
  w.EndArray();
}

void modules_field(json::Writer& w, const Org& o) {
  json::key(w, "modules");
  w.StartArray();
  for (const auto& m : o.modules) {
    w.StartObject();
    json::field(w, "id", m.id);
    json::field(w, "job", m.job);
    json::key(w, "services");
    w.StartArray();
    for (const auto& name : m.names) json::string(w, name);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
}

// [job, candidate] of candidates spread over the organization.
void feedback_targets_field(json::Writer& w, const Org& o) {
  json::key(w, "feedback_targets");
  w.StartArray();
  std::vector<std::int64_t> all(o.candidates.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = static_cast<std::int64_t>(i);
  for (std::int64_t i : spread(all, kSampledIds)) {
    w.StartArray();
    w.Int64(o.jobs[static_cast<std::size_t>(job_index(i))]);
    w.Int64(o.candidates[static_cast<std::size_t>(i)]);
    w.EndArray();
  }
  w.EndArray();
}

// [screening, [its six text questions]] of every open screening.
void open_screenings_field(json::Writer& w, const Org& o) {
  json::key(w, "open_screenings");
  w.StartArray();
  for (const auto& s : o.open_screenings) {
    w.StartArray();
    w.Int64(s.id);
    w.StartArray();
    for (int q = 0; q < kTextQuestions; ++q) w.Int64(o.text_question(s.question_set, q));
    w.EndArray();
    w.EndArray();
  }
  w.EndArray();
}

void organization(json::Writer& w, const Org& o) {
  w.StartObject();
  json::field(w, "id", o.organization.id);
  json::key(w, "tokens");
  w.StartObject();
  json::field(w, "admin", o.tokens[0]);
  json::field(w, "recruiter", o.tokens[1]);
  json::field(w, "interviewer", o.tokens[2]);
  w.EndObject();
  ids_field(w, "jobs", o.jobs);
  ids_field(w, "question_sets", o.question_sets);
  modules_field(w, o);

  std::vector<std::int64_t> step_candidates, pending, second_pending;
  for (std::int64_t i : o.with_module) {
    step_candidates.push_back(o.candidates[static_cast<std::size_t>(i)]);
    (shortlisted(i) ? second_pending : pending).push_back(i);
  }
  ids_field(w, "step_candidates", spread(step_candidates, kSampledIds));
  feedback_targets_field(w, o);
  std::vector<std::int64_t> answer_candidates;
  for (std::int64_t i : o.answered) {
    answer_candidates.push_back(o.candidates[static_cast<std::size_t>(i)]);
  }
  ids_field(w, "answer_candidates", spread(answer_candidates, kSampledIds));
  workflow_field(w, "shortlist", o, pending, 0);
  workflow_field(w, "update_step", o, second_pending, 1);
  open_screenings_field(w, o);
  w.EndObject();
}

}  // namespace

std::string document(const std::vector<Org>& orgs, int scale, db::Dialect dialect) {
  return json::build([&](json::Writer& w) {
    w.StartObject();
    json::field(w, "scale", scale);
    json::field(w, "dialect", dialect == db::Dialect::kPostgres ? "postgresql" : "sqlite");
    json::key(w, "organizations");
    w.StartArray();
    for (const auto& o : orgs) organization(w, o);
    w.EndArray();
    w.EndObject();
  });
}

}  // namespace bench_seed

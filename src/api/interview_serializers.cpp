#include "api/interview_serializers.hpp"

#include "api/serializers.hpp"

namespace api {

void write_module(json::Writer& w, const domain::InterviewModule& m) {
  w.StartObject();
  json::field(w, "id", m.id);
  json::field(w, "name", m.name);
  json::field(w, "description", m.description);
  json::field(w, "job", m.job_id);
  json::key(w, "services");
  w.StartArray();
  for (const auto& e : m.services) {
    w.StartObject();
    json::key(w, "service");
    write_service(w, e.service);
    json::field(w, "order", e.order);
    json::raw_field(w, "preferences", e.preferences);
    w.EndObject();
  }
  w.EndArray();
  json::field(w, "is_active", m.is_active);
  json::field(w, "created_by", m.created_by);
  json::field(w, "created_at", m.created_at);
  json::field(w, "updated_by", m.updated_by);
  json::field(w, "updated_at", m.updated_at);
  w.EndObject();
}

void write_step(json::Writer& w, const domain::InterviewStep& s) {
  w.StartObject();
  json::field(w, "id", s.id);
  json::field(w, "module", s.module_id);
  json::field(w, "job", s.job_id);
  json::field(w, "candidate", s.candidate_id);
  json::key(w, "service");
  write_service(w, s.service);
  json::field(w, "order", s.order);
  json::field(w, "status", domain::to_string(s.status));
  json::field(w, "started_at", s.started_at);
  json::field(w, "completed_at", s.completed_at);
  json::field(w, "created_at", s.created_at);
  json::field(w, "updated_at", s.updated_at);
  json::field(w, "updated_by", s.updated_by);
  w.EndObject();
}

void write_step_change(json::Writer& w, const domain::StepChange& c) {
  w.StartObject();
  json::field(w, "id", c.id);
  json::field(w, "step", c.step_id);
  json::key(w, "from_status");
  if (c.from_status) {
    json::string(w, domain::to_string(*c.from_status));
  } else {
    w.Null();
  }
  json::field(w, "to_status", domain::to_string(c.to_status));
  json::field(w, "changed_by", c.changed_by);
  json::field(w, "changed_at", c.changed_at);
  w.EndObject();
}

void write_feedback(json::Writer& w, const domain::Feedback& f) {
  w.StartObject();
  json::field(w, "id", f.id);
  json::field(w, "job", f.job_id);
  json::field(w, "candidate", f.candidate_id);
  json::field(w, "step", f.step_id);
  json::field(w, "author", f.author_id);
  json::field(w, "rating", f.rating);
  json::field(w, "recommendation", f.recommendation);
  json::field(w, "comments", f.comments);
  json::raw_field(w, "scores", f.scores);
  json::field(w, "created_at", f.created_at);
  json::field(w, "updated_at", f.updated_at);
  w.EndObject();
}

}  // namespace api

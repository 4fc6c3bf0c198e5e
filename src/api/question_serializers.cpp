#include "api/question_serializers.hpp"

namespace api {

void write_question_set(json::Writer& w, const domain::QuestionSet& s) {
  w.StartObject();
  json::field(w, "id", s.id);
  json::field(w, "name", s.name);
  json::field(w, "description", s.description);
  json::field(w, "service", s.service_id);
  json::field(w, "questions_count", s.questions_count);
  json::field(w, "created_by", s.created_by);
  json::field(w, "created_at", s.created_at);
  w.EndObject();
}

void write_question(json::Writer& w, const domain::Question& q) {
  w.StartObject();
  json::field(w, "id", q.id);
  json::field(w, "question_set", q.question_set_id);
  json::field(w, "text", q.text);
  json::field(w, "type", q.type);
  json::key(w, "options");
  w.StartArray();
  for (const auto& o : q.options) json::string(w, o);
  w.EndArray();
  json::field(w, "order", q.order);
  json::field(w, "is_required", q.is_required);
  json::field(w, "time_limit_seconds", q.time_limit_seconds);
  json::field(w, "think_time_seconds", q.think_time_seconds);
  json::field(w, "max_retakes", q.max_retakes);
  json::field(w, "created_at", q.created_at);
  w.EndObject();
}

void write_screening(json::Writer& w, const domain::Screening& s) {
  w.StartObject();
  json::field(w, "id", s.id);
  json::field(w, "candidate", s.candidate_id);
  json::field(w, "job", s.job_id);
  json::field(w, "module", s.module_id);
  json::field(w, "service", s.service_id);
  json::field(w, "question_set", s.question_set_id);
  json::field(w, "status", domain::to_string(s.status));
  json::field(w, "created_at", s.created_at);
  json::field(w, "submitted_at", s.submitted_at);
  w.EndObject();
}

}  // namespace api

#include "api/serializers.hpp"

namespace api {

void write_organization(json::Writer& w, const domain::Organization& o) {
  w.StartObject();
  json::field(w, "id", o.id);
  json::field(w, "name", o.name);
  json::field(w, "created_at", o.created_at);
  w.EndObject();
}

void write_user(json::Writer& w, const domain::User& u) {
  w.StartObject();
  json::field(w, "id", u.id);
  json::field(w, "email", u.email);
  json::field(w, "name", u.name);
  json::field(w, "role", domain::role_name(u.role));
  json::field(w, "organization", u.org_id);
  json::field(w, "is_active", u.is_active);
  json::field(w, "created_at", u.created_at);
  w.EndObject();
}

void write_job(json::Writer& w, const domain::Job& j) {
  w.StartObject();
  json::field(w, "id", j.id);
  json::field(w, "title", j.title);
  json::field(w, "description", j.description);
  json::field(w, "status", domain::to_string(j.status));
  json::field(w, "created_by", j.created_by);
  json::field(w, "created_at", j.created_at);
  json::field(w, "updated_at", j.updated_at);
  w.EndObject();
}

void write_candidate(json::Writer& w, const domain::Candidate& c) {
  w.StartObject();
  json::field(w, "id", c.id);
  json::field(w, "name", c.name);
  json::field(w, "email", c.email);
  json::field(w, "phone", c.phone);
  json::field(w, "resume_url", c.resume_url);
  json::field(w, "created_at", c.created_at);
  if (c.application) {
    json::key(w, "application");
    w.StartObject();
    json::field(w, "job", c.application->job_id);
    json::field(w, "status", domain::to_string(c.application->status));
    json::field(w, "created_at", c.application->created_at);
    w.EndObject();
  }
  w.EndObject();
}

void write_service(json::Writer& w, const domain::Service& s) {
  w.StartObject();
  json::field(w, "id", s.id);
  json::field(w, "name", s.name);
  json::field(w, "kind", s.kind);
  json::field(w, "description", s.description);
  json::field(w, "is_builtin", s.is_builtin);
  w.EndObject();
}

}  // namespace api

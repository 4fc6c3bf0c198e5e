#include "api/answer_serializer.hpp"

namespace api {

void write_answer(json::Writer& w, const domain::Answer& a, const std::string& public_url) {
  const std::string base =
      public_url + "/api/v1/interview/answers/" + std::to_string(a.id) + "/";
  w.StartObject();
  json::field(w, "id", a.id);
  json::field(w, "screening", a.screening_id);
  json::field(w, "question", a.question_id);
  json::field(w, "text", a.text);
  json::key(w, "choices");
  if (a.choices) {
    w.RawValue(a.choices->data(), a.choices->size(), rapidjson::kArrayType);
  } else {
    w.Null();
  }
  json::field(w, "rating", a.rating);
  json::key(w, "media");
  if (!a.media) {
    w.Null();
  } else {
    const auto& m = *a.media;
    const bool ready = m.status == domain::MediaStatus::kReady;
    w.StartObject();
    json::field(w, "status", domain::to_string(m.status));
    json::field(w, "content_type", m.content_type);
    json::field(w, "size", m.size);
    json::key(w, "duration_seconds");
    if (m.duration_seconds) {
      w.Double(*m.duration_seconds);
    } else {
      w.Null();
    }
    json::field(w, "video_url", m.video_key ? std::optional<std::string>(base + "video/") : std::nullopt);
    json::field(w, "audio_url",
                ready && m.audio_key ? std::optional<std::string>(base + "audio/") : std::nullopt);
    json::field(w, "thumbnail_url", ready && m.thumbnail_key
                                        ? std::optional<std::string>(base + "thumbnail/")
                                        : std::nullopt);
    json::field(w, "error", m.error);
    w.EndObject();
  }
  json::field(w, "created_at", a.created_at);
  w.EndObject();
}

}  // namespace api

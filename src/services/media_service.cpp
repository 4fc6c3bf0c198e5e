#include "services/media_service.hpp"

#include <optional>

#include "services/answers_service.hpp"

namespace services {

domain::Result<MediaObject> answer_media(db::Connection& db, const Deps& deps,
                                         const domain::Principal& who, std::int64_t answer_id,
                                         MediaKind kind) {
  static constexpr const char* kNames[] = {"Video", "Audio", "Thumbnail"};
  const std::string missing = std::string(kNames[static_cast<int>(kind)]) + " not available.";
  auto answer = answer_get(db, who, answer_id);
  if (!answer) return answer.take_error();
  if (!answer->media) return domain::Error::not_found(missing);
  const auto& m = *answer->media;
  std::optional<std::string> key;
  std::string content_type;
  if (kind == MediaKind::kVideo) {
    key = m.video_key;
    content_type = m.content_type.value_or("");
  } else if (m.status == domain::MediaStatus::kReady) {
    key = kind == MediaKind::kAudio ? m.audio_key : m.thumbnail_key;
    content_type =
        kind == MediaKind::kAudio ? m.audio_content_type.value_or("audio/mp4") : "image/jpeg";
  }
  if (!key) return domain::Error::not_found(missing);
  auto info = deps.storage->head(*key);
  if (!info) return domain::Error::not_found(missing);
  return MediaObject{std::move(*key), std::move(content_type), info->size};
}

}  // namespace services

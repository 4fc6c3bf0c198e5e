// The stored files of an answer's media (its video, and the audio and thumbnail derived
// from it): which object to serve, of what type and size.
#pragma once

#include <cstdint>
#include <string>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"
#include "services/deps.hpp"

namespace services {

enum class MediaKind { kVideo, kAudio, kThumbnail };

struct MediaObject {
  std::string key;
  std::string content_type;  // as stored: check it before writing it into a header
  std::uint64_t size = 0;
};

// 404 "Video not available." (or "Audio ...", "Thumbnail ...") while the answer has no
// such file: no media, derived files not ready yet, or the object missing from storage.
domain::Result<MediaObject> answer_media(db::Connection& db, const Deps& deps,
                                         const domain::Principal& who, std::int64_t answer_id,
                                         MediaKind kind);

}  // namespace services

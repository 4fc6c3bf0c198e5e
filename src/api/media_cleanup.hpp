// Removing stored media files once the rows that named them are gone.
#pragma once

#include <string>
#include <vector>

#include "api/context.hpp"

namespace api {

// Removes the stored objects under `keys` (answers' video, audio and thumbnail
// keys). Called after the transaction that deleted their rows has committed, so
// it cannot undo the request: a key already gone or a storage failure is logged,
// not reported. Implemented with the answers and their media (not here).
void remove_media_keys(const Ctx& ctx, const std::vector<std::string>& keys);

}  // namespace api

#include "api/media_cleanup.hpp"

#include "storage/storage.hpp"

namespace api {

void remove_media_keys(const Ctx& ctx, const std::vector<std::string>& keys) {
  if (ctx.deps.storage) storage::remove_quietly(*ctx.deps.storage, keys);
}

}  // namespace api

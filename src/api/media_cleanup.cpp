#include "api/media_cleanup.hpp"

#include "services/answers_service.hpp"

namespace api {

void remove_media_keys(const Ctx& ctx, const std::vector<std::string>& keys) {
  if (ctx.deps.storage) services::remove_objects(*ctx.deps.storage, keys);
}

}  // namespace api

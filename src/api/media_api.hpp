// Media files of answers (video, audio, thumbnail) with Range support, presigned
// upload URLs, and the local backend's upload endpoint that checks them.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> answer_video(Ctx& ctx);
domain::Result<web::Response> answer_audio(Ctx& ctx);
domain::Result<web::Response> answer_thumbnail(Ctx& ctx);
domain::Result<web::Response> presigned_upload_url(Ctx& ctx);
// PUT /api/v1/uploads/{org}/answers/{folder}/{filename}: precheck and store.
domain::Result<web::Response> upload_precheck(Ctx& ctx);
domain::Result<web::Response> upload_store(Ctx& ctx);

}  // namespace api

#include "api/media_api.hpp"

#include <limits>

#include "http/content_disposition.hpp"
#include "http/media_type.hpp"
#include "http/range.hpp"
#include "json/input.hpp"
#include "json/writer.hpp"
#include "services/media_service.hpp"
#include "services/uploads_service.hpp"

namespace api {

namespace {

// The body of a remote object's bytes [offset, offset + length): each piece is one ranged
// read, run by deps.run_blocking, never on the I/O thread that sends it.
web::StreamBody remote_body(const services::Deps& deps, const std::string& key,
                            std::uint64_t offset, std::uint64_t length) {
  storage::Storage* store = deps.storage;
  const auto* run = &deps.run_blocking;
  return web::StreamBody{length, [store, run, key, offset](std::uint64_t at, std::size_t size,
                                                           web::StreamBody::Done done) {
                           if (!*run) {
                             done(std::nullopt);
                             return;
                           }
                           (*run)([store, key, from = offset + at, size, done = std::move(done)] {
                             std::optional<std::string> piece;
                             try {
                               std::string bytes;
                               bytes.reserve(size);
                               store->read(key, from, size, [&bytes](std::string_view chunk) {
                                 bytes.append(chunk);
                                 return true;
                               });
                               piece = std::move(bytes);
                             } catch (const std::exception&) {
                               // The response ends short; the connection closes (its length was
                               // promised).
                             }
                             done(std::move(piece));
                           });
                         }};
}

domain::Result<web::Response> serve(Ctx& ctx, services::MediaKind kind) {
  auto media = services::answer_media(*ctx.db, ctx.deps, *ctx.who, ctx.req.id_param(0), kind);
  if (!media) return media.take_error();
  const std::string& key = media->key;
  std::optional<web::ByteRange> range;
  if (!ctx.req.range.empty()) {
    auto parsed = web::parse_range(ctx.req.range, media->size);
    if (!parsed) return parsed.take_error();
    range = *parsed;
  }
  const web::ByteRange span = range.value_or(web::ByteRange{0, media->size});

  web::Response r;
  r.status = range ? 206 : 200;
  // Stored types were checked when they came in; checked again here, since they go
  // back out in a header (and rows older than the check may hold anything).
  r.content_type = web::media_type_or(media->content_type, "application/octet-stream");
  r.headers.emplace_back("Content-Disposition",
                         web::attachment_disposition(key.substr(key.rfind('/') + 1)));
  r.headers.emplace_back("Accept-Ranges", "bytes");
  if (range) {
    r.headers.emplace_back("Content-Range", "bytes " + std::to_string(span.offset) + "-" +
                                                std::to_string(span.offset + span.length - 1) +
                                                "/" + std::to_string(media->size));
  }
  if (auto path = ctx.deps.storage->local_path(key)) {
    r.file = web::FileBody{*path, span.offset, span.length, false};
  } else {
    r.stream = remote_body(ctx.deps, key, span.offset, span.length);
  }
  return r;
}

services::UploadPut upload_put(const web::Request& req) {
  return {req.method, req.host, req.path, req.raw_query, req.content_type, req.content_length};
}

}  // namespace

domain::Result<web::Response> answer_video(Ctx& ctx) {
  return serve(ctx, services::MediaKind::kVideo);
}
domain::Result<web::Response> answer_audio(Ctx& ctx) {
  return serve(ctx, services::MediaKind::kAudio);
}
domain::Result<web::Response> answer_thumbnail(Ctx& ctx) {
  return serve(ctx, services::MediaKind::kThumbnail);
}

domain::Result<web::Response> presigned_upload_url(Ctx& ctx) {
  auto body = json::Body::parse(ctx.req.content_type, ctx.req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  services::UploadRequest request;
  auto filename =
      in.string("video_filename", {.required = true, .max_length = 1000, .trim = false});
  auto content_type = in.string("content_type", {.required = true, .max_length = 255});
  request.content_length =
      in.integer("content_length", false, 1, std::numeric_limits<std::int64_t>::max());
  if (!in.ok()) return in.error();
  request.filename = std::move(*filename);
  request.content_type = std::move(*content_type);
  auto url = services::upload_url_create(*ctx.db, ctx.deps, *ctx.who, request);
  if (!url) return url.take_error();
  return web::Response::json(201, json::build([&](json::Writer& w) {
                               w.StartObject();
                               json::field(w, "key", url->key);
                               json::field(w, "presigned_upload_url", url->url);
                               json::field(w, "method", "PUT");
                               json::key(w, "headers");
                               w.StartObject();
                               for (const auto& [k, v] : url->headers) json::field(w, k, v);
                               w.EndObject();
                               json::field(w, "expires_at", url->expires_at);
                               w.EndObject();
                             }));
}

domain::Result<web::Response> upload_precheck(Ctx& ctx) {
  auto key = services::upload_check(*ctx.db, ctx.deps, upload_put(ctx.req));
  if (!key) return key.take_error();
  return web::Response::no_content();
}

domain::Result<web::Response> upload_store(Ctx& ctx) {
  if (!ctx.req.upload) return domain::Error::bad_request("The upload has no body.");
  const web::Upload& file = *ctx.req.upload;
  auto key = services::upload_store(*ctx.db, ctx.deps, upload_put(ctx.req), file.path, file.size,
                                    file.content_type);
  if (!key) return key.take_error();
  return web::Response::json(200, json::build([&](json::Writer& w) {
                               w.StartObject();
                               json::field(w, "key", *key);
                               w.EndObject();
                             }));
}

}  // namespace api

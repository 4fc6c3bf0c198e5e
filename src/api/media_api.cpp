#include "api/media_api.hpp"

#include <filesystem>

#include "http/range.hpp"
#include "json/input.hpp"
#include "json/writer.hpp"
#include "services/answers_service.hpp"
#include "services/uploads_service.hpp"
#include "storage/spool.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

namespace api {

namespace {

enum class Which { kVideo, kAudio, kThumbnail };

domain::Result<web::Response> serve(Ctx& ctx, Which which) {
  static constexpr const char* kNames[] = {"Video", "Audio", "Thumbnail"};
  const std::string missing = std::string(kNames[static_cast<int>(which)]) + " not available.";
  auto answer = services::answer_get(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!answer) return answer.take_error();
  if (!answer->media) return domain::Error::not_found(missing);
  const auto& m = *answer->media;
  std::optional<std::string> key;
  std::string content_type;
  if (which == Which::kVideo) {
    key = m.video_key;
    content_type = m.content_type.value_or("application/octet-stream");
  } else if (m.status == "ready") {
    key = which == Which::kAudio ? m.audio_key : m.thumbnail_key;
    content_type =
        which == Which::kAudio ? m.audio_content_type.value_or("audio/mp4") : "image/jpeg";
  }
  if (!key) return domain::Error::not_found(missing);
  storage::Storage& store = *ctx.deps.storage;
  auto info = store.head(*key);
  if (!info) return domain::Error::not_found(missing);

  const std::string& range_header = ctx.req.range;
  std::optional<web::ByteRange> range;
  if (!range_header.empty()) {
    auto parsed = web::parse_range(range_header, info->size);
    if (!parsed) {
      web::Response r =
          web::Response::json(416, R"({"detail": "Requested range not satisfiable."})");
      r.headers.emplace_back("Content-Range", "bytes */" + std::to_string(info->size));
      return r;
    }
    range = *parsed;
  }
  const web::ByteRange span = range.value_or(web::ByteRange{0, info->size});

  web::Response r;
  r.status = range ? 206 : 200;
  r.content_type = content_type;
  const std::string filename = std::filesystem::path(*key).filename().string();
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  r.headers.emplace_back("Accept-Ranges", "bytes");
  if (range) {
    r.headers.emplace_back("Content-Range", "bytes " + std::to_string(span.offset) + "-" +
                                                std::to_string(span.offset + span.length - 1) +
                                                "/" + std::to_string(info->size));
  }
  if (auto path = store.local_path(*key)) {
    r.file = web::FileBody{*path, span.offset, span.length, false};
    return r;
  }
  // A remote store: fetch the range into a temporary file, sent and then removed.
  std::string tmp = storage::spool::name_template(store.spool_dir(), "download");
  std::filesystem::create_directories(store.spool_dir());
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) return domain::Error::internal();
  bool ok = true;
  store.read(*key, span.offset, span.length, [&](std::string_view chunk) {
    while (!chunk.empty()) {
      ssize_t n = ::write(fd, chunk.data(), chunk.size());
      if (n <= 0) {
        ok = false;
        return false;
      }
      chunk.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  });
  ::close(fd);
  if (!ok) {
    ::unlink(tmp.c_str());
    return domain::Error::internal();
  }
  r.file = web::FileBody{tmp, 0, span.length, true};
  return r;
}

}  // namespace

domain::Result<web::Response> answer_video(Ctx& ctx) {
  return serve(ctx, Which::kVideo);
}
domain::Result<web::Response> answer_audio(Ctx& ctx) {
  return serve(ctx, Which::kAudio);
}
domain::Result<web::Response> answer_thumbnail(Ctx& ctx) {
  return serve(ctx, Which::kThumbnail);
}

domain::Result<web::Response> presigned_upload_url(Ctx& ctx) {
  auto body = json::Body::parse(ctx.req.content_type, ctx.req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  auto filename =
      in.string("video_filename", {.required = true, .max_length = 1000, .trim = false});
  auto content_type = in.string("content_type", {.required = true, .max_length = 255});
  if (!in.ok()) return in.error();
  auto url = services::upload_url_create(ctx.deps, *ctx.who, *filename, *content_type);
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
  auto key = services::upload_check(ctx.deps, ctx.req.method, ctx.req.host, ctx.req.path,
                                    ctx.req.raw_query, ctx.req.content_type);
  if (!key) return key.take_error();
  return web::Response::no_content();
}

domain::Result<web::Response> upload_store(Ctx& ctx) {
  // The check is repeated: the URL may have expired while the body arrived, and
  // it must hold for what is stored.
  auto key = services::upload_check(ctx.deps, ctx.req.method, ctx.req.host, ctx.req.path,
                                    ctx.req.raw_query, ctx.req.content_type);
  if (!key) return key.take_error();
  if (!ctx.req.upload) return domain::Error::bad_request("The upload has no body.");
  services::upload_store(ctx.deps, *key, ctx.req.upload->path, ctx.req.upload->content_type);
  return web::Response::json(200, json::build([&](json::Writer& w) {
                               w.StartObject();
                               json::field(w, "key", *key);
                               w.EndObject();
                             }));
}

}  // namespace api

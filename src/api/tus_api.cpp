#include "api/tus_api.hpp"

#include <algorithm>

#include "http/tus_headers.hpp"
#include "services/tus_service.hpp"
#include "util/clock.hpp"

namespace api {

namespace {

constexpr const char* kPrefix = "/api/v1/uploads/tus/";

void set(web::Response& res, const std::string& name, std::string value) {
  res.headers.emplace_back(name, std::move(value));
}

// 412 unless the client speaks our version of the protocol.
domain::Status check_version(const web::Request& req) {
  const auto v = req.header("Tus-Resumable");
  if (!v) return domain::Error::precondition_failed("Tus-Resumable: 1.0.0 is required.");
  if (*v != web::tus::kVersion) {
    return domain::Error::precondition_failed("Unsupported tus version; this server speaks 1.0.0.");
  }
  return domain::ok();
}

domain::Result<std::optional<std::uint64_t>> optional_size(const web::Request& req,
                                                           const char* name) {
  const auto v = req.header(name);
  if (!v) return std::optional<std::uint64_t>{};
  auto n = web::tus::parse_size(name, *v);
  if (!n) return n.take_error();
  return std::optional<std::uint64_t>{*n};
}

// The state's headers: where it stands and until when.
void describe(web::Response& res, const services::tus::State& s) {
  set(res, "Upload-Offset", std::to_string(s.offset));
  if (!s.finished) set(res, "Upload-Expires", util::http_date(s.expires_at));
}

const std::string& upload_id(const Ctx& ctx) {
  return ctx.req.str_param(0);
}

domain::Result<services::tus::Creation> creation(const web::Request& req,
                                                 const services::Deps& deps) {
  services::tus::Creation c;
  auto length = optional_size(req, "Upload-Length");
  if (!length) return length.take_error();
  const auto defer = req.header("Upload-Defer-Length");
  if (defer && *defer != "1") {
    return domain::Error::bad_request("Invalid Upload-Defer-Length header: it can only be 1.");
  }
  if (length->has_value() == defer.has_value()) {
    return domain::Error::bad_request("Send either Upload-Length or Upload-Defer-Length: 1.");
  }
  c.length = *length;
  if (c.length && *c.length > deps.media_limit) {
    return domain::Error::too_large("Upload-Length exceeds the maximum size of " +
                                    std::to_string(deps.media_limit) + " bytes.");
  }
  c.metadata_header = req.header("Upload-Metadata").value_or("");
  auto metadata = web::tus::parse_metadata(c.metadata_header);
  if (!metadata) return metadata.take_error();
  c.metadata = std::move(*metadata);
  return c;
}

}  // namespace

domain::Result<web::Response> tus_options(Ctx& ctx) {
  web::Response res = web::Response::no_content();
  set(res, "Tus-Version", web::tus::kVersion);
  set(res, "Tus-Extension", web::tus::kExtensions);
  set(res, "Tus-Max-Size", std::to_string(ctx.deps.media_limit));
  set(res, "Tus-Checksum-Algorithm", web::tus::kChecksumAlgorithms);
  return res;
}

domain::Result<web::Response> tus_create(Ctx& ctx) {
  if (auto st = check_version(ctx.req); !st) return st.take_error();
  auto c = creation(ctx.req, ctx.deps);
  if (!c) return c.take_error();
  auto created = services::tus::create(*ctx.db, ctx.deps, *ctx.who, *c);
  if (!created) return created.take_error();
  web::Response res{201, {}, {}, {}, std::nullopt, std::nullopt};
  res.content_type.clear();
  set(res, "Location", ctx.public_url + kPrefix + created->id);
  describe(res, *created);
  return res;
}

domain::Result<web::Response> tus_head(Ctx& ctx) {
  if (auto st = check_version(ctx.req); !st) return st.take_error();
  auto s = services::tus::state(*ctx.db, ctx.deps, *ctx.who, upload_id(ctx));
  if (!s) return s.take_error();
  web::Response res{200, {}, {}, {}, std::nullopt, std::nullopt};
  res.content_type.clear();
  describe(res, *s);
  if (s->length) {
    set(res, "Upload-Length", std::to_string(*s->length));
  } else {
    set(res, "Upload-Defer-Length", "1");
  }
  if (!s->metadata_header.empty()) set(res, "Upload-Metadata", s->metadata_header);
  set(res, "Cache-Control", "no-store");
  return res;
}

namespace {

// What every PATCH must carry: the version, the offset, and any declared length.
struct PatchHeaders {
  std::uint64_t offset = 0;
  std::optional<std::uint64_t> length;
};

domain::Result<PatchHeaders> patch_headers(const web::Request& req) {
  if (auto st = check_version(req); !st) return st.take_error();
  const auto offset = req.header("Upload-Offset");
  if (!offset) return domain::Error::bad_request("Upload-Offset is required.");
  auto n = web::tus::parse_size("Upload-Offset", *offset);
  if (!n) return n.take_error();
  auto length = optional_size(req, "Upload-Length");
  if (!length) return length.take_error();
  return PatchHeaders{*n, *length};
}

}  // namespace

domain::Result<web::Response> tus_patch_precheck(Ctx& ctx) {
  auto h = patch_headers(ctx.req);
  if (!h) return h.take_error();
  std::optional<std::uint64_t> size;
  if (auto n = web::tus::parse_size("Content-Length", ctx.req.content_length)) size = *n;
  auto st =
      services::tus::check_append(*ctx.db, ctx.deps, *ctx.who, upload_id(ctx), h->offset, size);
  if (!st) return st.take_error();
  return web::Response::no_content();
}

domain::Result<web::Response> tus_patch(Ctx& ctx) {
  auto h = patch_headers(ctx.req);
  if (!h) return h.take_error();
  if (!ctx.req.upload) return domain::Error::bad_request("The PATCH has no body.");
  services::tus::Chunk chunk;
  chunk.offset = h->offset;
  chunk.length = h->length;
  chunk.path = ctx.req.upload->path;
  chunk.size = ctx.req.upload->size;
  if (const auto checksum = ctx.req.header("Upload-Checksum")) {
    auto digest = web::tus::parse_sha1_checksum(*checksum);
    if (!digest) return digest.take_error();
    chunk.sha1 = std::move(*digest);
  }
  auto s = services::tus::append(*ctx.db, ctx.deps, *ctx.who, upload_id(ctx), chunk);
  if (!s) return s.take_error();
  web::Response res = web::Response::no_content();
  describe(res, *s);
  return res;
}

domain::Result<web::Response> tus_delete(Ctx& ctx) {
  if (auto st = check_version(ctx.req); !st) return st.take_error();
  if (auto st = services::tus::remove(*ctx.db, ctx.deps, *ctx.who, upload_id(ctx)); !st) {
    return st.take_error();
  }
  return web::Response::no_content();
}

void add_tus_headers(const web::Request& req, web::Response& res) {
  if (!req.path.starts_with(kPrefix) || req.method == "OPTIONS") return;
  const auto has = [&](std::string_view name) {
    return std::any_of(res.headers.begin(), res.headers.end(),
                       [&](const auto& h) { return h.first == name; });
  };
  if (!has("Tus-Resumable")) set(res, "Tus-Resumable", web::tus::kVersion);
  if (res.status == 412 && !has("Tus-Version")) set(res, "Tus-Version", web::tus::kVersion);
}

}  // namespace api

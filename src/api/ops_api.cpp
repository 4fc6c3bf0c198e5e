#include "api/ops_api.hpp"

#include <string_view>

#include "api/web_assets.hpp"
#include "repos/background_jobs_repo.hpp"
#include "util/embedded.hpp"

namespace api {

domain::Result<web::Response> ops_healthz(Ctx&) {
  return web::Response::json(200, R"({"status":"ok"})");
}

domain::Result<web::Response> ops_readyz(Ctx& ctx) {
  if (!ctx.db->ping()) return domain::Error::unavailable("Database is not reachable.");
  if (ctx.ops.storage_ready && !ctx.ops.storage_ready()) {
    return domain::Error::unavailable("Storage is not reachable.");
  }
  return web::Response::json(200, R"({"status":"ready"})");
}

domain::Result<web::Response> ops_metrics(Ctx& ctx) {
  std::string text = ctx.ops.metrics_text();
  // The queue is shared by every node: these come from the database.
  const auto depth = repos::background_jobs::depth(*ctx.db);
  const auto outcomes = repos::background_jobs::outcomes(*ctx.db);
  text += "# HELP interviewd_job_queue_depth Background jobs queued or running.\n";
  text += "# TYPE interviewd_job_queue_depth gauge\n";
  text += "interviewd_job_queue_depth " + std::to_string(depth) + "\n";
  text += "# HELP interviewd_jobs_total Background jobs that ended, by outcome.\n";
  text += "# TYPE interviewd_jobs_total counter\n";
  text += "interviewd_jobs_total{outcome=\"done\"} " + std::to_string(outcomes.done) + "\n";
  text += "interviewd_jobs_total{outcome=\"failed\"} " + std::to_string(outcomes.failed) + "\n";
  return web::Response{
      200, std::move(text), "text/plain; version=0.0.4; charset=utf-8", {}, std::nullopt};
}

domain::Result<web::Response> ops_schema(Ctx&) {
  auto docs = embedded::api_documents();
  return web::Response{
      200, std::string(docs.front().content), "application/yaml", {}, std::nullopt};
}

namespace {

// What the API document's page may load: its own scripts and styles, the document from
// this origin, images from here or inline. No inline script or style, no plugin, no
// frame around it, no form posted anywhere. Swagger UI 5 needs nothing more: it sets
// styles through the CSSOM (element.style), which style-src does not govern, and its
// stylesheet draws its icons as data: images (hence img-src data:). fonts: none today
// (system fonts), kept to 'self' for a page that bundles its own. tests/browser/
// api_docs.js fails on any violation, which Chromium reports as a console error.
constexpr std::string_view kDocsPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

}  // namespace

domain::Result<web::Response> ops_docs(Ctx&) {
  return web_asset("docs/index.html", kDocsPolicy);
}

domain::Result<web::Response> ops_docs_asset(Ctx& ctx) {
  return web_asset("docs/" + ctx.req.str_param(0), kDocsPolicy);
}

}  // namespace api

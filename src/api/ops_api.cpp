#include "api/ops_api.hpp"

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
  return web::Response{200, std::move(text), "text/plain; version=0.0.4; charset=utf-8", {}, std::nullopt};
}

domain::Result<web::Response> ops_schema(Ctx&) {
  auto docs = embedded::api_documents();
  return web::Response{200, std::string(docs.front().content), "application/yaml", {}, std::nullopt};
}

domain::Result<web::Response> ops_docs(Ctx&) {
  // A self-contained page: the document embedded as text, shown with a small
  // client-side outline (no third-party scripts, so it works offline).
  std::string yaml(embedded::api_documents().front().content);
  std::string escaped;
  for (char c : yaml) {
    switch (c) {
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '&':
        escaped += "&amp;";
        break;
      default:
        escaped.push_back(c);
    }
  }
  std::string html =
      "<!doctype html><html><head><meta charset=\"utf-8\"><title>Interview service API</title>"
      "<style>body{font-family:sans-serif;margin:2em;max-width:70em}pre{background:#f6f6f6;"
      "padding:1em;overflow:auto}li{font-family:monospace}</style></head><body>"
      "<h1>Interview service API</h1><p>The OpenAPI 3.1 document is served at "
      "<a href=\"/api/schema/\">/api/schema/</a>.</p><h2>Paths</h2><ul id=\"paths\"></ul>"
      "<h2>Document</h2><pre id=\"doc\">" +
      escaped +
      "</pre><script>const t=document.getElementById('doc').textContent.split('\\n');"
      "let inPaths=false;const ul=document.getElementById('paths');for(const l of t){"
      "if(/^paths:/.test(l)){inPaths=true;continue}if(inPaths&&/^\\S/.test(l))inPaths=false;"
      "if(inPaths&&/^  \\//.test(l)){const li=document.createElement('li');"
      "li.textContent=l.trim().replace(/:$/,'');ul.appendChild(li)}}</script></body></html>";
  return web::Response{200, std::move(html), "text/html; charset=utf-8", {}, std::nullopt};
}

}  // namespace api

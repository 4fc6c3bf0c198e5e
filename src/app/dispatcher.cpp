#include "app/dispatcher.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "db/error.hpp"
#include "http/error_response.hpp"
#include "services/auth_service.hpp"

namespace app {

namespace asio = boost::asio;

Dispatcher::Dispatcher(const std::vector<api::Route>& routes, db::Pool& pool,
                       asio::thread_pool& workers, const services::Deps& deps, const api::Ops& ops,
                       std::string public_url, web::Logger& logger)
    : pool_(pool),
      workers_(workers),
      deps_(deps),
      ops_(ops),
      public_url_(std::move(public_url)),
      logger_(logger) {
  for (const auto& r : routes) router_.add(r.method, r.pattern, r);
}

web::Outcome Dispatcher::fail(const domain::Error& e, const std::string& route,
                              const web::Request& req, std::optional<std::int64_t> user) {
  return {web::error_response(e, req.request_id), route, user};
}

asio::awaitable<web::Outcome> Dispatcher::handle(web::Request& req) {
  auto match = router_.match(req.method, req.path);
  // HEAD is answered as GET, as Django does; the session leaves the body out.
  if (!match.target && req.method == "HEAD") match = router_.match("GET", req.path);
  if (!match.target) {
    if (match.allowed.empty()) co_return fail(domain::Error::not_found(), "unmatched", req);
    domain::Error e{domain::ErrorCode::kMethodNotAllowed,
                    "Method \"" + req.method + "\" not allowed.", {}, 0, match.allowed};
    co_return fail(e, match.target ? match.target->pattern : "unmatched", req);
  }
  req.params = std::move(match.params);
  const api::Route& route = *match.target;
  if (!route.uses_db) co_return run(route, req);
  co_return co_await asio::co_spawn(
      workers_, [this, &route, &req]() -> asio::awaitable<web::Outcome> { co_return run(route, req); },
      asio::use_awaitable);
}

web::Outcome Dispatcher::run(const api::Route& route, web::Request& req) {
  std::optional<std::int64_t> user;
  try {
    if (!route.uses_db) return call(route, req, nullptr, nullptr);
    auto conn = pool_.acquire();
    if (route.access == api::Access::kPublic) return call(route, req, &*conn, nullptr);
    auto who = services::authenticate(*conn, req.authorization);
    if (!who) return fail(who.error(), route.pattern, req);
    user = who->user_id;
    if (!api::allowed(route.access, &*who)) {
      return fail(domain::Error::forbidden(), route.pattern, req, user);
    }
    return call(route, req, &*conn, &*who);
  } catch (const db::Error& e) {
    if (e.kind() == db::ErrorKind::kUnavailable || e.kind() == db::ErrorKind::kSerialization) {
      logger_.message("warn", std::string("database unavailable: ") + e.what(), req.request_id);
      auto out = fail(domain::Error::unavailable("The database is unavailable. Try again later."),
                      route.pattern, req, user);
      out.response.headers.emplace_back("Retry-After", "1");
      return out;
    }
    logger_.message("error", std::string("database error: ") + e.what(), req.request_id);
  } catch (const std::exception& e) {
    logger_.message("error", std::string("unhandled error: ") + e.what(), req.request_id);
  }
  return fail(domain::Error::internal(), route.pattern, req, user);
}

web::Outcome Dispatcher::call(const api::Route& route, web::Request& req, db::Connection* db,
                              const domain::Principal* who) {
  api::Ctx ctx{req, db, who, deps_, ops_, public_url_};
  std::optional<std::int64_t> user;
  if (who) user = who->user_id;
  auto result = route.handler(ctx);
  if (!result) return fail(result.error(), route.pattern, req, user);
  return {std::move(result.value()), route.pattern, user};
}

}  // namespace app

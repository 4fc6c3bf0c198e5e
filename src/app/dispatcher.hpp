// From a parsed request to an outcome: route lookup, 404/405, then on the
// handler pool: a connection, authentication, the route's permission, the
// handler, and the one place where errors and exceptions become responses.
#pragma once

#include <utility>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/thread_pool.hpp>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/context.hpp"
#include "app/idempotency.hpp"
#include "auth/token_cache.hpp"
#include "db/pool.hpp"
#include "http/access_log.hpp"
#include "http/rate_limiter.hpp"
#include "http/router.hpp"
#include "http/server.hpp"

namespace app {

// How the body of a request to `route` is read: streamed for uploads (multipart
// only when the request says so), else buffered.
web::BodyMode body_mode(const api::Route& route, const web::Request& req);

// The request limits a dispatcher enforces (see API.md, "Rate limits").
struct Limits {
  web::RateLimiter& per_token;    // authenticated requests, per token
  web::RateLimiter& per_address;  // register and token, per client address
  boost::asio::thread_pool& passwords;
  int password_slots = 4;  // password-lane requests running or waiting; past it: 503
};

class Dispatcher {
 public:
  Dispatcher(const std::vector<api::Route>& routes, db::Pool& pool,
             boost::asio::thread_pool& workers, Limits limits, const services::Deps& deps,
             const api::Ops& ops, std::string public_url, web::Logger& logger,
             Idempotency& idempotency);

  boost::asio::awaitable<web::Outcome> handle(web::Request& req);
  // Streamed bodies: which requests stream, and the checks before their body is read.
  web::BodyMode classify(const web::Request& req) const;
  boost::asio::awaitable<std::optional<web::Outcome>> precheck(web::Request& req);
  // Called after each write (POST, PUT, PATCH, DELETE) that succeeded: it may have
  // written webhook events.
  void on_write(std::function<void()> hook) { on_write_ = std::move(hook); }
  // The tokens this node remembers (app/token_revocations.hpp keeps them current).
  auth::TokenCache& token_cache() { return tokens_; }

 private:
  boost::asio::awaitable<web::Outcome> dispatch(web::Request& req);
  web::Outcome run(const api::Route& route, web::Request& req);
  // Counts `req` against its limit once; a refusal is the 429 to answer.
  std::optional<web::Outcome> throttle(const api::Route& route, web::Request& req,
                                       const domain::Principal* who);
  void add_rate_headers(const web::Request& req, web::Outcome& out) const;
  // The principal of `req` for `route`: a user's token, or (only where the route admits
  // candidates) an invitation's.
  domain::Result<domain::Principal> authenticate(const api::Route& route, db::Connection& conn,
                                                 const web::Request& req);
  // The 401 of a request without credentials.
  domain::Error not_provided(db::Connection& conn);
  // Leases a connection, authenticates and checks the route's permission, then runs `body`.
  web::Outcome with_principal(
      const api::Route& route, web::Request& req,
      const std::function<web::Outcome(db::Connection&, const domain::Principal*)>& body);
  // Runs `body`, turning database, storage and unexpected failures into 503/500.
  web::Outcome guarded(const api::Route& route, web::Request& req,
                       const std::function<web::Outcome()>& body);
  web::Outcome call(const api::Route& route, api::Handler handler, web::Request& req,
                    db::Connection* db, const domain::Principal* who);
  // `call` of the route's handler under the request's Idempotency-Key, if it has one: a
  // replay of the key's stored response, a 409 or 422, or the handler's run.
  web::Outcome call_once(const api::Route& route, web::Request& req, db::Connection& db,
                         const domain::Principal* who);
  // For a streamed body: whether the route's precheck is left out, so that the body is
  // read and compared (the request's key was seen before, and its first run may have
  // made the precheck refuse, e.g. moved a tus upload's offset).
  domain::Result<bool> skip_precheck(db::Connection& db, const web::Request& req,
                                     const domain::Principal* who);
  web::Outcome fail(const domain::Error& e, const std::string& route, const web::Request& req,
                    std::optional<std::int64_t> user = std::nullopt);

  web::Router<api::Route> router_;
  std::function<void()> on_write_;
  db::Pool& pool_;
  boost::asio::thread_pool& workers_;
  Limits limits_;
  std::atomic<int> password_in_flight_{0};
  const services::Deps& deps_;
  const api::Ops& ops_;
  std::string public_url_;
  web::Logger& logger_;
  Idempotency& idempotency_;
  auth::TokenCache tokens_;
};

}  // namespace app

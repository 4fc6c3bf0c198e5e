#include "app/dispatcher.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "api/tus_api.hpp"
#include "auth/invitation_token.hpp"
#include "db/error.hpp"
#include "http/error_response.hpp"
#include "http/multipart.hpp"
#include "repos/token_events.hpp"
#include "services/auth_service.hpp"
#include "services/candidate_service.hpp"
#include "storage/storage.hpp"
#include "util/text.hpp"

namespace app {

namespace asio = boost::asio;

Dispatcher::Dispatcher(const std::vector<api::Route>& routes, db::Pool& pool,
                       asio::thread_pool& workers, Limits limits, const services::Deps& deps,
                       const api::Ops& ops, std::string public_url, web::Logger& logger,
                       Idempotency& idempotency)
    : pool_(pool),
      workers_(workers),
      limits_(limits),
      deps_(deps),
      ops_(ops),
      public_url_(std::move(public_url)),
      logger_(logger),
      idempotency_(idempotency) {
  for (const auto& r : routes) router_.add(r.method, r.pattern, r);
}

web::Outcome Dispatcher::fail(const domain::Error& e, const std::string& route,
                              const web::Request& req, std::optional<std::int64_t> user) {
  return {web::error_response(e, req.request_id), route, user};
}

namespace {

bool under_api(const web::Request& req) {
  return req.path.rfind("/api/v1/", 0) == 0;
}

// The user a request is logged under: none for an anonymous one or a candidate's.
std::optional<std::int64_t> user_of(const domain::Principal* who) {
  if (!who || who->invitation_id != 0) return std::nullopt;
  return who->user_id;
}

// Holds one of the password lane's places while a request runs there.
class PasswordSlot {
 public:
  PasswordSlot(std::atomic<int>& in_flight, int slots) : in_flight_(in_flight) {
    taken_ = in_flight_.fetch_add(1) < slots;
    if (!taken_) in_flight_.fetch_sub(1);
  }
  ~PasswordSlot() {
    if (taken_) in_flight_.fetch_sub(1);
  }
  PasswordSlot(const PasswordSlot&) = delete;
  PasswordSlot& operator=(const PasswordSlot&) = delete;
  bool taken() const { return taken_; }

 private:
  std::atomic<int>& in_flight_;
  bool taken_ = false;
};

}  // namespace

asio::awaitable<web::Outcome> Dispatcher::handle(web::Request& req) {
  web::Outcome out = co_await dispatch(req);
  if (on_write_ && out.response.status < 400 && req.method != "GET" && req.method != "HEAD" &&
      req.method != "OPTIONS") {
    on_write_();
  }
  add_rate_headers(req, out);
  api::add_tus_headers(req, out.response);
  co_return out;
}

asio::awaitable<web::Outcome> Dispatcher::dispatch(web::Request& req) {
  auto match = router_.match(req.method, req.path);
  // HEAD is answered as GET, as Django does; the session leaves the body out.
  if (!match.target && req.method == "HEAD") match = router_.match("GET", req.path);
  if (!match.target) {
    if (match.allowed.empty()) co_return fail(domain::Error::not_found(), "unmatched", req);
    domain::Error e{domain::ErrorCode::kMethodNotAllowed,
                    "Method \"" + req.method + "\" not allowed.",
                    {},
                    0,
                    match.allowed};
    co_return fail(e, "unmatched", req);
  }
  req.params = std::move(match.params);
  const api::Route& route = *match.target;
  if (!route.uses_db) co_return run(route, req);
  if (route.lane == api::Lane::kPassword) {
    // Register and token are counted per address before they may wait for a
    // password worker: a refused one never holds a place there.
    if (route.access == api::Access::kPublic) {
      if (auto refused = throttle(route, req, nullptr)) co_return *refused;
    }
    PasswordSlot slot(password_in_flight_, limits_.password_slots);
    if (!slot.taken()) {
      domain::Error busy =
          domain::Error::unavailable("The service is busy checking passwords. Try again later.");
      busy.retry_after_seconds = 1;
      co_return fail(busy, route.pattern, req);
    }
    co_return co_await asio::co_spawn(
        limits_.passwords,
        [this, &route, &req]() -> asio::awaitable<web::Outcome> { co_return run(route, req); },
        asio::use_awaitable);
  }
  co_return co_await asio::co_spawn(
      workers_,
      [this, &route, &req]() -> asio::awaitable<web::Outcome> { co_return run(route, req); },
      asio::use_awaitable);
}

std::optional<web::Outcome> Dispatcher::throttle(const api::Route& route, web::Request& req,
                                                 const domain::Principal* who) {
  if (req.rate) return std::nullopt;  // counted before its body was read
  if (who) {
    if (!limits_.per_token.enabled()) return std::nullopt;
    // A candidate's invitation has one valid token at a time.
    req.rate = limits_.per_token.take(who->invitation_id != 0
                                          ? "invitation:" + std::to_string(who->invitation_id)
                                          : "token:" + std::to_string(who->token_id));
  } else if (route.lane == api::Lane::kPassword) {
    // Without a token: register and token, counted per client address.
    if (!limits_.per_address.enabled()) return std::nullopt;
    req.rate = limits_.per_address.take(web::client_key(req.remote));
  } else {
    return std::nullopt;
  }
  if (req.rate->allowed) return std::nullopt;
  return fail(domain::Error::throttled(req.rate->reset_seconds), route.pattern, req, user_of(who));
}

void Dispatcher::add_rate_headers(const web::Request& req, web::Outcome& out) const {
  if (!under_api(req)) return;
  std::optional<web::RateDecision> rate = req.rate;
  // A request no limit counted (an anonymous one, a signed upload) reports the
  // client address's window without counting it.
  if (!rate && !out.user_id && limits_.per_address.enabled()) {
    rate = limits_.per_address.peek(web::client_key(req.remote));
  }
  if (!rate) return;
  auto& h = out.response.headers;
  h.emplace_back("RateLimit-Limit", std::to_string(rate->limit));
  h.emplace_back("RateLimit-Remaining", std::to_string(rate->remaining));
  h.emplace_back("RateLimit-Reset", std::to_string(rate->reset_seconds));
}

web::Outcome Dispatcher::run(const api::Route& route, web::Request& req) {
  if (!route.uses_db) {
    return guarded(route, req, [&] { return call(route, route.handler, req, nullptr, nullptr); });
  }
  return with_principal(route, req, [&](db::Connection& conn, const domain::Principal* who) {
    return call_once(route, req, conn, who);
  });
}

domain::Error Dispatcher::not_provided(db::Connection& conn) {
  // Exactly what a request without the header gets.
  return services::authenticate(conn, "", tokens_).error();
}

domain::Result<domain::Principal> Dispatcher::authenticate(const api::Route& route,
                                                           db::Connection& conn,
                                                           const web::Request& req) {
  if (auth::is_invitation_authorization(req.authorization)) {
    // A candidate's link opens the candidate API and nothing else: elsewhere it is no
    // credential at all, whether it is valid or not.
    if (!api::admits_candidates(route.access)) return not_provided(conn);
    return services::candidate_authenticate(conn, req.authorization);
  }
  return services::authenticate(conn, req.authorization, tokens_);
}

web::Outcome Dispatcher::with_principal(
    const api::Route& route, web::Request& req,
    const std::function<web::Outcome(db::Connection&, const domain::Principal*)>& body) {
  return guarded(route, req, [&]() -> web::Outcome {
    auto conn = pool_.acquire();
    if (route.access == api::Access::kPublic) {
      if (auto refused = throttle(route, req, nullptr)) return *refused;
      return body(*conn, nullptr);
    }
    auto who = authenticate(route, *conn, req);
    if (!who) return fail(who.error(), route.pattern, req);
    if (auto refused = throttle(route, req, &*who)) return *refused;
    if (!api::allowed(route.access, &*who)) {
      if (who->invitation_id != 0) return fail(not_provided(*conn), route.pattern, req);
      return fail(domain::Error::forbidden(), route.pattern, req, who->user_id);
    }
    auto out = body(*conn, &*who);
    if (route.revokes_tokens) {
      tokens_.clear();
      const std::uint64_t cleared = tokens_.clears();
      try {
        // Before the answer leaves: the other nodes forget the token as it arrives, and
        // this node answers once the announcement came back to it (so it reached them).
        repos::token_events::announce_revocation(*conn);
        tokens_.wait_for_clear(cleared, std::chrono::seconds(1));
      } catch (const db::Error& e) {
        // The database went away after the commit; the other nodes' listeners lose
        // their connections too, which suspends their caches.
        logger_.message("warn", std::string("cannot announce a token revocation: ") + e.what(),
                        req.request_id);
      }
    }
    return out;
  });
}

web::Outcome Dispatcher::guarded(const api::Route& route, web::Request& req,
                                 const std::function<web::Outcome()>& body) {
  try {
    return body();
  } catch (const db::Error& e) {
    if (e.kind() == db::ErrorKind::kUnavailable || e.kind() == db::ErrorKind::kSerialization) {
      logger_.message("warn", std::string("database unavailable: ") + e.what(), req.request_id);
      auto out = fail(domain::Error::unavailable("The database is unavailable. Try again later."),
                      route.pattern, req);
      out.response.headers.emplace_back("Retry-After", "1");
      return out;
    }
    logger_.message("error", std::string("database error: ") + e.what(), req.request_id);
  } catch (const storage::Error& e) {
    if (e.kind() == storage::ErrorKind::kUnavailable) {
      logger_.message("warn", std::string("storage unavailable: ") + e.what(), req.request_id);
      auto out =
          fail(domain::Error::unavailable("The media storage is unavailable. Try again later."),
               route.pattern, req);
      out.response.headers.emplace_back("Retry-After", "1");
      return out;
    }
    logger_.message("error", std::string("storage error: ") + e.what(), req.request_id);
  } catch (const std::exception& e) {
    logger_.message("error", std::string("unhandled error: ") + e.what(), req.request_id);
  }
  return fail(domain::Error::internal(), route.pattern, req);
}

web::BodyMode body_mode(const api::Route& route, const web::Request& req) {
  switch (route.body) {
    case api::BodyKind::kRawUpload:
      return web::BodyMode::kRaw;
    case api::BodyKind::kOffsetBytes:
      return web::BodyMode::kOffsetBytes;
    case api::BodyKind::kMultipartUpload:
      return web::multipart_boundary(req.content_type) ||
                     util::ascii_lower(req.content_type).rfind("multipart/", 0) == 0
                 ? web::BodyMode::kMultipart
                 : web::BodyMode::kBuffered;
    case api::BodyKind::kJson:
      break;
  }
  return web::BodyMode::kBuffered;
}

web::BodyMode Dispatcher::classify(const web::Request& req) const {
  auto match = router_.match(req.method, req.path);
  if (!match.target) return web::BodyMode::kBuffered;
  return body_mode(*match.target, req);
}

asio::awaitable<std::optional<web::Outcome>> Dispatcher::precheck(web::Request& req) {
  auto match = router_.match(req.method, req.path);
  if (!match.target) co_return std::nullopt;  // answered 404/405 after the body
  req.params = std::move(match.params);
  const api::Route& route = *match.target;
  auto out = co_await asio::co_spawn(
      workers_,
      [this, &route, &req]() -> asio::awaitable<web::Outcome> {
        co_return with_principal(
            route, req, [&](db::Connection& conn, const domain::Principal* who) -> web::Outcome {
              web::Outcome go_on;
              go_on.response.status = 0;  // no refusal: read the body
              auto skip = skip_precheck(conn, req, who);
              if (!skip) return fail(skip.error(), route.pattern, req, user_of(who));
              if (!route.precheck || *skip) return go_on;
              auto result = call(route, route.precheck, req, &conn, who);
              return result.response.status < 300 ? go_on : result;
            });
      },
      asio::use_awaitable);
  if (out.response.status == 0) co_return std::nullopt;
  add_rate_headers(req, out);
  api::add_tus_headers(req, out.response);
  co_return out;
}

web::Outcome Dispatcher::call_once(const api::Route& route, web::Request& req, db::Connection& db,
                                   const domain::Principal* who) {
  auto key = idempotency::key_of(req, who);
  if (!key) return fail(key.error(), route.pattern, req, user_of(who));
  if (!*key) return call(route, route.handler, req, &db, who);
  auto start = idempotency_.start(db, **key, idempotency::fingerprint(req, **key));
  if (!start) return fail(start.error(), route.pattern, req, user_of(who));
  if (start->replay) return {std::move(*start->replay), route.pattern, user_of(who)};
  auto out = call(route, route.handler, req, &db, who);
  start->claim->finish(out.response);
  return out;
}

domain::Result<bool> Dispatcher::skip_precheck(db::Connection& db, const web::Request& req,
                                               const domain::Principal* who) {
  auto key = idempotency::key_of(req, who);  // a malformed key is refused before the body
  if (!key) return key.take_error();
  return *key && idempotency_.known(db, **key);
}

web::Outcome Dispatcher::call(const api::Route& route, api::Handler handler, web::Request& req,
                              db::Connection* db, const domain::Principal* who) {
  api::Ctx ctx{req, db, who, deps_, ops_, public_url_};
  const std::optional<std::int64_t> user = user_of(who);
  auto result = handler(ctx);
  if (!result) return fail(result.error(), route.pattern, req, user);
  return {std::move(result.value()), route.pattern, user};
}

}  // namespace app

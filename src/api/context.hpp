// What a handler receives, and the shape of the route table.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "services/deps.hpp"

namespace api {

// Operational hooks that are not database work.
struct Ops {
  std::function<std::string()> metrics_text;
  std::function<bool()> storage_ready;
};

struct Ctx {
  const web::Request& req;
  db::Connection* db;            // null for routes that do not use the database
  const domain::Principal* who;  // null on public routes
  const services::Deps& deps;
  const Ops& ops;
  const std::string& public_url;  // base for links (pagination)
};

using Handler = domain::Result<web::Response> (*)(Ctx&);

// Who may call a route. Interviewers read everything and write only feedback. A
// candidate (an invitation's token) reaches only the routes that say so: to the others
// their token is no credential at all (401, as without one).
enum class Access {
  kPublic,         // no token needed
  kAuthenticated,  // any role
  kStaff,          // admin or recruiter
  kAdmin,
  kCandidate,         // a candidate only (the candidate API)
  kStaffOrCandidate,  // admin, recruiter or a candidate (resumable uploads)
};

// How a route takes its body: whole in memory (JSON, at most 1 MiB), or
// streamed to a spool file as it arrives (media uploads).
enum class BodyKind {
  kJson,
  kMultipartUpload,  // multipart/form-data with a media file; other content types as kJson
  kRawUpload,        // the body is the file (presigned PUT)
  kOffsetBytes,      // bytes of a resumable upload (tus PATCH)
};

// Where a route's handler runs: on the handler threads, or (routes that hash a
// password, tens of milliseconds of CPU and memory each) on the password pool,
// bounded so that a flood of logins never holds every handler thread.
enum class Lane { kRequest, kPassword };

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  Access access;
  bool uses_db = true;  // false: answered on the I/O thread without a connection
  BodyKind body = BodyKind::kJson;
  // For streamed bodies: runs before the body is read (after authentication),
  // so that a refused upload is refused before it is sent. Null: none.
  Handler precheck = nullptr;
  Lane lane = Lane::kRequest;
  // Deletes tokens or changes who they stand for (logout, a user's update or
  // deletion): the node forgets the tokens it remembered (auth/token_cache.hpp).
  bool revokes_tokens = false;
};

// The whole API, in one table (routes.cpp).
std::vector<Route> routes();

bool allowed(Access access, const domain::Principal* who);
// Whether a candidate's token is a credential on routes of `access`.
bool admits_candidates(Access access);

}  // namespace api

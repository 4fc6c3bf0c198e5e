// Every route of the service in one table: method, pattern, handler, who may call it.
#include "api/auth_api.hpp"
#include "api/context.hpp"
#include "api/ops_api.hpp"
#include "api/users_api.hpp"

namespace api {

std::vector<Route> routes() {
  using A = Access;
  return {
      // Operations.
      {"GET", "/healthz", ops_healthz, A::kPublic, false},
      {"GET", "/readyz", ops_readyz, A::kPublic},
      {"GET", "/metrics", ops_metrics, A::kPublic, false},
      {"GET", "/api/schema/", ops_schema, A::kPublic, false},
      {"GET", "/api/docs/", ops_docs, A::kPublic, false},

      // Auth.
      {"POST", "/api/v1/auth/register/", auth_register, A::kPublic},
      {"POST", "/api/v1/auth/token/", auth_token, A::kPublic},
      {"POST", "/api/v1/auth/logout/", auth_logout, A::kAuthenticated},
      {"GET", "/api/v1/auth/me/", auth_me, A::kAuthenticated},

      // Organizations and users.
      {"GET", "/api/v1/organizations/", organizations_list, A::kAuthenticated},
      {"GET", "/api/v1/organizations/{int}/", organizations_retrieve, A::kAuthenticated},
      {"PUT", "/api/v1/organizations/{int}/", organizations_update, A::kAdmin},
      {"PATCH", "/api/v1/organizations/{int}/", organizations_update, A::kAdmin},
      {"GET", "/api/v1/users/", users_list, A::kAdmin},
      {"POST", "/api/v1/users/", users_create, A::kAdmin},
      {"GET", "/api/v1/users/{int}/", users_retrieve, A::kAdmin},
      {"PUT", "/api/v1/users/{int}/", users_update, A::kAdmin},
      {"PATCH", "/api/v1/users/{int}/", users_partial_update, A::kAdmin},
      {"DELETE", "/api/v1/users/{int}/", users_destroy, A::kAdmin},
  };
}

bool allowed(Access access, const domain::Principal* who) {
  switch (access) {
    case Access::kPublic:
      return true;
    case Access::kAuthenticated:
      return who != nullptr;
    case Access::kStaff:
      return who && (who->role == domain::Role::kAdmin || who->role == domain::Role::kRecruiter);
    case Access::kAdmin:
      return who && who->role == domain::Role::kAdmin;
  }
  return false;
}

}  // namespace api

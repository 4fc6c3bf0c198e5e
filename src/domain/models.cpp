#include "domain/models.hpp"

namespace domain {

std::string_view role_name(Role r) {
  return name_of(kRoleNames, r);
}

std::optional<Role> parse_role(std::string_view s) {
  return value_of<Role>(kRoleNames, s);
}

}  // namespace domain

// The candidate's credential: `Authorization: Invitation <token>`, where the token is
// the last segment of the invitation's link. Tokens are made and hashed as users'
// tokens are (auth/token.hpp): 32 random bytes as hex (URL-safe), only the SHA-256 kept.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace auth {

// Whether the header uses the Invitation scheme (case-insensitive), whatever follows.
bool is_invitation_authorization(std::string_view header);
// The token of "Invitation <token>", or nullopt when the header is not that.
std::optional<std::string> invitation_key(std::string_view header);

}  // namespace auth

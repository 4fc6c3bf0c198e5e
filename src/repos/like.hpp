// Case-insensitive substring search in portable SQL: the column is written
// `lower(col) LIKE ? ESCAPE '\'` and the parameter comes from like_contains().
#pragma once

#include <string>
#include <string_view>

namespace repos {

// `%text%` with `text` lowercased (ASCII, as SQLite's lower() does) and the LIKE
// wildcards `%` and `_` and the escape character `\` escaped with `\`.
std::string like_contains(std::string_view text);

}  // namespace repos

// The web pages' files (web/dist/, bundled by web/build and compiled into the binary; see
// CMakeLists.txt, WEB_ASSETS) as responses, with their media type, how long a browser may
// keep them, and the page's security headers.
#pragma once

#include <string_view>

#include "domain/error.hpp"
#include "http/response.hpp"

namespace api {

// The embedded file `name` ("docs/main.js") with `policy` as its Content-Security-Policy,
// or not_found when there is no such file.
domain::Result<web::Response> web_asset(std::string_view name, std::string_view policy);

}  // namespace api

// ?limit=&offset= in, X-Total-Count and Link out, as DRF's LimitOffsetPagination:
// a limit that is not a positive integer falls back to the default, a larger one
// is capped.
#pragma once

#include <string>

#include "domain/models.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace api {

inline constexpr std::int64_t kDefaultLimit = 100;
inline constexpr std::int64_t kMaxLimit = 1000;

domain::PageRequest page_request(const web::Request& req);
void add_page_headers(web::Response& res, const web::Request& req, const std::string& public_url,
                      const domain::PageRequest& page, std::int64_t total);

}  // namespace api

// The one mapping from domain errors to HTTP statuses and DRF-shaped bodies.
#pragma once

#include <string>

#include "domain/error.hpp"
#include "http/response.hpp"

namespace web {

unsigned status_of(domain::ErrorCode code);
// `request_id` goes into the body of 500s so a report can be matched to the log.
Response error_response(const domain::Error& error, const std::string& request_id);

}  // namespace web

// An answer to JSON, with its media and the URLs of its files.
#pragma once

#include <string>

#include "domain/answers.hpp"
#include "json/writer.hpp"

namespace api {

void write_answer(json::Writer& w, const domain::Answer& a, const std::string& public_url);

}  // namespace api

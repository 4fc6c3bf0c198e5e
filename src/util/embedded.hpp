// Files compiled into the binary (see cmake/embed_files.cmake).
#pragma once

#include <span>
#include <string_view>

namespace embedded {

struct File {
  std::string_view name;
  std::string_view content;
};

// migrations/*.sql in version order.
std::span<const File> migrations();
// docs/openapi.yaml.
std::span<const File> api_documents();
// The web pages as web/build wrote them, named by their path under web/dist/
// ("docs/index.html").
std::span<const File> web_assets();

}  // namespace embedded

// Presigned uploads: the URL a client PUTs a media file to, and (with the local
// folder backend) the checks and storing of that PUT.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/error.hpp"
#include "domain/models.hpp"
#include "services/deps.hpp"

namespace services {

struct UploadUrl {
  std::string key;
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string expires_at;
};

// Checks the filename and type (400 naming the field) and signs a URL for a new
// key in the organization's answers folder; 500 "URL not created." when the
// storage cannot sign.
domain::Result<UploadUrl> upload_url_create(const Deps& deps, const domain::Principal& who,
                                            const std::string& filename,
                                            const std::string& content_type);
// The key of a PUT to the local upload endpoint that carries a valid, unexpired
// signature for it (403 otherwise; 404 when storage is not the local folder).
domain::Result<std::string> upload_check(const Deps& deps, std::string_view method, std::string_view host,
                            std::string_view raw_path, std::string_view raw_query,
                            std::string_view content_type);
// Stores the received file under a key upload_check gave.
void upload_store(const Deps& deps, const std::string& key, const std::string& file,
                  const std::string& content_type);

// The filename rules of presigned uploads (nullopt: acceptable).
std::optional<std::string> filename_problem(std::string_view filename);

}  // namespace services

// SQL for the keys of presigned uploads: issued, looked up, taken by an answer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "db/connection.hpp"

namespace repos::uploads {

struct Upload {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string key;
  std::string content_type;
  std::optional<std::int64_t> content_length;  // signed into the URL when given
  bool used = false;                           // an answer took it (for good)
};

struct NewUpload {
  std::int64_t org_id = 0;
  std::string key;
  std::string content_type;
  std::optional<std::int64_t> content_length;
  std::string expires_at;
};
void insert(db::Connection& c, const NewUpload& u, const std::string& now);
// The upload of `org_id` under `key`, used or not.
std::optional<Upload> find(db::Connection& c, std::int64_t org_id, const std::string& key);
// The upload under `key`, whatever its organization (the key is what a PUT names).
std::optional<Upload> find_by_key(db::Connection& c, const std::string& key);
// Marks the upload as taken by `answer_id`; false when it was taken already (by a
// concurrent answer: the row decides).
bool take(db::Connection& c, std::int64_t id, std::int64_t answer_id, const std::string& now);
// The key of the upload `answer_id` took, if any.
std::optional<std::string> key_of_answer(db::Connection& c, std::int64_t answer_id);

}  // namespace repos::uploads

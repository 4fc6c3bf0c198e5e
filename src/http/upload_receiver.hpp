// Receives a streamed request body into a spool file as it arrives: either a
// multipart/form-data form (text fields kept, the one file part spooled) or a
// raw body (a presigned PUT). Limits are checked per chunk; the spool file is
// removed when the receiver goes away unless the upload was handed over.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/error.hpp"
#include "http/multipart.hpp"
#include "http/request.hpp"
#include "storage/spool.hpp"

namespace web {

class UploadReceiver {
 public:
  enum class Mode { kMultipart, kRaw, kOffsetBytes };

  // `content_type` is the request's; for kMultipart it must carry a boundary.
  static domain::Result<std::unique_ptr<UploadReceiver>> open(Mode mode,
                                                              const std::string& spool_dir,
                                                              const std::string& content_type,
                                                              std::uint64_t max_file_bytes);
  ~UploadReceiver();
  UploadReceiver(const UploadReceiver&) = delete;
  UploadReceiver& operator=(const UploadReceiver&) = delete;

  domain::Status feed(std::string_view chunk);
  // After the last chunk: fills the request's form fields and upload.
  domain::Status finish(Request& req);

 private:
  UploadReceiver(Mode mode, storage::spool::File file, std::string content_type,
                 std::uint64_t max_file_bytes);
  domain::Status write_file(std::string_view data);
  domain::Status begin_part(const PartHeaders& h);

  Mode mode_;
  // Open and locked from the first byte until the receiver goes, after the handler: the
  // spool sweep of another process leaves it alone all that time.
  storage::spool::File file_;
  std::string content_type_;
  std::uint64_t max_file_bytes_;
  std::uint64_t file_bytes_ = 0;
  std::unique_ptr<MultipartParser> parser_;
  // The part being read: a text field (collected) or the file.
  bool in_file_ = false;
  bool have_file_ = false;
  Upload upload_;
  std::string field_name_;
  std::string field_value_;
  std::vector<std::pair<std::string, std::string>> form_;
};

}  // namespace web

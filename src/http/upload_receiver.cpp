#include "http/upload_receiver.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include "http/media_type.hpp"
#include "storage/spool.hpp"
#include "storage/storage.hpp"

namespace web {

namespace {

constexpr std::size_t kMaxFieldBytes = 64 * 1024;
constexpr std::size_t kMaxFields = 50;

domain::Error too_large() {
  return domain::Error::too_large("The uploaded file is too large.");
}

// The file's media type, normalised, when it is a valid video/* or audio/* one; else
// the 415, naming the type only when it is a valid one (else it may hold any byte).
domain::Result<std::string> media_file_type(std::string_view content_type) {
  auto type = parse_media_type(content_type);
  if (!type || !is_audio_or_video(*type)) {
    return domain::Error::unsupported_media(
        type ? "Unsupported media type \"" + type->text + "\" in request."
             : std::string("Unsupported media type in request."));
  }
  return std::move(type->text);
}

bool offset_bytes_type(std::string_view content_type) {
  auto type = parse_media_type(content_type);
  return type && type->type == "application" && type->subtype == "offset+octet-stream";
}

}  // namespace

domain::Result<std::unique_ptr<UploadReceiver>> UploadReceiver::open(
    Mode mode, const std::string& spool_dir, const std::string& content_type,
    std::uint64_t max_file_bytes) {
  std::optional<std::string> boundary;
  if (mode == Mode::kMultipart) {
    boundary = multipart_boundary(content_type);
    if (!boundary) {
      return domain::Error::bad_request(
          "Multipart form parse error - Invalid boundary in multipart: None");
    }
  }
  if (mode == Mode::kRaw) {
    // The body is the file: its type is known before a byte of it arrives.
    if (auto type = media_file_type(content_type); !type) return type.take_error();
  }
  if (mode == Mode::kOffsetBytes && !offset_bytes_type(content_type)) {
    return domain::Error::unsupported_media(
        "A PATCH of a resumable upload takes application/offset+octet-stream.");
  }
  std::optional<storage::spool::File> file;
  try {
    file.emplace(spool_dir, "upload");
  } catch (const storage::Error&) {
    return domain::Error::internal();
  }
  std::unique_ptr<UploadReceiver> r(
      new UploadReceiver(mode, std::move(*file), content_type, max_file_bytes));
  if (boundary) {
    r->parser_ = std::make_unique<MultipartParser>(
        *boundary, MultipartParser::Callbacks{
                       [p = r.get()](const PartHeaders& h) { return p->begin_part(h); },
                       [p = r.get()](std::string_view d) -> domain::Status {
                         if (p->in_file_) return p->write_file(d);
                         if (p->field_value_.size() + d.size() > kMaxFieldBytes) {
                           return domain::Error::invalid(p->field_name_, "This field is too long.");
                         }
                         p->field_value_.append(d);
                         return domain::ok();
                       },
                       [p = r.get()]() -> domain::Status {
                         if (!p->in_file_)
                           p->form_.emplace_back(p->field_name_, std::move(p->field_value_));
                         p->field_value_.clear();
                         p->in_file_ = false;
                         return domain::ok();
                       }});
  }
  return r;
}

UploadReceiver::UploadReceiver(Mode mode, storage::spool::File file, std::string content_type,
                               std::uint64_t max_file_bytes)
    : mode_(mode),
      file_(std::move(file)),
      content_type_(std::move(content_type)),
      max_file_bytes_(max_file_bytes) {}

// The spool file goes with file_, unless the request's handler moved it away.
UploadReceiver::~UploadReceiver() = default;

domain::Status UploadReceiver::write_file(std::string_view data) {
  file_bytes_ += data.size();
  if (file_bytes_ > max_file_bytes_) return too_large();
  while (!data.empty()) {
    ssize_t n = ::write(file_.fd(), data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return domain::Error::unavailable("Cannot store the upload: " +
                                        std::string(std::strerror(errno)));
    }
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return domain::ok();
}

domain::Status UploadReceiver::begin_part(const PartHeaders& h) {
  if (!h.filename) {
    if (form_.size() >= kMaxFields) return domain::Error::bad_request("Too many form fields.");
    field_name_ = h.name;
    return domain::ok();
  }
  if (have_file_) return domain::Error::bad_request("Only one file may be uploaded per answer.");
  if (h.name != "video" && h.name != "audio") {
    return domain::Error::invalid(
        h.name, "Unexpected file field; upload the file as \"video\" or \"audio\".");
  }
  auto type = media_file_type(h.content_type);
  if (!type) return type.take_error();
  have_file_ = true;
  in_file_ = true;
  upload_.field = h.name;
  upload_.filename = *h.filename;
  upload_.content_type = std::move(type.value());
  return domain::ok();
}

domain::Status UploadReceiver::feed(std::string_view chunk) {
  if (mode_ != Mode::kMultipart) return write_file(chunk);
  return parser_->feed(chunk);
}

domain::Status UploadReceiver::finish(Request& req) {
  if (mode_ == Mode::kMultipart) {
    if (auto st = parser_->finish(); !st) return st;
  } else if (mode_ == Mode::kRaw) {
    have_file_ = true;
    auto type = media_file_type(content_type_);
    if (!type) return type.take_error();
    upload_.content_type = std::move(type.value());
  } else {
    have_file_ = true;
    upload_.content_type = content_type_;
  }
  // The descriptor stays open: it holds the file's lock until the receiver goes.
  if (::fsync(file_.fd()) != 0) return domain::Error::unavailable("Cannot store the upload.");
  req.form = std::move(form_);
  if (have_file_) {
    upload_.path = file_.path();
    upload_.size = file_bytes_;
    req.upload = upload_;
  }
  return domain::ok();
}

}  // namespace web

#include "repos/tus_uploads_repo.hpp"

#include <array>
#include <string_view>

namespace repos::tus_uploads {

namespace {

constexpr std::array<std::string_view, 5> kStatusNames = {"active", "finished", "used", "deleted",
                                                          "expired"};

std::string status_name(Status s) {
  return std::string(kStatusNames[static_cast<int>(s)]);
}

Status status_of(const std::string& name) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
    if (kStatusNames[i] == name) return static_cast<Status>(i);
  }
  return Status::kDeleted;
}

constexpr const char* kColumns =
    "id, public_id, org_id, user_id, invitation_id, attempt_id, object_key, multipart_id, "
    "filename, content_type, metadata, upload_length, upload_offset, status, started_ms, "
    "created_at, expires_at";

Upload from_row(const db::Row& r) {
  Upload u;
  u.id = r.int64(0);
  u.public_id = r.text(1);
  u.org_id = r.int64(2);
  u.user_id = r.opt_int64(3);
  u.invitation_id = r.opt_int64(4);
  u.attempt_id = r.opt_int64(5);
  u.object_key = r.text(6);
  u.multipart_id = r.text(7);
  u.filename = r.text(8);
  u.content_type = r.text(9);
  u.metadata = r.text(10);
  u.length = r.opt_int64(11);
  u.offset = r.int64(12);
  u.status = status_of(r.text(13));
  u.started_ms = r.int64(14);
  u.created_at = r.text(15);
  u.expires_at = r.text(16);
  return u;
}

std::optional<Upload> first(const db::Rows& rows) {
  if (rows.empty()) return std::nullopt;
  return from_row(rows[0]);
}

}  // namespace

std::int64_t insert(db::Connection& c, const NewUpload& u, const std::string& now) {
  db::Params params;
  params.emplace_back(u.public_id);
  params.emplace_back(u.org_id);
  params.emplace_back(db::nullable(u.user_id));
  params.emplace_back(db::nullable(u.invitation_id));
  params.emplace_back(db::nullable(u.attempt_id));
  params.emplace_back(u.object_key);
  params.emplace_back(u.multipart_id);
  params.emplace_back(u.filename);
  params.emplace_back(u.content_type);
  params.emplace_back(u.metadata);
  params.emplace_back(db::nullable(u.length));
  params.emplace_back(u.started_ms);
  params.emplace_back(now);
  params.emplace_back(u.expires_at);
  auto rows = c.query(
      "INSERT INTO tus_uploads (public_id, org_id, user_id, invitation_id, attempt_id, "
      "object_key, multipart_id, filename, content_type, metadata, upload_length, started_ms, "
      "created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      params);
  return rows.at(0).int64(0);
}

std::optional<Upload> find(db::Connection& c, const std::string& public_id) {
  return first(c.query(std::string("SELECT ") + kColumns + " FROM tus_uploads WHERE public_id = ?",
                       {public_id}));
}

std::optional<Upload> find_by_id(db::Connection& c, std::int64_t id) {
  return first(c.query(std::string("SELECT ") + kColumns + " FROM tus_uploads WHERE id = ?", {id}));
}

bool claim_writer(db::Connection& c, std::int64_t id, std::int64_t offset,
                  const std::string& writer, std::int64_t now_ms, std::int64_t until_ms) {
  db::Params params;
  params.emplace_back(writer);
  params.emplace_back(until_ms);
  params.emplace_back(id);
  params.emplace_back(offset);
  params.emplace_back(now_ms);
  return c.execute(
             "UPDATE tus_uploads SET writer = ?, writer_until_ms = ? WHERE id = ? AND "
             "upload_offset = ? AND status = 'active' AND (writer IS NULL OR writer_until_ms < ?)",
             params) == 1;
}

bool claim_hand_over(db::Connection& c, std::int64_t id, const std::string& writer,
                     std::int64_t now_ms, std::int64_t until_ms) {
  db::Params params;
  params.emplace_back(writer);
  params.emplace_back(until_ms);
  params.emplace_back(id);
  params.emplace_back(now_ms);
  return c.execute(
             "UPDATE tus_uploads SET writer = ?, writer_until_ms = ? WHERE id = ? AND "
             "status = 'finished' AND (writer IS NULL OR writer_until_ms < ?)",
             params) == 1;
}

void release_writer(db::Connection& c, std::int64_t id, const std::string& writer) {
  c.execute(
      "UPDATE tus_uploads SET writer = NULL, writer_until_ms = NULL WHERE id = ? AND writer = ?",
      {id, writer});
}

bool advance(db::Connection& c, std::int64_t id, const std::string& writer, std::int64_t offset,
             std::optional<std::int64_t> length) {
  db::Params params;
  params.emplace_back(offset);
  params.emplace_back(db::nullable(length));
  params.emplace_back(id);
  params.emplace_back(writer);
  return c.execute(
             "UPDATE tus_uploads SET upload_offset = ?, "
             "upload_length = COALESCE(upload_length, ?), writer = NULL, writer_until_ms = NULL "
             "WHERE id = ? AND writer = ?",
             params) == 1;
}

bool finish(db::Connection& c, std::int64_t id, const std::string& now) {
  return c.execute(
             "UPDATE tus_uploads SET status = 'finished', finished_at = ? WHERE id = ? AND "
             "status = 'active'",
             {now, id}) == 1;
}

bool change_status(db::Connection& c, std::int64_t id, Status from, Status to) {
  return c.execute("UPDATE tus_uploads SET status = ? WHERE id = ? AND status = ?",
                   {status_name(to), id, status_name(from)}) == 1;
}

bool take(db::Connection& c, std::int64_t id, std::int64_t answer_id) {
  return c.execute(
             "UPDATE tus_uploads SET status = 'used', answer_id = ? WHERE id = ? AND "
             "status = 'finished'",
             {answer_id, id}) == 1;
}

std::optional<std::int64_t> taken_by(db::Connection& c, std::int64_t answer_id) {
  auto rows = c.query("SELECT id FROM tus_uploads WHERE answer_id = ?", {answer_id});
  if (rows.empty()) return std::nullopt;
  return rows[0].int64(0);
}

std::vector<Part> parts(db::Connection& c, std::int64_t upload_id) {
  std::vector<Part> out;
  for (const auto& r : c.query(
           "SELECT number, etag, size FROM tus_upload_parts WHERE upload_id = ? ORDER BY number",
           {upload_id})) {
    out.push_back(Part{static_cast<int>(r.int64(0)), r.text(1), r.int64(2)});
  }
  return out;
}

void add_part(db::Connection& c, std::int64_t upload_id, const Part& p) {
  db::Params params;
  params.emplace_back(upload_id);
  params.emplace_back(static_cast<std::int64_t>(p.number));
  params.emplace_back(p.etag);
  params.emplace_back(p.size);
  c.execute("INSERT INTO tus_upload_parts (upload_id, number, etag, size) VALUES (?, ?, ?, ?)",
            params);
}

std::vector<Pending> pending(db::Connection& c, std::int64_t upload_id) {
  std::vector<Pending> out;
  for (const auto& r :
       c.query("SELECT start_offset, object_key, size FROM tus_upload_pending WHERE upload_id = ? "
               "ORDER BY start_offset",
               {upload_id})) {
    out.push_back(Pending{r.int64(0), r.text(1), r.int64(2)});
  }
  return out;
}

void add_pending(db::Connection& c, std::int64_t upload_id, const Pending& p) {
  db::Params params;
  params.emplace_back(upload_id);
  params.emplace_back(p.start_offset);
  params.emplace_back(p.object_key);
  params.emplace_back(p.size);
  c.execute(
      "INSERT INTO tus_upload_pending (upload_id, start_offset, object_key, size) "
      "VALUES (?, ?, ?, ?)",
      params);
}

void clear_pending(db::Connection& c, std::int64_t upload_id) {
  c.execute("DELETE FROM tus_upload_pending WHERE upload_id = ?", {upload_id});
}

}  // namespace repos::tus_uploads

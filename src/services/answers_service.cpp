#include "services/answers_service.hpp"

#include <algorithm>
#include <set>

#include "domain/messages.hpp"
#include "http/media_type.hpp"
#include "json/writer.hpp"
#include "repos/answers_repo.hpp"
#include "repos/background_jobs_repo.hpp"
#include "repos/candidates_repo.hpp"
#include "repos/questions_repo.hpp"
#include "repos/screenings_repo.hpp"
#include "repos/uploads_repo.hpp"
#include "services/tus_service.hpp"
#include "services/uploads_service.hpp"
#include "services/webhook_events.hpp"
#include "util/clock.hpp"
#include "util/text.hpp"

namespace services {

namespace {

constexpr std::int64_t kMediaAttempts = 3;
constexpr std::size_t kMaxTextAnswer = 10000;
constexpr const char* kSubmitted =
    "This screening has been submitted; answers can no longer be added.";
constexpr const char* kAnswered = "An answer to this question already exists in this screening.";

using domain::messages::invalid_pk;

std::string media_mismatch(const std::string& question_type) {
  return "A " + question_type + " question takes a " + question_type + " file.";
}

// The answer must fit the question's type: the right field, nothing else.
domain::FieldErrors type_problems(const domain::Question& q, const AnswerInput& in) {
  domain::FieldErrors e;
  const bool media = q.type == "video" || q.type == "audio";
  auto not_for = [&](const char* field) {
    e[field].push_back("Not allowed for a " + q.type + " question.");
  };
  if (in.text && q.type != "text") not_for("text");
  if (in.choices && !domain::is_choice_type(q.type)) not_for("choices");
  if (in.rating && q.type != "rating") not_for("rating");
  if (in.video_key && !media) not_for("video_key");
  if (in.file && !media) not_for(in.file->content_type.starts_with("audio/") ? "audio" : "video");
  if (!e.empty()) return e;

  if (q.type == "text") {
    if (!in.text || util::trim(*in.text).empty()) {
      e["text"].push_back(std::string(domain::messages::kRequired));
    } else if (util::utf8_length(*in.text) > kMaxTextAnswer) {
      e["text"].push_back("Ensure this field has no more than 10000 characters.");
    }
  } else if (domain::is_choice_type(q.type)) {
    if (!in.choices || in.choices->empty()) {
      e["choices"].push_back(std::string(domain::messages::kRequired));
      return e;
    }
    if (q.type == "single_choice" && in.choices->size() != 1) {
      e["choices"].push_back("Choose exactly one option.");
    }
    std::set<std::string> seen;
    for (const auto& c : *in.choices) {
      if (std::find(q.options.begin(), q.options.end(), c) == q.options.end()) {
        e["choices"].push_back(domain::messages::invalid_choice(c));
      } else if (!seen.insert(c).second) {
        e["choices"].push_back("\"" + c + "\" is chosen more than once.");
      }
    }
  } else if (q.type == "rating") {
    if (!in.rating) e["rating"].push_back(std::string(domain::messages::kRequired));
  } else {
    if (!in.file && !in.video_key) {
      e[q.type].push_back("Upload a file or give the video_key of an uploaded one.");
    } else if (in.file && in.video_key) {
      e["video_key"].push_back("Give either a file or a video_key, not both.");
    } else if (in.file && !answer_media_fits(q.type, in.file->content_type)) {
      e[q.type].push_back(media_mismatch(q.type));
    }
  }
  return e;
}

std::string safe_filename(const std::string& name) {
  std::string base =
      name.substr(name.find_last_of("/\\") == std::string::npos ? 0 : name.find_last_of("/\\") + 1);
  std::string out;
  for (char c : base) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-' || c == '_';
    out.push_back(ok ? c : '_');
  }
  while (!out.empty() && out.front() == '.') out.erase(0, 1);
  if (out.size() > 100) out = out.substr(out.size() - 100);
  return out.empty() ? "upload" : out;
}

std::string choices_json(const std::vector<std::string>& choices) {
  return json::build([&](json::Writer& w) {
    w.StartArray();
    for (const auto& c : choices) json::string(w, c);
    w.EndArray();
  });
}

// The answer's own object in storage, removed on every way out unless the answer that
// names it is kept.
class StoredMedia {
 public:
  explicit StoredMedia(storage::Storage& store) : store_(store) {}
  StoredMedia(const StoredMedia&) = delete;
  StoredMedia& operator=(const StoredMedia&) = delete;
  ~StoredMedia() {
    if (key_ && !kept_) storage::remove_quietly(store_, {*key_});
  }

  void hold(std::string key) { key_ = std::move(key); }
  void keep() { kept_ = true; }

 private:
  storage::Storage& store_;
  std::optional<std::string> key_;
  bool kept_ = false;
};

// The question to answer, once everything that can be checked before storing a file
// has been.
domain::Result<domain::Question> question_to_answer(db::Connection& db,
                                                    const domain::Principal& who,
                                                    const AnswerInput& in) {
  auto screening = repos::screenings::find(db, who.org_id, in.screening_id);
  if (!screening) return domain::Error::invalid("screening_id", invalid_pk(in.screening_id));
  if (screening->status == domain::ScreeningStatus::kSubmitted) {
    return domain::Error::conflict(kSubmitted);
  }
  auto question = repos::questions::find(db, who.org_id, in.question_id);
  if (!question || question->is_deleted) {
    return domain::Error::invalid("question", invalid_pk(in.question_id));
  }
  if (question->question_set_id != screening->question_set_id) {
    return domain::Error::invalid("question",
                                  "The question is not in this screening's question set.");
  }
  if (auto problems = type_problems(*question, in); !problems.empty()) {
    return domain::Error::invalid(problems);
  }
  if (repos::answers::exists(db, in.screening_id, in.question_id)) {
    return domain::Error::invalid("non_field_errors", kAnswered);
  }
  return std::move(*question);
}

// The upload named by video_key: the organization's, not taken, of a type that fits
// the question.
domain::Result<std::optional<UploadForAnswer>> named_upload(db::Connection& db,
                                                            const domain::Principal& who,
                                                            const AnswerInput& in,
                                                            const std::string& question_type) {
  if (!in.video_key) return std::optional<UploadForAnswer>{};
  auto found = upload_for_answer(db, who, *in.video_key);
  if (!found) return found.take_error();
  if (!answer_media_fits(question_type, found->content_type)) {
    return domain::Error::invalid("video_key", media_mismatch(question_type));
  }
  return std::optional<UploadForAnswer>{std::move(found.value())};
}

repos::answers::NewAnswer new_answer(const domain::Principal& who, const AnswerInput& in) {
  repos::answers::NewAnswer a;
  a.org_id = who.org_id;
  a.screening_id = in.screening_id;
  a.question_id = in.question_id;
  a.text = in.text;
  if (in.choices) a.choices = choices_json(*in.choices);
  a.rating = in.rating;
  return a;
}

// Gives the answer media of its own: a copy of the named upload, or the file sent with
// the request, held by `stored`.
domain::Status store_media(const Deps& deps, const domain::Principal& who, const AnswerInput& in,
                           std::optional<UploadForAnswer>& upload, repos::answers::NewAnswer& a,
                           StoredMedia& stored) {
  if (upload) {
    if (auto st = upload_copy_for_answer(deps, *upload); !st) return st.take_error();
    stored.hold(upload->key);
    a.video_key = upload->key;
    a.media_content_type = upload->content_type;
    a.media_size = static_cast<std::int64_t>(upload->size);
  } else if (in.file) {
    a.video_key = storage::answer_key(who.org_id, safe_filename(in.file->filename));
    stored.hold(*a.video_key);
    deps.storage->put_file(*a.video_key, in.file->path, in.file->content_type);
    a.media_content_type = in.file->content_type;
    a.media_size = static_cast<std::int64_t>(in.file->size);
  }
  return domain::ok();
}

// The answer's row, the upload taken and the media job, in one transaction.
domain::Result<domain::Answer> insert_answer(db::Connection& db, const domain::Principal& who,
                                             const repos::answers::NewAnswer& a,
                                             const std::optional<UploadForAnswer>& upload) {
  db::Transaction tx(db, true);
  // The screening may have been submitted meanwhile; its row lock orders us with a
  // concurrent submit.
  auto locked = repos::screenings::find(db, who.org_id, a.screening_id, db::Lock::kUpdate);
  if (!locked || locked->status == domain::ScreeningStatus::kSubmitted) {
    return domain::Error::conflict(kSubmitted);
  }
  const std::string now = util::now_rfc3339();
  auto id = repos::answers::insert(db, a, now);
  if (!id) return domain::Error::invalid("non_field_errors", kAnswered);
  // The upload's row decides between two answers naming it at once.
  if (upload && !(upload->resumable ? tus::take(db, upload->upload_id, *id)
                                    : repos::uploads::take(db, upload->upload_id, *id, now))) {
    return domain::Error::invalid("video_key", kUploadTaken);
  }
  if (a.video_key) answer_media_enqueue(db, who.org_id, *id, now);
  webhook_events::answer_event(db, who.org_id, "answer.created", *id, webhook_events::actor_of(who),
                               nullptr, now);
  auto created = repos::answers::find(db, who.org_id, *id);
  tx.commit();
  return *created;
}

}  // namespace

domain::Result<domain::Answer> answer_create(db::Connection& db, const Deps& deps,
                                             const domain::Principal& who, const AnswerInput& in) {
  auto question = question_to_answer(db, who, in);
  if (!question) return question.take_error();
  auto upload = named_upload(db, who, in, question->type);
  if (!upload) return upload.take_error();
  repos::answers::NewAnswer a = new_answer(who, in);
  StoredMedia stored(*deps.storage);
  if (auto st = store_media(deps, who, in, *upload, a, stored); !st) return st.take_error();
  auto created = insert_answer(db, who, a, *upload);
  if (!created) return created.take_error();
  stored.keep();
  // The answer has its copy; what was uploaded is of no more use (and with S3, where a
  // second PUT to the URL cannot be refused, whatever lands there later is an orphan
  // that deleting the answer removes).
  if (*upload) storage::remove_quietly(*deps.storage, {(*upload)->source_key});
  return created;
}

domain::Result<domain::Answer> answer_get(db::Connection& db, const domain::Principal& who,
                                          std::int64_t id) {
  auto a = repos::answers::find(db, who.org_id, id);
  if (!a) return domain::Error::not_found();
  return *a;
}

domain::Page<domain::Answer> answers_list(db::Connection& db, const domain::Principal& who,
                                          std::optional<std::int64_t> screening_id,
                                          const domain::PageRequest& page) {
  return repos::answers::list(db, who.org_id, screening_id, page);
}

domain::Result<domain::Page<domain::Answer>> answers_of_candidate(
    db::Connection& db, const domain::Principal& who, std::int64_t candidate_id,
    std::optional<std::int64_t> job_id, std::optional<std::int64_t> service_id,
    const domain::PageRequest& page) {
  // Answers prove their candidate exists; only an empty list needs to ask.
  auto answers =
      repos::answers::of_candidate(db, who.org_id, {candidate_id, job_id, service_id}, page);
  if (answers.total == 0 && !repos::candidates::find(db, who.org_id, candidate_id)) {
    return domain::Error::not_found("Candidate not found.");
  }
  return answers;
}

domain::Status answer_delete(db::Connection& db, const Deps& deps, const domain::Principal& who,
                             std::int64_t id) {
  std::optional<std::vector<std::string>> keys;
  {
    db::Transaction tx(db, true);
    keys = answer_remove(db, who.org_id, id);
    if (!keys) return domain::Error::not_found();
    tx.commit();
  }
  storage::remove_quietly(*deps.storage, *keys);
  return domain::ok();
}

domain::FieldErrors answer_type_problems(const domain::Question& q, const AnswerInput& in) {
  return type_problems(q, in);
}

std::optional<std::vector<std::string>> answer_remove(db::Connection& db, std::int64_t org_id,
                                                      std::int64_t id) {
  // Locked: a media worker recording files for it now waits, then finds it gone.
  auto a = repos::answers::find(db, org_id, id, db::Lock::kUpdate);
  if (!a) return std::nullopt;
  std::vector<std::string> keys;
  if (a->media) {
    for (const auto& k : {a->media->video_key, a->media->audio_key, a->media->thumbnail_key}) {
      if (k) keys.push_back(*k);
    }
  }
  if (auto uploaded = repos::uploads::key_of_answer(db, id)) keys.push_back(*uploaded);
  repos::answers::remove(db, org_id, id);
  return keys;
}

void answer_media_enqueue(db::Connection& db, std::int64_t org_id, std::int64_t answer_id,
                          const std::string& now) {
  repos::background_jobs::enqueue(db, org_id, "process_media", answer_id, kMediaAttempts, now);
}

bool answer_media_fits(const std::string& question_type, std::string_view content_type) {
  const auto type = web::audio_or_video(content_type);
  return type && (type->type == "audio" || question_type == "video");
}

}  // namespace services

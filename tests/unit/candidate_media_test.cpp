// The media path of the candidate API (services/candidate_media.hpp) on a migrated
// SQLite database and a local store in a temp folder: whether a recording may start
// (the attempt is the invitation's and the latest, the question takes a recording,
// consent, not submitted, within the think time), and a finished upload becoming the
// attempt's answer (start within the think time, duration within the time limit plus
// 2 s, the previous answer and its files replaced, processing queued, the timeline).
#include "services/candidate_media.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "auth/password.hpp"
#include "db/migrator.hpp"
#include "db/sqlite_connection.hpp"
#include "repos/candidates_repo.hpp"
#include "repos/jobs_repo.hpp"
#include "repos/modules_repo.hpp"
#include "repos/organizations_repo.hpp"
#include "repos/question_sets_repo.hpp"
#include "repos/questions_repo.hpp"
#include "repos/services_repo.hpp"
#include "repos/users_repo.hpp"
#include "services/candidate_service.hpp"
#include "services/invitations_service.hpp"
#include "util/clock.hpp"
#include "util/timestamps.hpp"

namespace {

using domain::ErrorCode;

class CandidateMedia : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string t = "/tmp/candidate-media-test-XXXXXX";
    dir_ = ::mkdtemp(t.data());
    db_ = std::make_unique<db::SqliteConnection>(dir_ + "/db.sqlite3");
    db::migrate(*db_);
    auto store = storage::open_storage("file://" + dir_ + "/media", {"http://127.0.0.1:1", ""});
    ASSERT_TRUE(store) << store.error().detail;
    store_ = std::move(store.value());
    deps_.storage = store_.get();
    make_interview();
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  // An organization, its admin, a job with an applied candidate, a module whose Video
  // Interview service asks a question set of a video question (think 1 s, time limit
  // 3 s, one retake) and a text question, and an invitation to it with consent given.
  void make_interview() {
    const std::string now = util::now_rfc3339();
    auto& c = *db_;
    const auto org = repos::organizations::insert(c, "Org", now);
    auto admin = repos::users::insert(
        c, {org.id, "admin@example.com", "Admin", domain::Role::kAdmin, "x"}, now);
    admin_.org_id = org.id;
    admin_.user_id = admin->id;
    admin_.role = domain::Role::kAdmin;
    const auto job = repos::jobs::insert(c, {org.id, "Engineer", "", {}, admin->id}, now);
    const auto candidate =
        repos::candidates::insert(c, {org.id, "Casey", "casey@example.com", "", ""}, now);
    repos::candidates::apply(c, org.id, job.id, candidate->id, now);
    const auto set = repos::question_sets::insert(c, org.id, {"Set", "", {}}, admin->id, now);
    video_ =
        repos::questions::insert(c, org.id, {set.id, "Show us", "video", {}, 1, true, 3, 1, 1}, now)
            .id;
    text_ =
        repos::questions::insert(
            c, org.id,
            {set.id, "Tell us", "text", {}, 2, true, std::nullopt, std::nullopt, std::nullopt}, now)
            .id;
    const auto module =
        repos::modules::insert(c, org.id, {"Module", "", job.id, true}, admin->id, now);
    const auto service = repos::services::find_by_name(c, org.id, "Video Interview");
    repos::modules::replace_services(
        c, module,
        {{service->id, 1, "{\"question_set_id\":" + std::to_string(set.id) + "}", set.id}});
    services::InvitationInput in;
    in.screening = {candidate->id, job.id, module, {service->id, std::nullopt}, std::nullopt};
    auto issued = services::invitation_create(c, admin_, in);
    ASSERT_TRUE(issued) << issued.error().detail;
    invitation_ = issued->invitation.id;
    auto who = services::candidate_authenticate(c, "Invitation " + issued->token);
    ASSERT_TRUE(who);
    candidate_ = *who;
    ASSERT_TRUE(services::candidate_consent(c, candidate_, "127.0.0.1"));
  }

  std::int64_t start(std::int64_t question) {
    auto a = services::candidate_attempt_start(*db_, candidate_, question);
    EXPECT_TRUE(a) << a.error().detail;
    return a ? a->id : 0;
  }
  // Moves the attempt's start `ms` into the past.
  void age(std::int64_t attempt, std::int64_t ms) {
    const db::Params values{ms, attempt};
    db_->execute("UPDATE invitation_attempts SET started_ms = started_ms - ? WHERE id = ?", values);
  }
  std::int64_t started_ms(std::int64_t attempt) {
    const db::Params where{attempt};
    return *db::scalar_int(*db_, "SELECT started_ms FROM invitation_attempts WHERE id = ?", where);
  }
  // An object in the store, as a finished upload leaves it.
  std::string stored(const std::string& name) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << "not really a video";
    const std::string key = storage::answer_key(admin_.org_id, name);
    store_->put_file(key, path, "video/webm");
    return key;
  }
  services::AttemptMedia media(const std::string& key, std::int64_t upload_started_ms,
                               double duration) {
    return {key, "video/webm", 18, upload_started_ms, duration};
  }
  std::int64_t count(const std::string& sql) { return *db::scalar_int(*db_, sql); }

  std::string dir_;
  std::unique_ptr<db::SqliteConnection> db_;
  std::unique_ptr<storage::Storage> store_;
  auth::PasswordHasher hasher_{auth::PasswordCost::kMin};
  services::Deps deps_{.hasher = hasher_};
  domain::Principal admin_;
  domain::Principal candidate_;
  std::int64_t invitation_ = 0, video_ = 0, text_ = 0;
};

TEST_F(CandidateMedia, ARecordingStartsWithinTheThinkTimeOfTheLatestAttempt) {
  EXPECT_EQ(services::check_media_start(*db_, candidate_, 987654).error().code,
            ErrorCode::kNotFound);
  const auto text_attempt = start(text_);
  EXPECT_EQ(services::check_media_start(*db_, candidate_, text_attempt).error().code,
            ErrorCode::kConflict);
  const auto first = start(video_);
  EXPECT_TRUE(services::check_media_start(*db_, candidate_, first));
  age(first, 900);  // 100 ms before the think deadline (1 s)
  EXPECT_TRUE(services::check_media_start(*db_, candidate_, first));
  age(first, 200);
  auto late = services::check_media_start(*db_, candidate_, first);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  EXPECT_NE(late.error().detail.find("think time"), std::string::npos);
  const auto second = start(video_);
  EXPECT_EQ(services::check_media_start(*db_, candidate_, first).error().code,
            ErrorCode::kConflict);  // no longer the latest
  EXPECT_TRUE(services::check_media_start(*db_, candidate_, second));
  // Another invitation's principal finds no such attempt.
  domain::Principal stranger = candidate_;
  stranger.invitation_id += 1000;
  EXPECT_FALSE(services::check_media_start(*db_, stranger, second));
}

TEST_F(CandidateMedia, AFinishedUploadBecomesTheAnswerWithinTheLimits) {
  const auto attempt = start(video_);
  const auto begun = started_ms(attempt);
  // Started after the think deadline, or longer than the time limit + 2 s: refused.
  auto key = stored("late.webm");
  auto r =
      services::accept_attempt_media(*db_, deps_, candidate_, attempt, media(key, begun + 1001, 1));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  r = services::accept_attempt_media(*db_, deps_, candidate_, attempt,
                                     media(key, begun + 1000, 5.01));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(count("SELECT COUNT(*) FROM answers"), 0);
  // At both edges: taken, processing queued, `answered` in the timeline.
  r = services::accept_attempt_media(*db_, deps_, candidate_, attempt, media(key, begun + 1000, 5));
  ASSERT_TRUE(r) << r.error().detail;
  ASSERT_TRUE(r->media);
  EXPECT_EQ(r->media->video_key, key);
  EXPECT_EQ(r->media->status, domain::MediaStatus::kPending);
  EXPECT_EQ(r->question_id, video_);
  EXPECT_EQ(
      count("SELECT COUNT(*) FROM background_jobs WHERE answer_id = " + std::to_string(r->id)), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM invitation_events WHERE kind = 'answered'"), 1);
  // The same attempt twice: refused.
  auto again = services::accept_attempt_media(*db_, deps_, candidate_, attempt,
                                              media(stored("again.webm"), begun, 1));
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);

  // A retake's recording replaces the answer, and its files go.
  const auto retake = start(video_);
  const auto second_key = stored("second.webm");
  auto second = services::accept_attempt_media(*db_, deps_, candidate_, retake,
                                               media(second_key, started_ms(retake), 2));
  ASSERT_TRUE(second) << second.error().detail;
  EXPECT_EQ(count("SELECT COUNT(*) FROM answers"), 1);
  EXPECT_FALSE(store_->head(key));
  EXPECT_TRUE(store_->head(second_key));
  // No more attempts (one retake), and a JSON answer is not for a video question.
  EXPECT_FALSE(services::candidate_attempt_start(*db_, candidate_, video_));
}

TEST_F(CandidateMedia, OnlyTheLatestAttemptOfAMediaQuestionBeforeSubmission) {
  const auto first = start(video_);
  const auto second = start(video_);
  auto r = services::accept_attempt_media(*db_, deps_, candidate_, first,
                                          media(stored("a.webm"), started_ms(first), 1));
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  const auto text_attempt = start(text_);
  r = services::accept_attempt_media(*db_, deps_, candidate_, text_attempt,
                                     media(stored("b.webm"), started_ms(text_attempt), 1));
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  // A video question takes video or audio; an audio file of another kind is refused.
  services::AttemptMedia wrong = media(stored("c.txt"), started_ms(second), 1);
  wrong.content_type = "text/plain";
  r = services::accept_attempt_media(*db_, deps_, candidate_, second, wrong);
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedMedia);

  ASSERT_TRUE(services::candidate_submit(*db_, candidate_));
  r = services::accept_attempt_media(*db_, deps_, candidate_, second,
                                     media(stored("d.webm"), started_ms(second), 1));
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(r.error().detail, "This interview has been submitted.");
  EXPECT_EQ(services::check_media_start(*db_, candidate_, second).error().code,
            ErrorCode::kConflict);
  EXPECT_EQ(count("SELECT COUNT(*) FROM answers"), 0);
}

TEST_F(CandidateMedia, ConsentComesFirst) {
  const db::Params where{invitation_};
  db_->execute("UPDATE invitations SET consent_at = NULL WHERE id = ?", where);
  auto r = services::check_media_start(*db_, candidate_, 1);
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(r.error().detail, "Consent is required first.");
}

}  // namespace

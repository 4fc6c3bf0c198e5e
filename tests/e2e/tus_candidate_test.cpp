// A candidate's recorded answer through a resumable upload: the upload names its attempt,
// may start only before the think deadline, and becomes the attempt's answer when its
// last byte arrives, unless the measured recording is longer than the time limit plus
// 2 s (409, and no answer). Uploads of candidates and users stay apart. A recording
// whose measurement could not run is handed over again by the next HEAD.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "clips.hpp"
#include "invitation_helpers.hpp"
#include "util/crypto.hpp"

namespace {

using e2e::HttpResponse;
using e2e::Object;
using e2e::invitations::CandidateClient;
using e2e::invitations::Org;

constexpr const char* kTus = "/api/v1/uploads/tus/";

HttpResponse tus(const CandidateClient& c, const std::string& method, const std::string& path,
                 const std::string& body, e2e::Headers h) {
  h.emplace_back("Authorization", "Invitation " + c.token);
  h.emplace_back("Tus-Resumable", "1.0.0");
  return c.server->request(method, path, body, h);
}

std::string metadata(const std::string& filename, const std::string& type,
                     std::optional<std::int64_t> attempt) {
  std::string m =
      "filename " + util::base64_encode(filename) + ",filetype " + util::base64_encode(type);
  if (attempt) m += ",attempt " + util::base64_encode(std::to_string(*attempt));
  return m;
}

HttpResponse create(const CandidateClient& c, std::size_t length, const std::string& meta) {
  return tus(c, "POST", kTus, "",
             {{"Upload-Length", std::to_string(length)}, {"Upload-Metadata", meta}});
}

std::string path_of(const HttpResponse& created) {
  const std::string location = created.header("location");
  return location.substr(location.find(kTus));
}

HttpResponse send_whole(const CandidateClient& c, const std::string& path,
                        const std::string& bytes) {
  return tus(c, "PATCH", path, bytes,
             {{"Upload-Offset", "0"}, {"Content-Type", "application/offset+octet-stream"}});
}

std::int64_t attempt_of(const HttpResponse& r) {
  return std::int64_t(r.json()["attempt"]);
}

TEST(TusCandidate, ARecordingBecomesTheAttemptsAnswer) {
  e2e::Server server;
  Org org(server, Object{{"time_limit_seconds", 1}, {"think_time_seconds", 60}});
  const auto video = e2e::create_question(org.admin, org.set, "video");
  auto [invitation, candidate] = org.invited();
  ASSERT_EQ(candidate.get("session/").status, 200);
  const auto consent = candidate.consent();
  ASSERT_LT(consent.status, 300) << consent.body;
  auto started = candidate.start(video);
  ASSERT_EQ(started.status, 201) << started.body;
  const auto attempt = attempt_of(started);
  const std::string clip = e2e::read_file(e2e::clip("mp4"));  // 2 s: within 1 s + 2 s
  auto created = create(candidate, clip.size(), metadata("answer.mp4", "video/mp4", attempt));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string path = path_of(created);
  auto done = send_whole(candidate, path, clip);
  ASSERT_EQ(done.status, 204) << done.body << server.log();
  EXPECT_EQ(done.header("upload-offset"), std::to_string(clip.size()));
  // Taken by the answer: gone for the protocol.
  EXPECT_EQ(tus(candidate, "HEAD", path, "", {}).status, 404);
  auto answers =
      org.admin.get("/api/v1/interview/candidate/" + std::to_string(org.candidate) + "/answers/");
  ASSERT_EQ(answers.status, 200);
  auto list = answers.json().get_array();
  ASSERT_EQ(list.size(), 1u) << answers.body;
  EXPECT_EQ(std::int64_t(list.at(0)["question"]), video);
  EXPECT_EQ(std::int64_t(list.at(0)["media"]["size"]), static_cast<std::int64_t>(clip.size()));
  auto session = candidate.get("session/");
  EXPECT_NE(session.body.find("\"answered\":true"), std::string::npos) << session.body;
}

TEST(TusCandidate, AnUploadStartedAfterTheThinkDeadlineIsRefused) {
  e2e::Server server;
  Org org(server, Object{{"think_time_seconds", 1}, {"time_limit_seconds", 60}});
  const auto video = e2e::create_question(org.admin, org.set, "video");
  auto [invitation, candidate] = org.invited();
  candidate.get("session/");
  candidate.consent();
  const auto attempt = attempt_of(candidate.start(video));
  const std::string meta = metadata("answer.mp4", "video/mp4", attempt);
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  auto late = create(candidate, 1000, meta);
  EXPECT_EQ(late.status, 409) << late.body;
  EXPECT_NE(late.body.find("think time"), std::string::npos) << late.body;
  EXPECT_EQ(late.header("tus-resumable"), "1.0.0");
}

TEST(TusCandidate, ARecordingLongerThanTheLimitIsRefusedAndNotKept) {
  e2e::Server server;
  Org org(server, Object{{"time_limit_seconds", 10}, {"think_time_seconds", 60}});
  const auto audio = e2e::create_question(org.admin, org.set, "audio");
  auto [invitation, candidate] = org.invited();
  candidate.get("session/");
  candidate.consent();
  const auto attempt = attempt_of(candidate.start(audio));
  const std::string slow = e2e::read_file(e2e::clip("slow"));  // 120 s > 10 s + 2 s
  auto created = create(candidate, slow.size(), metadata("long.mkv", "audio/x-matroska", attempt));
  ASSERT_EQ(created.status, 201) << created.body;
  auto refused = send_whole(candidate, path_of(created), slow);
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_NE(refused.body.find("longer than the time limit"), std::string::npos) << refused.body;
  EXPECT_EQ(tus(candidate, "HEAD", path_of(created), "", {}).status, 404);
  auto answers =
      org.admin.get("/api/v1/interview/candidate/" + std::to_string(org.candidate) + "/answers/");
  EXPECT_EQ(answers.body, "[]");
}

TEST(TusCandidate, UploadsNeedAnAttemptOfTheirOwnInvitationAndStayApart) {
  e2e::Server server;
  Org org(server, Object{{"think_time_seconds", 60}});
  const auto video = e2e::create_question(org.admin, org.set, "video");
  auto [first_id, first] = org.invited();
  auto [second_id, second] = org.invited({}, org.applied_candidate());
  for (const auto* c : {&first, &second}) {
    c->get("session/");
    c->consent();
  }
  const auto attempt = attempt_of(first.start(video));
  EXPECT_EQ(create(first, 100, metadata("a.mp4", "video/mp4", std::nullopt)).status, 400);
  EXPECT_EQ(create(second, 100, metadata("a.mp4", "video/mp4", attempt)).status, 404);
  auto mine = create(first, 100, metadata("a.mp4", "video/mp4", attempt));
  ASSERT_EQ(mine.status, 201) << mine.body;
  EXPECT_EQ(tus(second, "HEAD", path_of(mine), "", {}).status, 404);
  auto as_user = org.admin.send("HEAD", path_of(mine), "", {{"Tus-Resumable", "1.0.0"}});
  EXPECT_EQ(as_user.status, 404);
}

// What browsers record: Chrome and Firefox WebM (VP8/Opus, written live: no duration in
// the header) and Safari's fragmented MP4 (H.264/AAC). Both are accepted, processed, and
// their duration is the measured one.
TEST(TusCandidate, BrowserRecordingsAreAcceptedAndMeasured) {
  e2e::Server server;
  Org org(server, Object{{"time_limit_seconds", 2}, {"think_time_seconds", 600}});
  struct Kind {
    const char* name;
    const char* type;
    const char* args;
  };
  const Kind kinds[] = {
      {"chrome.webm", "video/webm", "-c:v libvpx -b:v 300k -c:a libopus -f webm -live 1"},
      {"safari.mp4", "video/mp4",
       "-c:v libx264 -pix_fmt yuv420p -c:a aac -movflags "
       "frag_keyframe+empty_moov+default_base_moof"},
  };
  for (const Kind& k : kinds) {
    const std::string file = server.dir() + "/" + k.name;
    const std::string cmd = std::string(
                                "ffmpeg -nostdin -v error -y -f lavfi -i "
                                "testsrc=size=320x240:rate=25 -f lavfi -i "
                                "sine=frequency=440:sample_rate=48000 -t 3 ") +
                            k.args + " '" + file + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
    const auto video = e2e::create_question(org.admin, org.set, "video");
    auto [invitation, candidate] = org.invited();
    candidate.get("session/");
    candidate.consent();
    const auto attempt = attempt_of(candidate.start(video));
    const std::string bytes = e2e::read_file(file);
    auto created = create(candidate, bytes.size(), metadata(k.name, k.type, attempt));
    ASSERT_EQ(created.status, 201) << created.body;
    auto done = send_whole(candidate, path_of(created), bytes);
    ASSERT_EQ(done.status, 204) << k.name << " " << done.body;  // 3 s <= 2 s + 2 s
    std::string status;
    double duration = 0;
    for (int i = 0; i < 600 && status != "ready" && status != "failed"; ++i) {
      auto list = org.admin.get("/api/v1/interview/answers/?limit=1000");
      for (auto a : list.json().get_array()) {
        if (std::int64_t(a["question"]) != video) continue;
        status = std::string(std::string_view(a["media"]["status"]));
        if (status == "ready") duration = double(a["media"]["duration_seconds"]);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_EQ(status, "ready") << k.name;
    EXPECT_NEAR(duration, 3.0, 0.25) << k.name;
  }
}

}  // namespace

namespace {

// Kills every `interviewd measure-media` child of `server` while it runs: the measuring
// child crashing, as a hostile file or a lack of memory would make it.
class MeasureKiller {
 public:
  explicit MeasureKiller(pid_t server) : server_(server), thread_([this] { run(); }) {}
  MeasureKiller(const MeasureKiller&) = delete;
  MeasureKiller& operator=(const MeasureKiller&) = delete;
  ~MeasureKiller() {
    stop_ = true;
    thread_.join();
  }
  int killed() const { return killed_; }

 private:
  void run() {
    while (!stop_) {
      for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename();
        if (name.find_first_not_of("0123456789") != std::string::npos) continue;
        std::ifstream stat(entry.path() / "stat");
        std::string line;
        std::getline(stat, line);
        // "pid (comm) state ppid ...": the comm may hold spaces, the last ')' ends it.
        const auto close = line.rfind(')');
        if (close == std::string::npos) continue;
        std::istringstream rest(line.substr(close + 2));
        char state = 0;
        pid_t ppid = 0;
        rest >> state >> ppid;
        if (ppid != server_) continue;
        std::ifstream cmdline(entry.path() / "cmdline");
        const std::string args((std::istreambuf_iterator<char>(cmdline)), {});
        if (args.find("measure-media") == std::string::npos) continue;
        if (::kill(std::stoi(name), SIGKILL) == 0) ++killed_;
      }
    }
  }

  pid_t server_;
  std::atomic<bool> stop_{false};
  std::atomic<int> killed_{0};
  std::thread thread_;
};

// A recording whose measurement could not run (the child crashed) is not lost: the last
// PATCH answers 503 and the upload stays; a HEAD, as a client resuming asks, hands it
// over again, answers 503 while that still fails, and then the offset at the end once
// the recording is the attempt's answer (and 404 after: the upload is used).
TEST(TusCandidate, AHeadHandsOverARecordingWhoseMeasurementFailed) {
  e2e::Server server;
  Org org(server, Object{{"time_limit_seconds", 10}, {"think_time_seconds", 60}});
  const auto video = e2e::create_question(org.admin, org.set, "video");
  auto [invitation, candidate] = org.invited();
  candidate.get("session/");
  candidate.consent();
  const auto attempt = attempt_of(candidate.start(video));
  const std::string clip = e2e::read_file(e2e::clip("mp4"));
  auto created = tus(candidate, "POST", kTus, "",
                     {{"Upload-Defer-Length", "1"},
                      {"Upload-Metadata", metadata("answer.mp4", "video/mp4", attempt)}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string path = path_of(created);
  const std::string size = std::to_string(clip.size());
  {
    MeasureKiller killer(server.pid());
    auto last = tus(candidate, "PATCH", path, clip,
                    {{"Upload-Offset", "0"},
                     {"Upload-Length", size},
                     {"Content-Type", "application/offset+octet-stream"}});
    EXPECT_EQ(last.status, 503) << last.body;
    auto head = tus(candidate, "HEAD", path, "", {});
    EXPECT_EQ(head.status, 503);
    EXPECT_EQ(head.header("upload-offset"), "");
    EXPECT_GE(killer.killed(), 2);
  }
  const auto answers_path =
      "/api/v1/interview/candidate/" + std::to_string(org.candidate) + "/answers/";
  EXPECT_EQ(org.admin.get(answers_path).body, "[]");
  auto head = tus(candidate, "HEAD", path, "", {});
  EXPECT_EQ(head.status, 200) << server.log();
  EXPECT_EQ(head.header("upload-offset"), size);
  EXPECT_EQ(head.header("upload-length"), size);
  auto answered = org.admin.get(answers_path);
  auto answers = answered.json().get_array();
  ASSERT_EQ(answers.size(), 1u) << answered.body;
  EXPECT_EQ(std::int64_t(answers.at(0)["question"]), video);
  EXPECT_EQ(std::int64_t(answers.at(0)["media"]["size"]), static_cast<std::int64_t>(clip.size()));
  EXPECT_EQ(tus(candidate, "HEAD", path, "", {}).status, 404);
}

}  // namespace

namespace {

// Requests that hand the same finished recording over at once make one answer: the
// others hear 503 (or 404 once it is used), and the answer's video is whole. (Two
// hand-overs made two answers of one object, the second removing it as it replaced the
// first.)
TEST(TusCandidate, ConcurrentHeadsHandARecordingOverOnce) {
  e2e::Server server;
  Org org(server, Object{{"time_limit_seconds", 10}, {"think_time_seconds", 60}});
  const auto video = e2e::create_question(org.admin, org.set, "video");
  auto [invitation, candidate] = org.invited();
  candidate.get("session/");
  candidate.consent();
  const auto attempt = attempt_of(candidate.start(video));
  const std::string clip = e2e::read_file(e2e::clip("mp4"));
  auto created = create(candidate, clip.size(), metadata("answer.mp4", "video/mp4", attempt));
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string path = path_of(created);
  {
    MeasureKiller killer(server.pid());
    ASSERT_EQ(send_whole(candidate, path, clip).status, 503);
  }
  std::vector<int> statuses(4);
  {
    std::vector<std::thread> heads;
    for (auto& status : statuses) {
      // (A structured binding is named through a pointer: clang 15 cannot capture one.)
      heads.emplace_back([&status, &path, client = &candidate] {
        status = tus(*client, "HEAD", path, "", {}).status;
      });
    }
    for (auto& t : heads) t.join();
  }
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1);
  for (const int status : statuses) EXPECT_TRUE(status == 200 || status == 503 || status == 404);
  auto answered =
      org.admin.get("/api/v1/interview/candidate/" + std::to_string(org.candidate) + "/answers/");
  auto answers = answered.json().get_array();
  ASSERT_EQ(answers.size(), 1u) << answered.body;
  const auto id = std::int64_t(answers.at(0)["id"]);
  auto bytes = org.admin.get("/api/v1/interview/answers/" + std::to_string(id) + "/video/");
  EXPECT_EQ(bytes.status, 200) << bytes.body.substr(0, 200);
  EXPECT_EQ(bytes.body.size(), clip.size());
}

}  // namespace

// process_media on clips made at test time with the ffmpeg CLI: audio copied into the
// container that fits its codec (and still decodable), thumbnails that are upright JPEGs
// at most 640 px wide, and errors rather than crashes for files that are not media.
#include "media/process_media.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "media/handles.hpp"
#include "media/libav.hpp"

namespace {

namespace fs = std::filesystem;
using std::chrono::steady_clock;
using namespace std::chrono_literals;

const std::string kVideo = "-f lavfi -i testsrc=duration=2:size=320x240:rate=25";
const std::string kAudio = "-f lavfi -i sine=frequency=440:duration=2";
// libvpx at its defaults takes seconds even for this, its threads most of them.
const std::string kVp8 = "-c:v libvpx -deadline realtime -cpu-used 8 -threads 1";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

// What our own libavformat makes of a file: its first stream of `type`, and whether
// a frame of it decodes.
struct Decoded {
  AVCodecID codec = AV_CODEC_ID_NONE;
  int width = 0;
  int height = 0;
  double duration_seconds = 0;
  bool frame_decoded = false;
};

Decoded decode(const std::string& path, AVMediaType type) {
  Decoded d;
  AVFormatContext* raw = nullptr;
  if (avformat_open_input(&raw, path.c_str(), nullptr, nullptr) < 0) return d;
  media::InputFormatPtr fmt(raw);
  if (avformat_find_stream_info(fmt.get(), nullptr) < 0) return d;
  const AVCodec* codec = nullptr;
  const int index = av_find_best_stream(fmt.get(), type, -1, -1, &codec, 0);
  if (index < 0 || !codec) return d;
  const AVStream& st = *fmt->streams[index];
  d.codec = st.codecpar->codec_id;
  if (fmt->duration > 0) d.duration_seconds = static_cast<double>(fmt->duration) / AV_TIME_BASE;
  media::CodecContextPtr dec(avcodec_alloc_context3(codec));
  avcodec_parameters_to_context(dec.get(), st.codecpar);
  if (avcodec_open2(dec.get(), codec, nullptr) < 0) return d;
  media::PacketPtr packet = media::make_packet();
  media::FramePtr frame = media::make_frame();
  for (int i = 0; i < 200 && !d.frame_decoded; ++i) {
    const bool more = av_read_frame(fmt.get(), packet.get()) >= 0;
    if (more && packet->stream_index != index) {
      av_packet_unref(packet.get());
      continue;
    }
    avcodec_send_packet(dec.get(), more ? packet.get() : nullptr);
    av_packet_unref(packet.get());
    if (avcodec_receive_frame(dec.get(), frame.get()) >= 0) {
      d.frame_decoded = true;
      d.width = frame->width;
      d.height = frame->height;
    }
    if (!more) break;
  }
  return d;
}

class ProcessMedia : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char tmpl[] = "/tmp/interviewd-media-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    has_ffmpeg_ = std::system("ffmpeg -version >/dev/null 2>&1") == 0;
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  void SetUp() override {
    if (!has_ffmpeg_) {
      GTEST_SKIP() << "the ffmpeg CLI is not installed (scripts/install-deps --test installs it)";
    }
    out_ = dir_ + "/out-" + ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }

  // dir/name, made (once per process) by `ffmpeg <inputs_and_options> dir/name`.
  static std::string clip(const std::string& name, const std::string& inputs_and_options) {
    const std::string path = dir_ + "/" + name;
    if (!fs::exists(path)) {
      const std::string cmd =
          "ffmpeg -nostdin -v error -y " + inputs_and_options + " '" + path + "'";
      if (std::system(cmd.c_str()) != 0) ADD_FAILURE() << "ffmpeg failed: " << cmd;
    }
    return path;
  }
  static std::string vp8_opus_webm() {
    return clip("vp8_opus.webm", kVideo + " " + kAudio + " " + kVp8 + " -c:a libopus");
  }
  static std::string h264_aac_mp4() {
    return clip("h264_aac.mp4", kVideo + " " + kAudio + " -c:v libx264 -pix_fmt yuv420p -c:a aac");
  }

  domain::Result<media::MediaOutputs> process(const std::string& input) {
    return media::process_media(input, out_, steady_clock::now() + 60s);
  }

  // The checks every successful result of a 2 s clip with audio passes.
  void expect_audio(const media::MediaOutputs& out, AVCodecID codec, const std::string& extension,
                    const std::string& content_type) {
    EXPECT_TRUE(out.has_audio);
    ASSERT_TRUE(out.audio_path);
    EXPECT_EQ(fs::path(*out.audio_path).extension(), extension);
    EXPECT_EQ(fs::path(*out.audio_path).parent_path(), fs::path(out_));
    EXPECT_EQ(out.audio_content_type, content_type);
    EXPECT_FALSE(out.audio_reencoded);
    const Decoded audio = decode(*out.audio_path, AVMEDIA_TYPE_AUDIO);
    EXPECT_EQ(audio.codec, codec) << avcodec_get_name(audio.codec);
    EXPECT_TRUE(audio.frame_decoded);
    EXPECT_NEAR(audio.duration_seconds, 2.0, 0.15);
  }

  void expect_thumbnail(const media::MediaOutputs& out, int width, int height) {
    EXPECT_TRUE(out.has_video);
    ASSERT_TRUE(out.thumbnail_path);
    EXPECT_EQ(fs::path(*out.thumbnail_path).extension(), ".jpg");
    const std::string jpeg = read_file(*out.thumbnail_path);
    ASSERT_GT(jpeg.size(), 4u);
    EXPECT_EQ(jpeg.substr(0, 2), "\xFF\xD8");
    EXPECT_EQ(jpeg.substr(jpeg.size() - 2), "\xFF\xD9");
    const Decoded image = decode(*out.thumbnail_path, AVMEDIA_TYPE_VIDEO);
    EXPECT_EQ(image.codec, AV_CODEC_ID_MJPEG);
    EXPECT_TRUE(image.frame_decoded);
    EXPECT_EQ(image.width, width);
    EXPECT_EQ(image.height, height);
    EXPECT_LE(image.width, 640);
  }

  // Not media: a readable kBadRequest, found before the deadline, and nothing left behind.
  void expect_not_media(const std::string& input) {
    auto out = process(input);
    ASSERT_FALSE(out.ok());
    EXPECT_EQ(out.error().code, domain::ErrorCode::kBadRequest) << out.error().detail;
    EXPECT_NE(out.error().detail.find("not usable media"), std::string::npos) << out.error().detail;
    EXPECT_TRUE(!fs::exists(out_) || fs::is_empty(out_));
  }

  static inline std::string dir_;
  static inline bool has_ffmpeg_ = false;
  std::string out_;
};

TEST_F(ProcessMedia, H264AacMp4CopiesAacIntoM4a) {
  auto out = process(h264_aac_mp4());
  ASSERT_TRUE(out.ok()) << out.error().detail;
  EXPECT_NEAR(out->duration_seconds, 2.0, 0.1);
  expect_audio(*out, AV_CODEC_ID_AAC, ".m4a", "audio/mp4");
  expect_thumbnail(*out, 320, 240);
}

TEST_F(ProcessMedia, Vp8OpusWebmCopiesOpusIntoOgg) {
  auto out = process(vp8_opus_webm());
  ASSERT_TRUE(out.ok()) << out.error().detail;
  EXPECT_NEAR(out->duration_seconds, 2.0, 0.1);
  expect_audio(*out, AV_CODEC_ID_OPUS, ".ogg", "audio/ogg");
  expect_thumbnail(*out, 320, 240);
}

TEST_F(ProcessMedia, Vp9VorbisMkvCopiesVorbisIntoOgg) {
  auto out = process(
      clip("vp9_vorbis.mkv", kVideo + " " + kAudio +
                                 " -c:v libvpx-vp9 -deadline realtime -cpu-used 8 -threads 1"
                                 " -c:a libvorbis"));
  ASSERT_TRUE(out.ok()) << out.error().detail;
  EXPECT_NEAR(out->duration_seconds, 2.0, 0.1);
  expect_audio(*out, AV_CODEC_ID_VORBIS, ".ogg", "audio/ogg");
  expect_thumbnail(*out, 320, 240);
}

TEST_F(ProcessMedia, AudioOnlyM4aIsCopied) {
  auto out = process(clip("audio.m4a", kAudio + " -c:a aac"));
  ASSERT_TRUE(out.ok()) << out.error().detail;
  EXPECT_NEAR(out->duration_seconds, 2.0, 0.1);
  expect_audio(*out, AV_CODEC_ID_AAC, ".m4a", "audio/mp4");
  EXPECT_FALSE(out->has_video);
  EXPECT_FALSE(out->thumbnail_path);
}

TEST_F(ProcessMedia, AudioOnlyMp3IsCopied) {
  auto out = process(clip("audio.mp3", kAudio + " -c:a libmp3lame"));
  ASSERT_TRUE(out.ok()) << out.error().detail;
  EXPECT_NEAR(out->duration_seconds, 2.0, 0.1);
  expect_audio(*out, AV_CODEC_ID_MP3, ".mp3", "audio/mpeg");
  EXPECT_FALSE(out->thumbnail_path);
}

// ADTS has no codec header; the mp4 muxer needs one (a bitstream filter makes it).
TEST_F(ProcessMedia, AdtsAacIsCopiedIntoM4a) {
  auto out = process(clip("audio.aac", kAudio + " -c:a aac -f adts"));
  ASSERT_TRUE(out.ok()) << out.error().detail;
  expect_audio(*out, AV_CODEC_ID_AAC, ".m4a", "audio/mp4");
}

TEST_F(ProcessMedia, PcmAudioIsReencodedToAac) {
  auto out = process(clip("audio.wav", kAudio + " -c:a pcm_s16le"));
  ASSERT_TRUE(out.ok()) << out.error().detail;
  EXPECT_NEAR(out->duration_seconds, 2.0, 0.1);
  ASSERT_TRUE(out->audio_path);
  EXPECT_EQ(fs::path(*out->audio_path).extension(), ".m4a");
  EXPECT_EQ(out->audio_content_type, "audio/mp4");
  EXPECT_TRUE(out->audio_reencoded);
  const Decoded audio = decode(*out->audio_path, AVMEDIA_TYPE_AUDIO);
  EXPECT_EQ(audio.codec, AV_CODEC_ID_AAC);
  EXPECT_TRUE(audio.frame_decoded);
  EXPECT_NEAR(audio.duration_seconds, 2.0, 0.15);
}

TEST_F(ProcessMedia, VideoWithoutAudioHasOnlyAThumbnail) {
  auto out = process(clip("video_only.mp4", kVideo + " -c:v libx264 -pix_fmt yuv420p"));
  ASSERT_TRUE(out.ok()) << out.error().detail;
  EXPECT_NEAR(out->duration_seconds, 2.0, 0.1);
  EXPECT_FALSE(out->has_audio);
  EXPECT_FALSE(out->audio_path);
  EXPECT_EQ(out->audio_content_type, "");
  expect_thumbnail(*out, 320, 240);
}

TEST_F(ProcessMedia, WideVideoThumbnailIsScaledTo640) {
  auto out = process(clip("hd.mp4",
                          "-f lavfi -i testsrc=duration=1:size=1280x720:rate=25"
                          " -c:v libx264 -preset ultrafast -pix_fmt yuv420p"));
  ASSERT_TRUE(out.ok()) << out.error().detail;
  expect_thumbnail(*out, 640, 360);
}

// 320x240 storage pixels twice as wide as high are shown 640x240.
TEST_F(ProcessMedia, ThumbnailKeepsTheDisplayedAspectRatio) {
  auto out =
      process(clip("anamorphic.mp4", kVideo + " -vf setsar=2 -c:v libx264 -pix_fmt yuv420p"));
  ASSERT_TRUE(out.ok()) << out.error().detail;
  expect_thumbnail(*out, 640, 240);
}

// A phone's portrait video: landscape pixels plus a display matrix turning them.
TEST_F(ProcessMedia, ThumbnailOfARotatedVideoIsUpright) {
  const std::string plain = h264_aac_mp4();
  auto out = process(clip("rotated.mp4", "-i '" + plain + "' -c copy -metadata:s:v:0 rotate=90"));
  ASSERT_TRUE(out.ok()) << out.error().detail;
  expect_thumbnail(*out, 240, 320);
}

// Browsers record WebM without a duration (the muxer cannot seek back to write it).
TEST_F(ProcessMedia, DurationIsMeasuredWhenTheContainerHasNone) {
  const std::string path = dir_ + "/streamed.webm";
  const std::string cmd = "ffmpeg -nostdin -v error -y " + kVideo + " " + kAudio + " " + kVp8 +
                          " -c:a libopus -f webm pipe:1 > '" + path + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  auto out = process(path);
  ASSERT_TRUE(out.ok()) << out.error().detail;
  EXPECT_NEAR(out->duration_seconds, 2.0, 0.1);
  expect_audio(*out, AV_CODEC_ID_OPUS, ".ogg", "audio/ogg");
}

TEST_F(ProcessMedia, TruncatedMp4IsAnError) {
  const std::string whole = read_file(h264_aac_mp4());
  const std::string path = dir_ + "/truncated.mp4";
  write_file(path, whole.substr(0, whole.size() * 3 / 10));
  expect_not_media(path);
}

// With its index first (faststart) a cut file opens; its packets end too soon.
TEST_F(ProcessMedia, TruncatedFaststartMp4IsAnError) {
  const std::string faststart =
      clip("faststart.mp4", "-i '" + h264_aac_mp4() + "' -c copy -movflags +faststart");
  const std::string whole = read_file(faststart);
  const std::string path = dir_ + "/truncated-faststart.mp4";
  write_file(path, whole.substr(0, whole.size() * 3 / 10));
  expect_not_media(path);
}

TEST_F(ProcessMedia, GarbageIsAnError) {
  std::mt19937 rng(42);
  std::string bytes(256 * 1024, '\0');
  for (char& c : bytes) c = static_cast<char>(rng());
  const std::string path = dir_ + "/garbage.mp4";
  write_file(path, bytes);
  expect_not_media(path);
}

TEST_F(ProcessMedia, EmptyFileIsAnError) {
  const std::string path = dir_ + "/empty.webm";
  write_file(path, "");
  expect_not_media(path);
}

TEST_F(ProcessMedia, MissingFileIsNotFound) {
  auto out = process(dir_ + "/no-such-file.mp4");
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, domain::ErrorCode::kNotFound);
}

TEST_F(ProcessMedia, PassedDeadlineAborts) {
  auto out = media::process_media(h264_aac_mp4(), out_, steady_clock::now() - 1s);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, domain::ErrorCode::kUnavailable);
  EXPECT_NE(out.error().detail.find("deadline"), std::string::npos) << out.error().detail;
  EXPECT_TRUE(!fs::exists(out_) || fs::is_empty(out_));
}

// Two minutes of PCM to re-encode take far longer than 20 ms: the deadline stops the
// job midway, and the partial audio file goes.
TEST_F(ProcessMedia, DeadlineStopsAJobMidway) {
  const std::string wav =
      clip("long.wav", "-f lavfi -i sine=frequency=440:duration=120 -c:a pcm_s16le");
  auto out = media::process_media(wav, out_, steady_clock::now() + 20ms);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().code, domain::ErrorCode::kUnavailable) << out.error().detail;
  EXPECT_TRUE(!fs::exists(out_) || fs::is_empty(out_));
}

TEST_F(ProcessMedia, JobsRunSideBySide) {
  const std::vector<std::string> inputs = {h264_aac_mp4(), vp8_opus_webm()};
  std::vector<char> ok(8, 0);  // not vector<bool>: threads write neighbours
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < ok.size(); ++i) {
    threads.emplace_back([&, i] {
      auto out = media::process_media(inputs[i % inputs.size()], out_ + "/" + std::to_string(i),
                                      steady_clock::now() + 60s);
      ok[i] = out.ok() && out->audio_path && out->thumbnail_path;
    });
  }
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < ok.size(); ++i) EXPECT_TRUE(ok[i]) << i;
}

}  // namespace

// The logger: every line arrives whole and in order, messages without delay,
// access lines at the latest when the logger ends.
#include "http/access_log.hpp"

#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "log_sink.hpp"

namespace {

using Sink = unit::LogSink;

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

web::AccessEntry entry(int i) {
  return {"req-" + std::to_string(i), "GET", "/healthz", 200, 0.5, std::nullopt, "127.0.0.1"};
}

TEST(Logger, EveryAccessLineIsWrittenInOrderByTheEnd) {
  Sink sink;
  {
    web::Logger logger(web::LogFormat::kText, sink.file);
    for (int i = 0; i < 5000; ++i) logger.access(entry(i));
  }
  const auto got = lines(sink.text());
  ASSERT_EQ(got.size(), 5000u);
  for (int i = 0; i < 5000; ++i) {
    EXPECT_NE(got[i].find(" id=req-" + std::to_string(i)), std::string::npos) << got[i];
  }
}

TEST(Logger, LinesFromManyThreadsStayWhole) {
  Sink sink;
  {
    web::Logger logger(web::LogFormat::kJson, sink.file);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&logger, t] {
        for (int i = 0; i < 1000; ++i) logger.access(entry(t * 1000 + i));
      });
    }
    for (auto& t : threads) t.join();
  }
  const auto got = lines(sink.text());
  ASSERT_EQ(got.size(), 4000u);
  for (const auto& line : got) {
    EXPECT_EQ(line.front(), '{');
    EXPECT_EQ(line.back(), '}');
  }
}

TEST(Logger, AnAccessLineIsOneJsonObjectWithEveryField) {
  Sink sink;
  {
    web::Logger logger(web::LogFormat::kJson, sink.file);
    logger.access({"abc-1", "GET", "/odd\"route\\\n", 404, 1.25, 7, "::1"});
    logger.access({"abc-2", "POST", "/x/", 201, 0.5, std::nullopt, "127.0.0.1"});
  }
  const auto got = lines(sink.text());
  ASSERT_EQ(got.size(), 2u);
  simdjson::dom::parser parser;
  simdjson::dom::element e;
  ASSERT_EQ(parser.parse(got[0]).get(e), simdjson::SUCCESS) << got[0];
  EXPECT_EQ(std::string_view(e["route"]), "/odd\"route\\\n");
  EXPECT_EQ(std::string_view(e["request_id"]), "abc-1");
  EXPECT_EQ(std::string_view(e["method"]), "GET");
  EXPECT_EQ(std::string_view(e["level"]), "info");
  EXPECT_EQ(std::int64_t(e["status"]), 404);
  EXPECT_DOUBLE_EQ(double(e["duration_ms"]), 1.25);
  EXPECT_EQ(std::int64_t(e["user_id"]), 7);
  EXPECT_EQ(std::string_view(e["remote"]), "::1");
  EXPECT_EQ(std::string_view(e["time"]).size(), 20u);
  ASSERT_EQ(parser.parse(got[1]).get(e), simdjson::SUCCESS) << got[1];
  EXPECT_TRUE(e["user_id"].is_null());
}

TEST(Logger, AMessageIsWrittenWithoutWaitingForTheEnd) {
  Sink sink;
  web::Logger logger(web::LogFormat::kText, sink.file);
  logger.access(entry(1));
  logger.message("warn", "the disk is nearly full");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::string text = sink.text();
  while (text.find("the disk is nearly full") == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    text = sink.text();
  }
  const auto got = lines(text);
  ASSERT_EQ(got.size(), 2u) << text;
  EXPECT_NE(got[0].find("id=req-1"), std::string::npos);
  EXPECT_NE(got[1].find("warn the disk is nearly full"), std::string::npos);
}

}  // namespace

// What media.error says when processing fails: fixed words per kind of failure, never a
// path, URL or library message of the server's own.
#include <gtest/gtest.h>

#include <string>

#include "jobs/media_worker.hpp"

namespace {

using jobs::failure_reason;
using jobs::FailureKind;

TEST(MediaFailureReason, FixedWordsPerKind) {
  for (auto kind : {FailureKind::kTimedOut, FailureKind::kStorage, FailureKind::kInputGone,
                    FailureKind::kInternal}) {
    const std::string reason =
        failure_reason(kind, "storage: cannot open /var/lib/interviewd/media/.spool/job-1: x");
    EXPECT_FALSE(reason.empty());
    EXPECT_EQ(reason.find('/'), std::string::npos) << reason;
  }
  EXPECT_EQ(failure_reason(FailureKind::kStorage), "The media storage could not be reached.");
}

TEST(MediaFailureReason, WhatIsWrongWithTheFileIsKept) {
  const std::string detail = "The file is not usable media: the file is empty.";
  EXPECT_EQ(failure_reason(FailureKind::kNotMedia, detail), detail);
  // Should a path ever slip into media's words, they are not shown.
  EXPECT_EQ(failure_reason(FailureKind::kNotMedia, "Media file not found: /tmp/x/input"),
            "The file is not usable media.");
  EXPECT_EQ(failure_reason(FailureKind::kNotMedia), "The file is not usable media.");
}

}  // namespace

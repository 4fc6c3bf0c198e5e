// LIKE patterns for case-insensitive substring search.
#include "repos/like.hpp"

#include <gtest/gtest.h>

namespace {

TEST(LikeContains, WrapsLowercasedText) {
  EXPECT_EQ(repos::like_contains("Backend"), "%backend%");
  EXPECT_EQ(repos::like_contains("ALICE@Example.COM"), "%alice@example.com%");
  EXPECT_EQ(repos::like_contains(""), "%%");
}

TEST(LikeContains, EscapesWildcardsAndTheEscapeCharacter) {
  EXPECT_EQ(repos::like_contains("100%"), "%100\\%%");
  EXPECT_EQ(repos::like_contains("a_b"), "%a\\_b%");
  EXPECT_EQ(repos::like_contains("c:\\dir"), "%c:\\\\dir%");
  EXPECT_EQ(repos::like_contains("%_\\"), "%\\%\\_\\\\%");
}

TEST(LikeContains, LeavesOtherBytesAlone) {
  // Only ASCII letters are lowercased, as SQLite's lower() does.
  EXPECT_EQ(repos::like_contains("Émile"), "%Émile%");
  EXPECT_EQ(repos::like_contains("it's [x] *"), "%it's [x] *%");
}

}  // namespace

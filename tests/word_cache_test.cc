#include "analysis/word_cache.h"

#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

namespace newsidx {
namespace {

// A value that says which key made it.
std::string made_of(std::string_view key) { return "value of " + std::string(key); }

TEST(WordCache, MakesEachWordOnceAndGivesItsOwnValue) {
  WordCache<std::string> cache(1 << 20);
  int made = 0;
  auto get = [&](const std::string& key) -> const std::string& {
    return cache.get(key, [&] {
      ++made;
      return made_of(key);
    });
  };
  // Many words share the front's slots; words over 47 bytes never enter it.
  const std::string long_prefix(60, 'x');
  for (int round = 0; round < 3; ++round)
    for (int i = 0; i < 200000; ++i) {
      const std::string key = (i % 10 == 0 ? long_prefix : "w") + std::to_string(i);
      ASSERT_EQ(get(key), made_of(key)) << key;
    }
  EXPECT_EQ(made, 200000);
  EXPECT_EQ(get(""), made_of(""));
  EXPECT_EQ(get(""), made_of(""));
  EXPECT_EQ(made, 200001);
}

TEST(WordCache, StartsAgainWhenFullAndStillAnswersRight) {
  WordCache<std::string> cache(1000);
  int made = 0;
  auto get = [&](const std::string& key) -> const std::string& {
    return cache.get(key, [&] {
      ++made;
      return made_of(key);
    });
  };
  for (int i = 0; i < 1000; ++i) get("a" + std::to_string(i));
  EXPECT_EQ(made, 1000);
  EXPECT_EQ(get("a5"), made_of("a5"));
  EXPECT_EQ(made, 1000);
  EXPECT_EQ(get("b"), made_of("b"));  // the 1,001st word: the cache starts again
  EXPECT_EQ(made, 1001);
  EXPECT_EQ(get("a5"), made_of("a5"));  // made again
  EXPECT_EQ(made, 1002);
  EXPECT_EQ(get("b"), made_of("b"));
  EXPECT_EQ(made, 1002);
}

TEST(WordCache, AWordWhoseMakingFailedIsMadeAgainNextTime) {
  WordCache<std::string> cache(100);
  EXPECT_THROW(cache.get("bad", []() -> std::string { throw std::runtime_error("no"); }), std::runtime_error);
  int made = 0;
  const std::string& made_now = cache.get("bad", [&] {
    ++made;
    return made_of("bad");
  });
  EXPECT_EQ(made_now, made_of("bad"));
  EXPECT_EQ(made, 1);
}

}  // namespace
}  // namespace newsidx

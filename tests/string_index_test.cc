#include "common/string_index.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace newsidx {
namespace {

TEST(StringIndex, FindsEachStringAtItsFirstPlaceAndNothingElse) {
  std::vector<std::string> paths;
  for (int i = 0; i < 5000; ++i) paths.push_back("/a/article-" + std::to_string(i));
  paths.push_back("/a/article-17");  // a second article at one path: the first keeps it
  paths.push_back("");
  const StringIndex index(paths);
  for (std::uint32_t i = 0; i < 5000; ++i) ASSERT_EQ(index.find(paths[i]), i) << paths[i];
  EXPECT_EQ(index.find("/a/article-17"), 17u);
  EXPECT_EQ(index.find(""), 5001u);
  EXPECT_EQ(index.find("/a/article-5000"), std::nullopt);
  EXPECT_EQ(index.find("/a/article-1"), 1u);
  EXPECT_EQ(index.find("/a/article-"), std::nullopt);
}

TEST(StringIndex, EmptyAndDefaultFindNothing) {
  const std::vector<std::string> none;
  EXPECT_EQ(StringIndex(none).find("x"), std::nullopt);
  EXPECT_EQ(StringIndex().find(""), std::nullopt);
}

}  // namespace
}  // namespace newsidx

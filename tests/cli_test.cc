// End-to-end: the two command-line tools on the sample corpus.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace newsidx {
namespace {

using test::run;
using test::TempDir;

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

TEST(Cli, HelpAndUsageErrors) {
  auto help = run({NEWSINDEX_BIN, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(starts_with(help.out, "usage: newsindex")) << help.out;
  auto none = run({NEWSINDEX_BIN});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_TRUE(starts_with(none.err, "newsindex: no command given")) << none.err;
  auto unknown = run({NEWSSEARCH_BIN, "frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_TRUE(starts_with(unknown.err, "newssearch: unknown command \"frobnicate\"")) << unknown.err;
  auto no_files = run({NEWSINDEX_BIN, "--db", "/nonexistent", "add"});
  EXPECT_EQ(no_files.exit_code, 2);
  auto bad_option = run({NEWSINDEX_BIN, "add", "--frobnicate", "x"});
  EXPECT_EQ(bad_option.exit_code, 2);
  auto bad_lang = run({NEWSSEARCH_BIN, "--db", "/nonexistent", "query", "--lang", "x_x", "a"});
  EXPECT_EQ(bad_lang.exit_code, 1);  // no index there: checked first
}

// Regressions: "-Tokayev" after a word was read as an option; --limit -1
// became 2^64 - 1; invalid UTF-8 in a query broke the JSON printer.
TEST(Cli, QueryWordsNumbersAndBytesAsTyped) {
  TempDir dir;
  const std::string db = dir.file("db");
  ASSERT_EQ(run({NEWSINDEX_BIN, "--db", db, "add", test::sample_articles()}).exit_code, 0);
  auto ids = [](const std::string& out) {
    std::vector<std::string> found;
    const nlohmann::json answer = nlohmann::json::parse(out);
    for (const auto& r : answer["results"]) found.push_back(r["id"]);
    return found;
  };
  const auto without = run({NEWSSEARCH_BIN, "--db", db, "query", "--lang", "en", "referendum", "-Tokayev", "--json"});
  ASSERT_EQ(without.exit_code, 0) << without.err;
  const auto with = run({NEWSSEARCH_BIN, "--db", db, "query", "--lang", "en", "--json", "referendum"});
  EXPECT_EQ(ids(without.out), std::vector<std::string>{});  // both English referendum articles name Tokayev
  EXPECT_EQ(ids(with.out), (std::vector<std::string>{"en-referendum-2022"}));
  const auto quoted = run({NEWSSEARCH_BIN, "--db", db, "query", "--json", "--", "--lang"});
  ASSERT_EQ(quoted.exit_code, 0) << quoted.err;
  // After "--", query text: the query language reads "--lang" as without "-lang".
  EXPECT_EQ(nlohmann::json::parse(quoted.out)["read_as"], "NOT -lang");
  const auto negative = run({NEWSSEARCH_BIN, "--db", db, "query", "--limit", "-1", "x"});
  EXPECT_EQ(negative.exit_code, 2);
  EXPECT_TRUE(starts_with(negative.err, "newssearch: the argument ('-1') for option '--limit' is invalid"))
      << negative.err;
  const auto bytes = run({NEWSSEARCH_BIN, "--db", db, "query", "--json", "\xff\xfe"});
  EXPECT_EQ(bytes.exit_code, 0) << bytes.err;
  EXPECT_EQ(nlohmann::json::parse(bytes.out)["read_as"], "\xef\xbf\xbd\xef\xbf\xbd");  // U+FFFD twice
  const auto help = run({NEWSSEARCH_BIN, "query", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(starts_with(help.out, "usage: newssearch")) << help.out;
}

// A read-only bind mount of a directory, undone when the object dies.
class ReadOnlyView {
 public:
  ReadOnlyView(const std::string& source, const std::string& view) : view_(view) {
    std::filesystem::create_directories(view);
    mounted_ = std::system(("mount --bind '" + source + "' '" + view + "' 2>/dev/null").c_str()) == 0 &&
               std::system(("mount -o remount,ro,bind '" + view + "' 2>/dev/null").c_str()) == 0;
  }
  ~ReadOnlyView() {
    if (mounted_ || std::filesystem::exists(view_)) std::system(("umount '" + view_ + "' 2>/dev/null").c_str());
  }
  bool mounted() const { return mounted_; }

 private:
  std::string view_;
  bool mounted_ = false;
};

// Regression: on a read-only copy, add said "being written by another
// process" and popular (a read) failed writing SQLite's shared memory.
TEST(Cli, AReadOnlyCopyIsReadAndRefusesWritesClearly) {
  TempDir dir;
  const std::string db = dir.file("db");
  ASSERT_EQ(run({NEWSINDEX_BIN, "--db", db, "add", test::sample_articles()}).exit_code, 0);
  ASSERT_EQ(run({NEWSINDEX_BIN, "--db", db, "views", std::string(NEWSIDX_SOURCE_DIR) + "/data/access.log"}).exit_code,
            0);
  const ReadOnlyView view(dir.path(), dir.file("ro"));
  if (!view.mounted()) GTEST_SKIP() << "a read-only bind mount needs root and mount(8)";
  const std::string copy = dir.file("ro/db");
  const auto add = run({NEWSINDEX_BIN, "--db", copy, "add", test::sample_articles()});
  EXPECT_EQ(add.exit_code, 1);
  EXPECT_EQ(add.err, "newsindex: " + copy +
                         ": cannot write here (Read-only file system); the index can be read but "
                         "not changed\n");
  const auto popular = run({NEWSSEARCH_BIN, "--db", copy, "popular", "--at", "2024-03-25T00:00:00Z", "--json"});
  ASSERT_EQ(popular.exit_code, 0) << popular.err;
  const auto original = run({NEWSSEARCH_BIN, "--db", db, "popular", "--at", "2024-03-25T00:00:00Z", "--json"});
  EXPECT_EQ(popular.out, original.out);
  EXPECT_FALSE(nlohmann::json::parse(popular.out)["results"].empty());
  const auto query = run({NEWSSEARCH_BIN, "--db", copy, "query", "--json", "Toqaev"});
  EXPECT_EQ(query.exit_code, 0) << query.err;
}

TEST(Cli, IndexStatsQueryDelete) {
  TempDir dir;
  const std::string db = dir.file("db");
  auto add = run({NEWSINDEX_BIN, "--db", db, "add", test::sample_articles()});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_TRUE(starts_with(add.err, "added 49, replaced 0, rejected 0 in ")) << add.err;

  auto stats = run({NEWSINDEX_BIN, "--db", db, "stats", "--json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const auto s = nlohmann::json::parse(stats.out);
  EXPECT_EQ(s["articles"], 49);
  EXPECT_EQ(s["languages"]["kk-Arab"], 2);
  EXPECT_EQ(s["categories"]["politics"], 15);

  auto query = run({NEWSSEARCH_BIN, "--db", db, "query", "--json", "--limit", "2", "Qazaqstan", "referendum"});
  ASSERT_EQ(query.exit_code, 0) << query.err;
  const auto q = nlohmann::json::parse(query.out);
  EXPECT_EQ(q["total"], 3);  // four articles, two of them the same text in kk-Latn
  EXPECT_EQ(q["relaxed"], false);
  ASSERT_EQ(q["results"].size(), 2u);
  for (const char* key : {"id", "title", "lang", "published", "score", "url", "category", "tags"})
    EXPECT_TRUE(q["results"][0].contains(key)) << key;

  auto people = run({NEWSSEARCH_BIN, "--db", db, "query", "公投"});
  ASSERT_EQ(people.exit_code, 0);
  EXPECT_NE(people.out.find("1. 哈萨克斯坦举行宪法公投\n"), std::string::npos) << people.out;
  EXPECT_NE(people.out.find("\n1 article\n"), std::string::npos) << people.out;

  auto del = run({NEWSINDEX_BIN, "--db", db, "delete", "zh-referendum-2022", "nope"});
  EXPECT_EQ(del.exit_code, 1);
  EXPECT_EQ(del.err, "newsindex: no article with id \"nope\"\ndeleted 1\n");
  auto gone = run({NEWSSEARCH_BIN, "--db", db, "query", "--json", "公投"});
  EXPECT_EQ(nlohmann::json::parse(gone.out)["total"], 0);
}

TEST(Cli, RejectedLinesAreReportedWithFileAndLine) {
  TempDir dir;
  const std::string db = dir.file("db"), file = dir.file("in.jsonl");
  test::write_file(file, test::article_line("a") + "\n" +
                             R"({"id": "b", "lang": "en", "title": "T", "published": "2024-13-01T00:00:00Z"})" + "\n");
  auto add = run({NEWSINDEX_BIN, "--db", db, "add", file});
  EXPECT_EQ(add.exit_code, 1);
  EXPECT_TRUE(starts_with(
      add.err, file +
                   R"(:2: field "published": "2024-13-01T00:00:00Z" is not an ISO 8601 date-time with Z or an offset)" +
                   "\nadded 1, replaced 0, rejected 1 in "))
      << add.err;

  auto strict = run({NEWSINDEX_BIN, "--db", dir.file("db2"), "add", "--strict", file});
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_NE(strict.err.find("added 0, replaced 0, rejected 1 in "), std::string::npos) << strict.err;
  EXPECT_NE(strict.err.find("; --strict: nothing stored\n"), std::string::npos) << strict.err;
}

TEST(Cli, StandardInputAndStrictStandardInput) {
  TempDir dir;
  const std::string db = dir.file("db");
  auto add = run({NEWSINDEX_BIN, "--db", db, "add", "-"}, test::article_line("s1") + "\n{oops\n");
  EXPECT_EQ(add.exit_code, 1);
  EXPECT_TRUE(starts_with(add.err, "-:2: invalid JSON: ")) << add.err;
  auto strict = run({NEWSINDEX_BIN, "--db", db, "add", "--strict", "-"}, test::article_line("s2") + "\n");
  EXPECT_EQ(strict.exit_code, 0) << strict.err;
  auto stats = run({NEWSINDEX_BIN, "--db", db, "stats", "--json"});
  EXPECT_EQ(nlohmann::json::parse(stats.out)["articles"], 2);
}

TEST(Cli, DbDefaultsToTheEnvironment) {
  TempDir dir;
  setenv("NEWSIDX_DB", dir.file("envdb").c_str(), 1);
  auto add = run({NEWSINDEX_BIN, "add", test::sample_articles()});
  unsetenv("NEWSIDX_DB");
  ASSERT_EQ(add.exit_code, 0) << add.err;
  auto stats = run({NEWSINDEX_BIN, "--db", dir.file("envdb"), "stats"});
  EXPECT_TRUE(starts_with(stats.out, "articles: 49\n")) << stats.out;
}

TEST(Cli, MissingIndexIsAnErrorNamingTheDirectory) {
  TempDir dir;
  auto q = run({NEWSSEARCH_BIN, "--db", dir.file("none"), "query", "x"});
  EXPECT_EQ(q.exit_code, 1);
  EXPECT_EQ(q.err, "newssearch: no index in " + dir.file("none") + " (create one with: newsindex --db " +
                       dir.file("none") + " add FILE)\n");
}

TEST(Cli, InitMakesAShardedIndexThatEveryCommandUses) {
  TempDir dir;
  const std::string db = dir.file("db");
  auto init = run({NEWSINDEX_BIN, "--db", db, "init", "--shards", "3"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_EQ(init.err, db + ": an empty index of 3 shards\n");
  auto again = run({NEWSINDEX_BIN, "--db", db, "init"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err, "newsindex: " + db + ": already holds an index\n");
  auto zero = run({NEWSINDEX_BIN, "--db", dir.file("other"), "init", "--shards", "0"});
  EXPECT_EQ(zero.exit_code, 2);
  EXPECT_NE(zero.err.find("--shards must be 1 to 256"), std::string::npos) << zero.err;

  ASSERT_EQ(run({NEWSINDEX_BIN, "--db", db, "add", test::sample_articles()}).exit_code, 0);
  auto stats = run({NEWSINDEX_BIN, "--db", db, "stats", "--json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_EQ(nlohmann::json::parse(stats.out)["articles"], 49);
  auto query = run({NEWSSEARCH_BIN, "--db", db, "query", "--json", "Qazaqstan", "referendum"});
  ASSERT_EQ(query.exit_code, 0) << query.err;
  EXPECT_EQ(nlohmann::json::parse(query.out)["total"], 3);
  auto del = run({NEWSINDEX_BIN, "--db", db, "delete", "zh-referendum-2022"});
  EXPECT_EQ(del.exit_code, 0) << del.err;
  auto gone = run({NEWSSEARCH_BIN, "--db", db, "query", "--json", "公投"});
  EXPECT_EQ(nlohmann::json::parse(gone.out)["total"], 0);
}

}  // namespace
}  // namespace newsidx

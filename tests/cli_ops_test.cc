// The tools as operators run them: --config files (the command line wins;
// every mistake names the file and line) and `newsindex snapshot`.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <thread>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "index/article_codec.h"
#include "index/schema.h"
#include "index/store.h"
#include "tests/test_util.h"

namespace newsidx::test {
namespace {

namespace fs = std::filesystem;

std::size_t result_count(const CommandResult& r) { return nlohmann::json::parse(r.out)["results"].size(); }

class CliOps : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(run({NEWSINDEX_BIN, "--db", db(), "add", sample_articles()}).exit_code, 0); }
  std::string db() const { return dir_.file("db"); }
  std::string config(const std::string& text) {
    write_file(dir_.file("newsidx.conf"), text);
    return dir_.file("newsidx.conf");
  }
  TempDir dir_;
};

TEST_F(CliOps, ConfigGivesTheIndexAndOptionsAndTheCommandLineWins) {
  const std::string conf = config("# a comment\n; another\ndb = " + db() + "\n\n[query]\nlimit = 2\njson = true\n");
  const auto from_file = run({NEWSSEARCH_BIN, "--config", conf, "query", "Kazakhstan"});
  ASSERT_EQ(from_file.exit_code, 0) << from_file.err;
  EXPECT_EQ(result_count(from_file), 2u);
  const auto overridden = run({NEWSSEARCH_BIN, "--config", conf, "query", "--limit", "1", "Kazakhstan"});
  ASSERT_EQ(overridden.exit_code, 0) << overridden.err;
  EXPECT_EQ(result_count(overridden), 1u);
  const auto other_db = run({NEWSSEARCH_BIN, "--db", dir_.file("none"), "--config", conf, "query", "Kazakhstan"});
  EXPECT_EQ(other_db.exit_code, 1);
  EXPECT_NE(other_db.err.find(dir_.file("none")), std::string::npos) << other_db.err;
  // newsindex reads the same file (its db; the [query] section is not its own).
  const auto stats = run({NEWSINDEX_BIN, "--config", conf, "stats", "--json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  EXPECT_EQ(nlohmann::json::parse(stats.out)["articles"], 49);
}

TEST_F(CliOps, ConfigMistakesNameTheFileAndLine) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[query]\nlimit = many\n", ":2: the argument ('many') for option '--limit' is invalid"},
      {"[query]\n\nlimt = 3\n", ":3: unknown key \"limt\" in [query] (see query --help)"},
      {"[querry]\n",
       ":1: unknown section [querry] (sections are commands: add, delete, init, popular, query, "
       "recover, related, serve, snapshot, stats, views)"},
      {"listen = 1\n", ":1: unknown key \"listen\" (before any section only db is read)"},
      {"[query]\njson = yes\n", ":2: json is a switch: true or false, not \"yes\""},
      {"[query]\nlimit\n", ":2: expected KEY = VALUE, not \"limit\""},
      {"[query]\nlimit = 1\nlimit = 2\n", ":3: limit is given twice in [query]"},
      {"[query\n", ":1: a section is [NAME], not \"[query\""},
  };
  for (const auto& [text, message] : cases) {
    const std::string conf = config(text);
    const auto r = run({NEWSSEARCH_BIN, "--db", db(), "--config", conf, "query", "x"});
    EXPECT_EQ(r.exit_code, 2) << text;
    EXPECT_EQ(r.err.substr(0, r.err.find('\n')), "newssearch: " + conf + message) << text;
  }
  const auto missing = run({NEWSSEARCH_BIN, "--config", dir_.file("nope.conf"), "query", "x"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err,
            "newssearch: cannot read the config file " + dir_.file("nope.conf") + ": No such file or directory\n");
}

TEST_F(CliOps, SnapshotCopiesIntoANewDirectoryThatOpensAsTheIndex) {
  ASSERT_EQ(run({NEWSINDEX_BIN, "--db", db(), "views", std::string(NEWSIDX_SOURCE_DIR) + "/data/access.log"}).exit_code,
            0);
  const std::string dest = dir_.file("backup");
  const auto taken = run({NEWSINDEX_BIN, "--db", db(), "snapshot", dest + "/"});
  ASSERT_EQ(taken.exit_code, 0) << taken.err;
  EXPECT_EQ(taken.err, db() + ": snapshot in " + dest + " (49 articles, view counts)\n");
  const std::vector<std::vector<std::string>> reads = {
      {"popular", "--window", "all", "--at", "2024-03-25T00:00:00Z", "--top", "10", "--json"},
      {"query", "--json", "Astana"}};
  for (const auto& args : reads) {
    std::vector<std::string> from{NEWSSEARCH_BIN, "--db", db()}, to{NEWSSEARCH_BIN, "--db", dest};
    from.insert(from.end(), args.begin(), args.end());
    to.insert(to.end(), args.begin(), args.end());
    const auto original = run(from);
    EXPECT_EQ(original.exit_code, 0) << original.err;
    EXPECT_EQ(run(to).out, original.out) << args[0];
  }
  const auto again = run({NEWSINDEX_BIN, "--db", db(), "snapshot", dest});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err, "newsindex: " + dest +
                           ": already exists and is not an empty directory; a snapshot goes "
                           "into a new one\n");
  const auto no_index = run({NEWSINDEX_BIN, "--db", dir_.file("none"), "snapshot", dir_.file("b2")});
  EXPECT_EQ(no_index.exit_code, 1);
  EXPECT_FALSE(fs::exists(dir_.file("b2")));
  for (const auto& entry : fs::directory_iterator(dir_.path()))
    EXPECT_EQ(entry.path().filename().string().find(".partial-"), std::string::npos) << entry.path();
}

std::size_t articles_in(const std::string& db) {
  const auto stats = run({NEWSINDEX_BIN, "--db", db, "stats", "--json"});
  return stats.exit_code == 0 ? nlohmann::json::parse(stats.out)["articles"].get<std::size_t>() : 0;
}

// Killed at any moment, a snapshot leaves no DEST or a whole one, and the
// index it copies is untouched.
TEST(CliOpsKill, ASnapshotKilledAtAnyMomentLeavesNoDestOrAWholeOne) {
  TempDir dir;
  std::string body, text;
  for (int i = 0; i < 40; ++i) body += "Parliament debated the budget and regional roads in spring. ";
  const int n = 3000;
  for (int i = 0; i < n; ++i) text += article_line("s-" + std::to_string(i), R"("body": ")" + body + "\"") + "\n";
  write_file(dir.file("big.jsonl"), text);
  ASSERT_EQ(run({NEWSINDEX_BIN, "--db", dir.file("db"), "add", dir.file("big.jsonl")}).exit_code, 0);
  int killed_mid_run = 0;
  for (const int delay_ms : {5, 20, 60, 150, 400}) {
    const std::string dest = dir.file("copy-" + std::to_string(delay_ms));
    const pid_t pid = fork();
    if (pid == 0) {
      if (!freopen("/dev/null", "wb", stderr)) _exit(127);
      execl(NEWSINDEX_BIN, NEWSINDEX_BIN, "--db", dir.file("db").c_str(), "snapshot", dest.c_str(), nullptr);
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) {
      ++killed_mid_run;
      if (fs::exists(dest)) {
        EXPECT_EQ(articles_in(dest), static_cast<std::size_t>(n)) << delay_ms;
      }
    } else {
      EXPECT_EQ(articles_in(dest), static_cast<std::size_t>(n)) << delay_ms;
    }
    EXPECT_EQ(articles_in(dir.file("db")), static_cast<std::size_t>(n));
  }
  EXPECT_GT(killed_mid_run, 0) << "every snapshot finished before the kill: the test did not test";
  const auto again = run({NEWSINDEX_BIN, "--db", dir.file("db"), "snapshot", dir.file("after")});
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(articles_in(dir.file("after")), static_cast<std::size_t>(n));
}

}  // namespace
}  // namespace newsidx::test

namespace newsidx::test {
namespace {

// The articles' ids in JSON lines, sorted.
std::vector<std::string> ids_of_lines(const std::string& lines) {
  std::vector<std::string> ids;
  std::size_t from = 0;
  for (std::size_t nl = lines.find('\n'); nl != std::string::npos; from = nl + 1, nl = lines.find('\n', from))
    ids.push_back(nlohmann::json::parse(lines.substr(from, nl - from))["id"]);
  std::sort(ids.begin(), ids.end());
  return ids;
}

// Lines sorted, each without its newline.
std::vector<std::string> sorted_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

TEST_F(CliOps, AnIndexOfAnOlderSchemaIsExportedAndAddedAgain) {
  {  // as schema 6 wrote it: the articles' JSON as they came, not packed
    Xapian::WritableDatabase old(*store::current_generation(db()), Xapian::DB_OPEN);
    for (auto it = old.postlist_begin(""); it != old.postlist_end(""); ++it) {
      Xapian::Document doc = old.get_document(*it);
      doc.add_value(schema::kSlotArticle, article_json_of(doc));
      old.replace_document(*it, doc);
    }
    old.set_metadata(schema::kSchemaVersionKey, "6");
    old.commit();
  }
  const auto refused = run({NEWSSEARCH_BIN, "--db", db(), "query", "Kazakhstan"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(
      refused.err.find("index schema 6 is not this version's " + std::string(schema::kSchemaVersion) +
                       "; rebuild it: newsindex --db " + db() + " export > FILE, then newsindex --db NEW_DIR add FILE"),
      std::string::npos)
      << refused.err;

  const auto exported = run({NEWSINDEX_BIN, "--db", db(), "export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const std::string original = read_file(sample_articles());
  const std::size_t articles = ids_of_lines(original).size();
  EXPECT_EQ(ids_of_lines(exported.out), ids_of_lines(original));
  EXPECT_EQ(sorted_lines(exported.out), sorted_lines(original));  // as they came, byte for byte
  EXPECT_EQ(exported.err, db() + ": exported " + std::to_string(articles) + " articles\n");

  write_file(dir_.file("exported.jsonl"), exported.out);
  ASSERT_EQ(run({NEWSINDEX_BIN, "--db", dir_.file("new"), "add", dir_.file("exported.jsonl")}).exit_code, 0);
  ASSERT_EQ(run({NEWSINDEX_BIN, "--db", dir_.file("fresh"), "add", sample_articles()}).exit_code, 0);
  for (const char* q : {"Kazakhstan", "референдум", "Tokayevke"}) {
    const auto again = run({NEWSSEARCH_BIN, "--db", dir_.file("new"), "query", "--json", q});
    const auto fresh = run({NEWSSEARCH_BIN, "--db", dir_.file("fresh"), "query", "--json", q});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(again.out, fresh.out) << q;
  }
}

TEST_F(CliOps, ExportReadsEveryShard) {
  ASSERT_EQ(run({NEWSINDEX_BIN, "--db", dir_.file("sharded"), "init", "--shards", "3"}).exit_code, 0);
  ASSERT_EQ(run({NEWSINDEX_BIN, "--db", dir_.file("sharded"), "add", sample_articles()}).exit_code, 0);
  const auto exported = run({NEWSINDEX_BIN, "--db", dir_.file("sharded"), "export"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(sorted_lines(exported.out), sorted_lines(read_file(sample_articles())));  // unpacked, byte for byte
  const auto none = run({NEWSINDEX_BIN, "--db", dir_.file("none"), "export"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_EQ(none.out, "");
}

}  // namespace
}  // namespace newsidx::test

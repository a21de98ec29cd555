// Completions: every Kazakh script and ASCII meeting, wrong keyboard
// layouts both ways, one typo, ranking by occurrences, freshness and views
// on a fixture of chosen dates and counts, hidden articles, a commit
// showing at once, and bad input.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "newsidx/errors.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"
#include "newsidx/views.h"
#include "suggest/layouts.h"
#include "tests/test_util.h"

namespace newsidx::test {
namespace {

std::vector<std::string> texts(const SuggestResult& r) {
  std::vector<std::string> out;
  for (const Suggestion& s : r.suggestions) out.push_back(s.text);
  return out;
}

SuggestResult suggest(const Searcher& s, const std::string& prefix, std::optional<std::string> lang = std::nullopt,
                      std::size_t limit = 8, std::optional<std::int64_t> now = std::nullopt) {
  SuggestRequest r;
  r.prefix = prefix;
  r.lang = std::move(lang);
  r.limit = limit;
  r.now = now;
  return s.suggest(r);
}

class SuggestSample : public SampleIndexTest {};

// A Kazakh prefix typed in Cyrillic, either Latin alphabet, the Arabic
// script or ASCII completes to the same things, shown as the Kazakh
// edition spells them.
TEST_F(SuggestSample, EveryKazakhScriptGivesTheSameCompletions) {
  const std::vector<std::string> expected = {"Kazakhstan", "Қазақстанда", "Қазақстанда конституциялық референдум өтті",
                                             "Kazakhstan Referendum", "Қазақстан"};
  for (const char* prefix : {"Қаз", "қаз", "Qaz", "QAZ", "قاز", "Kaz", "kaz"})
    EXPECT_EQ(texts(suggest(searcher(), prefix, "kk", 5)), expected) << prefix;
  const SuggestResult r = suggest(searcher(), "Қазақстанда к", "kk", 1);
  ASSERT_EQ(r.suggestions.size(), 1u);
  EXPECT_EQ(r.suggestions[0].kind, "headline");
  EXPECT_EQ(r.suggestions[0].id, "kk-referendum-2022");
  EXPECT_EQ(r.suggestions[0].lang, "kk");
  EXPECT_FALSE(r.layout.has_value());
}

TEST_F(SuggestSample, PrefixesInEachLanguageAndScript) {
  // The Kazakh edition's articles in Latin and Cyrillic letters, each as it spells them.
  const std::vector<std::string> kToqaev = {"Toqaev Qyrǵyzstanǵa", "Toqaev Qyrǵyzstanǵa resmı saparmen bardy",
                                            "Тоқаев Қырғызстанда", "Тоқаев Қырғызстанда ТМД",
                                            "Тоқаев Қырғызстанда ТМД саммитіне қатысты"};
  struct Case {
    const char* prefix;
    std::optional<std::string> lang;
    std::vector<std::string> top;
  };
  const Case cases[] = {
      {"Тоқаев Қыр", "kk", kToqaev},
      {"Toqaev Qyr", "kk", kToqaev},
      {"Тоқаев Қырғызстанда ТМД с", "kk", {"Тоқаев Қырғызстанда ТМД саммитіне қатысты"}},
      {"哈萨", "zh", {"哈萨克", "哈萨克斯坦举行宪法公投"}},
      {"阿斯塔", std::nullopt, {"阿斯塔纳国际论坛开幕"}},
      {"Astana Int", "en", {"Astana International", "Astana International Forum"}},
      {"Нацб", "ru", {"Нацбанк", "Нацбанк Казахстана", "Нацбанк Казахстана снизил базовую ставку до 14,75%"}},
      // Uzbek Latin and Cyrillic meet: the edition's spelling, or the script typed.
      {"Toshk", "uz", {"Toshkent", "Toshkent metrosining yangi liniyasi ochildi"}},
      {"Тошк", "uz", {"Toshkent", "Toshkent metrosining yangi liniyasi ochildi"}},
      {"Тошк", std::nullopt, {"Тошкент", "Тошкент метросининг янги линияси очилди"}},
      {"Qozog'", "uz", {"Qozogʻistonda", "Qozogʻistonda konstitutsiyaviy referendum boʻlib oʻtdi"}},
  };
  for (const Case& c : cases) {
    std::vector<std::string> got = texts(suggest(searcher(), c.prefix, c.lang));
    got.resize(std::min(got.size(), c.top.size()));
    EXPECT_EQ(got, c.top) << c.prefix;
  }
  // With no edition, the spelling of the script typed.
  EXPECT_EQ(texts(suggest(searcher(), "قازاقستاندا", std::nullopt, 1)), (std::vector<std::string>{"قازاقستاندا"}));
  EXPECT_EQ(texts(suggest(searcher(), "Qazaqstanda", std::nullopt, 1)), (std::vector<std::string>{"Qazaqstanda"}));
}

// Shards on one machine complete as one index of the same articles.
TEST(SuggestShards, ThreeShardsCompleteAsOneIndex) {
  TempDir one, three;
  Indexer(one.path()).add_files({sample_articles()});
  create_index(three.path(), 3);
  Indexer(three.path()).add_files({sample_articles()});
  const Searcher a(one.path()), b(three.path());
  for (const char* prefix : {"Қаз", "Toq", "哈", "Astana I", "ghtp", "Kazakstn"})
    EXPECT_EQ(texts(suggest(a, prefix)), texts(suggest(b, prefix))) << prefix;
  EXPECT_FALSE(texts(suggest(b, "Қаз")).empty());
}

TEST(SuggestLayouts, TheOtherLayoutsBothWays) {
  const auto as = [](const std::string& typed) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& r : suggest::through_other_layouts(typed)) out.emplace_back(r.layout, r.text);
    return out;
  };
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  EXPECT_EQ(as("ghtpbltyn"), (Pairs{{"ru", "президент"}}));
  EXPECT_EQ(as("Fcnfyf"), (Pairs{{"ru", "Астана"}}));
  EXPECT_EQ(as("2ktv"), (Pairs{{"kk", "әлем"}, {"ru", "2лем"}}));  // ә is on the 2 key of the Kazakh layout
  EXPECT_EQ(as("руддщ"), (Pairs{{"en", "hello"}}));
  EXPECT_EQ(as("әлем."), (Pairs{{"en", "2ktv."}}));  // the full stop stays
  EXPECT_EQ(as("北京 2024"), Pairs{});
}

// Articles of chosen dates, counts and views: "bu" completes to the story
// of an hour ago first, then the much-read one, then the common word.
class SuggestRanking : public ::testing::Test {
 protected:
  static constexpr std::int64_t kNow = 1717243200;  // 2024-06-01T12:00:00Z
  void SetUp() override {
    ArticleWriter writer(dir_.path());
    const auto add = [&](const std::string& id, const std::string& title, const std::string& published,
                         const std::string& extra = "") {
      writer.add_json(article_line(id, R"("title": ")" + title + R"(", "published": ")" + published + "\"" +
                                           (extra.empty() ? "" : ", " + extra)));
    };
    add("budget-1", "Budget talks continue", "2024-01-01T00:00:00Z");
    add("budget-2", "Budget vote delayed", "2024-01-02T00:00:00Z");
    add("budget-3", "Budget passes", "2024-01-03T00:00:00Z");
    add("bushfire", "Bushfire near Almaty", "2024-06-01T11:00:00Z");
    add("bus-fares", "Bus fares rise", "2024-01-04T00:00:00Z");
    add("bunker", "Bunker secrets", "2024-01-05T00:00:00Z", R"("embargo": "2024-06-01T13:00:00Z")");
    add("burglary", "Burglary wave", "2024-01-06T00:00:00Z", R"("status": "canceled")");
    add("kk-alem", "Әлем чемпионы", "2024-01-07T00:00:00Z", R"("lang": "kk")");
    add("ru-president", "Президент подписал закон", "2024-01-08T00:00:00Z", R"("lang": "ru")");
    writer.commit();
    std::string log;
    for (int i = 0; i < 50; ++i)
      log += "10.0.1." + std::to_string(i) +
             " - - [31/May/2024:12:00:00 +0000] \"GET /a/bus-fares HTTP/1.1\" 200 10 \"-\" \"Mozilla/5.0 "
             "Firefox/121.0\"\n";
    write_file(dir_.file("access.log"), log);
    ViewCounter(dir_.path()).add_logs({dir_.file("access.log")});
  }
  TempDir dir_;
};

TEST_F(SuggestRanking, FreshThenReadThenCommonAndHiddenArticlesNever) {
  const Searcher s(dir_.path());
  // bushfire: 1 article, an hour old (1 + 12 × 2^(−1/6)); bus: 50 views
  // (1 + log2 51); budget: 3 articles of January (2); each headline alone.
  EXPECT_EQ(texts(suggest(s, "bu", std::nullopt, 8, kNow)),
            (std::vector<std::string>{"Bushfire", "Bushfire near Almaty", "Bus", "Bus fares rise", "Budget",
                                      "Budget passes", "Budget talks continue", "Budget vote delayed"}));
  // The embargoed article completes once its embargo ends; the canceled one never.
  EXPECT_EQ(texts(suggest(s, "bun", std::nullopt, 8, kNow)), std::vector<std::string>{});
  EXPECT_EQ(texts(suggest(s, "bun", std::nullopt, 8, kNow + 3600)),
            (std::vector<std::string>{"Bunker", "Bunker secrets"}));
  EXPECT_EQ(texts(suggest(s, "bur", std::nullopt, 8, kNow + 3600)), std::vector<std::string>{});
  const SuggestResult headline = suggest(s, "bus f", std::nullopt, 1, kNow);
  ASSERT_EQ(headline.suggestions.size(), 1u);
  EXPECT_EQ(headline.suggestions[0].id, "bus-fares");
  EXPECT_EQ(headline.suggestions[0].kind, "headline");
}

TEST_F(SuggestRanking, OneTypoFromFourLettersRankedBelowExactPrefixes) {
  const Searcher s(dir_.path());
  EXPECT_EQ(texts(suggest(s, "Budgt", std::nullopt, 2, kNow)), (std::vector<std::string>{"Budget", "Budget passes"}));
  EXPECT_EQ(texts(suggest(s, "Bushfure", std::nullopt, 8, kNow)),
            (std::vector<std::string>{"Bushfire", "Bushfire near Almaty"}));
  EXPECT_EQ(texts(suggest(s, "Bsh", std::nullopt, 8, kNow)), std::vector<std::string>{});  // three letters: none
  // Exact ones first: "Bush" is a prefix of bushfire, and one letter from "Bus".
  EXPECT_EQ(texts(suggest(s, "Bush", std::nullopt, 4, kNow)),
            (std::vector<std::string>{"Bushfire", "Bushfire near Almaty", "Bus", "Bus fares rise"}));
}

TEST_F(SuggestRanking, AWrongLayoutIsReadThroughTheRightOne) {
  const Searcher s(dir_.path());
  const SuggestResult russian = suggest(s, "ghtp", std::nullopt, 8, kNow);
  EXPECT_EQ(russian.layout, "ru");
  EXPECT_EQ(texts(russian), (std::vector<std::string>{"Президент", "Президент подписал закон"}));
  const SuggestResult kazakh = suggest(s, "2ktv", "kk", 8, kNow);
  EXPECT_EQ(kazakh.layout, "kk");
  EXPECT_EQ(texts(kazakh), (std::vector<std::string>{"Әлем", "Әлем чемпионы"}));
  // "bu" typed with the Russian layout on comes out as "иг".
  const SuggestResult english = suggest(s, "иг", std::nullopt, 2, kNow);
  EXPECT_EQ(english.layout, "en");
  EXPECT_EQ(texts(english), (std::vector<std::string>{"Bushfire", "Bushfire near Almaty"}));
  const SuggestResult as_typed = suggest(s, "bu", std::nullopt, 1, kNow);
  EXPECT_FALSE(as_typed.layout.has_value());
}

TEST_F(SuggestRanking, ACommitShowsInTheNextCall) {
  const Searcher s(dir_.path());
  EXPECT_EQ(texts(suggest(s, "zebra", std::nullopt, 8, kNow)), std::vector<std::string>{});
  ArticleWriter writer(dir_.path());
  writer.add_json(article_line("zebra", R"("title": "Zebra crossing", "published": "2024-05-01T00:00:00Z")"));
  writer.commit();
  EXPECT_EQ(texts(suggest(s, "zebra", std::nullopt, 8, kNow)), (std::vector<std::string>{"Zebra", "Zebra crossing"}));
}

// One Searcher brought up to date commit by commit (an article added, one
// replaced, one deleted, then views counted) answers as one built from
// scratch on the same index.
TEST_F(SuggestRanking, UpdatesAnswerAsABuildFromScratch) {
  const Searcher kept(dir_.path());
  const auto same_as_from_scratch = [&](const char* step) {
    const Searcher fresh(dir_.path());
    for (const char* prefix : {"bu", "bus", "budget", "zeb", "yak", "ghtp", "Әл", "Bushfure"})
      EXPECT_EQ(texts(suggest(kept, prefix, std::nullopt, 8, kNow)),
                texts(suggest(fresh, prefix, std::nullopt, 8, kNow)))
          << step << ": " << prefix;
  };
  same_as_from_scratch("at first");
  {
    ArticleWriter writer(dir_.path());
    writer.add_json(article_line("zebra", R"("title": "Zebra crossing", "published": "2024-05-01T00:00:00Z")"));
    writer.add_json(article_line("budget-1", R"("title": "Yak herders protest", "published": "2024-01-01T00:00:00Z")"));
    writer.remove("bus-fares");
    writer.commit();
  }
  same_as_from_scratch("after a commit");
  EXPECT_EQ(texts(suggest(kept, "yak", std::nullopt, 8, kNow)),
            (std::vector<std::string>{"Yak", "Yak herders protest"}));
  // The deleted headline is gone; what is left is one letter away ("bush f").
  EXPECT_EQ(texts(suggest(kept, "bus f", std::nullopt, 8, kNow)),
            (std::vector<std::string>{"Bushfire", "Bushfire near Almaty"}));
  std::string log;
  for (int i = 0; i < 100; ++i)
    log +=
        "10.0.2." + std::to_string(i) +
        " - - [31/May/2024:13:00:00 +0000] \"GET /a/budget-2 HTTP/1.1\" 200 10 \"-\" \"Mozilla/5.0 Firefox/121.0\"\n";
  write_file(dir_.file("more.log"), log);
  ViewCounter(dir_.path()).add_logs({dir_.file("more.log")});
  same_as_from_scratch("after views");
  // budget: 2 articles and 100 views (log2 3 + log2 101); its read headline: 1 + log2 101.
  const std::vector<std::string> top = texts(suggest(kept, "bu", std::nullopt, 4, kNow));
  EXPECT_EQ(top, (std::vector<std::string>{"Bushfire", "Bushfire near Almaty", "Budget", "Budget vote delayed"}));
}

// Threads completing while a writer commits: every answer is whole (the
// one in the fixture's text or the one after), and the last commit shows.
TEST_F(SuggestRanking, ThreadsCompleteWhileAWriterCommits) {
  const Searcher s(dir_.path());
  std::atomic<bool> writing{true};
  std::atomic<int> answers{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t)
    readers.emplace_back([&] {
      while (writing) {
        const std::vector<std::string> got = texts(suggest(s, "bu", std::nullopt, 2, kNow));
        EXPECT_EQ(got, (std::vector<std::string>{"Bushfire", "Bushfire near Almaty"}));
        ++answers;
      }
    });
  {
    ArticleWriter writer(dir_.path());
    for (int i = 0; i < 20; ++i) {
      writer.add_json(article_line("yak-" + std::to_string(i), R"("title": "Yak census )" + std::to_string(i) +
                                                                   R"(", "published": "2024-05-01T00:00:00Z")"));
      writer.commit();
      // An answer after each commit, so that reads and commits interleave
      // however slow the readers are (under ASan they once made 4 in all).
      const int seen = answers.load();
      for (int waited = 0; answers.load() == seen && waited < 5000; ++waited)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }
  writing = false;
  for (std::thread& r : readers) r.join();
  EXPECT_GE(answers.load(), 20);
  EXPECT_EQ(texts(suggest(s, "yak census 19", std::nullopt, 1, kNow)), (std::vector<std::string>{"Yak census 19"}));
}

TEST_F(SuggestRanking, BadInputHasClearAnswers) {
  const Searcher s(dir_.path());
  EXPECT_TRUE(suggest(s, "", std::nullopt, 8, kNow).suggestions.empty());
  EXPECT_TRUE(suggest(s, "   ", std::nullopt, 8, kNow).suggestions.empty());
  EXPECT_TRUE(suggest(s, "\u0301", std::nullopt, 8, kNow).suggestions.empty());  // a lone combining mark
  const auto message = [&](const std::string& prefix, std::optional<std::string> lang, std::size_t limit) {
    try {
      suggest(s, prefix, std::move(lang), limit, kNow);
    } catch (const InvalidArgument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(std::string(10240, 'a'), std::nullopt, 8), "the prefix is 10240 bytes, over the maximum of 256");
  EXPECT_EQ(message("bu\xff", std::nullopt, 8), "the prefix is not UTF-8 (byte 2)");
  EXPECT_EQ(message("bu", std::nullopt, 21), "limit 21 is not 1 to 20");
  EXPECT_EQ(message("bu", std::nullopt, 0), "limit 0 is not 1 to 20");
  EXPECT_EQ(
      message("bu", "fr_FR", 8),
      "\"fr_FR\" is not a BCP 47 language tag (such as en, kk, kk-Arab, kk-Latn, ru, uz, uz-Cyrl, zh, ky, de-CH)");
}

}  // namespace
}  // namespace newsidx::test

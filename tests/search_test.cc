// The first search: exact result ids on the sample corpus.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "newsidx/errors.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

class SampleIndex : public test::SampleIndexTest {};

const std::set<std::string> kKazakhReferendum = {"kk-referendum-2022", "qz-referendum-2022", "kk2021-referendum-2022",
                                                 "kkarab-referendum-2022"};

// The Cyrillic and Arabic-script editions, and one of the two Latin
// alphabets' copies with the other folded into it (the same text in the same
// edition, kk-Latn, is a re-publication).
void expect_every_kazakh_script(const SearchResult& r) {
  std::set<std::string> found;
  std::size_t latin = 0;
  for (const auto& h : r.results) {
    found.insert(h.id);
    if (h.lang == "kk-Latn") {
      ++latin;
      EXPECT_EQ(h.duplicates, 1u) << h.id;
    }
  }
  EXPECT_EQ(latin, 1u);
  EXPECT_TRUE(found.count("kk-referendum-2022"));
  EXPECT_TRUE(found.count("kkarab-referendum-2022"));
  EXPECT_EQ(found.size(), 3u);
}

TEST_F(SampleIndex, AKazakhQueryInAnyScriptFindsEveryScript) {
  for (const char* q :
       {"Қазақстан референдум", "Qazaqstan referendým", "Qazaqstan referendum", "قازاقستان رەفەرەندۋم"}) {
    SCOPED_TRACE(q);
    expect_every_kazakh_script(find(q));
  }
}

TEST_F(SampleIndex, InflectedFormsMeet) {
  EXPECT_EQ(id_set(find("Қырғызстанға")), (std::set<std::string>{"kk-tokayev-bishkek", "qz-tokayev-bishkek"}));
  EXPECT_EQ(id_set(find("Qyrǵyzstannyń")), (std::set<std::string>{"kk-tokayev-bishkek", "qz-tokayev-bishkek"}));
  // (the re-post of ru-referendum-2022 is folded into it as a duplicate)
  EXPECT_EQ(id_set(find("президентом", std::string("ru"))),
            (std::set<std::string>{"ru-referendum-2022", "ru-tokayev-bishkek"}));
}

TEST_F(SampleIndex, ACyrillicWordFindsRussianAndKazakh) {
  // "президент" is both a Russian and a Kazakh word.
  const auto found = id_set(find("президент"));
  EXPECT_TRUE(found.count("ru-tokayev-bishkek"));
  EXPECT_TRUE(found.count("kk-tokayev-bishkek"));
  EXPECT_TRUE(found.count("qz-tokayev-bishkek"));  // written prezıdenti
}

TEST_F(SampleIndex, InformalTypingFindsKazakh) {
  const auto found = id_set(find("Tokayev"));
  EXPECT_TRUE(found.count("en-tokayev-bishkek"));
  EXPECT_TRUE(found.count("kk-tokayev-bishkek"));  // Тоқаев
  EXPECT_TRUE(found.count("qz-tokayev-bishkek"));  // Toqaev
}

TEST_F(SampleIndex, ChineseWordsInsideHeadlines) {
  EXPECT_EQ(ids(find("公投")), std::vector<std::string>{"zh-referendum-2022"});
  EXPECT_EQ(ids(find("中国")), std::vector<std::string>{"zh-headline-only"});
  EXPECT_EQ(ids(find("论坛")), std::vector<std::string>{"zh-aif-2024"});
}

TEST_F(SampleIndex, UzbekScriptsMeet) {
  EXPECT_EQ(id_set(find("Qozogʻiston")), (std::set<std::string>{"uz-referendum-2022", "uzc-referendum-2022"}));
  EXPECT_EQ(id_set(find("Тошкентда")), (std::set<std::string>{"uz-metro", "uzc-metro", "uz-boxing-silver"}));
}

TEST_F(SampleIndex, ATitleMatchOutranksABodyMatch) {
  const auto r = ids(find("Kazakhstan", std::string("en")));
  ASSERT_EQ(r.size(), 3u);            // the syndicated copy is folded into en-referendum-2022
  EXPECT_EQ(r.back(), "en-khorgos");  // the only one with Kazakhstan in the body alone
}

TEST_F(SampleIndex, LanguageFilterCoversEveryKazakhScript) {
  expect_every_kazakh_script(find("референдум", std::string("kk")));
}

TEST_F(SampleIndex, AllWordsFirstThenRelaxed) {
  const auto strict = find("Tashkent metro");
  EXPECT_FALSE(strict.relaxed);
  EXPECT_EQ(id_set(strict), (std::set<std::string>{"en-metro"}));
  const auto relaxed = find("Tashkent referendum");
  EXPECT_TRUE(relaxed.relaxed);
  // Any of the words: the articles with either, exactly.
  std::set<std::string> either = id_set(find("Tashkent"));
  for (const auto& id : id_set(find("referendum"))) either.insert(id);
  EXPECT_EQ(id_set(relaxed), either);
  EXPECT_EQ(relaxed.total, 12u);
  EXPECT_TRUE(relaxed.total_exact);
}

TEST_F(SampleIndex, ResultsCarryTheStoredFields) {
  const auto r = find("Khorgos", std::string("en"));
  ASSERT_EQ(r.results.size(), 1u);
  const SearchHit& h = r.results[0];
  EXPECT_EQ(h.id, "en-khorgos");
  EXPECT_EQ(h.title, "Cargo through Khorgos up 20 percent");
  EXPECT_EQ(h.lang, "en");
  EXPECT_EQ(h.published, "2024-03-20T04:45:00Z");
  EXPECT_EQ(h.category, "economy");
  EXPECT_EQ(h.tags, (std::vector<std::string>{"Khorgos", "China", "Trade"}));
  EXPECT_EQ(h.url, "https://news.example.kz/en/en-khorgos");
  EXPECT_GT(h.score, 0);
  EXPECT_EQ(r.total, 1u);
  EXPECT_TRUE(r.total_exact);
}

TEST_F(SampleIndex, BadRequestsAreRefusedClearly) {
  SearchRequest req;
  req.query = std::string(kMaxQueryBytes + 1, 'a');
  Searcher& s = searcher();
  try {
    s.search(req);
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), "query is 1025 bytes, over the limit of 1024");
  }
  req.query = "x";
  req.lang = "x-y";
  EXPECT_THROW(s.search(req), InvalidArgument);
  EXPECT_TRUE(find("!!!").results.empty());
}

TEST(Searcher, NoIndexIsAClearError) {
  test::TempDir dir;
  try {
    Searcher s(dir.path());
    FAIL();
  } catch (const DatabaseError& e) {
    EXPECT_EQ(std::string(e.what()),
              "no index in " + dir.path() + " (create one with: newsindex --db " + dir.path() + " add FILE)");
  }
}

// Summaries are kept in memory per commit: a replaced article shows its new
// title at once, and a deleted one is gone.
TEST(Searcher, ShowsAReplacedArticlesNewSummaryAtOnce) {
  test::TempDir dir;
  test::write_file(dir.file("v1.jsonl"), test::article_line("x", R"("title": "Khorgos old title")") + "\n" +
                                             test::article_line("y", R"("title": "Khorgos other")") + "\n");
  test::write_file(dir.file("v2.jsonl"), test::article_line("x", R"("title": "Khorgos new title")") + "\n");
  Indexer(dir.path()).add_files({dir.file("v1.jsonl")});
  const Searcher searcher(dir.path());
  SearchRequest req;
  req.query = "title:old OR title:new";
  req.snippets = false;
  auto titles = [&] {
    std::vector<std::string> out;
    for (const auto& h : searcher.search(req).results) out.push_back(h.id + ": " + h.title);
    return out;
  };
  EXPECT_EQ(titles(), std::vector<std::string>{"x: Khorgos old title"});
  Indexer(dir.path()).add_files({dir.file("v2.jsonl")});
  EXPECT_EQ(titles(), std::vector<std::string>{"x: Khorgos new title"});
  req.query = "Khorgos";
  Indexer(dir.path()).remove({"x"});
  EXPECT_EQ(titles(), std::vector<std::string>{"y: Khorgos other"});
}

// Run with Xapian's ranking of every word, and with every word but the
// rarest checked from bitmaps (kept per commit) and facets counted from them.
TEST(Searcher, SeesNewCommitsWithoutRestartAndSearchesFromManyThreads) {
  for (const bool bitmaps : {false, true}) {
    SCOPED_TRACE(bitmaps ? "word bitmaps" : "ranked words");
    test::TempDir dir;
    Indexer indexer(dir.path());
    indexer.add_files({test::sample_articles()});
    SearcherOptions options;  // the 300-odd matches below are counted, not estimated
    options.exact_total_up_to = 1000;
    options.frequent_word_share = bitmaps ? 1e-9 : 0;
    options.frequent_word_min_articles = 1;
    Searcher searcher(dir.path(), options);
    SearchRequest req;
    req.query = "referendum Kazakhstan";
    req.limit = 100;
    req.facets = bitmaps;
    req.collapse_duplicates = false;  // facets count every copy: so does the total then
    // The two English copies and the story in the four Kazakh scripts
    // ("Kazakhstan" typed with kh for қ finds Қазақстанда).
    const std::size_t before = searcher.search(req).total;
    ASSERT_EQ(before, 6u);

    std::atomic<bool> stop{false};
    std::atomic<int> searches{0}, failures{0};
    std::vector<std::thread> readers;
    for (int t = 0; t < 4; ++t) {
      readers.emplace_back([&] {
        while (!stop) {
          try {
            const SearchResult r = searcher.search(req);
            std::size_t counted = 0;  // by language: every match once
            if (bitmaps)
              for (const auto& v : r.facets.at("lang")) counted += v.count;
            if (r.total < before || r.relaxed || (bitmaps && counted != r.total)) ++failures;
            ++searches;
          } catch (const std::exception& e) {
            ADD_FAILURE() << e.what();
            ++failures;
          }
        }
      });
    }
    const std::string more = dir.file("more.jsonl");
    std::string lines;
    for (int i = 0; i < 300; ++i)
      lines += test::article_line("new-" + std::to_string(i),
                                  R"("title": "Kazakhstan referendum news )" + std::to_string(i) + "\"") +
               "\n";
    test::write_file(more, lines);
    IndexerOptions small_commits;
    small_commits.commit_every = 50;
    Indexer(dir.path(), small_commits).add_files({more});
    stop = true;
    for (auto& t : readers) t.join();
    EXPECT_EQ(failures, 0);
    EXPECT_GT(searches, 0);
    EXPECT_EQ(searcher.search(req).total, before + 300);
  }
}

}  // namespace
}  // namespace newsidx

// The query language, ranking options, snippets, facets, duplicates and
// suggestions, with exact results on the sample corpus.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "common/date.h"
#include "newsidx/errors.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"
#include "newsidx/time.h"
#include "query/recency.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

class Features : public test::SampleIndexTest {};

using Ids = std::vector<std::string>;
using IdSet = std::set<std::string>;

TEST_F(Features, Phrases) {
  EXPECT_EQ(ids(find("\"base rate\"")), Ids{"en-base-rate-2024"});
  EXPECT_EQ(ids(find("\"rate base\"")), Ids{});
  // A Cyrillic phrase finds the same phrase in Latin and Arabic script.
  const auto r = find("\"Қазақстанның Орталық\"");
  EXPECT_EQ(r.results.size(), 3u);
  for (const auto& h : r.results) EXPECT_EQ(h.lang.substr(0, 2), "kk") << h.id;
}

TEST_F(Features, ExclusionOrGroupsAndPrefixes) {
  EXPECT_EQ(ids(find("Tashkent -metro", "en")), Ids{"en-boxing-gold"});
  EXPECT_EQ(ids(find("Tashkent -\"metro line\"", "en")), Ids{"en-boxing-gold"});
  EXPECT_EQ(id_set(find("Khorgos OR Nauryz", "en")), (IdSet{"en-khorgos", "en-nauryz"}));
  EXPECT_EQ(ids(find("(Khorgos OR Nauryz) Astana", "en")), Ids{"en-nauryz"});
  EXPECT_EQ(ids(find("Khorg*", "en")), Ids{"en-khorgos"});
  EXPECT_EQ(id_set(find("Қорға*")), (IdSet{"kk-khorgos", "kkarab-khorgos"}));
}

TEST_F(Features, TitleField) {
  EXPECT_EQ(ids(find("title:Tokayev")), Ids{"en-tokayev-bishkek"});
  EXPECT_EQ(id_set(find("title:Toqaev")), (IdSet{"kk-tokayev-bishkek", "qz-tokayev-bishkek"}));
  EXPECT_EQ(ids(find("Tokayev -title:Tokayev", "en")), Ids{"en-referendum-2022"});
  EXPECT_EQ(ids(find("title:\"CIS summit\"")), Ids{"en-tokayev-bishkek"});
}

TEST_F(Features, ExactFields) {
  SearchRequest all_copies;
  all_copies.query = R"(tag:"kazakhstan   REFERENDUM")";
  all_copies.collapse_duplicates = false;
  EXPECT_EQ(find(all_copies).total, 11u);
  EXPECT_EQ(id_set(find("category:ECONOMY lang:en")), (IdSet{"en-base-rate-2024", "en-khorgos"}));
  EXPECT_EQ(ids(find("author:\"daniel brooks\"")), Ids{"en-referendum-2022"});
  EXPECT_EQ(find("lang:zh").total, 6u);
  EXPECT_EQ(find("Khorgos -lang:en").results.size(), 0u);  // Khorgos is spelled so in English only
}

TEST_F(Features, DateRangesAndOptions) {
  EXPECT_EQ(id_set(find("date:2024-03 lang:en")), (IdSet{"en-khorgos", "en-nauryz"}));
  EXPECT_EQ(id_set(find("date:2024-03-21..2024-03-31 lang:en")), (IdSet{"en-nauryz"}));
  SearchRequest req;
  req.query = "lang:en";
  req.since = parse_date_bound("2024-06-01", false);
  EXPECT_EQ(id_set(find(req)), (IdSet{"en-aif-2024", "en-no-tags"}));
  req.since.reset();
  req.until = parse_date_bound("2022", true);
  EXPECT_EQ(id_set(find(req)), (IdSet{"en-referendum-2022"}));
  EXPECT_EQ(parse_date_bound("yesterday", true), std::nullopt);
}

// Regression: hundreds of prefixes took seconds (each expanded anew, without bound).
TEST_F(Features, PrefixesAreExpandedOnceEachAndAtMostEightAQuery) {
  std::string repeated;
  for (int i = 0; i < 120; ++i) repeated += "tashke* ";  // 960 bytes
  EXPECT_EQ(id_set(find(repeated)), id_set(find("tashke*")));
  EXPECT_FALSE(find("tashke*").results.empty());
  std::string eight_before, eight_after;
  for (int i = 1; i <= 8; ++i) {
    eight_before += " OR zzq" + std::to_string(i) + "*";
    eight_after += "zzq" + std::to_string(i) + "* OR ";
  }
  EXPECT_EQ(id_set(find("tashke*" + eight_before)), id_set(find("tashke*")));  // the first eight expand
  EXPECT_EQ(find(eight_after + "tashke*").total, 0u);                          // the ninth is the word "tashke"
}

TEST_F(Features, CategoryTagAndAuthorFieldsFilterLikeTheQueryFields) {
  SearchRequest req;
  req.query = "Khorgos";
  req.category = "ECONOMY";
  const SearchResult by_field = find(req);
  EXPECT_EQ(ids(by_field), ids(find("Khorgos category:economy")));
  EXPECT_FALSE(by_field.results.empty());
  req.category.reset();
  req.tags = {"kazakhstan referendum"};
  req.query = "";
  EXPECT_EQ(id_set(find(req)), id_set(find("tag:\"Kazakhstan Referendum\"")));
  EXPECT_FALSE(find(req).plain_words);  // an empty query is no malformed one
  EXPECT_EQ(find(req).read_as, "");
  EXPECT_FALSE(find(req).results.empty());
  req.tags.clear();
  req.author = "Daniel Brooks";
  EXPECT_EQ(ids(find(req)), Ids{"en-referendum-2022"});
  req.tags = {"no such tag"};
  EXPECT_EQ(find(req).total, 0u);
}

TEST_F(Features, SortByDateOffsetLimitAndTotal) {
  SearchRequest req;
  req.query = "lang:en";
  req.sort = SortOrder::Date;
  req.offset = 1;
  req.limit = 2;
  const auto r = searcher().search(req);
  EXPECT_EQ(ids(r), (Ids{"en-aif-2024", "en-base-rate-2024"}));
  EXPECT_EQ(r.total, 10u);  // eleven English articles, one a re-publication
  EXPECT_TRUE(r.total_exact);
}

TEST_F(Features, MalformedQueriesAreReadAsPlainWords) {
  const auto r = find("\"unbalanced Khorgos");
  EXPECT_TRUE(r.plain_words);
  EXPECT_EQ(r.problem, "unbalanced quote");
  EXPECT_EQ(r.read_as, "(\"unbalanced Khorgos)");
  EXPECT_TRUE(r.relaxed);
  EXPECT_EQ(ids(r), Ids{"en-khorgos"});
}

TEST_F(Features, SnippetsMarkTheMatchedWords) {
  const auto r = find("Khorgos", "en");
  ASSERT_EQ(r.results.size(), 1u);
  const auto& s = r.results[0].snippet;
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].text, "Cargo volumes through the ");
  EXPECT_FALSE(s[0].highlight);
  EXPECT_EQ(s[1].text, "Khorgos");
  EXPECT_TRUE(s[1].highlight);
  EXPECT_EQ(s[2].text,
            " crossing on the China-Kazakhstan border rose 20 percent since the start of the year. Most goods travel "
            "by rail.");
}

std::vector<std::string> highlighted(const SearchHit& h) {
  std::vector<std::string> v;
  for (const auto& s : h.snippet)
    if (s.highlight) v.push_back(s.text);
  return v;
}

TEST_F(Features, SnippetsHighlightChineseAndCrossScriptKazakh) {
  const auto zh = find("公投");
  ASSERT_EQ(zh.results.size(), 1u);
  EXPECT_EQ(highlighted(zh.results[0]), (std::vector<std::string>{"公投", "公投"}));
  // A Cyrillic query marks the Latin words it matched.
  SearchRequest req;
  req.query = "Қазақстан референдум";
  req.collapse_duplicates = false;
  for (const auto& h : find(req).results) {
    if (h.id == "qz-referendum-2022") {
      EXPECT_EQ(highlighted(h), (std::vector<std::string>{"Qazaqstannyń", "referendým", "referendýmdy"}));
    }
    if (h.id == "kkarab-referendum-2022") {
      EXPECT_EQ(highlighted(h), (std::vector<std::string>{"قازاقستاننىڭ"}));
    }
  }
  // A Chinese word inside a longer indexed word is marked by its bigrams.
  const auto inside = find("萨克");
  ASSERT_FALSE(inside.results.empty());
  EXPECT_EQ(highlighted(inside.results[0]).at(0), "萨克");
}

TEST_F(Features, FacetsCountEveryMatchExactly) {
  SearchRequest req;
  req.query = "referendum OR Khorgos OR Nauryz";
  req.facets = true;
  req.collapse_duplicates = false;
  req.limit = 2;  // facets cover all matches, not the page
  const auto r = find(req);
  // Count the same by listing every match.
  SearchRequest all = req;
  all.facets = false;
  all.limit = 1000;
  std::map<std::string, std::size_t> lang, tag, category, month;
  for (const auto& h : find(all).results) {
    ++lang[h.lang];
    ++category[h.category];
    for (const auto& t : h.tags) ++tag[t];
    ++month[h.published.substr(0, 7)];
  }
  auto as_map = [&](const char* facet) {
    std::map<std::string, std::size_t> m;
    for (const auto& v : r.facets.at(facet)) m[v.value] = v.count;
    return m;
  };
  EXPECT_EQ(as_map("lang"), lang);
  EXPECT_EQ(as_map("tag"), tag);
  EXPECT_EQ(as_map("category"), category);
  EXPECT_EQ(as_map("month"), month);
  EXPECT_EQ(r.results.size(), 2u);
  // Sorted by count, most first, then by value.
  const auto& tags = r.facets.at("tag");
  ASSERT_GE(tags.size(), 4u);
  EXPECT_EQ(tags[0].value, "Constitution");
  EXPECT_EQ(tags[1].value, "Kazakhstan");
  EXPECT_EQ(tags[2].value, "Kazakhstan Referendum");
  EXPECT_EQ(tags[0].count, 10u);  // the referendum in every language but Chinese
  EXPECT_GT(tags[2].count, tags[3].count);
}

TEST_F(Features, RepublicationsCollapseIntoOneResult) {
  SearchRequest req;
  req.query = "constitutional referendum";
  req.lang = "en";
  const auto once = find(req);
  ASSERT_EQ(once.results.size(), 1u);
  EXPECT_EQ(once.results[0].duplicates, 1u);
  req.collapse_duplicates = false;
  EXPECT_EQ(id_set(find(req)), (IdSet{"en-referendum-2022", "en-referendum-2022-syndicated"}));
}

TEST_F(Features, DidYouMean) {
  EXPECT_EQ(find("Kazakstn").suggestion, "kazakhstan");
  EXPECT_EQ(find("refrendum Khorgos").suggestion, "referendum Khorgos");
  EXPECT_EQ(find("Казахстна").suggestion, "казахстана");
  EXPECT_EQ(find("tag:Economy Kazakstn").suggestion, "tag:Economy kazakhstan");
  EXPECT_EQ(find("Khorgos").suggestion, "");  // found: nothing to suggest
}

TEST_F(Features, FreshnessFavoursRecentArticles) {
  SearchRequest req;
  req.query = "Kazakhstan";
  req.lang = "en";
  const auto plain = find(req);
  ASSERT_NE(plain.results.at(0).id, "en-base-rate-2024");
  req.fresh = true;
  req.now = *parse_iso8601("2024-04-19T07:15:00Z");  // a week after the rate decision
  const auto fresh = find(req);
  EXPECT_EQ(fresh.results.at(0).id, "en-base-rate-2024");
  double before = 0;
  for (const auto& h : plain.results)
    if (h.id == "en-base-rate-2024") before = h.score;
  EXPECT_NEAR(fresh.results[0].score - before, kFreshWeight / 2, 1e-6);  // one half-life old
}

// Facets are counted from columns read once per commit: a commit adds to them.
TEST(FacetsAfterACommit, CountTheNewArticles) {
  test::TempDir dir;
  Indexer(dir.path()).add_files({test::sample_articles()});
  const Searcher searcher(dir.path());
  SearchRequest req;
  req.query = "Khorgos";
  req.lang = "en";
  req.facets = true;
  auto tag_count = [&](const std::string& tag) {
    const SearchResult r = searcher.search(req);
    for (const auto& v : r.facets.at("tag"))
      if (v.value == tag) return v.count;
    return std::size_t{0};
  };
  EXPECT_EQ(tag_count("Zebra Crossing"), 0u);
  const std::size_t before = tag_count("Khorgos");
  test::write_file(
      dir.file("new.jsonl"),
      test::article_line("khorgos-zebra", R"("title": "Khorgos zebra", "tags": ["Zebra Crossing", "Khorgos"])") + "\n");
  Indexer(dir.path()).add_files({dir.file("new.jsonl")});
  EXPECT_EQ(tag_count("Zebra Crossing"), 1u);
  EXPECT_EQ(tag_count("Khorgos"), before + 1);
}

// Thirty copies of one text fill no page: they are one result, and the
// pages after it hold the other articles.
TEST(Collapsing, ManyCopiesAreOneResultOnEveryPage) {
  test::TempDir dir;
  std::string lines;
  for (int i = 0; i < 30; ++i)
    lines += test::article_line("copy-" + std::to_string(i),
                                R"("title": "Khorgos trade rises", "body": "Khorgos trade rises again.")") +
             "\n";
  for (int i = 0; i < 15; ++i)
    lines += test::article_line("own-" + std::to_string(i), R"("title": "Khorgos trade report )" + std::to_string(i) +
                                                                R"(", "body": "Volume )" + std::to_string(i * 7) +
                                                                R"( tonnes.")") +
             "\n";
  test::write_file(dir.file("copies.jsonl"), lines);
  Indexer(dir.path()).add_files({dir.file("copies.jsonl")});
  const Searcher searcher(dir.path());
  SearchRequest req;
  req.query = "khorgos trade";
  std::set<std::string> seen;
  std::size_t copies = 0, duplicates = 0;
  for (std::size_t offset = 0; offset < 20; offset += 10) {
    req.offset = offset;
    const SearchResult r = searcher.search(req);
    EXPECT_EQ(r.total, 16u);
    EXPECT_TRUE(r.total_exact);
    EXPECT_EQ(r.results.size(), offset == 0 ? 10u : 6u);
    for (const auto& h : r.results) {
      EXPECT_TRUE(seen.insert(h.id).second) << h.id << " on two pages";
      if (h.id.rfind("copy-", 0) == 0) {
        ++copies;
        duplicates += h.duplicates;
      }
    }
  }
  EXPECT_EQ(seen.size(), 16u);
  EXPECT_EQ(copies, 1u);
  EXPECT_EQ(duplicates, 29u);
  req.offset = 0;
  // Counting fewer exactly, the first ranked matches read are mostly
  // copies: more are read until the page is full.
  SearcherOptions few;
  few.exact_total_up_to = 5;
  const SearchResult r = Searcher(dir.path(), few).search(req);
  EXPECT_EQ(r.results.size(), 10u);
  EXPECT_EQ(
      std::count_if(r.results.begin(), r.results.end(), [](const SearchHit& h) { return h.id.rfind("copy-", 0) == 0; }),
      1);
  req.collapse_duplicates = false;
  EXPECT_EQ(searcher.search(req).total, 45u);
}

// The time limit cuts the search (and so its facet count) short and says
// so; without it the count is exact.
TEST(FacetTimeLimit, CutsTheCountShortAndSaysSo) {
  test::TempDir dir;
  std::string lines;
  for (int i = 0; i < 60000; ++i)
    lines += test::article_line("a" + std::to_string(i), R"("title": "Market report )" + std::to_string(i % 97) +
                                                             R"(", "tags": ["T)" + std::to_string(i % 13) + R"("])") +
             "\n";
  test::write_file(dir.file("many.jsonl"), lines);
  Indexer(dir.path()).add_files({dir.file("many.jsonl")});
  SearcherOptions through_xapian;  // no word bitmaps: the count is Xapian's pass, with its timer
  through_xapian.frequent_word_share = 0;
  for (const SearcherOptions& options : {SearcherOptions(), through_xapian}) {
    const Searcher searcher(dir.path(), options);
    SearchRequest req;
    req.query = "market report";
    req.facets = true;
    req.limit = 1;
    auto counted = [](const SearchResult& r) {
      std::size_t n = 0;
      for (const auto& v : r.facets.at("lang")) n += v.count;
      return n;
    };
    const SearchResult exact = searcher.search(req);
    EXPECT_TRUE(exact.facets_exact);
    EXPECT_EQ(counted(exact), 60000u);
    // The limit is for the whole search: one already up skips the count;
    // a short one may cut the match or the count. Whatever happens, exact
    // facets are complete, and timed_out says when they are not.
    int cut_short = 0;
    for (const double limit : {1e-9, 0.001, 0.005, 0.02}) {
      req.time_limit_seconds = limit;
      const SearchResult cut = searcher.search(req);
      const std::size_t seen = cut.facets.empty() ? 0 : counted(cut);
      EXPECT_TRUE(!cut.facets_exact || seen == 60000u) << limit << ": " << seen;
      EXPECT_EQ(cut.timed_out, !cut.facets_exact) << limit;
      EXPECT_LE(cut.results.size(), 1u);
      EXPECT_TRUE(limit != 1e-9 || (cut.timed_out && cut.facets.empty()));
      cut_short += cut.timed_out;
    }
    EXPECT_GT(cut_short, 0);
    req.time_limit_seconds = -1;
    EXPECT_THROW(searcher.search(req), InvalidArgument);
  }
}

}  // namespace
}  // namespace newsidx

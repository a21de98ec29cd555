// An article's status and embargo: a withheld, canceled or embargoed article
// is in no search, facet, related list or Most read list, and the service
// answers 404 (410 when canceled); an embargo ends to the second at query
// time; a later published version brings an article back.
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "newsidx/errors.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"
#include "newsidx/time.h"
#include "newsidx/views.h"
#include "service/http_service.h"
#include "tests/service_on.h"
#include "tests/shard_servers.h"
#include "tests/test_util.h"

namespace newsidx::test {
namespace {

// The end of the embargo on "embargoed": 2024-03-24T12:00:00Z.
constexpr std::int64_t kEmbargoEnd = 1711281600;

std::string zoo_article(const std::string& id, const std::string& extra = "") {
  return article_line(id, R"("title": "Zebra news )" + id + R"(", "body": "The zebra herd at the city zoo grew, the )" +
                              id +
                              R"( desk reports.", "tags": ["Zoo"], )"
                              R"("category": "Nature")" +
                              (extra.empty() ? "" : ", " + extra));
}

class Lifecycle : public ::testing::Test {
 protected:
  void SetUp() override {
    Indexer(dir_.path()).add_files({sample_articles()});  // for rarity: related news needs words some lack
    ArticleWriter writer(dir_.path());
    writer.add_json(zoo_article("shown"));
    writer.add_json(zoo_article("source"));
    writer.add_json(zoo_article("withheld", R"("status": "withheld")"));
    writer.add_json(zoo_article("canceled", R"("status": "canceled")"));
    writer.add_json(zoo_article("embargoed", R"("embargo": "2024-03-24T12:00:00Z")"));
    writer.commit();
    std::string log;
    for (const char* id : {"shown", "withheld", "canceled", "embargoed"})
      for (int i = 0; i < 3; ++i)
        log += "10.0.0." + std::to_string(i) + " - - [24/Mar/2024:13:00:00 +0000] \"GET /a/" + id +
               " HTTP/1.1\" 200 10 \"-\" \"Mozilla/5.0 Firefox/121.0\"\n";
    write_file(dir_.file("access.log"), log);
    ViewCounter(dir_.path()).add_logs({dir_.file("access.log")});
  }

  std::vector<std::string> search_ids(std::int64_t now, bool facets = false, std::size_t* tag_count = nullptr,
                                      SearcherOptions options = {}) {
    SearchRequest q;
    q.query = "zebra";
    q.now = now;
    q.facets = facets;
    q.collapse_duplicates = false;
    const SearchResult r = Searcher(dir_.path(), options).search(q);
    if (tag_count) *tag_count = r.facets.at("tag").at(0).count;
    std::vector<std::string> ids;
    for (const auto& h : r.results) ids.push_back(h.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  std::vector<std::string> related_ids(const std::string& id, std::int64_t now) {
    RelatedOptions o;
    o.now = now;
    o.limit = 10;
    const auto hits = Searcher(dir_.path()).related(id, o);
    std::vector<std::string> ids;
    if (!hits) return {"(unknown)"};
    for (const auto& h : *hits)
      if (h.title.rfind("Zebra", 0) == 0) ids.push_back(h.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  std::vector<std::string> popular_ids(std::int64_t at) {
    PopularRequest r;
    r.window_seconds = 0;
    r.top = 0;
    r.at = at;
    std::vector<std::string> ids;
    for (const auto& h : Searcher(dir_.path()).popular(r).results)
      if (h.title.rfind("Zebra", 0) == 0) ids.push_back(h.id);  // the zoo's articles, not the sample's
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  TempDir dir_;
};

using Ids = std::vector<std::string>;

TEST_F(Lifecycle, HiddenArticlesAreInNoSearchAndNoFacetAndAnEmbargoEndsToTheSecond) {
  std::size_t tags = 0;
  EXPECT_EQ(search_ids(kEmbargoEnd - 1, true, &tags), (Ids{"shown", "source"}));
  EXPECT_EQ(tags, 2u);
  EXPECT_EQ(search_ids(kEmbargoEnd, true, &tags), (Ids{"embargoed", "shown", "source"}));
  EXPECT_EQ(tags, 3u);
  // With "zebra" checked from a bitmap, whose facets are counted from it.
  SearcherOptions bitmaps;
  bitmaps.frequent_word_share = 0.01;
  bitmaps.frequent_word_min_articles = 1;
  EXPECT_EQ(search_ids(kEmbargoEnd - 1, true, &tags, bitmaps), (Ids{"shown", "source"}));
  EXPECT_EQ(tags, 2u);
}

// "Did you mean" never offers a word that only hidden articles hold.
TEST_F(Lifecycle, HiddenArticlesFeedNoSpellingSuggestion) {
  {
    ArticleWriter writer(dir_.path());
    writer.add_json(zoo_article("secret", R"("status": "withheld", "lead": "The Quokkarian envoy arrived.")"));
    writer.add_json(zoo_article("later", R"("embargo": "2024-03-24T12:00:00Z", "lead": "The Wombatian envoy left.")"));
    writer.commit();
  }
  auto suggestion = [&](const std::string& query, std::int64_t now) {
    SearchRequest q;
    q.query = query;
    q.now = now;
    return Searcher(dir_.path()).search(q).suggestion;
  };
  EXPECT_EQ(suggestion("Quokkarien", kEmbargoEnd), "");
  EXPECT_EQ(suggestion("Wombatien", kEmbargoEnd - 1), "");
  EXPECT_EQ(suggestion("Wombatien", kEmbargoEnd), "wombatian");
  ArticleWriter(dir_.path()).add_json(zoo_article("secret", R"("lead": "The Quokkarian envoy arrived.")"));
  EXPECT_EQ(suggestion("Quokkarien", kEmbargoEnd), "quokkarian");
}

TEST_F(Lifecycle, HiddenArticlesAreInNoRelatedListAndHaveNone) {
  EXPECT_EQ(related_ids("source", kEmbargoEnd - 1), (Ids{"shown"}));
  EXPECT_EQ(related_ids("source", kEmbargoEnd), (Ids{"embargoed", "shown"}));
  EXPECT_EQ(related_ids("withheld", kEmbargoEnd), (Ids{"(unknown)"}));
  EXPECT_EQ(related_ids("canceled", kEmbargoEnd), (Ids{"(unknown)"}));
  EXPECT_EQ(related_ids("embargoed", kEmbargoEnd - 1), (Ids{"(unknown)"}));
}

TEST_F(Lifecycle, HiddenArticlesAreOnNoMostReadList) {
  // All-time totals, as of a time before the embargo's end and at it.
  EXPECT_EQ(popular_ids(kEmbargoEnd - 1), (Ids{"shown"}));
  EXPECT_EQ(popular_ids(kEmbargoEnd), (Ids{"embargoed", "shown"}));
}

TEST_F(Lifecycle, ALaterPublishedVersionBringsAnArticleBack) {
  {
    ArticleWriter writer(dir_.path());
    writer.add_json(zoo_article("withheld"));
    writer.add_json(zoo_article("canceled", R"("status": "published")"));
  }
  EXPECT_EQ(search_ids(kEmbargoEnd - 1), (Ids{"canceled", "shown", "source", "withheld"}));
  EXPECT_EQ(popular_ids(kEmbargoEnd + 3600 * 2), (Ids{"canceled", "embargoed", "shown", "withheld"}));
  {
    ArticleWriter writer(dir_.path());
    writer.add_json(zoo_article("shown", R"("status": "withheld")"));
  }
  EXPECT_EQ(search_ids(kEmbargoEnd - 1), (Ids{"canceled", "source", "withheld"}));
}

TEST_F(Lifecycle, TheServiceAnswers404ForWithheldAndEmbargoedAnd410ForCanceled) {
  {
    ArticleWriter writer(dir_.path());
    writer.add_json(zoo_article("embargoed-long", R"("embargo": "2099-01-01T00:00:00Z")"));
  }
  const Searcher searcher(dir_.path());
  const ServiceOn service(searcher);
  httplib::Client client("127.0.0.1", service.port());
  const auto shown = client.Get("/api/articles/shown");
  ASSERT_TRUE(shown);
  EXPECT_EQ(shown->status, 200);
  EXPECT_EQ(nlohmann::json::parse(shown->body)["status"], "published");
  const auto embargo_over = client.Get("/api/articles/embargoed");
  EXPECT_EQ(embargo_over->status, 200);
  EXPECT_EQ(nlohmann::json::parse(embargo_over->body)["embargo"], "2024-03-24T12:00:00Z");
  for (const char* id : {"withheld", "embargoed-long"}) {
    const auto r = client.Get(("/api/articles/" + std::string(id)).c_str());
    EXPECT_EQ(r->status, 404) << id;
    EXPECT_EQ(nlohmann::json::parse(r->body)["error"], "no article with id \"" + std::string(id) + "\"");
    EXPECT_EQ(client.Get(("/api/articles/" + std::string(id) + "/related").c_str())->status, 404) << id;
  }
  const auto canceled = client.Get("/api/articles/canceled");
  EXPECT_EQ(canceled->status, 410);
  EXPECT_EQ(nlohmann::json::parse(canceled->body)["error"], "article \"canceled\" was canceled");
  const auto found = nlohmann::json::parse(client.Get("/api/search?q=zebra&all_copies=1")->body);
  for (const auto& r : found["results"]) EXPECT_NE(r["id"], "embargoed-long");
}

// Over shard servers the same articles are hidden: the condition is Xapian's
// own terms and value ranges, which the remote backend evaluates on each shard.
TEST(LifecycleOverShardServers, HiddenArticlesStayHidden) {
  if (!shardd_built()) GTEST_SKIP() << "newsidx-shardd is not built (scripts/xapian_source.sh)";
  TempDir dir;
  create_index(dir.file("local"), 2);
  Indexer(dir.file("local")).add_files({sample_articles()});
  {
    ArticleWriter writer(dir.file("local"));
    writer.add_json(zoo_article("shown"));
    writer.add_json(zoo_article("source"));
    writer.add_json(zoo_article("withheld", R"("status": "withheld")"));
    writer.add_json(zoo_article("embargoed", R"("embargo": "2024-03-24T12:00:00Z")"));
  }
  ShardServer zero(dir.file("local/shard-0"), false), one(dir.file("local/shard-1"), false);
  create_remote_index(dir.file("remote"), {zero.address(), one.address()});
  for (const std::int64_t now : {kEmbargoEnd - 1, kEmbargoEnd}) {
    SearchRequest q;
    q.query = "zebra";
    q.now = now;
    q.facets = true;
    RelatedOptions o;
    o.now = now;
    o.limit = 20;
    const auto ids = [](const auto& hits) {
      std::vector<std::string> out;
      for (const auto& h : hits) out.push_back(h.id);
      std::sort(out.begin(), out.end());
      return out;
    };
    const Searcher local(dir.file("local")), remote(dir.file("remote"));
    const SearchResult l = local.search(q), r = remote.search(q);
    EXPECT_EQ(ids(r.results), ids(l.results)) << now;
    EXPECT_EQ(r.facets.at("tag").at(0).count, l.facets.at("tag").at(0).count) << now;
    EXPECT_EQ(ids(*remote.related("source", o)), ids(*local.related("source", o))) << now;
    EXPECT_FALSE(remote.related("withheld", o).has_value());
  }
  SearchRequest q;
  q.query = "zebra";
  q.now = kEmbargoEnd - 1;
  std::vector<std::string> visible_before;
  for (const auto& h : Searcher(dir.file("remote")).search(q).results) visible_before.push_back(h.id);
  std::sort(visible_before.begin(), visible_before.end());
  EXPECT_EQ(visible_before, (std::vector<std::string>{"shown", "source"}));
}

TEST(LifecycleFields, BadStatusOrEmbargoIsRejectedNamingTheField) {
  TempDir dir;
  ArticleWriter writer(dir.path());
  try {
    writer.add_json(article_line("x", R"("status": "draft")"));
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), R"(field "status": "draft" is not published, withheld or canceled)");
  }
  try {
    writer.add_json(article_line("x", R"("embargo": "tomorrow")"));
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), R"(field "embargo": "tomorrow" is not an ISO 8601 date-time with Z or an offset)");
  }
  try {
    writer.add_json(article_line("x", R"("status": 1)"));
    FAIL();
  } catch (const InvalidArgument& e) {
    EXPECT_STREQ(e.what(), R"(field "status" must be a string, not a number)");
  }
  EXPECT_EQ(writer.pending(), 0u);
}

}  // namespace
}  // namespace newsidx::test

namespace newsidx::test {
namespace {

std::string versioned(const std::string& id, const std::string& title, const std::string& revision) {
  return article_line(id, R"("title": ")" + title + R"(", )" + revision);
}

TEST(Versions, AnOlderVersionNeverReplacesTheStoredOne) {
  TempDir dir;
  ArticleWriter writer(dir.path());
  EXPECT_EQ(writer.add_json(versioned("v", "Second", R"("version": 2)")), WriteResult::added);
  try {
    writer.add_json(versioned("v", "First", R"("version": 1)"));
    FAIL() << "replaced";
  } catch (const OlderVersion& e) {
    EXPECT_STREQ(e.what(), R"(older version 1 of "v" ignored, 2 is stored)");
  }
  writer.commit();
  EXPECT_EQ(Searcher(dir.path()).article("v")->title, "Second");
  EXPECT_EQ(writer.add_json(versioned("v", "Second again", R"("version": 2)")), WriteResult::replaced);
  EXPECT_EQ(writer.add_json(versioned("v", "Third", R"("version": 3)")), WriteResult::replaced);
  EXPECT_EQ(writer.add_json(versioned("u", "Later", R"("updated": "2024-03-02T10:00:00Z")")), WriteResult::added);
  try {
    writer.add_json(versioned("u", "Earlier", R"("updated": "2024-03-01T10:00:00+05:00")"));
    FAIL() << "replaced";
  } catch (const OlderVersion& e) {
    EXPECT_STREQ(e.what(), R"(older version 2024-03-01T10:00:00+05:00 of "u" ignored, 2024-03-02T10:00:00Z is stored)");
  }
  EXPECT_EQ(writer.add_json(versioned("u", "No revision", R"("lead": "x")")), WriteResult::replaced);
  writer.commit();
  EXPECT_EQ(Searcher(dir.path()).article("v")->title, "Third");
  EXPECT_EQ(Searcher(dir.path()).article("v")->version, 3);
  EXPECT_EQ(Searcher(dir.path()).article("u")->title, "No revision");
}

TEST(Versions, FilesReportOlderVersionsByFileAndLineInBulkAndIncrementalLoads) {
  TempDir dir;
  const std::string first = dir.file("first.jsonl"), second = dir.file("second.jsonl");
  write_file(first, versioned("a", "A2", R"("version": 2)") + "\n" + versioned("a", "A1", R"("version": 1)") + "\n" +
                        versioned("b", "B5", R"("version": 5)") + "\n");
  const auto bulk = run({NEWSINDEX_BIN, "--db", dir.file("db"), "add", first});
  EXPECT_EQ(bulk.exit_code, 0) << bulk.err;
  EXPECT_EQ(bulk.err.substr(0, bulk.err.find('\n') + 1), first + ":2: older version 1 of \"a\" ignored, 2 is stored\n");
  EXPECT_NE(bulk.err.find("added 2, replaced 0, rejected 0, older versions ignored 1 in "), std::string::npos)
      << bulk.err;
  write_file(second, versioned("b", "B4", R"("version": 4)") + "\n" + versioned("a", "A3", R"("version": 3)") + "\n");
  const auto incremental = run({NEWSINDEX_BIN, "--db", dir.file("db"), "add", second});
  EXPECT_EQ(incremental.exit_code, 0) << incremental.err;
  EXPECT_EQ(incremental.err.substr(0, incremental.err.find('\n') + 1),
            second + ":1: older version 4 of \"b\" ignored, 5 is stored\n");
  const Searcher searcher(dir.file("db"));
  EXPECT_EQ(searcher.article("a")->title, "A3");
  EXPECT_EQ(searcher.article("b")->title, "B5");
}

TEST(Versions, AVersionIsAWholeNumber) {
  TempDir dir;
  ArticleWriter writer(dir.path());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"("version": "3")", R"(field "version" must be a whole number, not a string)"},
      {R"("version": -1)", R"(field "version" must be a whole number, not -1)"},
      {R"("version": 1.5)", R"(field "version" must be a whole number, not 1.5)"},
      {R"("updated": "soon")", R"(field "updated": "soon" is not an ISO 8601 date-time with Z or an offset)"},
  };
  for (const auto& [field, message] : cases) {
    try {
      writer.add_json(article_line("x", field));
      ADD_FAILURE() << field;
    } catch (const InvalidArgument& e) {
      EXPECT_EQ(e.what(), message);
    }
  }
}

}  // namespace
}  // namespace newsidx::test

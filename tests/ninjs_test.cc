// IPTC ninjs: HTML reduced to text, documents split into items, every
// field of 1.x, 2.x and 3.x items mapped (and named in each problem), and
// the fixtures of tests/ninjs (one per edition) loaded by the CLI.
#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "indexer/html_text.h"
#include "indexer/ninjs.h"
#include "newsidx/errors.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"
#include "tests/test_util.h"

namespace newsidx::test {
namespace {

namespace fs = std::filesystem;

TEST(HtmlText, ParagraphsEntitiesAndWhatAReaderNeverSees) {
  EXPECT_EQ(html_to_text("<p>Caf&eacute; &amp; <b>bold</b>\n  text</p><p>next &laquo;q&raquo;</p>"),
            "Café & bold text\nnext «q»");
  EXPECT_EQ(html_to_text("<html><head><title>T</title><style>p{}</style></head><body>"
                         "<h1>Head</h1><script>var s = '<p>x</p>';</script>one<br>two</body></html>"),
            "Head\none\ntwo");
  EXPECT_EQ(html_to_text("<ul><li>a</li><li>b</li></ul><table><tr><td>1</td><td>2</td></tr></table>"), "a\nb\n1 2");
  EXPECT_EQ(html_to_text("<pre>x  =  1\n  y</pre>"), "x  =  1\n  y");
  EXPECT_EQ(html_to_text("plain text, no tags"), "plain text, no tags");
  EXPECT_EQ(html_to_text(""), "");
  EXPECT_EQ(html_to_text("<p>unclosed <i>tags <p>and AT&T &bogus; 5 < 6"), "unclosed tags\nand AT&T &bogus; 5 < 6");
}

TEST(HtmlText, ADeclaredCharsetIsIgnoredForTheTextIsUtf8) {
  EXPECT_EQ(html_to_text("<meta charset=\"iso-8859-1\"><p>Қазақ 中文</p>"), "Қазақ 中文");
  EXPECT_EQ(html_to_text("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><p>Қазақ"),
            "Қазақ");
}

TEST(HtmlText, DeepNestingIsStreamedNotBuiltIntoATree) {
  // Gumbo, an HTML5 parser with a tree, takes 3 GB for 20,000 of these.
  std::string deep;
  for (int i = 0; i < 200000; ++i) deep += "<div>";
  EXPECT_EQ(html_to_text(deep + "deep"), "deep");
}

std::vector<std::pair<std::string, std::size_t>> items_of(std::string_view text) {
  std::vector<std::pair<std::string, std::size_t>> out;
  for (const auto& item : split_json_items(text)) out.emplace_back(std::string(item.text), item.line);
  return out;
}
using Items = std::vector<std::pair<std::string, std::size_t>>;

TEST(SplitJsonItems, ArraysJsonLinesAndPrettyPrintedValues) {
  EXPECT_EQ(items_of("[\n  {\"a\": \"]\"},\n  {\"b\": [1, {\"c\": \"\\\"}\"}]}\n]\n"),
            (Items{{"{\"a\": \"]\"}", 2}, {"{\"b\": [1, {\"c\": \"\\\"}\"}]}", 3}}));
  EXPECT_EQ(items_of("{\"a\": 1}\n\n{\"b\": 2}\r\n"), (Items{{"{\"a\": 1}", 1}, {"{\"b\": 2}\r", 3}}));
  EXPECT_EQ(items_of("{\n  \"a\": 1\n}\n{\n  \"b\": 2\n}\n"),
            (Items{{"{\n  \"a\": 1\n}", 1}, {"{\n  \"b\": 2\n}", 4}}));
  // A bad line of JSON Lines is its own item; the others are untouched.
  EXPECT_EQ(items_of("{\"a\": 1}\n{\"b\": \n{\"c\": 3}\n"),
            (Items{{"{\"a\": 1}", 1}, {"{\"b\": ", 2}, {"{\"c\": 3}", 3}}));
  // Stray brackets and scalars are items, for the parser to refuse.
  EXPECT_EQ(items_of("[1, }]"), (Items{{"1", 1}, {"}", 1}}));
  EXPECT_EQ(items_of("{\n\"cut\": "), (Items{{"{\n\"cut\": ", 1}}));
  EXPECT_TRUE(items_of(" \n\t").empty());
  EXPECT_TRUE(items_of("[]").empty());
}

// A ninjs 2.x item with the given members added or replaced.
std::string item(const std::string& extra = "") {
  return R"({"uri": "urn:newsml:example.kz:1", "language": "en", "versioncreated": "2024-03-25T10:00:00+05:00",)"
         R"( "headlines": [{"value": "Astana to open a metro line"}])" +
         (extra.empty() ? "" : ", " + extra) + "}";
}

Article mapped(const std::string& json) {
  NinjsArticle m = parse_ninjs_item(json);
  if (auto* problem = std::get_if<std::string>(&m.parsed)) ADD_FAILURE() << *problem;
  return std::get_if<Article>(&m.parsed) ? std::get<Article>(m.parsed) : Article{};
}

std::string problem(const std::string& json) {
  NinjsArticle m = parse_ninjs_item(json);
  return std::get_if<std::string>(&m.parsed) ? std::get<std::string>(m.parsed) : "(none)";
}

TEST(Ninjs, Version1FieldsMapOntoTheArticle) {
  const Article a = mapped(
      R"({"uri": "https://example.kz/en/1", "standard": {"version": "1.5"}, "language": "en-GB", "headline": "Title",)"
      R"( "description_html": "<p>The <b>lead</b></p>", "body_text": "Body text.", "byline": "A. Writer",)"
      R"( "firstcreated": "2024-03-25T09:00:00Z", "versioncreated": "2024-03-25T10:00:00Z", "version": "7",)"
      R"( "pubstatus": "withheld", "embargoed": "2024-03-26T00:00:00Z", "subject": [{"name": "Transport"},)"
      R"( {"code": "medtop:1"}], "keywords": ["rail", "Transport"], "genre": [{"name": "Analysis"}]})");
  EXPECT_EQ(a.id, "https://example.kz/en/1");
  EXPECT_EQ(a.url, "https://example.kz/en/1");
  EXPECT_EQ(a.lang, "en");
  EXPECT_EQ(a.title, "Title");
  EXPECT_EQ(a.lead, "The lead");
  EXPECT_EQ(a.body, "Body text.");
  EXPECT_EQ(a.author, "A. Writer");
  EXPECT_EQ(a.published, "2024-03-25T09:00:00Z");
  EXPECT_EQ(a.updated, "2024-03-25T10:00:00Z");
  EXPECT_EQ(a.version, 7);
  EXPECT_EQ(a.status, ArticleStatus::withheld);
  EXPECT_EQ(a.embargo, "2024-03-26T00:00:00Z");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"Transport", "rail"}));
  EXPECT_EQ(a.category, "Analysis");
}

TEST(Ninjs, Version2And3PartsArePickedByRoleAndContentType) {
  const Article two = mapped(item(
      R"("headlines": [{"role": "sub", "value": "Sub"}, {"role": "main", "value": "Main"}],)"
      R"( "descriptions": [{"role": "summary", "contenttype": "text/html", "value": "<p>Lead</p>"}],)"
      R"( "bodies": [{"contenttype": "text/html", "value": "<p>HTML</p>"}, {"contenttype": "text/plain", "value": "Plain"}],)"
      R"( "by": "Writer", "subjects": [{"name": "Rail"}], "genres": [{"name": "News"}], "version": 3)"));
  EXPECT_EQ(two.title, "Main");
  EXPECT_EQ(two.lead, "Lead");
  EXPECT_EQ(two.body, "Plain");
  EXPECT_EQ(two.author, "Writer");
  EXPECT_EQ(two.published, "2024-03-25T10:00:00+05:00");  // versioncreated without firstcreated
  EXPECT_EQ(two.version, 3);
  EXPECT_EQ(two.tags, (std::vector<std::string>{"Rail"}));
  EXPECT_EQ(two.category, "News");
  EXPECT_EQ(two.url, "");  // a URN is no address
  // 3.x spells members in camelCase; HTML alone is reduced; other types are skipped.
  const Article three = mapped(
      R"({"uri": "u3", "language": "ru", "versionCreated": "2024-03-25T10:00:00Z", "pubStatus": "canceled",)"
      R"( "headlines": [{"value": "Заголовок"}], "bodies": [{"contentType": "application/xml", "value": "<x/>"},)"
      R"( {"contentType": "text/html; charset=utf-8", "value": "<p>Текст</p>"}], "service": [{"name": "Wire"}]})");
  EXPECT_EQ(three.lang, "ru");
  EXPECT_EQ(three.body, "Текст");
  EXPECT_EQ(three.status, ArticleStatus::canceled);
  EXPECT_EQ(three.updated, "2024-03-25T10:00:00Z");
  EXPECT_EQ(three.category, "Wire");
}

TEST(Ninjs, LanguageTagsMapToEditionsAndKazakhGoesByItsScript) {
  auto lang = [](const std::string& tag, const std::string& title) {
    return mapped(item(R"("language": ")" + tag + R"(", "headlines": [{"value": ")" + title + R"("}])")).lang;
  };
  EXPECT_EQ(lang("kk-Cyrl-KZ", "Астана"), "kk");
  EXPECT_EQ(lang("kk-Latn", "Astana"), "kk-Latn");
  EXPECT_EQ(lang("kk-Arab", "استانا"), "kk-Arab");
  EXPECT_EQ(lang("kk", "Астанада жаңа метро"), "kk");
  EXPECT_EQ(lang("kk", "Astanada jańa metro"), "kk-Latn");
  EXPECT_EQ(lang("kk-CN", "ۇرىمجىدە جارمەڭكە"), "kk-Arab");
  EXPECT_EQ(lang("uz", "Toshkentda metro"), "uz");
  EXPECT_EQ(lang("uz", "Тошкентда метро"), "uz-Cyrl");
  EXPECT_EQ(lang("uz-Cyrl", "Toshkent"), "uz-Cyrl");
  EXPECT_EQ(lang("zh-Hant-TW", "地鐵"), "zh");
  EXPECT_EQ(lang("EN-us", "Metro"), "en");
  // Any other language in its canonical case.
  EXPECT_EQ(lang("de-ch", "Zürich"), "de-CH");
  EXPECT_EQ(lang("ky_KG", "Бишкек"), "ky-KG");
  EXPECT_EQ(lang("ru-Latn", "Moskva"), "ru-Latn");
  EXPECT_EQ(problem(item(R"("language": "de!")")),
            "ninjs field \"language\": \"de!\" is not a BCP 47 language tag (such as en, kk, kk-Arab, kk-Latn, ru, uz, "
            "uz-Cyrl, zh, ky, de-CH)");
}

TEST(Ninjs, EachProblemNamesTheNinjsField) {
  EXPECT_EQ(problem(R"({"language": "en"})"), "ninjs: missing \"uri\" (the item's identifier, used as its id)");
  EXPECT_EQ(problem(R"({"uri": "u", "language": "en", "versioncreated": "2024-03-25T10:00:00Z"})"),
            "ninjs: missing \"headline\" (1.x) or \"headlines\" (2.x, 3.x)");
  EXPECT_EQ(problem(item(R"("pubStatus": "draft")")),
            "ninjs field \"pubStatus\": \"draft\" is not usable, withheld or canceled");
  EXPECT_EQ(problem(item(R"("version": "1.2")")), "ninjs field \"version\": \"1.2\" is not a whole number");
  EXPECT_EQ(problem(item(R"("standard": {"version": "4.0"})")),
            "ninjs field \"standard.version\": version \"4.0\" is not one this engine reads (1.x to 3.x)");
  EXPECT_EQ(problem(item(R"("embargoed": "tomorrow")")),
            "ninjs field \"embargoed\": \"tomorrow\" is not an ISO 8601 date-time with Z or an offset");
  EXPECT_EQ(problem(item(R"("headlines": [{"value": ""}])")), "ninjs field \"headlines\" is empty");
  EXPECT_EQ(problem(item(R"("headlines": [{"role": "main"}])")), "ninjs field \"headlines[0]\" has no \"value\"");
  EXPECT_EQ(problem(item(R"("headlines": "Title")")), "ninjs field \"headlines\" must be a list, not a string");
  EXPECT_EQ(problem(item(R"("by": 5)")), "ninjs field \"by\" must be a string, not a number");
  EXPECT_EQ(problem(item(R"("subjects": [7])")),
            "ninjs field \"subjects[0]\" must be an object or a string, not a number");
  EXPECT_EQ(problem(item(R"("uri": ")" + std::string(201, 'u') + "\"")),
            "ninjs field \"uri\" is 201 bytes, over the limit of 200");
  EXPECT_EQ(problem("[1]"), "not a ninjs item (a JSON object) but a list");
  EXPECT_EQ(problem(R"({"uri": "u", "headline": )"),
            "field \"headline\": invalid JSON: column 26: syntax error "
            "while parsing value - unexpected end of input; expected '[', "
            "'{', or a literal");
}

TEST(Ninjs, TheLineStoredIsOfTheArticleFormat) {
  EXPECT_EQ(article_line_from_ninjs(item()),
            R"({"id":"urn:newsml:example.kz:1","lang":"en","published":"2024-03-25T10:00:00+05:00",)"
            R"("title":"Astana to open a metro line","updated":"2024-03-25T10:00:00+05:00"})");
  EXPECT_THROW(article_line_from_ninjs("{}"), InvalidArgument);
}

std::string fixture_dir() { return std::string(NEWSIDX_SOURCE_DIR) + "/tests/ninjs"; }

std::vector<std::string> fixtures() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(fixture_dir())) files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

class NinjsFixtures : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> argv = {NEWSINDEX_BIN, "--db", dir_.path(), "add", "--format", "ninjs"};
    for (const auto& f : fixtures()) argv.push_back(f);
    const CommandResult r = run(argv);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("added 8, replaced 0, rejected 0"), std::string::npos) << r.err;
  }
  std::vector<std::string> ids(const std::string& query, std::optional<std::int64_t> now = std::nullopt) {
    Searcher s(dir_.path());
    SearchRequest q;
    q.query = query;
    q.limit = 100;
    q.now = now;
    q.collapse_duplicates = false;
    std::vector<std::string> out;
    for (const auto& h : s.search(q).results) out.push_back(h.id);
    std::sort(out.begin(), out.end());
    return out;
  }
  TempDir dir_;
};

TEST_F(NinjsFixtures, EveryEditionIsStoredWithItsFields) {
  Searcher s(dir_.path());
  const auto kk = s.article("urn:newsml:kazinform.kz:20240325:kk-astana-metro");
  ASSERT_TRUE(kk);
  EXPECT_EQ(kk->lang, "kk");
  EXPECT_EQ(kk->title, "Астанада жаңа метро желісі ашылады");
  EXPECT_EQ(kk->body,
            "Астана әкімдігі жеңіл рельсті көлік жобасының мерзімін жариялады.\n"
            "Алғашқы пойыздар «Нұрлы жол» вокзалынан жүреді.");
  EXPECT_EQ(kk->tags, (std::vector<std::string>{"Көлік", "Астана", "метро"}));
  EXPECT_EQ(kk->version, 2);
  EXPECT_EQ(kk->published, "2024-03-25T09:00:00+05:00");
  const std::pair<const char*, const char*> editions[] = {
      {"urn:newsml:kazinform.kz:20240326:kk-arab-urumqi-fair", "kk-Arab"},
      {"https://www.kazinform.kz/qz/kk-latn-astana-metro", "kk-Latn"},
      {"urn:newsml:kazinform.kz:20240325:ru-astana-metro", "ru"},
      {"urn:newsml:kazinform.kz:20240325:en-astana-metro", "en"},
      {"urn:newsml:kazinform.kz:20240325:zh-astana-metro", "zh"},
      {"urn:newsml:kazinform.kz:20240325:uz-tashkent-metro", "uz"},
      {"urn:newsml:kazinform.kz:20240325:uz-cyrl-tashkent-metro", "uz-Cyrl"}};
  for (const auto& [id, lang] : editions) {
    const auto a = s.article(id);
    ASSERT_TRUE(a) << id;
    EXPECT_EQ(a->lang, lang) << id;
  }
  EXPECT_EQ(s.article("urn:newsml:kazinform.kz:20240325:ru-astana-metro")->body,
            "Акимат Астаны объявил сроки запуска легкорельсового транспорта. Первые поезда пойдут от вокзала «Нурлы "
            "жол».");
  EXPECT_EQ(s.article("urn:newsml:kazinform.kz:20240325:en-astana-metro")->status, ArticleStatus::canceled);
  EXPECT_EQ(s.article("urn:newsml:kazinform.kz:20240325:uz-cyrl-tashkent-metro")->status, ArticleStatus::withheld);
}

TEST_F(NinjsFixtures, ReadersSeeWhatPubstatusAndEmbargoAllow) {
  // The Arabic-script Kazakh item, found by a Cyrillic query: one form for every script.
  EXPECT_EQ(ids("жәрмеңке"), std::vector<std::string>{"urn:newsml:kazinform.kz:20240326:kk-arab-urumqi-fair"});
  EXPECT_EQ(ids("Astanada"), (std::vector<std::string>{"https://www.kazinform.kz/qz/kk-latn-astana-metro",
                                                       "urn:newsml:kazinform.kz:20240325:kk-astana-metro"}));
  EXPECT_EQ(ids("light rail"), std::vector<std::string>{});  // canceled
  // Uzbek in either script finds the Latin item, never the withheld Cyrillic one.
  for (const char* query : {"Тошкентда", "Toshkentda"})
    EXPECT_EQ(ids(query), std::vector<std::string>{"urn:newsml:kazinform.kz:20240325:uz-tashkent-metro"}) << query;
  EXPECT_EQ(ids("地铁"), std::vector<std::string>{});  // under embargo until 2030
  EXPECT_EQ(ids("地铁", 1893456000), std::vector<std::string>{"urn:newsml:kazinform.kz:20240325:zh-astana-metro"});
}

TEST_F(NinjsFixtures, AnOlderVersionIsIgnoredAndABadItemNamedByFileAndLine) {
  const std::string ru = fixture_dir() + "/ru-2.0.json";
  std::string text = read_file(ru);
  text.replace(text.find("\"version\": \"3\""), 14, "\"version\": \"2\"");
  write_file(dir_.file("older.json"), text);
  write_file(dir_.file("array.json"), "[\n" + item() + ",\n" + item(R"("uri": "u-2", "pubstatus": "gone")") + "\n]\n");
  const CommandResult r = run({NEWSINDEX_BIN, "--db", dir_.path(), "add", "--format", "ninjs", dir_.file("older.json"),
                               dir_.file("array.json")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(
      r.err.find(dir_.file("older.json") +
                 ":1: older version 2 of \"urn:newsml:kazinform.kz:20240325:ru-astana-metro\" ignored, 3 is stored"),
      std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(dir_.file("array.json") +
                       ":3: ninjs field \"pubstatus\": \"gone\" is not usable, withheld or canceled"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("added 1, replaced 0, rejected 1, older versions ignored 1"), std::string::npos) << r.err;
  EXPECT_EQ(run({NEWSINDEX_BIN, "--db", dir_.path(), "add", "--format", "nitf", ru}).exit_code, 2);
}

TEST(NinjsCli, StrictFromStandardInputStoresNothingWhenAnItemIsBad) {
  TempDir dir;
  const std::string good = read_file(fixture_dir() + "/kk-cyrl-1.4.json");
  const std::string bad = item(R"("language": "12")");
  const CommandResult strict = run({NEWSINDEX_BIN, "--db", dir.path(), "add", "--format", "ninjs", "--strict", "-"},
                                   "[" + good + "," + bad + "]");
  EXPECT_EQ(strict.exit_code, 1);
  EXPECT_NE(strict.err.find("ninjs field \"language\": \"12\" is not a BCP 47 language tag"), std::string::npos)
      << strict.err;
  EXPECT_NE(strict.err.find("--strict: nothing stored"), std::string::npos) << strict.err;
  // JSON Lines of compact items, from a gzip file, line numbers kept.
  std::string lines = nlohmann::json::parse(good).dump() + "\n" + item(R"("uri": "u-2", "version": "x")") + "\n";
  write_file(dir.file("items.jsonl"), lines);
  ASSERT_EQ(std::system(("gzip " + dir.file("items.jsonl")).c_str()), 0);
  const CommandResult gz =
      run({NEWSINDEX_BIN, "--db", dir.path(), "add", "--format", "ninjs", dir.file("items.jsonl.gz")});
  EXPECT_EQ(gz.exit_code, 1);
  EXPECT_NE(gz.err.find(dir.file("items.jsonl.gz") + ":2: ninjs field \"version\": \"x\" is not a whole number"),
            std::string::npos)
      << gz.err;
  EXPECT_TRUE(Searcher(dir.path()).article("urn:newsml:kazinform.kz:20240325:kk-astana-metro"));
}

}  // namespace
}  // namespace newsidx::test

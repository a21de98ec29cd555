// The HTTP service in-process on a free port over the sample (data/), with
// the sample access log counted: every endpoint, every error, new commits
// seen without a restart, concurrent clients.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "newsidx/analyzer.h"
#include "newsidx/errors.h"
#include "newsidx/indexer.h"
#include "newsidx/views.h"
#include "service/http_service.h"
#include "service/json_output.h"
#include "tests/service_on.h"
#include "tests/shard_servers.h"
#include "tests/test_util.h"

namespace newsidx::test {
namespace {

using nlohmann::json;

class ServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    Indexer(dir_->path()).add_files({sample_articles()});
    ViewCounter(dir_->path()).add_logs({std::string(NEWSIDX_SOURCE_DIR) + "/data/access.log"});
    searcher_ = new Searcher(dir_->path());
    service::ServiceOptions o;
    o.port = 0;
    o.threads = 8;
    service_ = new service::HttpService(*searcher_, o);
    service_->bind();
    thread_ = new std::thread([] { service_->run(); });
  }

  static void TearDownTestSuite() {
    service_->stop();
    thread_->join();
    delete thread_;
    delete service_;
    delete searcher_;
    delete dir_;
  }

  struct Reply {
    int status = 0;
    json body;
    std::string content_type;
  };

  static Reply get(const std::string& path) {
    httplib::Client client("127.0.0.1", service_->port());
    auto r = client.Get(path.c_str());
    if (!r) return {};
    Reply reply{r->status, {}, r->get_header_value("Content-Type")};
    if (reply.content_type.rfind("application/json", 0) == 0) reply.body = json::parse(r->body);
    else reply.body = r->body;
    return reply;
  }

  static std::vector<std::string> ids(const json& body) {
    std::vector<std::string> out;
    for (const auto& r : body["results"]) out.push_back(r["id"]);
    return out;
  }

  static TempDir* dir_;
  static Searcher* searcher_;
  static service::HttpService* service_;
  static std::thread* thread_;
};

TempDir* ServiceTest::dir_ = nullptr;
Searcher* ServiceTest::searcher_ = nullptr;
service::HttpService* ServiceTest::service_ = nullptr;
std::thread* ServiceTest::thread_ = nullptr;

TEST_F(ServiceTest, HealthGivesTheArticleCountAndLastCommit) {
  const Reply r = get("/api/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
  EXPECT_EQ(r.body["status"], "ok");
  EXPECT_EQ(r.body["articles"], 49);
  const std::int64_t committed = r.body["last_commit_unix"];
  EXPECT_LE(std::abs(committed - static_cast<std::int64_t>(std::time(nullptr))), 600);
  EXPECT_EQ(r.body["last_commit"], format_iso8601_utc(committed));
}

TEST_F(ServiceTest, SearchIsTheJsonOfNewssearchQuery) {
  const Reply r = get("/api/search?q=Toqaev%20Bishkek");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(ids(r.body), (std::vector<std::string>{"kk-tokayev-bishkek", "qz-tokayev-bishkek"}));
  const CommandResult cli = run({NEWSSEARCH_BIN, "--db", dir_->path(), "query", "--json", "Toqaev Bishkek"});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(r.body, json::parse(cli.out));
  const auto& spans = r.body["results"][0]["snippet"];
  std::vector<std::string> marked;
  for (const auto& s : spans)
    if (s["highlight"]) marked.push_back(s["text"]);
  // Тоқаевты is the accusative of Тоқаев.
  EXPECT_EQ(marked, (std::vector<std::string>{"Тоқаев", "Бішкекке", "Тоқаевты"}));
}

TEST_F(ServiceTest, SearchParametersMatchTheLibrary) {
  struct Case {
    std::string query_string;
    SearchRequest request;
  };
  std::vector<Case> cases;
  auto add = [&](const std::string& qs, auto&& adjust) {
    SearchRequest req;
    adjust(req);
    cases.push_back({qs, req});
  };
  add("q=referendum&lang=kk", [](SearchRequest& r) {
    r.query = "referendum";
    r.lang = "kk";
  });
  add("q=referendum&sort=date&limit=3&offset=2", [](SearchRequest& r) {
    r.query = "referendum";
    r.sort = SortOrder::Date;
    r.limit = 3;
    r.offset = 2;
  });
  add("q=referendum&since=2022-06&until=2022-06-30", [](SearchRequest& r) {
    r.query = "referendum";
    r.since = parse_date_bound("2022-06", false);
    r.until = parse_date_bound("2022-06-30", true);
  });
  add("q=%D2%9A%D0%B0%D0%B7%D0%B0%D2%9B%D1%81%D1%82%D0%B0%D0%BD&facets=1", [](SearchRequest& r) {
    r.query = "Қазақстан";
    r.facets = true;
  });
  add("q=referendum&tag=Kazakhstan%20Referendum", [](SearchRequest& r) {
    r.query = "referendum";
    r.tags = {"Kazakhstan Referendum"};
  });
  add("q=&category=economy", [](SearchRequest& r) { r.category = "economy"; });
  add("q=referendum&tag=a%22quote&category=x", [](SearchRequest& r) {
    r.query = "referendum";
    r.tags = {"a\"quote"};
    r.category = "x";
  });
  add("q=base%20rate&any=true&all_copies=1", [](SearchRequest& r) {
    r.query = "base rate";
    r.any = true;
    r.collapse_duplicates = false;
  });
  add("q=bank%20rate%20inflation&any=1&feedback=1", [](SearchRequest& r) {
    r.query = "bank rate inflation";
    r.any = true;
    r.feedback = true;
  });
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query_string);
    const Reply r = get("/api/search?" + c.query_string);
    ASSERT_EQ(r.status, 200) << r.body.dump();
    const SearchResult expected = searcher_->search(c.request);
    EXPECT_EQ(r.body, service::search_json(expected));
    EXPECT_EQ(expected.results.empty(), c.query_string.find("a%22quote") != std::string::npos);
    if (c.request.feedback) {  // the case tells feedback from none: the first result differs
      SearchRequest without = c.request;
      without.feedback = false;
      EXPECT_NE(searcher_->search(without).results.at(0).id, expected.results.at(0).id);
    }
  }
}

TEST_F(ServiceTest, FacetFiltersNarrowTheResults) {
  const Reply all = get("/api/search?q=referendum");
  const Reply kk = get("/api/search?q=referendum&lang=kk");
  const Reply tagged = get("/api/search?q=&tag=Base%20Rate");
  EXPECT_EQ(all.body["total"], 7);
  EXPECT_EQ(ids(kk.body), (std::vector<std::string>{"kk-referendum-2022", "kk2021-referendum-2022",
                                                    "kkarab-referendum-2022"}));  // equal scores: by id
  for (const auto& r : tagged.body["results"])
    EXPECT_NE(std::find(r["tags"].begin(), r["tags"].end(), "Base Rate"), r["tags"].end()) << r["id"];
  EXPECT_GE(tagged.body["total"].get<int>(), 2);
}

TEST_F(ServiceTest, ArticleIsTheStoredArticle) {
  const Reply r = get("/api/articles/kk-tokayev-bishkek");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, service::article_json(*searcher_->article("kk-tokayev-bishkek")));
  EXPECT_EQ(r.body["title"], "Тоқаев Қырғызстанда ТМД саммитіне қатысты");
  EXPECT_EQ(r.body["tags"], (json{"CIS Summit", "Kyrgyzstan", "Kazakhstan"}));
}

TEST_F(ServiceTest, AKazakhArticleIsShownInTheScriptAsked) {
  const Reply latin = get("/api/articles/kk-tokayev-bishkek?script=Latn");
  ASSERT_EQ(latin.status, 200);
  EXPECT_EQ(latin.body["title"], "Toqaev Qyrğyzstanda TMD sammitıne qatysty");
  EXPECT_EQ(latin.body["lang"], "kk-Latn");
  EXPECT_EQ(latin.body["id"], "kk-tokayev-bishkek");
  EXPECT_EQ(latin.body["tags"], (json{"CIS Summit", "Kyrgyzstan", "Kazakhstan"}));  // Latin already
  // The 2021 edition's article, back in Cyrillic.
  const Reply cyrillic = get("/api/articles/kk2021-referendum-2022?script=Cyrl");
  ASSERT_EQ(cyrillic.status, 200);
  EXPECT_EQ(cyrillic.body["lang"], "kk");
  EXPECT_EQ(cyrillic.body["title"], kazakh_in_script(searcher_->article("kk2021-referendum-2022")->title, "Cyrl"));
  EXPECT_NE(cyrillic.body["title"], searcher_->article("kk2021-referendum-2022")->title);

  const Reply russian = get("/api/articles/ru-referendum-2022?script=Latn");
  EXPECT_EQ(russian.status, 400);
  EXPECT_EQ(russian.body["error"],
            "script: article \"ru-referendum-2022\" is in ru; only a Kazakh article is shown in another script");
  const Reply unknown = get("/api/articles/kk-tokayev-bishkek?script=Grek");
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body["error"], "script must be Arab, Cyrl or Latn, not \"Grek\"");
}

TEST_F(ServiceTest, AKazakhArticleIsShownInTheArabicScriptAndFromIt) {
  const Reply arabic = get("/api/articles/kk-tokayev-bishkek?script=Arab");
  ASSERT_EQ(arabic.status, 200);
  EXPECT_EQ(arabic.body["title"], "توقاەۆ قىرعىزستاندا تمد سامميتىنە قاتىستى");
  EXPECT_EQ(arabic.body["lang"], "kk-Arab");
  EXPECT_EQ(arabic.body["tags"], (json{"CIS Summit", "Kyrgyzstan", "Kazakhstan"}));  // foreign names stay Latin
  // The 2021 Latin edition reaches the Arabic script through Cyrillic.
  const Article latin = *searcher_->article("kk2021-referendum-2022");
  EXPECT_EQ(get("/api/articles/kk2021-referendum-2022?script=Arab").body["title"],
            kazakh_in_script(kazakh_in_script(latin.title, "Cyrl"), "Arab"));
  // The Arabic-script edition read in Cyrillic and in Latin letters.
  EXPECT_EQ(get("/api/articles/kkarab-referendum-2022?script=Cyrl").body["title"], "Қазақстанда референдум өтті");
  const Reply from_arabic = get("/api/articles/kkarab-referendum-2022?script=Latn");
  EXPECT_EQ(from_arabic.body["title"], "Qazaqstanda referendum öttı");
  EXPECT_EQ(from_arabic.body["lang"], "kk-Latn");
  // Asked for the script it is in: as stored, foreign words and all.
  EXPECT_EQ(get("/api/articles/kk-tokayev-bishkek?script=Cyrl").body,
            service::article_json(*searcher_->article("kk-tokayev-bishkek")));
}

TEST_F(ServiceTest, RelatedMatchesTheLibrary) {
  const Reply r = get("/api/articles/kk-tokayev-bishkek/related?limit=3&any_lang=1");
  ASSERT_EQ(r.status, 200);
  RelatedOptions o;
  o.limit = 3;
  o.any_lang = true;
  EXPECT_EQ(r.body, service::related_json("kk-tokayev-bishkek", *searcher_->related("kk-tokayev-bishkek", o)));
  EXPECT_EQ(r.body["results"].size(), 3u);
  EXPECT_EQ(r.body["results"][0]["id"], "qz-tokayev-bishkek");
}

TEST_F(ServiceTest, PopularMatchesTheLibrary) {
  const Reply r = get("/api/popular?window=7d&at=2024-03-25T00:00:00Z&lang=kk&top=3");
  ASSERT_EQ(r.status, 200);
  PopularRequest req;
  req.window_seconds = 7 * 86400;
  req.at = *parse_iso8601_time("2024-03-25T00:00:00Z");
  req.lang = "kk";
  req.top = 3;
  const PopularResult expected = searcher_->popular(req);
  EXPECT_EQ(r.body, service::popular_json("7d", false, expected));
  ASSERT_EQ(r.body["results"].size(), 3u);
  EXPECT_EQ(r.body["results"][0]["id"], "qz-tokayev-bishkek");
  EXPECT_EQ(r.body["results"][0]["views"], 148);

  const Reply trending = get("/api/popular?window=7d&at=1711324800&trending=1&half_life=12");
  ASSERT_EQ(trending.status, 200);
  EXPECT_TRUE(trending.body["results"][0].contains("score"));
}

TEST_F(ServiceTest, SuggestMatchesTheLibraryAndNamesBadParameters) {
  const Reply r = get("/api/suggest?q=%D2%9A%D0%B0%D0%B7&lang=kk&limit=3");  // Қаз
  ASSERT_EQ(r.status, 200);
  SuggestRequest req;
  req.prefix = "Қаз";
  req.lang = "kk";
  req.limit = 3;
  EXPECT_EQ(r.body, service::suggest_json(searcher_->suggest(req)));
  EXPECT_EQ(r.body["q"], "Қаз");
  EXPECT_TRUE(r.body["layout"].is_null());
  ASSERT_EQ(r.body["suggestions"].size(), 3u);
  EXPECT_EQ(r.body["suggestions"][2], (json{{"text", "Қазақстанда конституциялық референдум өтті"},
                                            {"kind", "headline"},
                                            {"lang", "kk"},
                                            {"id", "kk-referendum-2022"}}));
  EXPECT_EQ(r.body["suggestions"][1], (json{{"text", "Қазақстанда"}, {"kind", "phrase"}, {"lang", "kk"}}));
  // The default limit is 8; an empty q has none.
  EXPECT_EQ(get("/api/suggest?q=a").body["suggestions"].size(), 8u);
  EXPECT_EQ(get("/api/suggest?q=").body["suggestions"], json::array());
  struct Bad {
    const char* query;
    const char* error;
  };
  const Bad bad[] = {
      {"q=a&limit=21", "limit must be a whole number from 1 to 20, not \"21\""},
      {"q=a&lang=fr_FR",
       "lang \"fr_FR\" is not a BCP 47 language tag (such as en, kk, kk-Arab, kk-Latn, ru, uz, uz-Cyrl, zh, ky, "
       "de-CH)"},
      {"q=%FF", "the prefix is not UTF-8 (byte 0)"},
      {"q=a&sort=date", "unknown parameter \"sort\""},
  };
  for (const Bad& b : bad) {
    const Reply reply = get(std::string("/api/suggest?") + b.query);
    EXPECT_EQ(reply.status, 400) << b.query;
    EXPECT_EQ(reply.body["error"], b.error) << b.query;
  }
  const Reply long_prefix = get("/api/suggest?q=" + std::string(300, 'a'));
  EXPECT_EQ(long_prefix.status, 400);
  EXPECT_EQ(long_prefix.body["error"], "the prefix is 300 bytes, over the maximum of 256");
}

TEST_F(ServiceTest, ThePageAndItsFilesAreServed) {
  const Reply page = get("/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_NE(page.body.get<std::string>().find("<script src=\"/app.js\"></script>"), std::string::npos);
  EXPECT_EQ(get("/app.js").content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(get("/style.css").content_type, "text/css; charset=utf-8");
  httplib::Client client("127.0.0.1", service_->port());
  EXPECT_EQ(client.Get("/")->get_header_value("Content-Security-Policy"),
            "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
}

struct ErrorCase {
  std::string path;
  int status;
  std::string parameter;  // empty: none named
  std::string message;
};

TEST_F(ServiceTest, ErrorsAreJsonWithTheRightStatus) {
  const std::string long_q(1025, 'a');
  const std::vector<ErrorCase> cases = {
      {"/api/search", 400, "q", "q, the query, is missing"},
      {"/api/search?q=x&limit=101", 400, "limit", "limit must be a whole number from 0 to 100, not \"101\""},
      {"/api/search?q=x&limit=ten", 400, "limit", "limit must be a whole number from 0 to 100, not \"ten\""},
      {"/api/search?q=x&offset=-1", 400, "offset", "offset must be a whole number from 0 to 10000, not \"-1\""},
      {"/api/search?q=x&sort=popular", 400, "sort", "sort must be relevance or date, not \"popular\""},
      {"/api/search?q=x&lang=x1", 400, "lang",
       "lang \"x1\" is not a BCP 47 language tag (such as en, kk, kk-Arab, kk-Latn, ru, uz, uz-Cyrl, zh, ky, de-CH)"},
      {"/api/search?q=x&since=June", 400, "since", "since must be a date YYYY-MM-DD, YYYY-MM or YYYY, not \"June\""},
      {"/api/search?q=x&until=2024-13-01", 400, "until",
       "until \"2024-13-01\" is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)"},
      {"/api/search?q=x&facets=maybe", 400, "facets", "facets must be true or false, not \"maybe\""},
      {"/api/search?q=x&fresh=1&half_life=0", 400, "half_life", "half_life must be a positive number, not \"0\""},
      {"/api/search?q=x&q=y", 400, "q", "q is given more than once"},
      {"/api/search?q=x&q=x", 400, "q", "q is given more than once"},       // regression: identical repeats passed
      {"/api/search?q=x&=1", 400, "", "a parameter has no name (\"=1\")"},  // found by fuzz_api_params
      {"/api/search?q=x&colour=red", 400, "colour", "unknown parameter \"colour\""},
      {"/api/search?q=" + long_q, 400, "q", "q is 1025 bytes, over the limit of 1024"},
      {"/api/articles/no-such-id", 404, "", "no article with id \"no-such-id\""},
      {"/api/articles/no-such-id/related", 404, "", "no article with id \"no-such-id\""},
      {"/api/articles/kk-tokayev-bishkek?x=1", 400, "x", "unknown parameter \"x\""},
      {"/api/articles/kk-tokayev-bishkek/related?limit=0", 400, "limit",
       "limit must be a whole number from 1 to 100, not \"0\""},
      {"/api/articles/kk-tokayev-bishkek/related?lang=ru&any_lang=1", 400, "any_lang",
       "lang and any_lang exclude each other"},
      {"/api/popular?window=fortnight", 400, "window",
       "window must be like 1h, 24h, 7d, 30d or all, not \"fortnight\""},
      {"/api/popular?at=yesterday", 400, "at",
       "at must be an ISO 8601 time with a zone or unix seconds, not \"yesterday\""},
      {"/api/popular?at=99999999999999", 400, "at",
       "at must be an ISO 8601 time with a zone or unix seconds, not \"99999999999999\""},
      {"/api/popular?top=1000", 400, "top", "top must be a whole number from 1 to 100, not \"1000\""},
      {"/api/health?verbose=1", 400, "verbose", "unknown parameter \"verbose\""},
      {"/api/nothing", 404, "", "no such endpoint: /api/nothing"},
      {"/" + std::string(9000, 'a'), 414, "", "the request line is over the limit of 8192 bytes"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.path.substr(0, 100));
    const Reply r = get(c.path);
    EXPECT_EQ(r.status, c.status);
    EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
    EXPECT_EQ(r.body["status"], c.status);
    EXPECT_EQ(r.body["error"], c.message);
    if (c.parameter.empty()) EXPECT_FALSE(r.body.contains("parameter"));
    else EXPECT_EQ(r.body["parameter"], c.parameter);
  }
}

TEST_F(ServiceTest, OversizedRequestsAndOtherMethodsAreRefused) {
  httplib::Client client("127.0.0.1", service_->port());
  const auto big = client.Post("/api/search", std::string(65 * 1024, 'x'), "text/plain");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(json::parse(big->body)["error"], "the request body is over the limit");
  const auto big_header = client.Get("/api/health", {{"X-Padding", std::string(9000, 'x')}});
  ASSERT_TRUE(big_header);
  EXPECT_EQ(big_header->status, 400);
  EXPECT_EQ(json::parse(big_header->body)["error"], "the request headers are over the limit of 8192 bytes");
  const auto post = client.Post("/api/search", "q=x", "application/x-www-form-urlencoded");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->status, 405);
  EXPECT_EQ(json::parse(post->body)["error"], "writes are off (newssearch serve --writable)");
  httplib::Client patcher("127.0.0.1", service_->port());
  const auto patch = patcher.Patch("/api/search", "x", "text/plain");
  ASSERT_TRUE(patch);
  EXPECT_EQ(patch->status, 405);
  EXPECT_EQ(json::parse(patch->body)["error"], "only GET, HEAD, POST, PUT and DELETE are served");
}

// Malformed query strings are answered 200 (read as plain words where the
// query language is broken, with the reason) or 400 naming the parameter:
// never a 500.
TEST_F(ServiceTest, MalformedQueryStringsGetAnAnswerNotAServerError) {
  struct Case {
    std::string query;
    int status;
    std::string parameter_or_problem;  // 400: the parameter named; 200: the problem, "" when read as written
  };
  const std::vector<Case> cases = {
      {"q=%FF%FE%00", 200, ""},
      {"q=%22%22%22", 200, "unbalanced quote"},
      {"q=((((", 200, "empty parentheses"},
      {"q=-", 200, ""},
      {"q=OR%20OR", 200, "OR without a word on each side"},
      {"q=title:", 200, "field \"title:\" has no value"},
      {"q=date:2024-99-99..x", 200, "bad date \"2024-99-99\" (expected YYYY-MM-DD, YYYY-MM or YYYY)"},
      {"q=*", 200, ""},
      {"q=a*&limit=0", 200, ""},
      {"q=%E2%80%8B", 200, ""},
      {"q=x&since=0000", 200, ""},
      {"q=x&until=9999-12-31", 200, ""},
      {"q=tag:%22", 200, "unbalanced quote"},
      {"q=%D8%B1%DB%95%D9%81%DB%95%D8%B1%DB%95%D9%86%D8%AF%DB%8B%D9%85", 200, ""},
      {"q=x&offset=10000", 200, ""},
      {"q=%25%25", 200, ""},
      {"q=x&half_life=1e308&fresh=1", 200, ""},
      {"q=x&half_life=nan", 400, "half_life"},
      {"q=x&lang=", 400, "lang"},
      {"q=x&sort=", 400, "sort"},
      {"q=x&limit=", 400, "limit"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.query);
    const Reply r = get("/api/search?" + c.query);
    ASSERT_EQ(r.status, c.status) << r.body.dump();
    if (c.status == 400) {
      EXPECT_EQ(r.body["parameter"], c.parameter_or_problem);
      continue;
    }
    EXPECT_EQ(r.body["plain_words"], !c.parameter_or_problem.empty());
    EXPECT_EQ(r.body.value("problem", ""), c.parameter_or_problem);
  }
}

// The raw answer to a request written by hand: its status line.
std::string status_line_of(int port, const std::string& request) {
  httplib::Client client("127.0.0.1", port);
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return "no connection";
  ::send(fd, request.data(), request.size(), 0);
  std::string answer(4096, '\0');
  const auto n = ::recv(fd, answer.data(), answer.size(), 0);
  ::close(fd);
  answer.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return answer.substr(0, answer.find("\r\n"));
}

// Regression: TRACE, CONNECT and unknown methods were answered 400.
TEST_F(ServiceTest, EveryMethodButGetIs405) {
  for (const std::string method : {"POST", "PUT", "DELETE", "TRACE", "CONNECT", "OPTIONS", "PATCH", "FROBNICATE"}) {
    SCOPED_TRACE(method);
    const std::string target = method == "CONNECT" ? "127.0.0.1:80" : "/api/health";
    EXPECT_EQ(
        status_line_of(service_->port(), method + " " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
        "HTTP/1.1 405 Method Not Allowed");
  }
  EXPECT_EQ(status_line_of(service_->port(), "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"), "HTTP/1.1 200 OK");
}

// Regression: "q=Tokayev=referendum" searched "referendum" alone.
TEST_F(ServiceTest, AParameterIsSplitAtItsFirstEquals) {
  const Reply r = get("/api/search?q=Tokayev=referendum&limit=100");
  ASSERT_EQ(r.status, 200);
  SearchRequest same;
  same.query = "Tokayev=referendum";
  same.limit = 100;
  EXPECT_EQ(r.body, service::search_json(searcher_->search(same)));
  EXPECT_EQ(r.body["read_as"], "Tokayev=referendum");
}

TEST_F(ServiceTest, ManyClientsAtOnceGetTheSameAnswers) {
  const json expected = get("/api/search?q=referendum&facets=1").body;
  std::atomic<int> wrong{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 6; ++t) {
    clients.emplace_back([&] {
      httplib::Client client("127.0.0.1", service_->port());
      for (int i = 0; i < 30; ++i) {
        const auto r = client.Get("/api/search?q=referendum&facets=1");
        if (!r || r->status != 200 || json::parse(r->body) != expected) ++wrong;
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(wrong.load(), 0);
}

// Over shard servers: a shard with no copy left is a 503 naming it, and
// partial=1 answers from the others, saying so; the service keeps serving.
TEST(ServiceOverShardServers, NoCopyLeftIs503NamingTheShardAndPartialAnswers) {
  if (!test::shardd_built()) GTEST_SKIP() << "newsidx-shardd is not built (scripts/xapian_source.sh)";
  TempDir dir;
  create_index(dir.file("local"), 2);
  Indexer(dir.file("local")).add_files({sample_articles()});
  test::ShardServer zero(dir.file("local/shard-0"), false), one(dir.file("local/shard-1"), false);
  create_remote_index(dir.file("remote"), {zero.address(), one.address()});
  const Searcher searcher(dir.file("remote"));
  const ServiceOn service(searcher);
  httplib::Client client("127.0.0.1", service.port());
  const auto whole = client.Get("/api/search?q=Kazakhstan");
  ASSERT_TRUE(whole);
  EXPECT_EQ(whole->status, 200);
  const auto completions = client.Get("/api/suggest?q=Kaz");
  ASSERT_TRUE(completions);
  EXPECT_EQ(completions->status, 503);
  EXPECT_EQ(json::parse(completions->body)["error"],
            dir.file("remote") + ": completions are not offered over shard servers yet");

  zero.kill();
  const auto failed = client.Get("/api/search?q=Kazakhstan");
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->status, 503);
  const std::string error = json::parse(failed->body)["error"];
  EXPECT_EQ(error.rfind(dir.file("remote") + ": shard 0 (" + zero.address() + ") has no copy that answers (", 0), 0u)
      << error;
  const auto partial = client.Get("/api/search?q=Kazakhstan&partial=1");
  ASSERT_TRUE(partial);
  ASSERT_EQ(partial->status, 200) << partial->body;
  const json body = json::parse(partial->body);
  EXPECT_EQ(body["partial"], true);
  EXPECT_EQ(body["missing_shards"], json::array({0}));
  EXPECT_LT(body["total"].get<int>(), json::parse(whole->body)["total"].get<int>());

  zero.start();  // back: whole answers again
  const auto again = client.Get("/api/search?q=Kazakhstan");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(json::parse(again->body)["total"], json::parse(whole->body)["total"]);
}

// Its own index: it adds articles and views while the service runs.
TEST(ServiceFollowsCommits, NewArticlesAndViewsAppearWithoutARestart) {
  TempDir dir;
  Indexer(dir.path()).add_files({sample_articles()});
  const Searcher searcher(dir.path());
  const ServiceOn service(searcher);
  httplib::Client client("127.0.0.1", service.port());
  auto total = [&](const std::string& path, const char* key) {
    const auto r = client.Get(path.c_str());
    return r && r->status == 200 ? json::parse(r->body)[key] : json();
  };
  EXPECT_EQ(total("/api/search?q=zebracorn", "total"), 0);
  EXPECT_EQ(total("/api/popular?window=all", "results"), json::array());

  write_file(
      dir.file("new.jsonl"),
      article_line("zebra-1", R"("title": "Zebracorn spotted in Astana", "url": "https://x.kz/zebra-1")") + "\n");
  Indexer(dir.path()).add_files({dir.file("new.jsonl")});
  EXPECT_EQ(total("/api/search?q=zebracorn", "total"), 1);
  EXPECT_EQ(total("/api/health", "articles"), 50);

  write_file(dir.file("access.log"),
             "10.0.0.1 - - [25/Mar/2024:10:00:00 +0000] \"GET /zebra-1 HTTP/1.1\" 200 100 \"-\" \"Mozilla/5.0 "
             "Firefox/121.0\"\n");
  ViewCounter(dir.path()).add_logs({dir.file("access.log")});
  const json popular = total("/api/popular?window=all", "results");
  ASSERT_EQ(popular.size(), 1u);
  EXPECT_EQ(popular[0]["id"], "zebra-1");
  EXPECT_EQ(popular[0]["views"], 1);
}

TEST(ServiceBinding, APortInUseIsAClearError) {
  TempDir dir;
  Indexer(dir.path()).add_files({sample_articles()});
  const Searcher searcher(dir.path());
  service::ServiceOptions o;
  o.port = 0;
  service::HttpService first(searcher, o);
  first.bind();
  o.port = first.port();
  service::HttpService second(searcher, o);
  try {
    second.bind();
    FAIL() << "bound a port in use";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot listen on 127.0.0.1:" + std::to_string(o.port) + " (in use, or not an address of this machine)");
  }
}

}  // namespace
}  // namespace newsidx::test

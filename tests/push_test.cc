// Articles pushed over HTTP: tokens, every body form, answers only once
// committed, shared commits under concurrent pushes, versions and deletes.
#include <sys/stat.h>

#include <atomic>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "newsidx/errors.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"
#include "service/article_push.h"
#include "service/http_service.h"
#include "tests/service_on.h"
#include "tests/test_util.h"

namespace newsidx::test {
namespace {

using nlohmann::json;

class Push : public ::testing::Test {
 protected:
  Push() : writer_(dir_.path()), searcher_(dir_.path()), service_(options()) {
    service_.accept_writes(writer_, {"tok-1", "tok-2"}, std::chrono::milliseconds(50));
    service_.serve(searcher_);
    service_.bind();
    serving_ = std::thread([this] { service_.run(); });
  }
  ~Push() override {
    service_.stop();
    serving_.join();
  }
  static service::ServiceOptions options() {
    service::ServiceOptions o;
    o.port = 0;
    o.max_body_bytes = 1 << 20;
    return o;
  }
  httplib::Result send(const std::string& method, const std::string& path, const std::string& body,
                       const char* token = "tok-2", const char* type = "application/json") {
    httplib::Client client("127.0.0.1", service_.port());
    httplib::Headers headers;
    if (token) headers.emplace("Authorization", std::string("Bearer ") + token);
    if (method == "PUT") return client.Put(path.c_str(), headers, body, type);
    if (method == "DELETE") return client.Delete(path.c_str(), headers);
    return client.Post(path.c_str(), headers, body, type);
  }
  std::vector<std::string> found(const std::string& words) {
    SearchRequest q;
    q.query = words;
    q.limit = 100;
    std::vector<std::string> ids;
    for (const auto& h : searcher_.search(q).results) ids.push_back(h.id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }
  TempDir dir_;
  ArticleWriter writer_;
  Searcher searcher_;
  service::HttpService service_;
  std::thread serving_;
};

using Ids = std::vector<std::string>;

std::string zebra(const std::string& id, const std::string& extra = "") {
  return article_line(id, R"("title": "Zebra )" + id + R"(")" + (extra.empty() ? "" : ", " + extra));
}

TEST_F(Push, WritesNeedAnAcceptedToken) {
  const auto none = send("POST", "/api/articles", zebra("a"), nullptr);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(json::parse(none->body)["error"], "writes need Authorization: Bearer TOKEN");
  EXPECT_EQ(send("POST", "/api/articles", zebra("a"), "")->status, 401);  // "Bearer" and no token
  for (const char* wrong : {"tok-", "tok-3", "tok-22", "TOK-1"}) {
    const auto r = send("POST", "/api/articles", zebra("a"), wrong);
    EXPECT_EQ(r->status, 403) << wrong;
  }
  EXPECT_EQ(found("zebra"), Ids{});
  EXPECT_EQ(send("POST", "/api/articles", zebra("a"), "tok-1")->status, 201);
}

TEST_F(Push, AnArticleIsSearchableWhenTheAnswerComesAndReplacedByItsId) {
  const auto added = send("POST", "/api/articles", zebra("a"));
  ASSERT_EQ(added->status, 201) << added->body;
  EXPECT_EQ(json::parse(added->body)["stored"], json::parse(R"([{"index":0,"id":"a","result":"added"}])"));
  EXPECT_EQ(found("zebra"), Ids{"a"});  // committed before the answer
  const auto replaced = send("POST", "/api/articles", zebra("a", R"("title": "Zebra again")"));
  EXPECT_EQ(replaced->status, 200);
  EXPECT_EQ(searcher_.article("a")->title, "Zebra again");
}

TEST_F(Push, ArraysAndJsonLinesStoreTheGoodOnesAndNameEachRejection) {
  const auto mixed = send("POST", "/api/articles",
                          "[" + zebra("b1") + "," + zebra("b2", R"("lang": "en_GB")") + "," + zebra("b3") + "]");
  ASSERT_EQ(mixed->status, 201) << mixed->body;
  const json body = json::parse(mixed->body);
  EXPECT_EQ(body["stored"].size(), 2u);
  ASSERT_EQ(body["rejected"].size(), 1u);
  EXPECT_EQ(body["rejected"][0]["index"], 1);
  EXPECT_EQ(body["rejected"][0]["error"].get<std::string>().rfind(
                "field \"lang\": \"en_GB\" is not a BCP 47 language tag", 0),
            0u);
  EXPECT_EQ(found("zebra"), (Ids{"b1", "b3"}));

  const auto strict =
      send("POST", "/api/articles?strict=1", "[" + zebra("c1") + "," + zebra("c2", R"("title": "")") + "]");
  EXPECT_EQ(strict->status, 400);
  EXPECT_EQ(json::parse(strict->body)["rejected"][0]["error"], "field \"title\" is empty");
  EXPECT_EQ(found("zebra"), (Ids{"b1", "b3"}));

  const auto lines = send("POST", "/api/articles", zebra("d1") + "\n" + zebra("d2") + "\n");
  EXPECT_EQ(lines->status, 201);
  EXPECT_EQ(found("zebra"), (Ids{"b1", "b3", "d1", "d2"}));

  const auto bad = send("POST", "/api/articles", zebra("e", R"("published": "yesterday")"));
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(json::parse(bad->body)["error"],
            "field \"published\": \"yesterday\" is not an ISO 8601 date-time with Z or an offset");
  EXPECT_EQ(send("POST", "/api/articles", "[1]")->status, 400);
  EXPECT_EQ(send("POST", "/api/articles?stric=1", zebra("e"))->status, 400);
}

std::string ninjs_fixture(const std::string& name) {
  return read_file(std::string(NEWSIDX_SOURCE_DIR) + "/tests/ninjs/" + name);
}

TEST_F(Push, NinjsBodiesAreMappedAndTheirProblemsNameTheNinjsField) {
  constexpr const char* kNinjs = "application/vnd.iptc.ninjs+json; charset=utf-8";
  const auto one = send("POST", "/api/articles", ninjs_fixture("kk-cyrl-1.4.json"), "tok-2", kNinjs);
  ASSERT_EQ(one->status, 201) << one->body;
  EXPECT_EQ(found("метро"), Ids{"urn:newsml:kazinform.kz:20240325:kk-astana-metro"});
  // An array: the Arabic-script item is stored, the bad one named by its index.
  std::string bad = ninjs_fixture("ru-2.0.json");
  bad.replace(bad.find("\"usable\""), 8, "\"draft\"");
  const auto array =
      send("POST", "/api/articles", "[" + ninjs_fixture("kk-arab-3.0.json") + "," + bad + "]", "tok-2", kNinjs);
  ASSERT_EQ(array->status, 201) << array->body;
  const json body = json::parse(array->body);
  EXPECT_EQ(body["stored"][0]["id"], "urn:newsml:kazinform.kz:20240326:kk-arab-urumqi-fair");
  EXPECT_EQ(body["rejected"],
            json::parse(R"([{"index": 1, "error":)"
                        R"( "ninjs field \"pubstatus\": \"draft\" is not usable, withheld or canceled"}])"));
  EXPECT_EQ(found("жәрмеңке"), Ids{"urn:newsml:kazinform.kz:20240326:kk-arab-urumqi-fair"});
  // PUT takes the id from the path as "uri"; a canceled version takes the article down.
  std::string canceled = ninjs_fixture("kk-cyrl-1.4.json");
  canceled.replace(canceled.find("\"usable\""), 8, "\"canceled\"");
  canceled.replace(canceled.find("\"version\": \"2\""), 14, "\"version\": \"3\"");
  const auto put =
      send("PUT", "/api/articles/urn:newsml:kazinform.kz:20240325:kk-astana-metro", canceled, "tok-2", kNinjs);
  ASSERT_EQ(put->status, 200) << put->body;
  EXPECT_EQ(found("метро"), Ids{});
  const auto older = send("POST", "/api/articles", ninjs_fixture("kk-cyrl-1.4.json"), "tok-2", kNinjs);
  EXPECT_EQ(older->status, 409);
  const auto elsewhere = send("PUT", "/api/articles/another-id", ninjs_fixture("kk-cyrl-1.4.json"), "tok-2", kNinjs);
  EXPECT_EQ(elsewhere->status, 400);
  EXPECT_EQ(json::parse(elsewhere->body)["error"], "the body's uri is not the path's \"another-id\"");
  // The same body as the article format is refused: it has no "id".
  EXPECT_EQ(json::parse(send("POST", "/api/articles", ninjs_fixture("zh-3.0-embargoed.json"))->body)["error"],
            "missing required field \"id\"");
}

TEST_F(Push, ABodyOverTheLimitIs413AndStoresNothing) {
  std::string lines;
  for (int i = 0; lines.size() <= options().max_body_bytes; ++i) lines += zebra("big-" + std::to_string(i)) + "\n";
  const auto over = send("POST", "/api/articles", lines);
  ASSERT_TRUE(over);
  EXPECT_EQ(over->status, 413);
  EXPECT_EQ(found("zebra"), Ids{});
  EXPECT_EQ(writer_.pending(), 0u);
  EXPECT_EQ(send("POST", "/api/articles", zebra("after"))->status, 201);  // the service goes on
}

TEST_F(Push, PutTakesTheIdFromThePathAndOlderVersionsAre409) {
  json a = json::parse(zebra("x", R"("version": 2)"));
  a.erase("id");
  EXPECT_EQ(send("PUT", "/api/articles/x", a.dump())->status, 201);
  EXPECT_EQ(searcher_.article("x")->version, 2);
  a["version"] = 1;
  const auto older = send("PUT", "/api/articles/x", a.dump());
  EXPECT_EQ(older->status, 409);
  EXPECT_EQ(json::parse(older->body)["error"], R"(older version 1 of "x" ignored, 2 is stored)");
  a["id"] = "y";
  const auto other = send("PUT", "/api/articles/x", a.dump());
  EXPECT_EQ(other->status, 400);
  EXPECT_EQ(json::parse(other->body)["error"], "the body's id is not the path's \"x\"");
  a["version"] = 3;
  a["id"] = "x";
  EXPECT_EQ(send("PUT", "/api/articles/x", a.dump())->status, 200);
}

TEST_F(Push, DeleteRemovesAnArticleEverywhere) {
  ASSERT_EQ(send("POST", "/api/articles", zebra("gone"))->status, 201);
  const auto deleted = send("DELETE", "/api/articles/gone", "");
  EXPECT_EQ(deleted->status, 200);
  EXPECT_EQ(json::parse(deleted->body)["deleted"], "gone");
  EXPECT_EQ(found("zebra"), Ids{});
  EXPECT_EQ(send("DELETE", "/api/articles/gone", "")->status, 404);
}

TEST_F(Push, ConcurrentPushesShareCommitsAndNoneIsLost) {
  const auto revision = [&] { return searcher_.info().revisions.at(0); };
  const auto before = revision();
  constexpr int kClients = 8, kEach = 10;
  std::vector<std::thread> clients;
  std::atomic<int> created{0};
  for (int c = 0; c < kClients; ++c)
    clients.emplace_back([&, c] {
      for (int i = 0; i < kEach; ++i)
        if (send("POST", "/api/articles", zebra("g" + std::to_string(c) + "-" + std::to_string(i)))->status == 201)
          ++created;
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(created, kClients * kEach);
  EXPECT_EQ(found("zebra").size(), static_cast<std::size_t>(kClients * kEach));
  const auto commits = revision() - before;
  EXPECT_GT(commits, 0u);
  EXPECT_LT(commits, static_cast<std::uint64_t>(kClients * kEach)) << "every push committed alone";
}

TEST(PushService, WritesAreOffUnlessAccepted) {
  TempDir dir;
  Indexer(dir.path()).add_files({sample_articles()});
  const Searcher searcher(dir.path());
  const ServiceOn service(searcher);
  httplib::Client client("127.0.0.1", service.port());
  const auto r = client.Post("/api/articles", {{"Authorization", "Bearer x"}}, zebra("a"), "application/json");
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(json::parse(r->body)["error"], "writes are off (newssearch serve --writable)");
}

// Pushes wait for their commit on threads of their own: with both search
// threads' worth of pushes waiting, a search is still answered at once.
TEST(PushService, PushesWaitingForACommitHoldNoSearchThread) {
  TempDir dir;
  ArticleWriter writer(dir.path());
  const Searcher searcher(dir.path());
  service::ServiceOptions o;
  o.port = 0;
  o.threads = 2;
  o.write_threads = 8;
  service::HttpService service(o);
  service.accept_writes(writer, {"tok"}, std::chrono::milliseconds(3000));
  service.serve(searcher);
  service.bind();
  std::thread serving([&] { service.run(); });
  auto post = [&](const std::string& id) {
    httplib::Client client("127.0.0.1", service.port());
    client.set_read_timeout(30, 0);
    return client.Post("/api/articles", {{"Authorization", "Bearer tok"}}, zebra(id), "application/json")->status;
  };
  ASSERT_EQ(post("first"), 201);  // commits at once; the next commit is due 3 s later
  std::atomic<int> answered{0};
  std::vector<std::thread> pushes;
  for (int i = 0; i < 4; ++i)
    pushes.emplace_back([&, i] {
      EXPECT_EQ(post("waiting-" + std::to_string(i)), 201);
      ++answered;
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // the four are with the writer threads
  httplib::Client client("127.0.0.1", service.port());
  const auto search = client.Get("/api/search?q=zebra");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 200);
  EXPECT_EQ(answered.load(), 0);  // answered while all four still wait for their commit
  for (auto& t : pushes) t.join();
  EXPECT_EQ(answered.load(), 4);
  service.stop();
  serving.join();
}

TEST(PushTokens, TheFileMustBeTheOwnersAloneAndHoldAToken) {
  TempDir dir;
  write_file(dir.file("tokens"), "# the newsroom's\n  tok-a  \n\ntok-b\n");
  ::chmod(dir.file("tokens").c_str(), 0644);
  try {
    service::read_token_file(dir.file("tokens"));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "the token file " + dir.file("tokens") + " may be read by others (mode 0644); chmod 600 it");
  }
  ::chmod(dir.file("tokens").c_str(), 0600);
  EXPECT_EQ(service::read_token_file(dir.file("tokens")), (std::vector<std::string>{"tok-a", "tok-b"}));
  write_file(dir.file("empty"), "# none\n");
  ::chmod(dir.file("empty").c_str(), 0600);
  EXPECT_THROW(service::read_token_file(dir.file("empty")), Error);
  EXPECT_TRUE(service::token_matches("tok-b", {"tok-a", "tok-b"}));
  EXPECT_FALSE(service::token_matches("tok-", {"tok-a", "tok-b"}));
  EXPECT_FALSE(service::token_matches("tok-bb", {"tok-a", "tok-b"}));
  EXPECT_FALSE(service::token_matches("", {"tok-a"}));
}

std::vector<std::string> lines_of(const std::vector<service::PushedItem>& items) {
  std::vector<std::string> lines;
  for (const auto& item : items) lines.push_back(item.problem.empty() ? item.line : "problem: " + item.problem);
  return lines;
}

TEST(PushBodies, ObjectsArraysAndJsonLines) {
  EXPECT_EQ(lines_of(service::pushed_items(R"({"id":"a"})", false)), (std::vector<std::string>{R"({"id":"a"})"}));
  EXPECT_EQ(lines_of(service::pushed_items(R"([{"id":"a"}, {"id":"b"}])", false)),
            (std::vector<std::string>{R"({"id":"a"})", R"({"id":"b"})"}));
  EXPECT_EQ(lines_of(service::pushed_items("{\"id\":\"a\"}\n\n{\"id\":\"b\"}\r\n", false)),
            (std::vector<std::string>{R"({"id":"a"})", "{\"id\":\"b\"}\r"}));
  // An item that is not an object is still an item, which the writer refuses.
  EXPECT_EQ(lines_of(service::pushed_items(R"([{"id":"a"}, 2])", false)),
            (std::vector<std::string>{R"({"id":"a"})", "2"}));
  EXPECT_TRUE(service::pushed_items("  ", false).empty());
  // ninjs: each item mapped, or its problem.
  EXPECT_EQ(lines_of(service::pushed_items(R"([{"uri": "u-1"}])", true)),
            (std::vector<std::string>{R"(problem: ninjs: missing "headline" (1.x) or "headlines" (2.x, 3.x))"}));
}

TEST(PushBodies, NinjsMediaType) {
  EXPECT_TRUE(service::is_ninjs_media_type("application/vnd.iptc.ninjs+json"));
  EXPECT_TRUE(service::is_ninjs_media_type("Application/VND.IPTC.ninjs+JSON ; charset=utf-8"));
  EXPECT_FALSE(service::is_ninjs_media_type("application/json"));
  EXPECT_FALSE(service::is_ninjs_media_type("application/vnd.iptc.ninjs+jsonx"));
  EXPECT_FALSE(service::is_ninjs_media_type(""));
}

}  // namespace
}  // namespace newsidx::test

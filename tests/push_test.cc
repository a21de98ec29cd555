// Articles pushed over HTTP: tokens, every body form, answers only once
// committed, shared commits under concurrent pushes, versions and deletes.
#include <sys/stat.h>

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
                       const char* token = "tok-2") {
    httplib::Client client("127.0.0.1", service_.port());
    httplib::Headers headers;
    if (token) headers.emplace("Authorization", std::string("Bearer ") + token);
    if (method == "PUT") return client.Put(path.c_str(), headers, body, "application/json");
    if (method == "DELETE") return client.Delete(path.c_str(), headers);
    return client.Post(path.c_str(), headers, body, "application/json");
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
  const auto mixed =
      send("POST", "/api/articles", "[" + zebra("b1") + "," + zebra("b2", R"("lang": "xx")") + "," + zebra("b3") + "]");
  ASSERT_EQ(mixed->status, 201) << mixed->body;
  const json body = json::parse(mixed->body);
  EXPECT_EQ(body["stored"].size(), 2u);
  ASSERT_EQ(body["rejected"].size(), 1u);
  EXPECT_EQ(body["rejected"][0]["index"], 1);
  EXPECT_EQ(body["rejected"][0]["error"].get<std::string>().rfind("field \"lang\": unknown language \"xx\"", 0), 0u);
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

TEST(PushBodies, ObjectsArraysAndJsonLines) {
  EXPECT_EQ(service::article_lines(R"({"id":"a"})"), (std::vector<std::string>{R"({"id":"a"})"}));
  EXPECT_EQ(service::article_lines(R"([{"id":"a"},{"id":"b"}])"),
            (std::vector<std::string>{R"({"id":"a"})", R"({"id":"b"})"}));
  EXPECT_EQ(service::article_lines("{\"id\":\"a\"}\n\n{\"id\":\"b\"}\r\n"),
            (std::vector<std::string>{R"({"id":"a"})", "{\"id\":\"b\"}\r"}));
  EXPECT_THROW(service::article_lines(R"([{"id":"a"}, 2])"), InvalidArgument);
  EXPECT_TRUE(service::article_lines("  ").empty());
}

}  // namespace
}  // namespace newsidx::test

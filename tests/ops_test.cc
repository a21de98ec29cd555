// The service as operators watch it: /livez and /readyz through opening,
// serving and stopping; /metrics counting what was asked (and passing
// promtool's check); the access log's JSON lines and request ids.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "newsidx/errors.h"
#include "newsidx/indexer.h"
#include "newsidx/views.h"
#include "service/http_service.h"
#include "service/metrics.h"
#include "tests/test_util.h"

namespace newsidx::test {
namespace {

using nlohmann::json;

// A service on a free port, with or without a searcher yet.
class Running {
 public:
  explicit Running(service::ServiceOptions o = {}) : service_(with_free_port(std::move(o))) {
    service_.bind();
    serving_ = std::thread([this] { service_.run(); });
  }
  ~Running() { stop(); }
  void stop() {
    if (!serving_.joinable()) return;
    service_.stop();
    serving_.join();
  }
  service::HttpService& service() { return service_; }
  httplib::Client client() const { return httplib::Client("127.0.0.1", service_.port()); }

 private:
  static service::ServiceOptions with_free_port(service::ServiceOptions o) {
    o.port = 0;
    o.threads = 4;
    return o;
  }
  service::HttpService service_;
  std::thread serving_;
};

class OpsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    Indexer(dir_->path()).add_files({sample_articles()});
    ViewCounter(dir_->path()).add_logs({std::string(NEWSIDX_SOURCE_DIR) + "/data/access.log"});
    searcher_ = new Searcher(dir_->path());
  }
  static void TearDownTestSuite() {
    delete searcher_;
    delete dir_;
  }
  static TempDir* dir_;
  static Searcher* searcher_;
};

TempDir* OpsTest::dir_ = nullptr;
Searcher* OpsTest::searcher_ = nullptr;

std::string get_body(httplib::Client& client, const std::string& path, int expected_status) {
  const auto r = client.Get(path.c_str());
  if (!r) return "(no answer)";
  EXPECT_EQ(r->status, expected_status) << path << ": " << r->body;
  return r->body;
}

// The value of the sample whose name and labels are exactly `series`, or -1.
double metric(const std::string& exposition, const std::string& series) {
  std::istringstream lines(exposition);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  return -1;
}

TEST_F(OpsTest, ReadyOnlyWhileASearcherIsServedAndNotStopping) {
  Running running;
  auto client = running.client();
  EXPECT_EQ(get_body(client, "/livez", 200), "ok\n");
  EXPECT_EQ(get_body(client, "/readyz", 503), "opening the index\n");
  EXPECT_EQ(json::parse(get_body(client, "/api/search?q=Astana", 503))["error"], "the index is being opened");
  const std::string before = get_body(client, "/metrics", 200);
  EXPECT_EQ(metric(before, "newsidx_ready"), 0);
  EXPECT_EQ(before.find("newsidx_index_articles{"), std::string::npos);

  running.service().serve(*searcher_);
  EXPECT_EQ(get_body(client, "/readyz", 200), "ready\n");
  EXPECT_EQ(metric(get_body(client, "/metrics", 200), "newsidx_ready"), 1);
  get_body(client, "/api/search?q=Astana", 200);

  running.service().announce_stop();
  EXPECT_EQ(get_body(client, "/readyz", 503), "stopping\n");
  get_body(client, "/api/search?q=Astana", 200);  // still served until stop()
  EXPECT_EQ(get_body(client, "/livez", 200), "ok\n");
}

// Sends raw bytes and returns the status of the answer.
int raw_status(int port, const std::string& bytes) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return -1;
  [[maybe_unused]] const auto sent = ::send(fd, bytes.data(), bytes.size(), 0);
  char buffer[64] = {};
  const auto n = ::recv(fd, buffer, sizeof buffer - 1, 0);
  ::close(fd);
  return n > 12 ? std::atoi(buffer + 9) : -1;
}

TEST_F(OpsTest, MetricsCountEachEndpointAndStatusAndDescribeTheIndex) {
  service::ServiceOptions o;
  Running running(o);
  running.service().serve(*searcher_);
  auto client = running.client();
  for (int i = 0; i < 3; ++i) get_body(client, "/api/search?q=Astana&offset=" + std::to_string(i), 200);
  get_body(client, "/api/search?q=Astana&limit=x", 400);
  get_body(client, "/api/articles/no-such-id", 404);
  get_body(client, "/api/articles/no-such-id/related", 404);
  get_body(client, "/", 200);
  EXPECT_EQ(raw_status(running.service().port(), "GET / HTTP/9.9\r\n\r\n"), 505);
  const std::string m = get_body(client, "/metrics", 200);

  EXPECT_EQ(metric(m, R"(newsidx_http_requests_total{endpoint="/api/search",status="200"})"), 3);
  EXPECT_EQ(metric(m, R"(newsidx_http_requests_total{endpoint="/api/search",status="400"})"), 1);
  EXPECT_EQ(metric(m, R"(newsidx_http_requests_total{endpoint="/api/articles/{id}",status="404"})"), 1);
  EXPECT_EQ(metric(m, R"(newsidx_http_requests_total{endpoint="/api/articles/{id}/related",status="404"})"), 1);
  EXPECT_EQ(metric(m, R"(newsidx_http_requests_total{endpoint="page",status="200"})"), 1);
  EXPECT_EQ(metric(m, R"(newsidx_http_requests_refused_total{status="505"})"), 1);
  EXPECT_EQ(metric(m, "newsidx_http_requests_in_flight"), 1);  // the scrape itself
  const std::string search = R"(endpoint="/api/search",status="200")";
  EXPECT_EQ(metric(m, "newsidx_http_request_duration_seconds_bucket{" + search + R"(,le="+Inf"})"), 3);
  EXPECT_EQ(metric(m, "newsidx_http_request_duration_seconds_count{" + search + "}"), 3);
  double last = 0;
  for (const double bound : service::kLatencyBuckets) {
    char le[32];
    std::snprintf(le, sizeof le, "%.10g", bound);
    const double n = metric(m, "newsidx_http_request_duration_seconds_bucket{" + search + ",le=\"" + le + "\"}");
    EXPECT_GE(n, last) << le;
    last = n;
  }
  EXPECT_GT(metric(m, "newsidx_http_request_duration_seconds_sum{" + search + "}"), 0);

  const IndexStats stats = index_stats(dir_->path());
  for (const auto& [lang, n] : stats.by_language)
    EXPECT_EQ(metric(m, "newsidx_index_articles{lang=\"" + lang + "\"}"), static_cast<double>(n)) << lang;
  const IndexInfo info = searcher_->info();
  EXPECT_EQ(metric(m, "newsidx_index_last_commit_timestamp_seconds"), static_cast<double>(info.last_commit));
  EXPECT_EQ(metric(m, R"(newsidx_index_revision{shard="0",generation="xapian-000002"})"),
            static_cast<double>(info.revisions.at(0)))
      << m;
  const double views = metric(m, "newsidx_views_last_commit_timestamp_seconds");
  EXPECT_NEAR(views, static_cast<double>(std::time(nullptr)), 600);
  EXPECT_GT(metric(m, "newsidx_column_memory_bytes"), 1000);
  EXPECT_GT(metric(m, "process_resident_memory_bytes"), 1e6);
  EXPECT_GT(metric(m, "process_open_fds"), 3);
  EXPECT_NEAR(metric(m, "process_start_time_seconds"), static_cast<double>(std::time(nullptr)), 3600);

  // Prometheus' own linter, where Debian's prometheus package is installed (scripts/setup.sh installs it).
  if (std::system("command -v promtool >/dev/null") != 0) GTEST_SKIP() << "promtool is not installed";
  const CommandResult checked = run({"/bin/sh", "-c", "promtool check metrics"}, m);
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  EXPECT_EQ(checked.out + checked.err, "");
}

std::vector<json> log_lines(const std::string& path) {
  std::vector<json> lines;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  return lines;
}

TEST_F(OpsTest, AccessLogWritesOneJsonLinePerRequestWithoutTheQuery) {
  TempDir scratch;
  service::ServiceOptions o;
  o.access_log = scratch.file("access.jsonl");
  std::string generated;
  {
    Running running(o);
    running.service().serve(*searcher_);
    auto client = running.client();
    const auto given = client.Get("/api/search?q=secret+words", {{"X-Request-Id", "lb-42.7:a_b"}});
    ASSERT_TRUE(given);
    EXPECT_EQ(given->get_header_value("X-Request-Id"), "lb-42.7:a_b");
    const auto forged = client.Get("/api/articles/none", {{"X-Request-Id", "a\"b c"}});
    ASSERT_TRUE(forged);
    generated = forged->get_header_value("X-Request-Id");
    EXPECT_TRUE(std::regex_match(generated, std::regex("[0-9a-f]{8}-[0-9a-f]+"))) << generated;
  }
  const auto lines = log_lines(o.access_log);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["request_id"], "lb-42.7:a_b");
  EXPECT_EQ(lines[0]["method"], "GET");
  EXPECT_EQ(lines[0]["path"], "/api/search");
  EXPECT_EQ(lines[0]["status"], 200);
  EXPECT_FALSE(lines[0].contains("query"));
  EXPECT_GT(lines[0]["bytes"].get<int>(), 100);
  EXPECT_GE(lines[0]["us"].get<int>(), 0);
  EXPECT_TRUE(
      std::regex_match(lines[0]["time"].get<std::string>(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)")))
      << lines[0]["time"];
  EXPECT_EQ(lines[1]["request_id"], generated);
  EXPECT_EQ(lines[1]["status"], 404);
  EXPECT_EQ(lines[1]["bytes"], json::parse(R"({"error":"no article with id \"none\"","status":404})").dump().size());
  EXPECT_EQ(read_file(o.access_log).find("secret"), std::string::npos);
}

TEST_F(OpsTest, AccessLogHasTheQueryWhenAskedAndFollowsRotation) {
  TempDir scratch;
  service::ServiceOptions o;
  o.access_log = scratch.file("access.jsonl");
  o.log_queries = true;
  Running running(o);
  running.service().serve(*searcher_);
  auto client = running.client();
  get_body(client, "/api/search?q=secret", 200);
  ASSERT_EQ(std::rename(o.access_log.c_str(), scratch.file("access.jsonl.1").c_str()), 0);
  get_body(client, "/api/search?q=after", 200);  // still into the renamed file, as logrotate expects
  running.service().reopen_log();
  get_body(client, "/livez", 200);
  running.stop();
  const auto rotated = log_lines(scratch.file("access.jsonl.1"));
  ASSERT_EQ(rotated.size(), 2u);
  EXPECT_EQ(rotated[0]["query"], "q=secret");
  EXPECT_EQ(rotated[1]["query"], "q=after");
  const auto fresh = log_lines(o.access_log);
  ASSERT_EQ(fresh.size(), 1u);
  EXPECT_EQ(fresh[0]["path"], "/livez");
  EXPECT_FALSE(fresh[0].contains("query"));
}

TEST(OpsAccessLog, AnUnwritableLogIsAnErrorNamingIt) {
  service::ServiceOptions o;
  o.access_log = "/nonexistent-dir/access.jsonl";
  try {
    service::HttpService service(o);
    FAIL() << "opened";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "cannot open the access log /nonexistent-dir/access.jsonl: No such file or directory");
  }
}

}  // namespace
}  // namespace newsidx::test

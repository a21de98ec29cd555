// View counting: each rule of what counts as a view, time zones, the
// 30-minute edge, growing, rotated and truncated logs, and the popular lists.
#include <gtest/gtest.h>

#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <map>
#include <numeric>
#include <sstream>

#include "common/date.h"
#include "newsidx/errors.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"
#include "newsidx/views.h"
#include "recommend/mostread/day_hours.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

const char* kHuman = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";

// A combined-format line for a request at a local time with a zone.
std::string line(const std::string& ip, const std::string& when, const std::string& request, int status = 200,
                 const std::string& ua = kHuman) {
  return ip + " - - [" + when + "] \"" + request + "\" " + std::to_string(status) + " 512 \"-\" \"" + ua + "\"\n";
}

// n lines from `first_minute` of 1 March 2024 (UTC), `per_minute` a minute,
// line i from the address 10.0.ip(i) for the path i % 5 of four articles and
// a static file.
template <class Ip>
std::string rotating_log(int n, int first_minute, int per_minute, Ip ip) {
  const char* paths[] = {"/en/en-khorgos", "/en/en-nauryz", "/kk/kk-khorgos", "/a/en-no-tags", "/static/app.js"};
  std::string log;
  for (int i = 0; i < n; ++i) {
    const int minute = first_minute + i / per_minute;
    char when[40];
    std::snprintf(when, sizeof when, "%02d/Mar/2024:%02d:%02d:%02d +0000", 1 + minute / 1440, minute / 60 % 24,
                  minute % 60, i % 60);
    log += line("10.0." + ip(i), when, std::string("GET ") + paths[i % 5] + " HTTP/1.1");
  }
  return log;
}

class Views : public ::testing::Test {
 protected:
  void SetUp() override { Indexer(dir_.path()).add_files({test::sample_articles()}); }

  ViewsReport count(const std::string& text, LogFormat format = LogFormat::Combined,
                    const std::string& name = "access.log") {
    const std::string path = dir_.file(name);
    test::write_file(path, text);
    ViewsOptions o;
    o.format = format;
    return ViewCounter(dir_.path(), o).add_logs({path});
  }
  // Views per article, all time.
  std::map<std::string, std::uint64_t> totals() {
    PopularRequest r;
    r.window_seconds = 0;
    r.top = 0;
    std::map<std::string, std::uint64_t> out;
    for (const auto& h : Searcher(dir_.path()).popular(r).results) out[h.id] = h.views;
    return out;
  }
  // The list `popular` gives, "id:views" each.
  std::vector<std::string> popular_views(const PopularRequest& r) {
    std::vector<std::string> v;
    for (const auto& h : Searcher(dir_.path()).popular(r).results) v.push_back(h.id + ":" + std::to_string(h.views));
    return v;
  }
  // What `popular` throws, or "" when it answers.
  std::string popular_error(const PopularRequest& r) {
    try {
      Searcher(dir_.path()).popular(r);
      return "";
    } catch (const DatabaseError& e) {
      return e.what();
    }
  }
  test::TempDir dir_;
};

using Totals = std::map<std::string, std::uint64_t>;
const std::string kKhorgos = "GET /en/en-khorgos HTTP/1.1";  // its url is https://news.example.kz/en/en-khorgos

TEST_F(Views, EachRule) {
  const ViewsReport r = count(
      line("1.1.1.1", "20/Mar/2024:10:00:00 +0000", kKhorgos) +                                        // a view
      line("1.1.1.2", "20/Mar/2024:10:00:00 +0000", "GET /en/en-khorgos?utm_source=x#top HTTP/1.1") +  // query ignored
      line("1.1.1.3", "20/Mar/2024:10:00:00 +0000", "HEAD /en/en-khorgos HTTP/1.1") +                  // not GET
      line("1.1.1.4", "20/Mar/2024:10:00:00 +0000", kKhorgos, 404) +                                   // not 200
      line("1.1.1.5", "20/Mar/2024:10:00:00 +0000", kKhorgos, 301) +
      line("1.1.1.6", "20/Mar/2024:10:00:00 +0000", kKhorgos, 200, "Mozilla/5.0 (compatible; Googlebot/2.1)") +
      line("1.1.1.7", "20/Mar/2024:10:00:00 +0000", kKhorgos, 200, "python-requests/2.31.0") +
      line("1.1.1.8", "20/Mar/2024:10:00:00 +0000", kKhorgos, 200, "curl/8.4.0") +
      line("1.1.1.9", "20/Mar/2024:10:00:00 +0000", kKhorgos, 200, "Mozilla/5.0 HeadlessChrome/120") +
      line("1.1.1.10", "20/Mar/2024:10:00:00 +0000", "GET /static/app.js HTTP/1.1") +  // no article
      line("1.1.1.11", "20/Mar/2024:10:00:00 +0000", "GET /a/en-no-tags HTTP/1.1") +   // /a/<id>, no url
      line("1.1.1.12", "20/Mar/2024:10:00:00 +0000", "GET /a/en-khorgos HTTP/1.1") +   // has a url: no
      "not a log line\n");
  EXPECT_EQ(r.lines, 13u);
  EXPECT_EQ(r.views, 3u);
  EXPECT_EQ(r.not_views, 3u);
  EXPECT_EQ(r.crawler_hits, 4u);
  EXPECT_EQ(r.unknown_paths, 2u);
  EXPECT_EQ(r.malformed, 1u);
  EXPECT_EQ(totals(), (Totals{{"en-khorgos", 2}, {"en-no-tags", 1}}));
}

TEST_F(Views, OnceAVisitorPerThirtyMinutesEitherWay) {
  const ViewsReport r =
      count(line("2.2.2.2", "20/Mar/2024:10:00:00 +0000", kKhorgos) +
            line("2.2.2.2", "20/Mar/2024:10:29:59 +0000", kKhorgos) +  // a reload: 29:59 later
            line("2.2.2.2", "20/Mar/2024:10:30:00 +0000", kKhorgos) +  // 30:00 after the counted one: counts
            line("2.2.2.2", "20/Mar/2024:10:05:00 +0000", kKhorgos) +  // out of order: 25 min before the last counted
            line("2.2.2.2", "20/Mar/2024:09:59:00 +0000", kKhorgos) +  // 31 min before the last counted: counts
            line("2.2.2.2", "20/Mar/2024:10:00:00 +0000", kKhorgos, 200, "Other browser/1.0") +  // another visitor
            line("2.2.2.3", "20/Mar/2024:10:00:00 +0000", kKhorgos));                            // another visitor
  EXPECT_EQ(r.views, 5u);
  EXPECT_EQ(r.repeats, 2u);
}

TEST_F(Views, TimeZonesAreHonoured) {
  count(line("3.3.3.3", "20/Mar/2024:04:30:00 +0500", kKhorgos) +  // 2024-03-19T23:30Z
        line("3.3.3.4", "19/Mar/2024:23:30:00 -0100", kKhorgos));  // 2024-03-20T00:30Z
  PopularRequest day;
  day.window_seconds = 86400;
  day.at = *parse_iso8601("2024-03-20T00:00:00Z");  // the hours of March 19th
  EXPECT_EQ(Searcher(dir_.path()).popular(day).results.at(0).views, 1u);
  day.at = *parse_iso8601("2024-03-21T00:00:00Z");
  EXPECT_EQ(Searcher(dir_.path()).popular(day).results.at(0).views, 1u);
}

// Regression: the ".gz" test took the last three characters of the name and
// threw std::out_of_range for a log named with fewer.
TEST_F(Views, AOneLetterLogNameIsRead) {
  std::string text = line("9.9.9.9", "20/Mar/2024:10:00:00 +0000", kKhorgos);
  test::write_file(dir_.file("v"), text.substr(0, text.size() - 1));  // still being written
  const std::string cwd = std::filesystem::current_path();
  std::filesystem::current_path(dir_.path());  // so that the name given is just "v"
  std::uint64_t views = 0;
  EXPECT_NO_THROW(views = ViewCounter(dir_.path()).add_logs({"v"}).views);
  std::filesystem::current_path(cwd);
  EXPECT_EQ(views, 0u);  // the unfinished line waits
}

// A gzip log is recognised by its content, whatever its name.
TEST_F(Views, GzipLogsAreReadWhole) {
  const std::string path = dir_.file("rotated");
  test::write_file(path, line("8.8.8.8", "20/Mar/2024:10:00:00 +0000", kKhorgos) +
                             line("8.8.8.9", "20/Mar/2024:10:00:00 +0000", kKhorgos));
  ASSERT_EQ(std::system(("gzip -n " + path + " && mv " + path + ".gz " + path).c_str()), 0);
  EXPECT_EQ(ViewCounter(dir_.path()).add_logs({path}).views, 2u);
  EXPECT_EQ(ViewCounter(dir_.path()).add_logs({path}).views, 0u);  // counted once
}

// Regression: these counted as views (a User-Agent read as a space, 31
// February as 2 March, an offset of 99 hours).
TEST_F(Views, MalformedLinesNeverCountAsViews) {
  const std::string good = line("7.7.7.7", "20/Mar/2024:10:00:00 +0000", kKhorgos);
  const std::string cut = good.substr(0, good.size() - 2) + "\n";                    // the UA's closing quote cut off
  const std::string cut_at_ua = good.substr(0, good.find(" \"Mozilla") + 2) + "\n";  // just its opening quote
  std::vector<std::string> problems;
  ViewsOptions o;
  o.on_malformed = [&](const std::string&, std::size_t, const std::string& p) { problems.push_back(p); };
  const std::string path = dir_.file("malformed.log");
  test::write_file(path, cut + cut_at_ua + line("7.7.7.8", "31/Feb/2024:10:00:00 +0000", kKhorgos) +
                             line("7.7.7.9", "20/Mar/2024:10:00:00 +9999", kKhorgos) +
                             line("7.7.7.10", "29/Feb/2023:10:00:00 +0000", kKhorgos) +
                             line("7.7.7.11", "29/Feb/2024:10:00:00 +1400", kKhorgos));  // a leap day: a view
  const ViewsReport r = ViewCounter(dir_.path(), o).add_logs({path});
  EXPECT_EQ(r.malformed, 5u);
  EXPECT_EQ(r.views, 1u);
  EXPECT_EQ(problems, (std::vector<std::string>{
                          "not a combined log line (quoted fields missing)",
                          "not a combined log line (quoted fields missing)", "bad time \"31/Feb/2024:10:00:00 +0000\"",
                          "bad time \"20/Mar/2024:10:00:00 +9999\"", "bad time \"29/Feb/2023:10:00:00 +0000\""}));
}

// A log of several batches, read ahead and classified on several threads:
// each malformed line is reported with its own number and problem, in
// order, and every view is counted once.
TEST_F(Views, ALogOfManyBatchesIsReportedAndCountedInOrder) {
  constexpr int kLines = 40000;
  std::istringstream in(
      rotating_log(kLines, 0, 60, [](int i) { return std::to_string(i / 256) + "." + std::to_string(i % 256); }));
  const std::map<int, std::string> bad_days = {
      {8191, "30/Feb"}, {8192, "31/Feb"}, {20000, "31/Apr"}, {39999, "31/Jun"}};
  const char* ids[] = {"en-khorgos", "en-nauryz", "kk-khorgos", "en-no-tags"};  // rotating_log's paths
  std::string log, text;
  std::uint64_t views = 0, unknown = 0;
  Totals expected;
  for (int i = 0; std::getline(in, text); ++i) {
    if (const auto bad = bad_days.find(i); bad != bad_days.end()) {
      log += line("9.9.9.9", bad->second + "/2024:10:00:00 +0000", kKhorgos);
      continue;
    }
    log += text + "\n";
    if (i % 5 == 4) ++unknown;
    else ++views, ++expected[ids[i % 5]];
  }
  const std::string path = dir_.file("batches.log");
  test::write_file(path, log);
  std::vector<std::string> problems;
  ViewsOptions o;
  o.on_malformed = [&](const std::string& file, std::size_t number, const std::string& p) {
    problems.push_back(file.substr(file.rfind('/') + 1) + ":" + std::to_string(number) + ": " + p);
  };
  const ViewsReport r = ViewCounter(dir_.path(), o).add_logs({path});
  EXPECT_EQ(r.lines, static_cast<std::uint64_t>(kLines));
  EXPECT_EQ(r.views, views);
  EXPECT_EQ(r.unknown_paths, unknown);
  EXPECT_EQ(problems, (std::vector<std::string>{"batches.log:8192: bad time \"30/Feb/2024:10:00:00 +0000\"",
                                                "batches.log:8193: bad time \"31/Feb/2024:10:00:00 +0000\"",
                                                "batches.log:20001: bad time \"31/Apr/2024:10:00:00 +0000\"",
                                                "batches.log:40000: bad time \"31/Jun/2024:10:00:00 +0000\""}));
  EXPECT_EQ(totals(), expected);
}

// Lines are read in blocks and split by the threads that classify them: a
// line over the limit that a block holds whole, one too long for any block,
// and lines ending in "\r\n" are read as one at a time, numbered alike.
TEST_F(Views, OverLongLinesInOrBeyondABlockAndCrlfLinesAreReadAsOneAtATime) {
  const auto view = [](const std::string& ip) { return line(ip, "20/Mar/2024:10:00:00 +0000", kKhorgos); };
  std::string crlf = view("5.5.5.6");
  crlf.insert(crlf.size() - 1, "\r");
  const std::string path = dir_.file("long.log");
  test::write_file(path, view("5.5.5.5") + std::string(kMaxLineBytes + 100000, 'x') + "\n" + crlf +
                             std::string(2 * kMaxLineBytes, 'y') + "\n" + view("5.5.5.7"));
  std::vector<std::string> problems;
  ViewsOptions o;
  o.on_malformed = [&](const std::string&, std::size_t number, const std::string& p) {
    problems.push_back(std::to_string(number) + ": " + p);
  };
  const ViewsReport r = ViewCounter(dir_.path(), o).add_logs({path});
  EXPECT_EQ(r.lines, 5u);
  EXPECT_EQ(r.views, 3u);
  EXPECT_EQ(r.malformed, 2u);
  const std::string too_long = "line is longer than " + std::to_string(kMaxLineBytes) + " bytes";
  EXPECT_EQ(problems, (std::vector<std::string>{"2: " + too_long, "4: " + too_long}));
  EXPECT_EQ(totals(), (Totals{{"en-khorgos", 3}}));
}

// Lines a gzip file holds in full before it ends.
std::size_t complete_gzip_lines(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  std::size_t lines = 0;
  char buf[4096];
  for (int n; (n = gzread(f, buf, sizeof buf)) > 0;) lines += static_cast<std::size_t>(std::count(buf, buf + n, '\n'));
  gzclose(f);
  return lines;
}

// Regression: a truncated .gz was taken as whole, its cut line counted as
// complete (and a view lost once the file was whole).
TEST_F(Views, ATruncatedGzipLogIsReportedAndItsCutLineWaits) {
  std::string text;
  for (int i = 0; i < 300; ++i)
    text +=
        line("6.6." + std::to_string(i / 250) + "." + std::to_string(i % 250), "20/Mar/2024:10:00:00 +0000", kKhorgos);
  const std::string plain = dir_.file("whole.log");
  test::write_file(plain, text);
  ASSERT_EQ(std::system(("gzip -n -k " + plain).c_str()), 0);
  const std::string whole = test::read_file(plain + ".gz");
  const std::string path = dir_.file("cut.log.gz");
  test::write_file(path, whole.substr(0, whole.size() / 2));
  const std::size_t before_cut = complete_gzip_lines(path);
  ASSERT_GT(before_cut, 10u);
  ASSERT_LT(before_cut, 300u);
  const ViewsReport r = ViewCounter(dir_.path()).add_logs({path});
  EXPECT_EQ(r.truncated_files, std::vector<std::string>{path});
  EXPECT_EQ(r.views, before_cut);
  test::write_file(path, whole);  // completed in place
  const ViewsReport rest = ViewCounter(dir_.path()).add_logs({path});
  EXPECT_TRUE(rest.truncated_files.empty());
  EXPECT_EQ(rest.views, 300u - before_cut);
  EXPECT_EQ(totals(), (Totals{{"en-khorgos", 300}}));
}

// Regression: two `newsindex views` at once (overlapping cron runs) both
// counted every line.
TEST_F(Views, ASecondCounterAtOnceIsRefused) {
  const std::string log = dir_.file("access.log");
  test::write_file(log, line("5.5.5.5", "20/Mar/2024:10:00:00 +0000", kKhorgos));
  // The first counter reads standard input, which stays open: it holds the lock meanwhile.
  FILE* first = popen((std::string(NEWSINDEX_BIN) + " --db " + dir_.path() + " views - 2>/dev/null").c_str(), "w");
  ASSERT_NE(first, nullptr);
  // The first creates the state file once it holds the lock.
  for (int i = 0; i < 500 && !std::filesystem::exists(dir_.file("state.sqlite")); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(std::filesystem::exists(dir_.file("state.sqlite")));
  const auto second = test::run({NEWSINDEX_BIN, "--db", dir_.path(), "views", log});
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_EQ(second.err, "newsindex: " + dir_.path() +
                            ": views are being counted by another process; try again when it has finished\n");
  const std::string text = line("5.5.5.6", "20/Mar/2024:11:00:00 +0000", kKhorgos);
  std::fwrite(text.data(), 1, text.size(), first);
  EXPECT_EQ(pclose(first), 0);
  const auto third = test::run({NEWSINDEX_BIN, "--db", dir_.path(), "views", log});  // the lock is free again
  EXPECT_EQ(third.exit_code, 0) << third.err;
  EXPECT_EQ(totals().at("en-khorgos"), 2u);  // the first's view and the file's, each once
}

TEST_F(Views, TsvLines) {
  const ViewsReport r = count(
      "1710928800\ten-khorgos\tv1\n1710928900\ten-khorgos\tv1\n1710928900\ten-khorgos\tv2\n"
      "1710928900\tno-such-id\tv3\nbroken\n",
      LogFormat::Tsv, "views.tsv");
  EXPECT_EQ(r.views, 2u);
  EXPECT_EQ(r.repeats, 1u);
  EXPECT_EQ(r.unknown_paths, 1u);
  EXPECT_EQ(r.malformed, 1u);
}

TEST_F(Views, AGrowingLogIsCountedOnceAndTheStateSurvivesRuns) {
  const std::string path = dir_.file("grow.log");
  const std::string first = line("4.4.4.4", "20/Mar/2024:10:00:00 +0000", kKhorgos);
  test::write_file(path, first);
  EXPECT_EQ(ViewCounter(dir_.path()).add_logs({path}).views, 1u);
  EXPECT_EQ(ViewCounter(dir_.path()).add_logs({path}).views, 0u);  // nothing new
  // A reload 10 minutes later, appended: the dedup state came from the last run.
  std::FILE* f = std::fopen(path.c_str(), "a");
  std::fputs(line("4.4.4.4", "20/Mar/2024:10:10:00 +0000", kKhorgos).c_str(), f);
  std::fputs(line("4.4.4.4", "20/Mar/2024:10:40:00 +0000", kKhorgos).c_str(), f);
  std::fputs("5.5.5.5 - - [20/Mar/2024:10:41:00 +0000] \"GET /en/en-khorgos HTTP/1.1\" 200", f);  // being written
  std::fclose(f);
  const ViewsReport second = ViewCounter(dir_.path()).add_logs({path});
  EXPECT_EQ(second.skipped_bytes, first.size());
  EXPECT_EQ(second.repeats, 1u);
  EXPECT_EQ(second.views, 1u);
  EXPECT_EQ(second.malformed, 0u);  // the unfinished line waits for the next run
  f = std::fopen(path.c_str(), "a");
  std::fputs(" 512 \"-\" \"Firefox\"\n", f);
  std::fclose(f);
  EXPECT_EQ(ViewCounter(dir_.path()).add_logs({path}).views, 1u);
  EXPECT_EQ(totals(), (Totals{{"en-khorgos", 3}}));
}

TEST_F(Views, RotatedAndTruncatedLogsAreReadFromTheStart) {
  const std::string path = dir_.file("rot.log");
  test::write_file(path, line("6.6.6.6", "20/Mar/2024:10:00:00 +0000", kKhorgos));
  ViewCounter(dir_.path()).add_logs({path});
  // Rotation: the old file moves away, a new one takes its name.
  std::rename(path.c_str(), (path + ".1").c_str());
  test::write_file(path, line("6.6.6.7", "20/Mar/2024:11:00:00 +0000", kKhorgos));
  EXPECT_EQ(ViewCounter(dir_.path()).add_logs({path + ".1", path}).views, 1u);  // .1 was read already
  // Truncation in place (copytruncate), then new lines.
  test::write_file(path, line("6.6.6.8", "20/Mar/2024:12:00:00 +0000", kKhorgos));
  EXPECT_EQ(ViewCounter(dir_.path()).add_logs({path}).views, 1u);
  EXPECT_EQ(totals(), (Totals{{"en-khorgos", 3}}));
}

TEST_F(Views, PopularWindowsEditionsTiesAndTrending) {
  std::string log;
  // en-khorgos: 3 views at 10:00; en-nauryz: 2 at 11:00 (newer article); kk-khorgos: 2 at 11:00.
  for (int i = 0; i < 3; ++i) log += line("7.0.0." + std::to_string(i), "22/Mar/2024:10:00:00 +0000", kKhorgos);
  for (int i = 0; i < 2; ++i) {
    log += line("7.1.0." + std::to_string(i), "22/Mar/2024:11:00:00 +0000", "GET /en/en-nauryz HTTP/1.1");
    log += line("7.2.0." + std::to_string(i), "22/Mar/2024:11:00:00 +0000", "GET /kk/kk-khorgos HTTP/1.1");
  }
  count(log);
  Searcher s(dir_.path());
  PopularRequest r;
  r.at = *parse_iso8601("2024-03-22T12:00:00Z");
  EXPECT_EQ(popular_views(r), (std::vector<std::string>{"en-khorgos:3", "en-nauryz:2", "kk-khorgos:2"}));  // ties: newer first
  r.lang = "en";
  EXPECT_EQ(popular_views(r), (std::vector<std::string>{"en-khorgos:3", "en-nauryz:2"}));
  r.lang.reset();
  r.category = "ECONOMY";
  EXPECT_EQ(popular_views(r), (std::vector<std::string>{"en-khorgos:3", "kk-khorgos:2"}));
  r.category.reset();
  r.window_seconds = 3600;  // only the hour from 11:00
  EXPECT_EQ(popular_views(r), (std::vector<std::string>{"en-nauryz:2", "kk-khorgos:2"}));
  // Long windows add whole days from the daily counts and the ends hourly;
  // "all" reads the totals. Both agree with the hours.
  r.window_seconds = 7 * 86400;
  r.at = *parse_iso8601("2024-03-25T05:30:00Z");
  EXPECT_EQ(popular_views(r), (std::vector<std::string>{"en-khorgos:3", "en-nauryz:2", "kk-khorgos:2"}));
  r.at = *parse_iso8601("2024-03-29T10:30:00Z");  // the window begins at 10:30 on the 22nd: 11:00 is in, 10:00 out
  EXPECT_EQ(popular_views(r), (std::vector<std::string>{"en-nauryz:2", "kk-khorgos:2"}));
  r.window_seconds = 0;
  r.lang = "kk";
  EXPECT_EQ(popular_views(r), (std::vector<std::string>{"kk-khorgos:2"}));
  r.lang.reset();
  r.at = *parse_iso8601("2024-03-22T12:00:00Z");
  r.window_seconds = 86400;
  r.trending = true;
  r.half_life_hours = 0.5;  // an hour-old view is worth a quarter of a fresh one
  const auto t = s.popular(r).results;
  EXPECT_EQ(t.at(0).id, "en-nauryz");
  EXPECT_NEAR(t.at(0).score, 2 * std::exp2(-1.0), 1e-9);  // 11:30 is the hour's middle, 30 min before 12:00
  EXPECT_NEAR(t.at(2).score, 3 * std::exp2(-3.0), 1e-9);  // 10:30 is 90 min before
  r.top = 1;
  EXPECT_EQ(s.popular(r).results.size(), 1u);
}

// Kills `newsindex views` at several moments (it commits every 20,000
// lines); each time a rerun must end with exactly the counts of a clean run.
TEST_F(Views, SigkillAndRerunCountsExactlyOnce) {
  const std::string log =
      rotating_log(300000, 0, 50, [](int i) { return std::to_string(i % 97) + "." + std::to_string(i % 13); });
  const std::string path = dir_.file("kill.log");
  test::write_file(path, log);
  test::TempDir clean;
  Indexer(clean.path()).add_files({test::sample_articles()});
  ViewCounter(clean.path()).add_logs({path});
  std::map<std::string, std::uint64_t> expected;
  {
    PopularRequest r;
    r.window_seconds = 0;
    r.top = 0;
    for (const auto& h : Searcher(clean.path()).popular(r).results) expected[h.id] = h.views;
  }
  ASSERT_EQ(expected.size(), 4u);
  int killed = 0;
  for (int delay_ms : {20, 60, 150, 300}) {
    test::TempDir db;
    Indexer(db.path()).add_files({test::sample_articles()});
    const pid_t pid = fork();
    if (pid == 0) {
      if (!freopen("/dev/null", "wb", stderr)) _exit(127);
      execl(NEWSINDEX_BIN, NEWSINDEX_BIN, "--db", db.path().c_str(), "views", "--commit-every", "20000", path.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    usleep(delay_ms * 1000);
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    killed += WIFSIGNALED(status);
    const auto again = test::run({NEWSINDEX_BIN, "--db", db.path(), "views", "--commit-every", "20000", path});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    PopularRequest r;
    r.window_seconds = 0;
    r.top = 0;
    std::map<std::string, std::uint64_t> got;
    for (const auto& h : Searcher(db.path()).popular(r).results) got[h.id] = h.views;
    EXPECT_EQ(got, expected) << "killed after " << delay_ms << " ms";
  }
  EXPECT_GT(killed, 0) << "every run finished before the kill: the test did not test";
}

// Every row of the state's views tables, "table|key|views|hours".
std::vector<std::string> view_rows(const std::string& dir) {
  sqlite3* db;
  EXPECT_EQ(sqlite3_open((dir + "/state.sqlite").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* q;
  sqlite3_prepare_v2(db,
                     "SELECT 'day|' || day || ' ' || article_id || '|' || views || '|' || hex(hours) FROM views_daily "
                     "UNION ALL SELECT 'total|' || article_id || '|' || views FROM views_total ORDER BY 1",
                     -1, &q, nullptr);
  std::vector<std::string> rows;
  while (sqlite3_step(q) == SQLITE_ROW) rows.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)));
  sqlite3_finalize(q);
  sqlite3_close(db);
  return rows;
}

// Commits are written in the background while counting goes on: however
// often they come, the state is what one commit at the end writes, the
// 30-minute state carried across each.
TEST_F(Views, ACommitEveryFewLinesSavesWhatOneCommitDoes) {
  // From 23:00 on the 1st, past midnight and through the 2nd; a visitor
  // reads the same path every 165 lines, 8 minutes.
  const std::string log =
      rotating_log(20000, 23 * 60, 20, [](int i) { return std::to_string(i % 11) + "." + std::to_string(i % 3); });
  const std::string path = dir_.file("commits.log");
  test::write_file(path, log);
  std::vector<std::string> once;
  for (std::size_t every : {std::size_t{1000000}, std::size_t{13}, std::size_t{977}}) {
    test::TempDir db;
    Indexer(db.path()).add_files({test::sample_articles()});
    ViewsOptions o;
    o.commit_every = every;
    const ViewsReport r = ViewCounter(db.path(), o).add_logs({path});
    EXPECT_EQ(r.lines, 20000u);
    EXPECT_GT(r.repeats, 1000u) << "visitors must come back within 30 minutes, across commits";
    const auto rows = view_rows(db.path());
    if (once.empty()) {
      once = rows;
      const auto is_total = [](const std::string& row) { return row.rfind("total|", 0) == 0; };
      ASSERT_EQ(std::count_if(rows.begin(), rows.end(), is_total), 4);
      ASSERT_GT(rows.size(), 4u + 4u) << "two days of four articles";
    } else {
      EXPECT_EQ(rows, once) << "a commit every " << every << " lines";
    }
  }
}

TEST(DayHours, StoredFormRoundTripsAndDamageIsSeen) {
  DayHours hours{};
  hours[0] = 1, hours[13] = 300, hours[23] = std::uint64_t{1} << 40;
  const std::string stored = encode_hours(hours);
  EXPECT_EQ(stored.substr(0, 4), std::string("\x00\x01\x0d\xac", 4));  // hour 0: 1; hour 13: 300 = 0xac 0x02
  DayHours back{};
  ASSERT_TRUE(add_hours(stored, back));
  ASSERT_TRUE(add_hours(stored, back));  // adds
  for (std::size_t h = 0; h < 24; ++h) EXPECT_EQ(back[h], 2 * hours[h]) << h;
  EXPECT_EQ(encode_hours(DayHours{}), "");
  EXPECT_FALSE(add_hours(std::string("\x18\x01", 2), back));  // hour 24
  EXPECT_FALSE(add_hours(std::string("\x05\x81", 2), back));  // a varint cut short
  EXPECT_FALSE(add_hours(std::string("\x05", 1), back));      // no count
}

// Runs `sql` on the state file of `dir`.
void exec_on_state(const std::string& dir, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir + "/state.sqlite").c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  EXPECT_EQ(rc, SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
}

// Turns the state file of `dir` into one as schema 2 wrote it: its hourly
// rows those `insert_hourly` puts in views_hourly, the daily rows and totals
// summed from them.
void as_schema_two(const std::string& dir, const std::string& insert_hourly) {
  exec_on_state(dir,
                "DROP TABLE views_daily;"
                "CREATE TABLE views_hourly(hour INTEGER NOT NULL, article_id TEXT NOT NULL, views INTEGER NOT NULL,"
                " PRIMARY KEY(hour, article_id)) WITHOUT ROWID;"
                "CREATE TABLE views_daily(day INTEGER NOT NULL, article_id TEXT NOT NULL, views INTEGER NOT NULL,"
                " PRIMARY KEY(day, article_id)) WITHOUT ROWID;" +
                    insert_hourly +
                    "INSERT INTO views_daily SELECT hour / 24, article_id, SUM(views) FROM views_hourly GROUP BY 1, 2;"
                    "INSERT INTO views_total SELECT article_id, SUM(views) FROM views_hourly GROUP BY 1;"
                    "UPDATE meta SET value = '2' WHERE key = 'schema';");
}

// A state file as schema 2 wrote it (a row per article per hour, and per
// day) is upgraded by the next count, every count kept; readers before it
// say so.
TEST_F(Views, CountsOfSchemaTwoAreUpgradedKeepingEveryCount) {
  count("");  // the state file, its articles table
  const std::int64_t h = *parse_iso8601("2024-03-20T10:00:00Z") / 3600;
  const auto hour = [&](std::int64_t offset) { return std::to_string(h + offset); };
  as_schema_two(dir_.path(), "INSERT INTO views_hourly VALUES(" + hour(0) + ", 'en-khorgos', 5), (" + hour(1) +
                                 ", 'en-khorgos', 3), (" + hour(30) + ", 'en-khorgos', 7), (" + hour(0) +
                                 ", 'en-no-tags', 2);");
  PopularRequest r;
  r.at = *parse_iso8601("2024-03-20T12:00:00Z");
  r.window_seconds = 2 * 3600;
  EXPECT_EQ(popular_error(r), dir_.file("state.sqlite") +
                                  ": view counts of schema 2, not this version's 3; counting views "
                                  "(newsindex views) upgrades them, keeping every count");
  count("");
  EXPECT_EQ(popular_views(r), (std::vector<std::string>{"en-khorgos:8", "en-no-tags:2"}));
  r.window_seconds = 3600;  // 11:00 alone
  EXPECT_EQ(popular_views(r), (std::vector<std::string>{"en-khorgos:3"}));
  r.at = *parse_iso8601("2024-03-21T17:00:00Z");  // 16:00 on the next day
  EXPECT_EQ(popular_views(r), (std::vector<std::string>{"en-khorgos:7"}));
  r.window_seconds = 7 * 86400;
  r.at = *parse_iso8601("2024-03-26T00:00:00Z");
  EXPECT_EQ(popular_views(r), (std::vector<std::string>{"en-khorgos:15", "en-no-tags:2"}));
  EXPECT_EQ(totals(), (Totals{{"en-khorgos", 15}, {"en-no-tags", 2}}));
  // A new view adds to the upgraded day's hour.
  count(line("9.9.9.9", "20/Mar/2024:11:15:00 +0000", kKhorgos), LogFormat::Combined, "more.log");
  r.at = *parse_iso8601("2024-03-20T12:00:00Z");
  r.window_seconds = 3600;
  EXPECT_EQ(popular_views(r), (std::vector<std::string>{"en-khorgos:4"}));
  EXPECT_EQ(totals(), (Totals{{"en-khorgos", 16}, {"en-no-tags", 2}}));
}

// Rows of `sql` on the state file of `dir`, fields joined by '|', a line each.
std::string query_state(const std::string& dir, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string out;
  EXPECT_EQ(sqlite3_open_v2((dir + "/state.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  const auto row = [](void* text, int n, char** values, char**) {
    auto& o = *static_cast<std::string*>(text);
    for (int i = 0; i < n; ++i) o += std::string(i ? "|" : "") + (values[i] ? values[i] : "NULL");
    o += "\n";
    return 0;
  };
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), row, &out, &error), SQLITE_OK) << (error ? error : "");
  sqlite3_free(error);
  sqlite3_close(db);
  return out;
}

// A counter killed while it upgrades schema 2 leaves schema 2 whole (the
// upgrade is one transaction) or schema 3 complete; the next count
// upgrades it with every count kept, as an upgrade that was never cut.
TEST_F(Views, ASigkillDuringTheUpgradeOfSchemaTwoLosesNoCount) {
  count("");  // the state file, its articles table
  constexpr int kHours = 12000;
  as_schema_two(dir_.path(), "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                                 std::to_string(kHours - 1) +
                                 ") INSERT INTO views_hourly SELECT 473000 + i, article_id, 1 + i % 7 FROM n, articles;");
  const std::string hourly_rows = query_state(dir_.path(), "SELECT COUNT(*) FROM views_hourly");
  ASSERT_GT(std::stoi(hourly_rows), 40 * kHours);
  const std::string schema_two = dir_.file("schema2.sqlite"), empty_log = dir_.file("empty.log");
  std::filesystem::copy_file(dir_.file("state.sqlite"), schema_two);
  test::write_file(empty_log, "");
  const auto upgrade = [&](const std::string& dir) {
    return test::run({NEWSINDEX_BIN, "--db", dir, "views", empty_log});
  };
  const auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(upgrade(dir_.path()).exit_code, 0);
  const auto took = std::chrono::steady_clock::now() - started;
  const std::string days = "SELECT day, article_id, views, hex(hours) FROM views_daily ORDER BY 1, 2";
  const std::string expected = query_state(dir_.path(), days) + query_state(dir_.path(), "SELECT * FROM views_total");
  ASSERT_NE(expected, "");
  int killed = 0;
  for (const double at : {0.2, 0.4, 0.6, 0.8, 0.95}) {
    test::TempDir db;
    Indexer(db.path()).add_files({test::sample_articles()});
    std::filesystem::copy_file(schema_two, db.file("state.sqlite"));
    const pid_t pid = fork();
    if (pid == 0) {
      if (!freopen("/dev/null", "wb", stderr)) _exit(127);
      execl(NEWSINDEX_BIN, NEWSINDEX_BIN, "--db", db.path().c_str(), "views", empty_log.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::duration_cast<std::chrono::microseconds>(took * at));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    killed += WIFSIGNALED(status);
    const std::string schema = query_state(db.path(), "SELECT value FROM meta WHERE key = 'schema'");
    if (schema == "2\n") EXPECT_EQ(query_state(db.path(), "SELECT COUNT(*) FROM views_hourly"), hourly_rows) << at;
    else EXPECT_EQ(schema, "3\n") << at;
    const auto again = upgrade(db.path());
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(query_state(db.path(), days) + query_state(db.path(), "SELECT * FROM views_total"), expected)
        << "killed at " << at << " of an upgrade";
  }
  EXPECT_GT(killed, 0) << "every run finished before the kill: the test did not test";
}

TEST_F(Views, DamagedHourlyViewsAreNamed) {
  count(line("1.1.1.1", "20/Mar/2024:10:00:00 +0000", kKhorgos));
  exec_on_state(dir_.path(), "UPDATE views_daily SET hours = x'1801'");
  PopularRequest r;
  r.at = *parse_iso8601("2024-03-20T12:00:00Z");
  r.window_seconds = 3600 * 3;
  EXPECT_EQ(popular_error(r), dir_.file("state.sqlite") + ": the hourly views of en-khorgos on day " +
                                  std::to_string(*parse_iso8601("2024-03-20T00:00:00Z") / 86400) +
                                  " are damaged; delete the file and count again");
  // Counting onto a damaged row fails the commit and keeps what was stored.
  EXPECT_THROW(count(line("1.1.1.2", "20/Mar/2024:10:30:00 +0000", kKhorgos), LogFormat::Combined, "more.log"),
               DatabaseError);
  EXPECT_EQ(totals(), (Totals{{"en-khorgos", 1}}));
}

TEST_F(Views, NoViewsYetIsAnEmptyList) {
  PopularRequest r;
  EXPECT_TRUE(Searcher(dir_.path()).popular(r).results.empty());
}

// The first counter creates the state file while readers look: none of
// them sees it before its tables exist (a file half made read as "view
// counts of schema none").
TEST_F(Views, AStateFileBeingCreatedIsNeverSeenWithoutItsTables) {
  const std::string log = dir_.file("access.log");
  test::write_file(log, line("10.0.0.1", "24/Mar/2024:12:00:00 +0000", kKhorgos));
  PopularRequest r;
  r.window_seconds = 0;
  int reads = 0;
  for (int round = 0; round < 20; ++round) {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(dir_.file("state.sqlite") + suffix);
    std::atomic<bool> counting{true};
    std::thread counter([&] {
      ViewCounter(dir_.path()).add_logs({log});
      counting = false;
    });
    while (counting) {
      try {
        EXPECT_LE(Searcher(dir_.path()).popular(r).results.size(), 1u);
        ++reads;
      } catch (const std::exception& e) {
        ADD_FAILURE() << "round " << round << ": " << e.what();
        break;
      }
    }
    counter.join();
    EXPECT_EQ(totals(), (Totals{{"en-khorgos", 1}}));
  }
  EXPECT_GT(reads, 20);
  EXPECT_FALSE(std::filesystem::exists(dir_.file("state.sqlite.new")));
}

TEST_F(Views, ADraftStateFileLeftByAKilledCounterIsMadeAgain) {
  test::write_file(dir_.file("state.sqlite.new"), "half a file");
  EXPECT_EQ(count(line("10.0.0.1", "24/Mar/2024:12:00:00 +0000", kKhorgos)).views, 1u);
  EXPECT_EQ(totals(), (Totals{{"en-khorgos", 1}}));
  EXPECT_FALSE(std::filesystem::exists(dir_.file("state.sqlite.new")));
}

TEST_F(Views, ExactCountsOnAGeneratedLog) {
  if (!test::shared_available()) GTEST_SKIP() << "../shared is absent: skipping the gen-viewlog.py comparison";
  test::TempDir work;
  Indexer(work.path()).add_files({test::shared_path("corpora/ru-ria.jsonl.gz")});
  const std::string log = work.file("access.log"), truth = work.file("truth.tsv");
  ASSERT_EQ(std::system(("python3 " + test::shared_path("tools/gen-viewlog.py") + " --corpus " +
                         test::shared_path("corpora/ru-ria.jsonl.gz") + " --events 200000 --out " + log + " --truth " +
                         truth + " 2>/dev/null")
                            .c_str()),
            0);
  ViewCounter(work.path()).add_logs({log});
  // Ours per article per UTC day, from the state database.
  std::map<std::pair<std::string, std::string>, std::int64_t> ours, expected;
  sqlite3* db;
  ASSERT_EQ(sqlite3_open((work.path() + "/state.sqlite").c_str(), &db), SQLITE_OK);
  sqlite3_stmt* q;
  sqlite3_prepare_v2(db, "SELECT article_id, day, views, hours FROM views_daily", -1, &q, nullptr);
  while (sqlite3_step(q) == SQLITE_ROW) {
    const std::string day = format_iso8601_utc(sqlite3_column_int64(q, 1) * 86400).substr(0, 10);
    ours[{reinterpret_cast<const char*>(sqlite3_column_text(q, 0)), day}] += sqlite3_column_int64(q, 2);
    DayHours hours{};  // the day's hours add up to its views
    ASSERT_TRUE(add_hours({static_cast<const char*>(sqlite3_column_blob(q, 3)),
                           static_cast<std::size_t>(sqlite3_column_bytes(q, 3))},
                          hours));
    EXPECT_EQ(std::accumulate(hours.begin(), hours.end(), std::uint64_t{0}),
              static_cast<std::uint64_t>(sqlite3_column_int64(q, 2)));
  }
  sqlite3_finalize(q);
  sqlite3_close(db);
  std::istringstream in(test::read_file(truth));
  std::string header, id, day;
  std::int64_t n;
  std::getline(in, header);
  while (in >> id >> day >> n) expected[{id, day}] = n;
  ASSERT_GT(expected.size(), 1000u);
  EXPECT_EQ(ours, expected);
}

// A run over a changed index brings the articles table (what per-edition
// lists join) to what a first run over the same index writes: a changed
// article's row rewritten, a deleted one's gone, a new one's added.
TEST_F(Views, TheArticlesTableFollowsAChangedIndex) {
  const std::string rows_sql = "SELECT * FROM articles ORDER BY article_id";
  count(line("7.0.0.1", "22/Mar/2024:10:00:00 +0000", kKhorgos));
  const std::string before = query_state(dir_.path(), rows_sql);
  EXPECT_NE(before.find("en-khorgos|en|economy|1710909900\n"), std::string::npos) << before;
  EXPECT_NE(before.find("en-nauryz|"), std::string::npos);

  test::write_file(dir_.file("changed.jsonl"),
                   test::article_line("en-khorgos", R"("category": "Sport", "lang": "en-GB", )"
                                                    R"("url": "https://news.example.kz/en/en-khorgos")") +
                       "\n" + test::article_line("new-one", R"("lang": "kk", "category": "World")") + "\n");
  EXPECT_EQ(Indexer(dir_.path()).add_files({dir_.file("changed.jsonl")}).added, 1u);
  EXPECT_EQ(Indexer(dir_.path()).remove({"en-nauryz"}), std::vector<std::string>{});
  count("");
  const std::string after = query_state(dir_.path(), rows_sql);
  EXPECT_NE(after.find("en-khorgos|en|sport|1704164645\n"), std::string::npos) << after;
  EXPECT_NE(after.find("new-one|kk|world|1704164645\n"), std::string::npos) << after;
  EXPECT_EQ(after.find("en-nauryz|"), std::string::npos) << after;

  // The same rows as a first run over this index writes.
  namespace fs = std::filesystem;
  const fs::path fresh = dir_.file("fresh");
  fs::create_directory(fresh);
  for (const auto& entry : fs::directory_iterator(dir_.path()))
    if (entry.path().filename().string().rfind("state.sqlite", 0) != 0 && entry.path() != fresh)
      fs::copy(entry.path(), fresh / entry.path().filename(), fs::copy_options::recursive);
  ViewCounter(fresh.string(), ViewsOptions{}).add_logs({});
  EXPECT_EQ(query_state(fresh.string(), rows_sql), after);
  // The views counted before follow the article into its new category.
  PopularRequest r;
  r.window_seconds = 0;
  r.category = "sport";
  EXPECT_EQ(popular_views(r), std::vector<std::string>{"en-khorgos:1"});
}

// The articles table is written in the background while a log is counted;
// a run whose log cannot be read still brings it up to date.
TEST_F(Views, ARunWhoseLogCannotBeReadStillWritesTheArticlesTable) {
  ViewCounter counter(dir_.path());
  EXPECT_THROW(counter.add_logs({dir_.file("no-such.log")}), IoError);
  EXPECT_EQ(query_state(dir_.path(), "SELECT COUNT(*) FROM articles"),
            std::to_string(index_stats(dir_.path()).articles) + "\n");
}

}  // namespace
}  // namespace newsidx

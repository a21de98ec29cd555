// A sharded index (newsindex init --shards N): articles routed by id, every
// command working on it, and every answer the same as one index gives.
#include <gtest/gtest.h>

#include <xapian.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "index/schema.h"
#include "index/shards.h"
#include "index/store.h"
#include "newsidx/errors.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"
#include "newsidx/views.h"
#include "tests/shard_corpus.h"
#include "tests/shard_servers.h"
#include "tests/test_util.h"

namespace fs = std::filesystem;

namespace newsidx {
namespace {

using test::TempDir;
using namespace std::string_literals;

// A few words of ours that every test corpus has: frequent enough to be
// checked from bitmaps (SearcherOptions below), so that path is compared too.
SearcherOptions compared_options() {
  SearcherOptions o;
  o.frequent_word_min_articles = 40;
  return o;
}

std::size_t shard_docs(const std::string& shard) { return store::open_reader(shard).get_doccount(); }

bool shard_holds(const std::string& shard, const std::string& id) {
  return store::find_article(store::open_reader(shard), id).has_value();
}

TEST(Shards, InitMakesEmptyShardsThatEveryCommandReads) {
  TempDir dir;
  create_index(dir.path(), 4);
  const auto parts = store::part_dirs(dir.path());
  ASSERT_EQ(parts.size(), 4u);
  EXPECT_EQ(parts[3], dir.path() + "/shard-3");
  EXPECT_EQ(test::read_file(dir.file("shards")), "newsidx-shards 1\nshard-0\nshard-1\nshard-2\nshard-3\n");
  EXPECT_EQ(index_stats(dir.path()).articles, 0u);
  EXPECT_EQ(Searcher(dir.path()).search(SearchRequest{}).total, 0u);
}

TEST(Shards, AnArticleGoesToTheShardOfItsIdAndReplacesThere) {
  TempDir dir;
  create_index(dir.path(), 3);
  Indexer(dir.path()).add_files({test::sample_articles()});
  const auto parts = store::part_dirs(dir.path());
  std::size_t total = 0;
  for (std::size_t k = 0; k < parts.size(); ++k) total += shard_docs(parts[k]);
  EXPECT_EQ(total, 49u);
  for (const std::string id : {"kk-referendum-2022", "en-khorgos", "zh-khorgos", "qz-nauryz"}) {
    const unsigned k = store::shard_of(id, 3);
    for (unsigned other = 0; other < 3; ++other) EXPECT_EQ(shard_holds(parts[other], id), other == k) << id;
  }
  // Again, as an add to an index with articles: each replaces in its shard.
  const IngestReport again = Indexer(dir.path()).add_files({test::sample_articles()});
  EXPECT_FALSE(again.bulk);
  EXPECT_EQ(again.added, 0u);
  EXPECT_EQ(again.replaced, 49u);
  EXPECT_EQ(index_stats(dir.path()).articles, 49u);
  const std::vector<std::string> missing = Indexer(dir.path()).remove({"en-khorgos", "no-such-id"});
  EXPECT_EQ(missing, std::vector<std::string>{"no-such-id"});
  EXPECT_FALSE(shard_holds(parts[store::shard_of("en-khorgos", 3)], "en-khorgos"));
  EXPECT_EQ(index_stats(dir.path()).articles, 48u);
}

TEST(Shards, TheShardOfAnIdIsFixedAcrossBuilds) {
  // Stored: an index written by one build is routed the same by the next.
  EXPECT_EQ(store::shard_of("kk-referendum-2022", 4), store::shard_of("kk-referendum-2022", 4));
  std::vector<std::size_t> per_shard(4, 0);
  for (int i = 0; i < 4000; ++i) ++per_shard[store::shard_of("gen-" + std::to_string(i), 4)];
  for (std::size_t n : per_shard) EXPECT_GT(n, 900u);
  EXPECT_EQ(store::shard_of("a", 4), 1u);  // hash64("a") % 4: a change here re-routes every stored index
}

TEST(Shards, InitRefusesAnIndexAlreadyThereAndBadCounts) {
  TempDir dir;
  Indexer(dir.path()).add_files({test::sample_articles()});
  try {
    create_index(dir.path(), 2);
    FAIL();
  } catch (const DatabaseError& e) {
    EXPECT_EQ(std::string(e.what()), dir.path() + ": already holds an index");
  }
  TempDir empty;
  EXPECT_THROW(create_index(empty.path(), 0), InvalidArgument);
  EXPECT_THROW(create_index(empty.path(), 257), InvalidArgument);
  create_index(empty.path(), 2);
  EXPECT_THROW(create_index(empty.path(), 2), DatabaseError);
}

// The DatabaseError that opening DIR for searching gives ("" if it opens).
std::string opening_error(const std::string& dir) {
  try {
    Searcher searcher(dir);
  } catch (const DatabaseError& e) {
    return e.what();
  }
  return "";
}

TEST(Shards, ADamagedLayoutIsNamedWithItsLine) {
  TempDir dir;
  create_index(dir.path(), 2);
  test::write_file(dir.file("shards"), "newsidx-shards 1\nshard-0\nshard-7\n");
  EXPECT_EQ(opening_error(dir.path()),
            dir.file("shards") +
                ":3: expected \"shard-1\" or \"remote HOST:PORT\", found \"shard-7\"; the shard layout is damaged");
  test::write_file(dir.file("shards"), "shards\n");
  EXPECT_THROW(Indexer(dir.path()).add_files({test::sample_articles()}), DatabaseError);
}

TEST(Shards, ALayoutLineIsQuotedWithItsControlBytesEscaped) {
  TempDir dir;
  create_index(dir.path(), 2);
  test::write_file(dir.file("shards"), "newsidx-shards 1\nshard-0\nshard\0-1\x1b[2J\xff\n"s);
  EXPECT_EQ(opening_error(dir.path()), dir.file("shards") +
                                           ":3: expected \"shard-1\" or \"remote HOST:PORT\", found "
                                           "\"shard\\x00-1\\x1B[2J\\xFF\"; the shard layout is damaged");
  test::write_file(dir.file("shards"), "newsidx-shards 1\nremote 127.0.0.1:1,\x01host\n");
  EXPECT_EQ(opening_error(dir.path()),
            dir.file("shards") + ":2: \"\\x01host\" is not HOST:PORT; the shard layout is damaged");
}

TEST(Shards, ABulkLoadWhoseShardFailsToPublishNamesItAndARerunCompletesIt) {
  TempDir dir;
  create_index(dir.path(), 2);
  const auto parts = store::part_dirs(dir.path());
  const std::string blocked = store::stub_path(parts[1]) + ".tmp";
  fs::create_directory(blocked);  // the new stub cannot be written there
  try {
    Indexer(dir.path()).add_files({test::sample_articles()});
    FAIL() << "the load reported no failure";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(std::string(e.what()), "publishing failed for " + parts[1] + ": " + blocked +
                                         ": cannot write the stub file; the other shards were published: run the "
                                         "same add again to complete the load");
  }
  const std::size_t first = shard_docs(parts[0]);
  EXPECT_GT(first, 0u);
  EXPECT_EQ(shard_docs(parts[1]), 0u);  // its last published commit: still empty
  fs::remove(blocked);
  Indexer(dir.path()).add_files({test::sample_articles()});
  EXPECT_EQ(shard_docs(parts[0]), first);
  EXPECT_EQ(shard_docs(parts[0]) + shard_docs(parts[1]), 49u);
  EXPECT_EQ(Searcher(dir.path()).info().articles, 49u);
}

TEST(Shards, RecoverMendsOnlyTheShardThatLostItsStub) {
  TempDir dir;
  create_index(dir.path(), 2);
  Indexer(dir.path()).add_files({test::sample_articles()});
  const auto parts = store::part_dirs(dir.path());
  const std::string generation = *store::current_generation(parts[1]);
  fs::remove(store::stub_path(parts[1]));
  EXPECT_THROW(Searcher{dir.path()}, DatabaseError);
  EXPECT_EQ(recover_index(dir.path()), generation);
  EXPECT_EQ(Searcher(dir.path()).info().articles, 49u);
  EXPECT_THROW(recover_index(dir.path()), DatabaseError);  // nothing left to mend
}

TEST(Shards, AWriterWaitingForOneShardWritesNone) {
  TempDir dir;
  create_index(dir.path(), 3);
  const auto parts = store::part_dirs(dir.path());
  {
    Xapian::WritableDatabase other = store::open_writer(parts[2]);  // another writer at work on shard 2
    try {
      Indexer(dir.path()).add_files({test::sample_articles()});
      FAIL() << "a second writer was let in";
    } catch (const DatabaseError& e) {
      EXPECT_EQ(std::string(e.what()),
                parts[2] + ": the index is being written by another process; try again when it has finished");
    }
    EXPECT_THROW(Indexer(dir.path()).remove({"en-khorgos"}), DatabaseError);
  }
  for (const auto& part : parts) EXPECT_EQ(shard_docs(part), 0u) << part;
  EXPECT_EQ(Indexer(dir.path()).add_files({test::sample_articles()}).added, 49u);  // once it has finished
}

// Two shards on shard servers, the first with two copies (both serving the
// same directory, as a replica would).
class Failover : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::shardd_built()) GTEST_SKIP() << "newsidx-shardd is not built (scripts/xapian_source.sh)";
    create_index(local(), 2);
    Indexer(local()).add_files({test::sample_articles()});
    a_ = std::make_unique<test::ShardServer>(local() + "/shard-0", false);
    b_ = std::make_unique<test::ShardServer>(local() + "/shard-0", false);
    c_ = std::make_unique<test::ShardServer>(local() + "/shard-1", false);
    create_remote_index(remote(), {a_->address() + "," + b_->address(), c_->address()});
  }
  std::string local() const { return dir_.file("local"); }
  std::string remote() const { return dir_.file("remote"); }
  static SearchRequest request() {
    SearchRequest r;
    r.query = "Kazakhstan";
    r.limit = 50;
    r.facets = true;
    return r;
  }
  static test::Rendered answer(const Searcher& s, const SearchRequest& r = request()) {
    return test::render(r, s.search(r));
  }

  TempDir dir_;
  std::unique_ptr<test::ShardServer> a_, b_, c_;
};

TEST_F(Failover, AKilledCopyIsReplacedByTheOtherWithoutAnError) {
  const Searcher local_index(local()), cluster(remote());
  const test::Rendered expected = answer(local_index);
  for (int i = 0; i < 40; ++i) {
    if (i == 10) a_->kill();
    if (i == 20) b_->kill(), a_->start();  // back: answers from it again
    test::expect_same(expected, answer(cluster), "search " + std::to_string(i));
  }
}

// A reader asks the shard servers for their latest commit at most once per
// remote_refresh_seconds, and at once after a failed read.
TEST_F(Failover, ACommitShowsOnceTheShardsAreAskedAgain) {
  SearcherOptions hourly, every_search, each_second;
  hourly.remote_refresh_seconds = 3600;
  every_search.remote_refresh_seconds = 0;
  each_second.remote_refresh_seconds = 1;
  const Searcher slow(remote(), hourly), eager(remote(), every_search), timely(remote(), each_second);
  SearchRequest r;
  r.query = "Zhetysu";
  for (const Searcher* s : {&slow, &eager, &timely}) EXPECT_EQ(s->search(r).total, 0u);
  test::write_file(dir_.file("new.jsonl"), test::article_line("zhetysu-1", R"("title": "Zhetysu refresh")") + "\n");
  EXPECT_EQ(Indexer(local()).add_files({dir_.file("new.jsonl")}).added, 1u);  // into the shards the servers serve

  EXPECT_EQ(eager.search(r).total, 1u);
  EXPECT_EQ(slow.search(r).total, 0u);  // asked under an hour ago
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(timely.search(r).total, 1u);
  EXPECT_EQ(slow.search(r).total, 0u);
  // Every copy restarted: the hourly reader's connections fail, and the
  // search is answered, without an error, from the latest commit.
  a_->kill(), b_->kill(), c_->kill();
  a_->start(), b_->start(), c_->start();
  const SearchResult after = slow.search(r);
  ASSERT_EQ(after.total, 1u);
  EXPECT_EQ(after.results.at(0).id, "zhetysu-1");
}

TEST_F(Failover, NoCopyLeftIsAnErrorNamingTheShardAndPartialGivesTheOthers) {
  const Searcher cluster(remote());
  a_->kill();
  b_->freeze();  // accepts connections and answers nothing
  const auto start = std::chrono::steady_clock::now();
  try {
    cluster.search(request());
    FAIL() << "no copy of shard 0 answers";
  } catch (const DatabaseError& e) {
    const std::string what = e.what();
    EXPECT_EQ(
        what.rfind(remote() + ": shard 0 (" + a_->address() + "," + b_->address() + ") has no copy that answers (", 0),
        0u)
        << what;
  }
  // Bounded by the timeouts (1 s to connect, 1 s per answer), not a hang.
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));

  SearchRequest partial = request();
  partial.partial = true;
  const SearchResult got = cluster.search(partial);
  EXPECT_TRUE(got.partial);
  EXPECT_EQ(got.missing_shards, std::vector<std::size_t>{0});
  // Exactly what shard 1 alone answers.
  const Searcher shard_1(local() + "/shard-1");
  test::expect_same(test::render(partial, shard_1.search(partial)), test::render(partial, got), "partial");

  // The same from the command line: exit 1 naming the shard; --partial answers, saying so.
  const auto failed = test::run({NEWSSEARCH_BIN, "--db", remote(), "query", "Kazakhstan"});
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_NE(failed.err.find(": shard 0 (" + a_->address() + "," + b_->address() + ") has no copy that answers ("),
            std::string::npos)
      << failed.err;
  const auto partial_cli = test::run({NEWSSEARCH_BIN, "--db", remote(), "query", "--partial", "--json", "Kazakhstan"});
  EXPECT_EQ(partial_cli.exit_code, 0) << partial_cli.err;
  EXPECT_EQ(partial_cli.err, "newssearch: partial results: shard 0 did not answer\n");
  EXPECT_NE(partial_cli.out.find("\"missing_shards\":[0],\"partial\":true"), std::string::npos) << partial_cli.out;

  b_->thaw();
  const SearchResult whole = cluster.search(partial);
  EXPECT_FALSE(whole.partial);
  test::expect_same(answer(Searcher(local())), test::render(request(), whole), "whole again");
}

// One shard server serves its connections on threads: many clients at once
// get one index's answers (the facets counted from its columns too).
TEST_F(Failover, ManyClientsAtOnceGetOneIndexsAnswers) {
  const test::Rendered expected = answer(Searcher(local()));
  std::vector<std::vector<test::Rendered>> got(8);
  std::vector<std::string> errors(got.size());
  std::vector<std::thread> clients;
  for (std::size_t c = 0; c < got.size(); ++c)
    clients.emplace_back([&answers = got[c], &error = errors[c], this] {
      try {
        const Searcher cluster(remote());  // connections of its own
        for (int i = 0; i < 15; ++i) answers.push_back(answer(cluster));
      } catch (const std::exception& e) {
        error = e.what();
      }
    });
  for (auto& t : clients) t.join();
  EXPECT_EQ(errors, std::vector<std::string>(got.size()));
  for (const auto& answers : got) {
    ASSERT_EQ(answers.size(), 15u);
    for (const auto& a : answers) test::expect_same(expected, a, "a client of eight");
  }
}

// A client that sends garbage, or hangs up at once or mid-answer, ends its
// own connection, not the server's others.
TEST_F(Failover, ABrokenClientEndsOnlyItsOwnConnection) {
  const Searcher cluster(remote());
  const test::Rendered expected = answer(Searcher(local()));
  test::expect_same(expected, answer(cluster), "before");
  const int port = std::stoi(c_->address().substr(c_->address().rfind(':') + 1));
  for (int i = 0; i < 30; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    if (i % 3 == 1) {
      EXPECT_GT(::write(fd, "\x08\xff\xff\xffgarbage", 11), 0);  // a query message cut short
    } else if (i % 3 == 2) {
      EXPECT_GT(::write(fd, "\x01\x05nonsense", 10), 0);
    }
    ::close(fd);  // at once: the server's greeting or answer meets a closed socket
  }
  test::expect_same(expected, answer(cluster), "after");
}

// A two-shard index of the sample articles, its first shard on a server.
struct ServedSampleShard {
  explicit ServedSampleShard(bool writable, std::vector<std::string> options = {}) {
    create_index(dir.path(), 2);
    Indexer(dir.path()).add_files({test::sample_articles()});
    server = std::make_unique<test::ShardServer>(dir.path() + "/shard-0", writable, std::move(options));
    port = std::stoi(server->address().substr(server->address().rfind(':') + 1));
  }
  TempDir dir;
  std::unique_ptr<test::ShardServer> server;
  int port = 0;
};

// Clients that connect and never hang up take at most --max-connections
// threads: one more connection is closed at once, and is served again once
// one of the others ended.
TEST(ShardServer, ConnectionsBeyondItsMostAreClosedUntilOneEnds) {
  if (!test::shardd_built()) GTEST_SKIP() << "newsidx-shardd is not built (scripts/xapian_source.sh)";
  const ServedSampleShard shard(/*writable=*/false, {"--max-connections", "2"});
  const auto open = [port = shard.port] { return Xapian::Remote::open("127.0.0.1", port, 2000, 2000); };
  // A connection is counted until its thread has seen it end: a moment
  // after the client closed it (the test's wait for the port is one).
  const auto open_once_served = [&] {
    for (int attempt = 0;; ++attempt) {
      try {
        return open();
      } catch (const Xapian::NetworkError&) {
        if (attempt == 50) throw;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  };
  Xapian::Database first = open_once_served(), second = open_once_served();
  const Xapian::doccount articles = first.get_doccount();
  EXPECT_GT(articles, 0u);
  EXPECT_THROW(open(), Xapian::NetworkError);
  EXPECT_EQ(second.get_doccount(), articles);  // those served go on
  first.close();
  try {
    EXPECT_EQ(open_once_served().get_doccount(), articles);
  } catch (const Xapian::Error& e) {
    FAIL() << "no connection was served after one ended: " << e.get_description();
  }
}

// Connections that arrive together while the server is off its core wait in
// its accept queue: beyond Xapian's backlog of 5 they would lose their SYN
// and wait a second for its retry, a client's whole connect timeout.
TEST(ShardServer, ConnectionsArrivingTogetherAreAllQueued) {
  if (!test::shardd_built()) GTEST_SKIP() << "newsidx-shardd is not built (scripts/xapian_source.sh)";
  const ServedSampleShard shard(/*writable=*/false);
  const int port = shard.port;
  shard.server->freeze();  // stopped: only the kernel completes handshakes, as many as the queue holds
  constexpr int kClients = 40;
  std::vector<int> sockets;
  for (int i = 0; i < kClients; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);  // EINPROGRESS
    sockets.push_back(fd);
  }
  int connected = 0;
  for (const int fd : sockets) {
    pollfd p{fd, POLLOUT, 0};
    int error = -1;
    socklen_t size = sizeof error;
    if (::poll(&p, 1, 500) == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0)
      ++connected;
  }
  EXPECT_EQ(connected, kClients);
  shard.server->thaw();
  for (const int fd : sockets) ::close(fd);
}

TEST(ShardServer, BadOptionsAreUsageErrorsNamingTheOption) {
  if (!test::shardd_built()) GTEST_SKIP() << "newsidx-shardd is not built (scripts/xapian_source.sh)";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"--max-connections", "0"}, "--max-connections must be 1 to 100000"},
      {{"--max-connections", "100001"}, "--max-connections must be 1 to 100000"},
      {{"--bitmap-memory", "-1"}, "--bitmap-memory must be 0 to 1000000 MB"},
  };
  for (const auto& [options, message] : cases) {
    std::vector<std::string> argv{NEWSIDX_SHARDD_BIN, "--db", "/nonexistent", "--listen", "127.0.0.1:7"};
    argv.insert(argv.end(), options.begin(), options.end());
    const test::CommandResult r = test::run(argv);
    EXPECT_EQ(r.exit_code, 2) << options[0];
    EXPECT_NE(r.err.find("newsidx-shardd: " + message + "\n"), std::string::npos) << r.err;
  }
}

// A writable shard server takes one writer at a time, though it serves
// its connections on threads of one process.
TEST(ShardServer, TakesOneWriterAtATime) {
  if (!test::shardd_built()) GTEST_SKIP() << "newsidx-shardd is not built (scripts/xapian_source.sh)";
  const ServedSampleShard shard(/*writable=*/true);
  const int port = shard.port;
  Xapian::WritableDatabase first = Xapian::Remote::open_writable("127.0.0.1", port, 10000, 10000);
  try {
    Xapian::WritableDatabase second = Xapian::Remote::open_writable("127.0.0.1", port, 10000, 10000);
    FAIL() << "a second writer was let in";
  } catch (const Xapian::DatabaseLockError& e) {
    EXPECT_NE(e.get_msg().find("Unable to get write lock"), std::string::npos) << e.get_description();
  }
  first.close();  // the server lets go of the lock once its thread has seen the close: a moment
  for (int attempt = 0;; ++attempt) {
    try {
      EXPECT_GT(Xapian::Remote::open_writable("127.0.0.1", port, 10000, 10000).get_doccount(), 0u);
      break;
    } catch (const Xapian::DatabaseLockError&) {
      ASSERT_LT(attempt, 50) << "the first writer's lock was never let go";
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
}

TEST_F(Failover, StatsOverShardServersCountWhatTheShardsHold) {
  const IndexStats local_stats = index_stats(local()), remote_stats = index_stats(remote());
  EXPECT_EQ(remote_stats.articles, 49u);
  EXPECT_EQ(remote_stats.by_language, local_stats.by_language);
  EXPECT_EQ(remote_stats.by_category, local_stats.by_category);
  EXPECT_TRUE(remote_stats.on_shard_servers);
  EXPECT_FALSE(local_stats.on_shard_servers);
  {  // an article whose language code is damaged, written past the indexer
    Xapian::WritableDatabase shard = store::open_writer(local() + "/shard-1");
    Xapian::Document doc;
    doc.add_value(schema::kSlotLang, "x\x01");
    shard.add_document(doc);
    shard.commit();
  }
  try {
    index_stats(remote());
    FAIL();
  } catch (const DatabaseError& e) {
    EXPECT_EQ(std::string(e.what()), remote() +
                                         ": the index is damaged (an article has a language code that is not a "
                                         "BCP 47 tag); rebuild it with newsindex add, or restore a copy");
  }
}

// A read replica kept by Xapian's replication: a commit through the primary
// reaches it, and searches on it see the commit.
TEST(Replication, ACommitOnThePrimaryReachesItsReplica) {
  if (!test::shardd_built()) GTEST_SKIP() << "newsidx-shardd is not built (scripts/xapian_source.sh)";
  if (!fs::exists("/usr/bin/xapian-replicate")) GTEST_SKIP() << "xapian-tools is not installed (scripts/setup.sh)";
  TempDir dir;
  const std::string local = dir.file("local");
  create_index(local, 1);
  Indexer(local).add_files({test::sample_articles()});
  test::ShardServer primary(local, /*writable=*/true);
  const int port = test::free_port();
  const auto replicate_server = test::spawn({"/usr/bin/xapian-replicate-server", local, "-p", std::to_string(port)});
  test::wait_for_port(port);
  const std::string replica = dir.file("replica");
  auto copy_once = [&] {
    const auto r = test::run({"/usr/bin/xapian-replicate", "-h", "127.0.0.1", "-p", std::to_string(port), "-m",
                              "xapian.stub", "-o", replica});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  };
  copy_once();  // the first copy is whole
  test::ShardServer replica_server(replica, false);
  create_remote_index(dir.file("cluster"), {primary.address() + "," + replica_server.address()});
  create_remote_index(dir.file("replica-only"), {replica_server.address()});

  test::write_file(dir.file("new.jsonl"),
                   test::article_line("replicated-1", R"("title": "Zhetysu replication")") + "\n");
  EXPECT_EQ(Indexer(dir.file("cluster")).add_files({dir.file("new.jsonl")}).added, 1u);  // through the primary
  SearchRequest r;
  r.query = "Zhetysu";
  SearcherOptions every_search;  // sees each copy at once
  every_search.remote_refresh_seconds = 0;
  const Searcher on_replica(dir.file("replica-only"), every_search);
  EXPECT_EQ(on_replica.search(r).total, 0u);  // not yet copied
  copy_once();                                // the commit copied (as a changeset: the primary keeps them)
  const SearchResult seen = on_replica.search(r);
  ASSERT_EQ(seen.total, 1u);
  EXPECT_EQ(seen.results.at(0).id, "replicated-1");
  EXPECT_EQ(on_replica.info().articles, 50u);
  test::stop(replicate_server);
}

// One index and the same articles over four shards.
class ShardedAnswers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    corpus_ = dir_->file("generated.jsonl");
    test::write_generated_corpus(corpus_, 3000, 7);
    if (const char* keep = std::getenv("NEWSIDX_KEEP_CORPUS"))
      fs::copy_file(corpus_, keep, fs::copy_options::overwrite_existing);
    build(one(), 1);
    build(four(), 4);
    if (!test::shardd_built()) return;
    // Generous: a sanitizer build's shard server is slow, and these tests
    // compare answers, not failover (the Failover tests keep the default 1 s).
    ::setenv("NEWSIDX_REMOTE_TIMEOUT", "20", 1);
    // A copy of the four shards behind four writable shard servers, and an
    // index directory of them: reads and writes go through the servers.
    fs::copy(four(), dir_->file("served"), fs::copy_options::recursive);
    std::vector<std::string> addresses;
    for (int k = 0; k < 4; ++k) {
      servers_.push_back(
          std::make_unique<test::ShardServer>(dir_->file("served/shard-" + std::to_string(k)), /*writable=*/true));
      addresses.push_back(servers_.back()->address());
    }
    create_remote_index(remote(), addresses);
    // The views counted through the servers, as the local indexes counted them.
    const ViewsReport views = ViewCounter(remote()).add_logs({access_log()});
    EXPECT_EQ(views.views, views_.views);
    EXPECT_EQ(views.unknown_paths, views_.unknown_paths);
  }
  static void TearDownTestSuite() {
    ::unsetenv("NEWSIDX_REMOTE_TIMEOUT");
    servers_.clear();
    delete dir_;
    dir_ = nullptr;
  }
  static std::string remote() { return dir_->file("remote"); }
  static bool skip_remote() {
    if (test::shardd_built()) return false;
    std::printf(
        "newsidx-shardd is not built (scripts/xapian_source.sh fetches the Xapian source it needs): "
        "the remote shards are not compared\n");
    return true;
  }
  static std::string one() { return dir_->file("one"); }
  static std::string four() { return dir_->file("four"); }
  static void build(const std::string& db, unsigned shards) {
    create_index(db, shards);
    const IngestReport r = Indexer(db).add_files({test::sample_articles(), corpus_});
    ASSERT_EQ(r.added, 3049u);
    ASSERT_TRUE(r.bulk);
    views_ = ViewCounter(db).add_logs({access_log()});
    EXPECT_GT(views_.views, 0u);
  }
  static std::string access_log() { return std::string(NEWSIDX_SOURCE_DIR) + "/data/access.log"; }
  static TempDir* dir_;
  static std::string corpus_;
  static std::vector<std::unique_ptr<test::ShardServer>> servers_;
  static ViewsReport views_;  // as the local indexes counted them
};
TempDir* ShardedAnswers::dir_ = nullptr;
std::string ShardedAnswers::corpus_;
std::vector<std::unique_ptr<test::ShardServer>> ShardedAnswers::servers_;
ViewsReport ShardedAnswers::views_;

TEST_F(ShardedAnswers, FourShardsAnswerAsOneIndex) {
  const Searcher a(one(), compared_options()), b(four(), compared_options());
  EXPECT_GE(test::compare_searchers(a, b), 300u);
}

// The options that change ranking beyond the table's requests: the
// proximity boost, BM25's parameters, feedback from other counts.
TEST_F(ShardedAnswers, WithOtherRankingOptionsFourShardsAndServersAnswerAsOneIndex) {
  SearcherOptions o = compared_options();
  o.proximity_weight = 0.25;
  o.bm25_k1 = 2.0;
  o.bm25_b = 0.6;
  o.feedback_documents = 3;
  o.feedback_terms = 25;
  const Searcher a(one(), o), b(four(), o);
  EXPECT_GE(test::compare_searchers(a, b), 300u);
  if (skip_remote()) return;
  EXPECT_GE(test::compare_searchers(a, Searcher(remote(), o)), 300u);
}

TEST_F(ShardedAnswers, FourShardServersAnswerAsOneIndex) {
  if (skip_remote()) return;
  const Searcher a(one(), compared_options()), b(remote(), compared_options());
  EXPECT_GE(test::compare_searchers(a, b), 300u);
  EXPECT_EQ(index_stats(remote()).articles, 3049u);
}

TEST_F(ShardedAnswers, TheSameAfterAddsAndDeletes) {
  // Replacements with new text, new articles and deletions, as one add each.
  const std::string more = dir_->file("more.jsonl");
  test::write_generated_corpus(more, 400, 11);  // gen-0 ... gen-399 again, other text
  std::vector<std::string> dbs{one(), four()};
  if (!skip_remote()) dbs.push_back(remote());  // written through the shard servers
  for (const auto& db : dbs) {
    const IngestReport r = Indexer(db).add_files({more});
    EXPECT_EQ(r.replaced, 400u);
    EXPECT_EQ(Indexer(db).remove({"gen-5", "gen-500", "kk-aif-2024", "gen-2999"}), std::vector<std::string>{});
  }
  const Searcher a(one(), compared_options()), b(four(), compared_options());
  EXPECT_EQ(a.info().articles, 3045u);
  EXPECT_EQ(b.info().articles, 3045u);
  EXPECT_GE(test::compare_searchers(a, b), 300u);
  if (dbs.size() < 3) return;
  const Searcher c(remote(), compared_options());
  EXPECT_EQ(c.info().articles, 3045u);
  EXPECT_GE(test::compare_searchers(a, c), 300u);
}

}  // namespace
}  // namespace newsidx

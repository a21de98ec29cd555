#include "cli/serve_command.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <thread>

#include "cli/cli_common.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"
#include "service/article_push.h"
#include "service/http_service.h"

namespace po = boost::program_options;

namespace newsidx::cli {

namespace {

// A push may carry many articles of up to 1 MB of body each.
constexpr std::size_t kMaxPushBodyBytes = 16 * 1024 * 1024;

// "host:port", "[v6]:port" or ":port" (loopback).
service::ServiceOptions parse_listen(const std::string& listen, service::ServiceOptions o) {
  const auto colon = listen.rfind(':');
  const std::string port = colon == std::string::npos ? "" : listen.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(port) > 65535)
    throw UsageError{"--listen must be HOST:PORT (port 0 to 65535), not \"" + listen + "\""};
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (!host.empty()) o.host = host;
  o.port = std::stoi(port);
  return o;
}

}  // namespace

int cmd_serve(const std::string& db, const std::vector<std::string>& args) {
  po::options_description opts("serve");
  // clang-format off
  opts.add_options()
      ("listen", po::value<std::string>()->default_value("127.0.0.1:8080"), "address and port (port 0: any free one)")
      ("threads", whole(16), "worker threads: requests answered at once")
      ("write-threads", whole(64), "with --writable: threads of their own for pushes (0: share --threads)")
      ("time-budget", po::value<double>()->default_value(0.5), "seconds one search may take (0: no limit)")
      ("access-log", po::value<std::string>(), "one JSON line per request to this file (- : standard error)")
      ("log-queries", po::bool_switch(), "log each request's query string too (readers' searches)")
      ("writable", po::bool_switch(), "take POST/PUT/DELETE /api/articles (needs --token-file)")
      ("token-file", po::value<std::string>(), "bearer tokens for writes, one per line (mode 0600)")
      ("shutdown-grace", po::value<double>()->default_value(0),
       "seconds between SIGTERM and the end of serving, /readyz answering 503 meanwhile")
      ("remote-refresh", po::value<double>()->default_value(SearcherOptions{}.remote_refresh_seconds),
       "over shard servers: seconds a reader may go without asking them for their latest commit (0: every search)");
  // clang-format on
  const auto vm = parse_command(args, opts, nullptr);
  service::ServiceOptions o = parse_listen(vm["listen"].as<std::string>(), {});
  o.threads = static_cast<unsigned>(vm["threads"].as<Whole>().value);
  if (o.threads == 0 || o.threads > 1024) throw UsageError{"--threads must be from 1 to 1024"};
  o.write_threads = static_cast<unsigned>(vm["write-threads"].as<Whole>().value);
  if (o.write_threads > 1024) throw UsageError{"--write-threads must be from 0 to 1024"};
  o.search_time_budget_seconds = vm["time-budget"].as<double>();
  if (!(o.search_time_budget_seconds >= 0)) throw UsageError{"--time-budget must not be negative"};
  const double grace = vm["shutdown-grace"].as<double>();
  if (!(grace >= 0 && grace <= 3600)) throw UsageError{"--shutdown-grace must be from 0 to 3600 seconds"};
  SearcherOptions searching;
  searching.remote_refresh_seconds = vm["remote-refresh"].as<double>();
  if (!(searching.remote_refresh_seconds >= 0 && searching.remote_refresh_seconds <= 3600))
    throw UsageError{"--remote-refresh must be from 0 to 3600 seconds"};
  if (vm.count("access-log")) o.access_log = vm["access-log"].as<std::string>();
  o.log_queries = vm["log-queries"].as<bool>();
  if (o.log_queries && o.access_log.empty()) throw UsageError{"--log-queries needs --access-log"};
  const bool writable = vm["writable"].as<bool>();
  if (writable != (vm.count("token-file") > 0)) throw UsageError{"--writable and --token-file go together"};
  std::vector<std::string> tokens;
  std::unique_ptr<ArticleWriter> writer;  // the one writer of the index while the service runs
  if (writable) {
    tokens = service::read_token_file(vm["token-file"].as<std::string>());
    writer = std::make_unique<ArticleWriter>(db, "newssearch serve --writable");
    o.max_body_bytes = kMaxPushBodyBytes;
  }

  // SIGINT and SIGTERM are taken by one thread that stops the service, so
  // requests in flight finish and the process exits 0; SIGHUP reopens the
  // access log (after logrotate). Blocked before any other thread starts,
  // so every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  for (const int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // Listening first, so that /livez and /readyz answer while the index opens.
  std::unique_ptr<Searcher> searcher;  // outlives the service
  service::HttpService service(o);
  if (writer) service.accept_writes(*writer, tokens);
  service.bind();
  std::exception_ptr open_failed;
  std::thread opener([&] {
    try {
      searcher = std::make_unique<Searcher>(db, searching);
      searcher->load();
      service.serve(*searcher);
      std::printf("newssearch: serving %s on http://%s:%d/ (%u threads)\n", db.c_str(),
                  o.host.find(':') == std::string::npos ? o.host.c_str() : ("[" + o.host + "]").c_str(), service.port(),
                  o.threads);
      std::fflush(stdout);
    } catch (...) {
      open_failed = std::current_exception();
      service.stop();
    }
  });
  std::atomic<int> stopped_by{0};
  std::atomic<bool> ended{false};
  std::thread waiter([&] {
    int received = 0;
    while (sigwait(&signals, &received) == 0 && received == SIGHUP) {
      try {
        service.reopen_log();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "newssearch: %s (logging on to the old file)\n", e.what());
      }
    }
    stopped_by = received;
    service.announce_stop();
    if (received == SIGTERM && grace > 0 && !ended) std::this_thread::sleep_for(std::chrono::duration<double>(grace));
    service.stop();
  });
  service.run();
  opener.join();
  ended = true;
  if (stopped_by == 0) pthread_kill(waiter.native_handle(), SIGTERM);  // run() ended by itself: free the waiter
  waiter.join();
  if (open_failed) std::rethrow_exception(open_failed);
  std::fprintf(stderr, "newssearch: stopped (%s)\n", stopped_by == SIGINT ? "SIGINT" : "SIGTERM");
  return kExitOk;
}

}  // namespace newsidx::cli

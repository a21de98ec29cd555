#include "cli/serve_command.h"

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <thread>

#include "cli/cli_common.h"
#include "newsidx/searcher.h"
#include "service/http_service.h"

namespace po = boost::program_options;

namespace newsidx::cli {

namespace {

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
      ("time-budget", po::value<double>()->default_value(0.5), "seconds one search may take (0: no limit)");
  // clang-format on
  const auto vm = parse_command(args, opts, nullptr);
  service::ServiceOptions o = parse_listen(vm["listen"].as<std::string>(), {});
  o.threads = static_cast<unsigned>(vm["threads"].as<Whole>().value);
  if (o.threads == 0 || o.threads > 1024) throw UsageError{"--threads must be from 1 to 1024"};
  o.search_time_budget_seconds = vm["time-budget"].as<double>();
  if (!(o.search_time_budget_seconds >= 0)) throw UsageError{"--time-budget must not be negative"};

  // SIGINT and SIGTERM are taken by one thread that stops the service, so
  // requests in flight finish and the process exits 0. Blocked before any
  // other thread starts, so every thread inherits the mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  const Searcher searcher(db);
  service::HttpService service(searcher, o);
  service.bind();
  std::printf("newssearch: serving %s on http://%s:%d/ (%u threads)\n", db.c_str(),
              o.host.find(':') == std::string::npos ? o.host.c_str() : ("[" + o.host + "]").c_str(), service.port(),
              o.threads);
  std::fflush(stdout);
  int received = 0;
  std::thread waiter([&] {
    sigwait(&stop_signals, &received);
    service.stop();
  });
  service.run();
  if (received == 0) pthread_kill(waiter.native_handle(), SIGTERM);  // run() ended by itself: free the waiter
  waiter.join();
  std::fprintf(stderr, "newssearch: stopped (%s)\n", received == SIGINT ? "SIGINT" : "SIGTERM");
  return kExitOk;
}

}  // namespace newsidx::cli

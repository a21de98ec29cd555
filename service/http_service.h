// The reference web backend: the HTTP JSON API and the search page over one
// Searcher (README.md, "HTTP API"). The library does the work; this layer
// checks parameters, picks status codes and writes JSON.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "newsidx/indexer.h"
#include "newsidx/searcher.h"

namespace newsidx::service {

struct ServiceOptions {
  // Default: 127.0.0.1 (loopback only).
  std::string host = "127.0.0.1";
  // Default: 8080; 0 picks a free port (see HttpService::port()).
  int port = 8080;
  // Worker threads: requests answered at once. Connections are read by one
  // more thread, so slow or idle clients hold none of these.
  // Default: 16.
  unsigned threads = 16;
  // Threads of their own for POST, PUT and DELETE once accept_writes() was
  // called: a push holds its thread until its commit (up to the commit
  // interval), so pushes must not take the threads that searches need.
  // Default: 64.
  unsigned write_threads = 64;
  // Requests with a larger body are answered 413 (GET needs none).
  // Default: 64 KiB.
  std::size_t max_body_bytes = 64 * 1024;
  // From a request's first byte to its last; a slower one is answered 408.
  // Default: 10 s.
  double request_timeout_seconds = 10;
  // A kept-alive connection with no request started is closed after this.
  // Default: 5 s.
  double idle_timeout_seconds = 5;
  // More open connections are answered 503 at once.
  // Default: 2048.
  std::size_t max_connections = 2048;
  // The time one search may take (SearchRequest::time_limit_seconds; an
  // answer cut short says "timed_out").
  // Default: 0.5 s.
  double search_time_budget_seconds = 0.5;
  // Where one JSON line per request goes: "-" standard error, else a file
  // appended to (AccessLog).
  // Default: empty (no log).
  std::string access_log;
  // Log each request's query string too (readers' searches: personal data).
  // Default: false.
  bool log_queries = false;
};

// Besides the API and the page: GET /livez (200 while the process answers),
// GET /readyz (200 once a searcher is served and until stop(), else 503)
// and GET /metrics (service/metrics.h). Every answer carries X-Request-Id,
// the request's own when it sent a usable one.
class HttpService {
 public:
  // The searcher must outlive the service.
  HttpService(const Searcher& searcher, ServiceOptions options);
  // A service that answers /livez and /metrics, and 503 elsewhere, until
  // serve() gives it a searcher. Throws Error when the access log cannot
  // be opened.
  explicit HttpService(ServiceOptions options);
  ~HttpService();
  HttpService(const HttpService&) = delete;
  HttpService& operator=(const HttpService&) = delete;

  // Binds the listening socket; throws Error naming the address when it cannot.
  void bind();
  // The port bound (useful with port 0).
  int port() const;
  // Serves requests until stop(); returns after in-flight requests finish.
  void run();
  // Callable from any thread: answers the rest with `searcher` (which
  // must outlive the service) and reports ready.
  void serve(const Searcher& searcher);
  // Callable from any thread: /readyz answers 503 from here on while every
  // other request is still served, so that load balancers move readers
  // away before stop().
  void announce_stop();
  // Callable from any thread; implies announce_stop().
  void stop();
  // Opens the access log again by its name (after rotation).
  void reopen_log();
  // Takes POST /api/articles, PUT and DELETE /api/articles/{id} from now
  // on, each with "Authorization: Bearer T" for a T of `tokens`, written
  // through `writer` (which must outlive the service) and answered once
  // committed; commits are shared, at most one per `commit_interval`.
  void accept_writes(ArticleWriter& writer, std::vector<std::string> tokens,
                     std::chrono::milliseconds commit_interval = std::chrono::milliseconds(200));

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsidx::service

// An HTTP/1.1 server that no client can stall: one thread reads every
// connection (epoll), a request goes to the worker threads only once it has
// arrived whole, and each stage of a connection has a deadline. Slow clients
// cost a buffer each, not a thread, however many there are.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "service/http_request.h"

namespace newsidx::service {

struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // Content-Length and Connection are added
  std::string body;
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  unsigned threads = 16;
  // When set, POST, PUT and DELETE are answered by this many threads of
  // their own, so that writes (which wait for their commit) never keep a
  // GET waiting for a thread; 0: every request by `threads`.
  unsigned write_threads = 0;
  RequestLimits limits;
  // From a request's first byte to its last; later: 408 and closed.
  double request_timeout_seconds = 10;
  // A kept-alive connection with no request started is closed after this.
  double idle_timeout_seconds = 5;
  // An answer the client does not read within this is dropped with the connection.
  double write_timeout_seconds = 30;
  // More connections than this are answered 503 and closed at once.
  std::size_t max_connections = 2048;
};

// Answers one request (on a worker thread; must not throw).
using RequestHandler = std::function<HttpResponse(const HttpRequest&)>;
// The answer to a request refused before it reached the handler (400, 408,
// 413...), given the status and what was wrong.
using ErrorResponder = std::function<HttpResponse(int status, const std::string& message)>;

class HttpServer {
 public:
  HttpServer(ServerOptions options, RequestHandler handler, ErrorResponder error);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; throws Error naming the address when it cannot.
  void bind();
  int port() const;
  // Sets ServerOptions::write_threads; before run().
  void set_write_threads(unsigned threads);
  // Serves until stop(); answers the requests already with the workers first.
  void run();
  // Callable from any thread, also before run().
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The status line's words for a status code ("Not Found").
const char* reason_phrase(int status);

}  // namespace newsidx::service

// One HTTP/1.1 request read from the bytes a connection has received, every
// limit checked before memory is spent on it. The reading is strict where
// leniency lets a proxy and this server see different requests (smuggling):
// a body is framed by Content-Length alone, Transfer-Encoding is refused,
// header names take no spaces and lines no folding.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsidx::service {

struct HttpRequest {
  std::string method;  // "GET"
  std::string target;  // as sent: "/api/search?q=a%20b"
  bool http10 = false;
  // The connection stays open after the answer (HTTP/1.1 unless
  // "Connection: close"; HTTP/1.0 only with "Connection: keep-alive").
  bool keep_alive = true;
  std::vector<std::pair<std::string, std::string>> headers;  // names in lower case
  std::string body;

  // The first header of that (lower-case) name, or nullptr.
  const std::string* header(std::string_view name) const;
  // POST, PUT or DELETE: a request that changes what is stored.
  bool writes() const { return method == "POST" || method == "PUT" || method == "DELETE"; }
};

struct RequestLimits {
  // Longer: 414. Default: 8 KiB.
  std::size_t max_request_line_bytes = 8 * 1024;
  // All header lines together; more: 400. Default: 8 KiB.
  std::size_t max_header_bytes = 8 * 1024;
  // Larger: 413. Default: 64 KiB.
  std::size_t max_body_bytes = 64 * 1024;
};

// What the bytes at the head of a connection's buffer hold.
struct ReadOutcome {
  enum class State { incomplete, complete, refused };
  State state = State::incomplete;
  std::size_t consumed = 0;  // complete: the request's bytes, body included
  HttpRequest request;       // complete
  int status = 0;            // refused: 400, 411, 413, 414 or 505
  std::string message;       // refused: said in the answer's body
};

// Reads one request after another from a connection's growing buffer. Each
// byte is scanned once however slowly the bytes arrive, so a client that
// trickles its headers costs no more than one that sends them at once.
class RequestReader {
 public:
  explicit RequestReader(RequestLimits limits = {}) : limits_(limits) {}

  // `received` is the buffer from the first byte of the current request on,
  // the same bytes as at the last call and perhaps more. After `complete`,
  // drop `consumed` bytes from the buffer's front and call again for a
  // pipelined request. After `refused` the connection is answered and closed.
  ReadOutcome next(std::string_view received);

 private:
  ReadOutcome head_read(std::string_view received, std::size_t head_end);

  RequestLimits limits_;
  std::size_t scanned_ = 0;        // bytes looked at for the end of the head
  std::size_t line_start_ = 0;     // where the line being scanned starts
  std::size_t headers_start_ = 0;  // after the request line
  std::size_t head_end_ = 0;       // after the empty line; 0 while unknown
  ReadOutcome pending_;            // the head read, waiting for its body
};

}  // namespace newsidx::service

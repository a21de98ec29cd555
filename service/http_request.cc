#include "service/http_request.h"

#include <algorithm>
#include <cctype>

namespace newsidx::service {

namespace {

// RFC 9110's tchar: what a method or a header name is made of.
bool is_token(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

bool has_control(std::string_view s, bool tab_allowed) {
  return std::any_of(s.begin(), s.end(), [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && !(tab_allowed && c == '\t')) || u == 0x7f;
  });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view without_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

ReadOutcome refused(int status, std::string message) {
  ReadOutcome out;
  out.state = ReadOutcome::State::refused;
  out.status = status;
  out.message = std::move(message);
  return out;
}

// "GET /x HTTP/1.1" into the request; an empty message when it reads.
std::string read_request_line(std::string_view line, HttpRequest& request, int& status) {
  status = 400;
  const auto first = line.find(' ');
  const auto second = first == std::string_view::npos ? first : line.find(' ', first + 1);
  if (second == std::string_view::npos || line.find(' ', second + 1) != std::string_view::npos)
    return "the request line is not METHOD TARGET HTTP/1.1";
  const std::string_view method = line.substr(0, first);
  const std::string_view target = line.substr(first + 1, second - first - 1);
  const std::string_view version = line.substr(second + 1);
  if (!is_token(method)) return "the method is not a token";
  if (target.empty() || has_control(target, false)) return "the request target is empty or has control characters";
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    const bool http = version.size() == 8 && version.substr(0, 5) == "HTTP/" && std::isdigit(version[5]) &&
                      version[6] == '.' && std::isdigit(version[7]);
    if (!http) return "the request line is not METHOD TARGET HTTP/1.1";
    status = 505;
    return "only HTTP/1.0 and HTTP/1.1 are served";
  }
  request.method = method;
  request.target = target;
  request.http10 = version == "HTTP/1.0";
  request.keep_alive = !request.http10;
  return "";
}

// One "Name: value" line into the request; an empty message when it reads.
std::string read_header(std::string_view line, HttpRequest& request) {
  if (line.front() == ' ' || line.front() == '\t') return "a header line is folded (obsolete line folding)";
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return "a header line has no colon";
  const std::string_view name = line.substr(0, colon);
  if (!is_token(name)) return "a header name is not a token (\"" + std::string(name.substr(0, 64)) + "\")";
  const std::string_view value = trimmed(line.substr(colon + 1));
  if (has_control(value, true)) return "the " + std::string(name) + " header has control characters";
  request.headers.emplace_back(lower(name), std::string(value));
  return "";
}

// Connection's tokens, comma-separated, in any case.
void read_connection(const std::string& value, HttpRequest& request) {
  std::string_view rest = value;
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    const std::string token = lower(trimmed(rest.substr(0, comma)));
    if (token == "close") request.keep_alive = false;
    if (token == "keep-alive" && request.http10) request.keep_alive = true;
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
}

std::size_t count_of(const HttpRequest& request, std::string_view name) {
  return static_cast<std::size_t>(
      std::count_if(request.headers.begin(), request.headers.end(), [&](const auto& h) { return h.first == name; }));
}

}  // namespace

const std::string* HttpRequest::header(std::string_view name) const {
  for (const auto& h : headers)
    if (h.first == name) return &h.second;
  return nullptr;
}

ReadOutcome RequestReader::next(std::string_view received) {
  if (head_end_ == 0) {
    for (; scanned_ < received.size(); ++scanned_) {
      if (received[scanned_] != '\n') continue;
      const bool request_line = line_start_ == 0;
      const bool empty = without_cr(received.substr(line_start_, scanned_ - line_start_)).empty();
      if (empty && request_line) return refused(400, "the request starts with an empty line");
      if (!request_line && scanned_ - headers_start_ > limits_.max_header_bytes + 2) break;
      if (request_line) {  // judged as soon as it ends: a stray TLS handshake gets 400 at once, not 408 later
        if (scanned_ > limits_.max_request_line_bytes + 1) break;  // 414, said below
        int status = 400;
        const std::string problem =
            read_request_line(without_cr(received.substr(0, scanned_)), pending_.request, status);
        if (!problem.empty()) return refused(status, problem);
        headers_start_ = scanned_ + 1;
      }
      line_start_ = scanned_ + 1;
      if (empty) {
        head_end_ = line_start_;
        break;
      }
    }
    // The request line with its line end: all received until it ends.
    const std::size_t request_line_bytes = line_start_ == 0 ? received.size() : headers_start_;
    if (request_line_bytes > limits_.max_request_line_bytes + 2)
      return refused(
          414, "the request line is over the limit of " + std::to_string(limits_.max_request_line_bytes) + " bytes");
    if (line_start_ > 0 &&
        (head_end_ == 0 ? received.size() : head_end_) - headers_start_ > limits_.max_header_bytes + 2)
      return refused(
          400, "the request headers are over the limit of " + std::to_string(limits_.max_header_bytes) + " bytes");
    if (head_end_ == 0) return {};
    pending_ = head_read(received, head_end_);
    if (pending_.state == ReadOutcome::State::refused) return std::move(pending_);
  }
  if (received.size() < pending_.consumed) return {};
  ReadOutcome out = std::move(pending_);
  out.request.body = std::string(received.substr(head_end_, out.consumed - head_end_));
  out.state = ReadOutcome::State::complete;
  scanned_ = line_start_ = headers_start_ = head_end_ = 0;
  pending_ = {};
  return out;
}

ReadOutcome RequestReader::head_read(std::string_view received, std::size_t head_end) {
  ReadOutcome out;
  out.request = std::move(pending_.request);  // its request line, read when it ended
  HttpRequest& request = out.request;
  for (std::size_t start = headers_start_, line_end = 0; start < head_end; start = line_end + 1) {
    line_end = received.find('\n', start);
    const std::string_view line = without_cr(received.substr(start, line_end - start));
    if (line.empty()) break;
    const std::string problem = read_header(line, request);
    if (!problem.empty()) return refused(400, problem);
  }
  for (const char* once : {"host", "content-length"})
    if (count_of(request, once) > 1)
      return refused(400, "the " + std::string(once) + " header is given more than once");
  if (!request.http10 && !request.header("host")) return refused(400, "an HTTP/1.1 request needs a Host header");
  const std::string* length = request.header("content-length");
  if (request.header("transfer-encoding")) {
    if (length) return refused(400, "Transfer-Encoding and Content-Length together");
    return refused(411, "a request body needs a Content-Length (Transfer-Encoding is not accepted)");
  }
  std::size_t body_bytes = 0;
  if (length) {
    if (length->empty() || length->size() > 18 || length->find_first_not_of("0123456789") != std::string::npos)
      return refused(400, "Content-Length is not a number (\"" + length->substr(0, 64) + "\")");
    body_bytes = std::stoull(*length);
    if (body_bytes > limits_.max_body_bytes) return refused(413, "the request body is over the limit");
  }
  if (const std::string* connection = request.header("connection")) read_connection(*connection, request);
  out.consumed = head_end + body_bytes;
  return out;
}

}  // namespace newsidx::service

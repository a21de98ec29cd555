// HttpServer over raw sockets, with a handler that echoes what it was asked:
// slow clients beyond the thread count, deadlines, pipelining, smuggling
// attempts, limits, a full house and a stop with requests in flight.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <thread>

#include <gtest/gtest.h>

#include "service/http_server.h"

namespace newsidx::service {
namespace {

struct Reply {
  int status = 0;
  std::string head;
  std::string body;
};

// One TCP connection written and read by hand.
class RawClient {
 public:
  explicit RawClient(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~RawClient() { ::close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }

  void send(const std::string& bytes) {
    for (std::size_t sent = 0; sent < bytes.size();) {
      const auto n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }

  // Up to `count` answers, fewer if the server closes or `seconds` pass.
  std::vector<Reply> replies(std::size_t count, double seconds = 10) {
    std::vector<Reply> out;
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<int>(seconds * 1000));
    while (out.size() < count) {
      if (take_reply(out)) continue;
      if (!receive(until)) break;
    }
    return out;
  }

  // What arrived and was not read as an answer.
  const std::string& unread() const { return buffer_; }

  // The server closed the connection within `seconds` (what came before
  // stays in unread()).
  bool closed_by_server(double seconds = 10) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<int>(seconds * 1000));
    while (receive(until)) {
    }
    return eof_;
  }

 private:
  bool take_reply(std::vector<Reply>& out) {
    const auto end = buffer_.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    Reply r;
    r.head = buffer_.substr(0, end + 2);
    r.status = std::stoi(r.head.substr(9, 3));
    const auto at = r.head.find("Content-Length: ");
    const std::size_t length = at == std::string::npos ? 0 : std::stoul(r.head.substr(at + 16));
    if (buffer_.size() < end + 4 + length) return false;
    r.body = buffer_.substr(end + 4, length);
    buffer_.erase(0, end + 4 + length);
    out.push_back(std::move(r));
    return true;
  }

  // Waits for bytes until `until`; false at the deadline or the end.
  bool receive(std::chrono::steady_clock::time_point until) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    pollfd p{fd_, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[65536];
    const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  int fd_;
  bool connected_ = false;
  bool eof_ = false;
  std::string buffer_;
};

std::string get(const std::string& target, const std::string& extra_headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: test\r\n" + extra_headers + "\r\n";
}

// A server on a free port whose answers say what was asked: "GET /x 0"
// (method, target, body size). "/sleep" takes 300 ms.
class ServerTest : public ::testing::Test {
 protected:
  void start(ServerOptions o = {}) {
    o.port = 0;
    server_ = std::make_unique<HttpServer>(
        o,
        [](const HttpRequest& r) {
          if (r.target == "/sleep") std::this_thread::sleep_for(std::chrono::milliseconds(300));
          return HttpResponse{
              200, {{"Content-Type", "text/plain"}}, r.method + " " + r.target + " " + std::to_string(r.body.size())};
        },
        [](int status, const std::string& message) {
          return HttpResponse{status, {{"Content-Type", "text/plain"}}, message};
        });
    server_->bind();
    serving_ = std::thread([this] { server_->run(); });
  }

  void TearDown() override {
    if (!server_) return;
    server_->stop();
    serving_.join();
  }

  int port() const { return server_->port(); }

  std::unique_ptr<HttpServer> server_;
  std::thread serving_;
};

// Regression: 16 clients sending a byte every 3 s (the thread count) made
// every other client time out.
TEST_F(ServerTest, SlowClientsBeyondTheThreadCountDoNotStallOthers) {
  ServerOptions o;
  o.threads = 2;
  o.request_timeout_seconds = 60;
  start(o);
  std::vector<std::unique_ptr<RawClient>> slow;
  for (int i = 0; i < 50; ++i) {
    slow.push_back(std::make_unique<RawClient>(port()));
    slow.back()->send("GET /slow HTTP/1.1\r\nHost: test\r\nX-Trickle: ");
  }
  RawClient normal(port());
  for (int i = 0; i < 20; ++i) {
    for (auto& s : slow) s->send("z");  // the slow ones go on trickling
    normal.send(get("/fast-" + std::to_string(i)));
    const auto r = normal.replies(1);
    ASSERT_EQ(r.size(), 1u) << "request " << i << " not answered while slow clients trickle";
    EXPECT_EQ(r[0].body, "GET /fast-" + std::to_string(i) + " 0");
  }
}

TEST_F(ServerTest, ARequestThatTricklesPastItsDeadlineIsAnswered408AndClosed) {
  ServerOptions o;
  o.request_timeout_seconds = 0.5;
  start(o);
  RawClient client(port());
  client.send("GET /slow HTTP/1.1\r\n");
  std::vector<Reply> r;
  for (int i = 0; i < 40 && r.empty(); ++i) {  // a byte each 100 ms does not extend the deadline
    client.send("X");
    r = client.replies(1, 0.1);
  }
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, 408);
  EXPECT_EQ(r[0].body, "the request did not arrive whole within 0.5 s");
  EXPECT_NE(r[0].head.find("Connection: close\r\n"), std::string::npos);
  EXPECT_TRUE(client.closed_by_server());
}

TEST_F(ServerTest, AnIdleKeptAliveConnectionIsClosed) {
  ServerOptions o;
  o.idle_timeout_seconds = 0.3;
  start(o);
  RawClient client(port());
  client.send(get("/one"));
  ASSERT_EQ(client.replies(1).size(), 1u);
  EXPECT_TRUE(client.closed_by_server());
}

// Regression: two pipelined requests in one segment left the second unanswered.
TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  start();
  RawClient client(port());
  client.send(get("/sleep") + get("/b") + get("/c", "Connection: close\r\n"));
  const auto r = client.replies(3);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].body, "GET /sleep 0");
  EXPECT_EQ(r[1].body, "GET /b 0");
  EXPECT_EQ(r[2].body, "GET /c 0");
  EXPECT_TRUE(client.closed_by_server());
}

// Regression: the body of a GET was answered as a second request.
TEST_F(ServerTest, AGetBodyIsReadAndDroppedNotAnswered) {
  start();
  RawClient client(port());
  const std::string smuggled = get("/api/articles/SMUGGLED");
  client.send(get("/api/health", "Content-Length: " + std::to_string(smuggled.size()) + "\r\n") + smuggled +
              get("/after"));
  const auto r = client.replies(3, 1);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].body, "GET /api/health " + std::to_string(smuggled.size()));
  EXPECT_EQ(r[1].body, "GET /after 0");
}

TEST_F(ServerTest, RefusedRequestsAreAnsweredThenClosed) {
  start();
  std::string many;
  for (int i = 0; i < 10000; ++i) many += "X-" + std::to_string(i) + ": y\r\n";
  struct Case {
    std::string bytes;
    int status;
    std::string body;
  };
  const std::vector<Case> cases = {
      {get("/", "Content-Length: 102400\r\n") + std::string(102400, 'b'), 413, "the request body is over the limit"},
      {get("/", "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n") + "abc", 400,
       "Transfer-Encoding and Content-Length together"},
      {get("/", many), 400, "the request headers are over the limit of 8192 bytes"},
      {"GET /" + std::string(9000, 'a') + " HTTP/1.1\r\n\r\n", 414, "the request line is over the limit of 8192 bytes"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body);
    RawClient client(port());
    client.send(c.bytes);
    const auto r = client.replies(1);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].status, c.status);
    EXPECT_EQ(r[0].body, c.body);
    EXPECT_TRUE(client.closed_by_server());
  }
}

TEST_F(ServerTest, HeadIsAnsweredWithoutTheBody) {
  start();
  RawClient client(port());
  client.send("HEAD /x HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(client.closed_by_server());
  EXPECT_EQ(client.unread(),
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 9\r\nConnection: close\r\n\r\n");
}

TEST_F(ServerTest, ConnectionsOverTheLimitAre503) {
  ServerOptions o;
  o.max_connections = 3;
  start(o);
  std::vector<std::unique_ptr<RawClient>> open;
  for (int i = 0; i < 3; ++i) {
    open.push_back(std::make_unique<RawClient>(port()));
    open.back()->send(get("/" + std::to_string(i)));
    ASSERT_EQ(open.back()->replies(1).size(), 1u);
  }
  RawClient fourth(port());
  const auto r = fourth.replies(1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].status, 503);
  EXPECT_EQ(r[0].body, "the service has its limit of 3 connections open");
  EXPECT_TRUE(fourth.closed_by_server());
}

TEST_F(ServerTest, StopAnswersTheRequestsInFlight) {
  start();
  const int bound = port();
  RawClient client(bound);
  client.send(get("/sleep"));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  server_->stop();
  const auto r = client.replies(1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].body, "GET /sleep 0");
  EXPECT_NE(r[0].head.find("Connection: close\r\n"), std::string::npos);
  serving_.join();
  server_.reset();
  EXPECT_FALSE(RawClient(bound).connected());
}

TEST_F(ServerTest, AClientThatLeavesMidRequestCostsNothing) {
  start();
  {
    RawClient leaving(port());
    leaving.send(get("/sleep"));
  }  // closed while its request is with a worker
  RawClient next(port());
  next.send(get("/next"));
  const auto r = next.replies(1);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].body, "GET /next 0");
}

}  // namespace
}  // namespace newsidx::service

#include "service/http_server.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "newsidx/errors.h"

namespace newsidx::service {

namespace {

using Clock = std::chrono::steady_clock;

Clock::duration seconds(double s) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

constexpr std::uint64_t kListenerKey = 0;
constexpr std::uint64_t kWakeKey = 1;
constexpr std::size_t kReadChunk = 16 * 1024;
// After an answer that closes the connection, what the client still sends is
// read and dropped for a while, so that closing with unread bytes (which
// sends a reset) does not destroy the answer before the client reads it.
constexpr double kLingerSeconds = 2;
constexpr std::size_t kLingerBytes = 1 << 20;
constexpr double kStopDrainSeconds = 5;
constexpr auto kSweepEvery = std::chrono::milliseconds(250);

std::string serialized(const HttpResponse& r, bool head_only, bool close, bool http10) {
  std::string out = "HTTP/1.1 " + std::to_string(r.status) + " " + reason_phrase(r.status) + "\r\n";
  for (const auto& [name, value] : r.headers) out += name + ": " + value + "\r\n";
  out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
  if (close) out += "Connection: close\r\n";
  else if (http10) out += "Connection: keep-alive\r\n";
  out += "\r\n";
  if (!head_only) out += r.body;
  return out;
}

struct Job {
  std::uint64_t connection;
  HttpRequest request;
};

struct Answer {
  std::uint64_t connection;
  HttpResponse response;
  bool head_only = false;
  bool close = false;
  bool http10 = false;
};

// Threads that turn whole requests into answers, in the order submitted.
class WorkerPool {
 public:
  using Work = std::function<Answer(Job&)>;
  using Done = std::function<void(Answer)>;

  WorkerPool(unsigned threads, Work work, Done done) : work_(std::move(work)), done_(std::move(done)) {
    for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { serve(); });
  }

  // Finishes the jobs already submitted.
  ~WorkerPool() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      closing_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();
  }

  void submit(Job job) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
  }

 private:
  void serve() {
    for (;;) {
      Job job;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        ready_.wait(lock, [this] { return closing_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      done_(work_(job));
    }
  }

  Work work_;
  Done done_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  bool closing_ = false;
  std::vector<std::thread> threads_;
};

enum class Phase { reading, handling, writing, lingering };

struct Connection {
  std::uint64_t key = 0;
  int fd = -1;
  Phase phase = Phase::reading;
  std::string in;  // from the current request's first byte on
  RequestReader reader;
  bool request_started = false;
  std::string out;
  std::size_t sent = 0;
  bool close_after_write = false;
  std::size_t discarded = 0;
  Clock::time_point deadline;  // of the phase; none while handling
};

}  // namespace

struct HttpServer::Impl {
  ServerOptions options;
  RequestHandler handler;
  ErrorResponder error;
  int listen_fd = -1;
  int epoll_fd = -1;
  int wake_fd = -1;
  int bound_port = 0;
  std::atomic<bool> stop_requested{false};
  bool draining = false;
  Clock::time_point drain_deadline;
  bool listener_paused = false;
  Clock::time_point listener_resumes;
  std::unordered_map<std::uint64_t, Connection> connections;
  std::uint64_t next_key = 2;
  std::size_t handling = 0;
  std::mutex answers_mutex;
  std::vector<Answer> answers;
  std::unique_ptr<WorkerPool> workers;
  std::unique_ptr<WorkerPool> writers;  // with write_threads: POST, PUT and DELETE

  Impl(ServerOptions o, RequestHandler h, ErrorResponder e)
      : options(std::move(o)), handler(std::move(h)), error(std::move(e)) {
    epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
    wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epoll_fd < 0 || wake_fd < 0) throw Error(std::string("cannot start the service: ") + std::strerror(errno));
    watch(wake_fd, kWakeKey, EPOLLIN);
  }

  ~Impl() {
    for (auto& [key, c] : connections) ::close(c.fd);
    for (int fd : {listen_fd, epoll_fd, wake_fd})
      if (fd >= 0) ::close(fd);
  }

  void watch(int fd, std::uint64_t key, std::uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = key;
    ::epoll_ctl(epoll_fd, EPOLL_CTL_ADD, fd, &ev);
  }

  void interest(Connection& c, std::uint32_t events) {
    epoll_event ev{};
    ev.events = events;
    ev.data.u64 = c.key;
    ::epoll_ctl(epoll_fd, EPOLL_CTL_MOD, c.fd, &ev);
  }

  void wake() {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(wake_fd, &one, sizeof one);
  }

  void bind_listener();
  void loop();
  void on_event(std::uint64_t key, std::uint32_t events);
  void accept_all();
  void read_from(Connection& c);
  void dispatch(Connection& c);
  void respond(Connection& c, const Answer& answer);
  void refuse(Connection& c, int status, const std::string& message);
  void write_to(Connection& c);
  void discard_from(Connection& c);
  void take_answers();
  void sweep(Clock::time_point now);
  void begin_drain();
  void close(Connection& c);
  Answer answer(Job& job);
};

void HttpServer::Impl::bind_listener() {
  const std::string address = options.host + ":" + std::to_string(options.port);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (::getaddrinfo(options.host.empty() ? nullptr : options.host.c_str(), std::to_string(options.port).c_str(), &hints,
                    &found) != 0)
    throw Error("cannot listen on " + address + " (not an address of this machine)");
  for (addrinfo* a = found; a && listen_fd < 0; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) continue;
    // SO_REUSEADDR only: with SO_REUSEPORT a second service on the same port
    // would silently share the traffic.
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 1024) == 0) listen_fd = fd;
    else ::close(fd);
  }
  ::freeaddrinfo(found);
  if (listen_fd < 0) throw Error("cannot listen on " + address + " (in use, or not an address of this machine)");
  sockaddr_storage bound{};
  socklen_t size = sizeof bound;
  ::getsockname(listen_fd, reinterpret_cast<sockaddr*>(&bound), &size);
  bound_port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6&>(bound).sin6_port
                                                 : reinterpret_cast<sockaddr_in&>(bound).sin_port);
}

void HttpServer::Impl::loop() {
  watch(listen_fd, kListenerKey, EPOLLIN);
  epoll_event events[256];
  Clock::time_point next_sweep = Clock::now() + kSweepEvery;
  for (;;) {
    if (stop_requested && !draining) begin_drain();
    if (draining) {
      const bool busy = handling > 0 || std::any_of(connections.begin(), connections.end(),
                                                    [](const auto& kv) { return kv.second.phase == Phase::writing; });
      if (!busy || Clock::now() > drain_deadline) return;
    }
    const int n = ::epoll_wait(epoll_fd, events, 256, 100);
    for (int i = 0; i < n; ++i) on_event(events[i].data.u64, events[i].events);
    const Clock::time_point now = Clock::now();
    if (now >= next_sweep) {
      sweep(now);
      next_sweep = now + kSweepEvery;
    }
  }
}

void HttpServer::Impl::on_event(std::uint64_t key, std::uint32_t events) {
  if (key == kListenerKey) return accept_all();
  if (key == kWakeKey) return take_answers();
  const auto it = connections.find(key);
  if (it == connections.end()) return;
  Connection& c = it->second;
  // A client gone while its request is with a worker: the answer is dropped.
  if ((events & EPOLLERR) || ((events & EPOLLHUP) && c.phase == Phase::handling)) return close(c);
  switch (c.phase) {
    case Phase::reading: return read_from(c);
    case Phase::writing: return write_to(c);
    case Phase::lingering: return discard_from(c);
    case Phase::handling: return;
  }
}

void HttpServer::Impl::accept_all() {
  for (;;) {
    const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        // Out of descriptors: stop accepting for a moment rather than spin.
        ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
        listener_paused = true;
        listener_resumes = Clock::now() + std::chrono::milliseconds(100);
      }
      return;
    }
    if (connections.size() >= options.max_connections) {
      const std::string busy = serialized(
          error(503, "the service has its limit of " + std::to_string(options.max_connections) + " connections open"),
          false, true, false);
      [[maybe_unused]] const auto sent = ::send(fd, busy.data(), busy.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      ::close(fd);
      continue;
    }
    const int yes = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
    const std::uint64_t key = next_key++;
    Connection& c = connections[key];
    c.key = key;
    c.fd = fd;
    c.reader = RequestReader(options.limits);
    c.deadline = Clock::now() + seconds(options.idle_timeout_seconds);
    watch(fd, key, EPOLLIN);
  }
}

void HttpServer::Impl::read_from(Connection& c) {
  char buffer[kReadChunk];
  const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  if (n <= 0) return close(c);  // closed by the client, or reset
  if (!c.request_started) {
    c.request_started = true;
    c.deadline = Clock::now() + seconds(options.request_timeout_seconds);
  }
  c.in.append(buffer, static_cast<std::size_t>(n));
  dispatch(c);
}

// Hands the request at the head of the buffer to a worker once it is whole.
void HttpServer::Impl::dispatch(Connection& c) {
  ReadOutcome outcome = c.reader.next(c.in);
  if (outcome.state == ReadOutcome::State::incomplete) return;
  if (outcome.state == ReadOutcome::State::refused) return refuse(c, outcome.status, outcome.message);
  c.in.erase(0, outcome.consumed);
  c.request_started = !c.in.empty();  // a pipelined request has begun
  if (c.request_started) c.deadline = Clock::now() + seconds(options.request_timeout_seconds);
  c.phase = Phase::handling;
  interest(c, 0);
  ++handling;
  (outcome.request.writes() && writers ? writers : workers)->submit({c.key, std::move(outcome.request)});
}

// While draining, every answer closes its connection, and says so.
void HttpServer::Impl::respond(Connection& c, const Answer& a) {
  c.close_after_write = a.close || draining;
  c.out = serialized(a.response, a.head_only, c.close_after_write, a.http10);
  c.sent = 0;
  c.phase = Phase::writing;
  c.deadline = Clock::now() + seconds(options.write_timeout_seconds);
  write_to(c);
}

void HttpServer::Impl::write_to(Connection& c) {
  while (c.sent < c.out.size()) {
    const ssize_t n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return interest(c, EPOLLOUT);
    if (n < 0) return close(c);
    c.sent += static_cast<std::size_t>(n);
  }
  c.out = std::string();
  if (c.close_after_write) {
    ::shutdown(c.fd, SHUT_WR);
    c.phase = Phase::lingering;
    c.deadline = Clock::now() + seconds(kLingerSeconds);
    return interest(c, EPOLLIN);
  }
  c.phase = Phase::reading;
  if (!c.request_started) c.deadline = Clock::now() + seconds(options.idle_timeout_seconds);
  interest(c, EPOLLIN);
  if (c.request_started) dispatch(c);
}

void HttpServer::Impl::discard_from(Connection& c) {
  char buffer[kReadChunk];
  const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return;
  c.discarded += n > 0 ? static_cast<std::size_t>(n) : 0;
  if (n <= 0 || c.discarded > kLingerBytes) close(c);
}

void HttpServer::Impl::take_answers() {
  std::uint64_t count = 0;
  [[maybe_unused]] const auto n = ::read(wake_fd, &count, sizeof count);
  std::vector<Answer> ready;
  {
    std::lock_guard<std::mutex> lock(answers_mutex);
    ready.swap(answers);
  }
  for (Answer& a : ready) {
    --handling;
    const auto it = connections.find(a.connection);
    if (it == connections.end() || it->second.phase != Phase::handling) continue;  // the client left
    respond(it->second, a);
  }
}

// Ends connections whose phase is over its deadline.
void HttpServer::Impl::sweep(Clock::time_point now) {
  if (listener_paused && now >= listener_resumes) {
    listener_paused = false;
    watch(listen_fd, kListenerKey, EPOLLIN);
  }
  std::vector<std::uint64_t> late;
  for (const auto& [key, c] : connections)
    if (c.phase != Phase::handling && c.deadline < now) late.push_back(key);
  for (const std::uint64_t key : late) {
    Connection& c = connections.at(key);
    if (c.phase == Phase::reading && c.request_started) {
      char limit[32];
      std::snprintf(limit, sizeof limit, "%g", options.request_timeout_seconds);
      const std::string text = std::string("the request did not arrive whole within ") + limit + " s";
      refuse(c, 408, text);
    } else {
      close(c);
    }
  }
}

// stop(): no new connections; idle ones closed; requests with the workers
// answered (for up to kStopDrainSeconds), each connection then closed.
void HttpServer::Impl::begin_drain() {
  draining = true;
  drain_deadline = Clock::now() + seconds(kStopDrainSeconds);
  if (!listener_paused) ::epoll_ctl(epoll_fd, EPOLL_CTL_DEL, listen_fd, nullptr);
  ::close(listen_fd);
  listen_fd = -1;
  std::vector<std::uint64_t> idle;
  for (auto& [key, c] : connections) {
    if (c.phase == Phase::reading || c.phase == Phase::lingering) idle.push_back(key);
    c.close_after_write = true;
  }
  for (const std::uint64_t key : idle) close(connections.at(key));
}

void HttpServer::Impl::close(Connection& c) {
  ::close(c.fd);  // also leaves the epoll set
  connections.erase(c.key);
}

Answer HttpServer::Impl::answer(Job& job) {
  const HttpRequest& request = job.request;
  HttpResponse response;
  try {
    response = handler(request);
  } catch (const std::exception& e) {
    response = error(500, std::string("internal error: ") + e.what());
  }
  return {job.connection, std::move(response), request.method == "HEAD", !request.keep_alive, request.http10};
}

void HttpServer::Impl::refuse(Connection& c, int status, const std::string& message) {
  respond(c, {c.key, error(status, message), false, true, false});
}

HttpServer::HttpServer(ServerOptions options, RequestHandler handler, ErrorResponder error)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(error))) {}

HttpServer::~HttpServer() = default;

void HttpServer::bind() { impl_->bind_listener(); }

int HttpServer::port() const { return impl_->bound_port; }

void HttpServer::set_write_threads(unsigned threads) { impl_->options.write_threads = threads; }

void HttpServer::run() {
  Impl& s = *impl_;
  if (s.listen_fd < 0) throw Error("the service is not bound to a port");
  const auto work = [&s](Job& job) { return s.answer(job); };
  const auto done = [&s](Answer a) {
    {
      std::lock_guard<std::mutex> lock(s.answers_mutex);
      s.answers.push_back(std::move(a));
    }
    s.wake();
  };
  s.workers = std::make_unique<WorkerPool>(s.options.threads ? s.options.threads : 1, work, done);
  if (s.options.write_threads) s.writers = std::make_unique<WorkerPool>(s.options.write_threads, work, done);
  s.loop();
  s.writers.reset();
  s.workers.reset();
}

void HttpServer::stop() {
  impl_->stop_requested = true;
  impl_->wake();
}

const char* reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
  }
}

}  // namespace newsidx::service

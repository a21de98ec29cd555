#include "tests/shard_servers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>

namespace newsidx::test {
namespace {

sockaddr_in loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

bool accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const sockaddr_in a = loopback(port);
  const bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

bool shardd_built() { return std::filesystem::exists(NEWSIDX_SHARDD_BIN); }

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a = loopback(0);
  ::bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

void wait_for_port(int port) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!accepts(port)) {
    if (std::chrono::steady_clock::now() > until)
      throw std::runtime_error("nothing listens on port " + std::to_string(port));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

pid_t spawn(const std::vector<std::string>& args) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);  // its own group: stop() reaches the children it forks
    // Dies with the test (its forking thread): a test that crashed would
    // otherwise leave servers holding ctest's output pipe until the timeout.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    argv.push_back(nullptr);
    ::execv(argv[0], const_cast<char* const*>(argv.data()));
    ::_exit(127);
  }
  return pid;
}

void stop(pid_t pid) {
  if (pid <= 0) return;
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
}

ShardServer::ShardServer(std::string shard_dir, bool writable, std::vector<std::string> options)
    : dir_(std::move(shard_dir)), writable_(writable), options_(std::move(options)), port_(free_port()) {
  start();
}

ShardServer::~ShardServer() { kill(); }

void ShardServer::start() {
  if (pid_ > 0) return;
  std::vector<std::string> argv{NEWSIDX_SHARDD_BIN, "--db", dir_, "--listen", address(), "--quiet"};
  if (writable_) argv.push_back("--writable");
  argv.insert(argv.end(), options_.begin(), options_.end());
  pid_ = spawn(argv);
  wait_for_port(port_);
}

void ShardServer::kill() {
  stop(pid_);
  pid_ = -1;
}

void ShardServer::freeze() { ::kill(-pid_, SIGSTOP); }
void ShardServer::thaw() { ::kill(-pid_, SIGCONT); }

}  // namespace newsidx::test

// newsidx-shardd processes for the tests, on loopback ports of their own.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace newsidx::test {

// Whether newsidx-shardd was built (it needs Xapian's source, which
// scripts/xapian_source.sh fetches); the remote tests skip without it.
bool shardd_built();

// A free loopback port (bound once and released).
int free_port();
// Waits until something accepts connections on the loopback port (throws after 10 s).
void wait_for_port(int port);

// Starts argv in its own process group; stop() kills the group and waits.
pid_t spawn(const std::vector<std::string>& argv);
void stop(pid_t pid);

// One newsidx-shardd serving a shard directory; killed (SIGKILL) when the
// object dies or kill() is called, started again by start().
class ShardServer {
 public:
  ShardServer(std::string shard_dir, bool writable, std::vector<std::string> options = {});
  ~ShardServer();
  ShardServer(const ShardServer&) = delete;
  ShardServer& operator=(const ShardServer&) = delete;

  // Starts it and waits until it accepts connections (throws after 10 s).
  void start();
  void kill();
  // SIGSTOP / SIGCONT: it accepts connections but answers nothing.
  void freeze();
  void thaw();
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

 private:
  std::string dir_;
  bool writable_;
  std::vector<std::string> options_;  // more of newsidx-shardd's
  int port_;
  pid_t pid_ = -1;
};

}  // namespace newsidx::test

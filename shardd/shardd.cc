// newsidx-shardd: serves one shard of an index over Xapian's remote
// protocol, with the project's query pieces registered so that they run on
// the shard (stock xapian-tcpsrv knows Xapian's own pieces only).
//
// Built on Xapian's TcpServer and RemoteServer, whose headers are in
// Xapian's source only (scripts/xapian_source.sh fetches the installed
// version's from Debian): the server is bound to that exact library
// version. Unlike xapian-tcpsrv, which forks a process per connection, it
// serves each connection on a thread of its own, so that the shard's
// columns and bitmaps (ShardCache) are read once for all of them.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <thread>

#include <xapian.h>
#include <boost/program_options.hpp>

#define SOCKET_INITIALIZER_MIXIN  // empty off Windows, as Xapian's own build defines it
// remoteserver.h's own includes ask for config.h's mark; none of its settings is read.
#define PACKAGE "xapian-core"
#include <remoteserver.h>
#include <tcpserver.h>

#include "index/store.h"
#include "newsidx/errors.h"
#include "query/shard_resources.h"
#include "shardd/registry.h"
#include "shardd/shard_cache.h"

namespace fs = std::filesystem;
namespace po = boost::program_options;

namespace {

const char* const kUsage =
    "usage: newsidx-shardd --db SHARD_DIR --listen HOST:PORT [--writable] [--idle-timeout S]\n"
    "                      [--active-timeout S] [--bitmap-memory MB] [--max-connections N] [--quiet]\n"
    "\n"
    "Serves one shard (a directory newsindex init --shards made, or a replica\n"
    "xapian-replicate keeps) over Xapian's remote protocol.\n"
    "Exit status: 1 when the shard cannot be opened or the port taken, 2 usage error.\n";

struct Listen {
  std::string host;
  int port = 0;
};

Listen parse_listen(const std::string& text) {
  const auto colon = text.rfind(':');
  Listen l;
  if (colon == std::string::npos) throw po::error("--listen must be HOST:PORT, not \"" + text + "\"");
  l.host = text.substr(0, colon);
  try {
    std::size_t used = 0;
    l.port = std::stoi(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1) l.port = 0;
  } catch (const std::exception&) {
    l.port = 0;
  }
  if (l.port <= 0 || l.port > 65535) throw po::error("--listen: the port must be 1 to 65535, in \"" + text + "\"");
  return l;
}

// What Xapian opens for the shard: the stub naming its current generation
// (a connection made after a bulk load opens the new one), or for writing
// the generation itself; a replica directory as it is.
std::string database_path(const std::string& dir, bool writable) {
  if (!fs::exists(newsidx::store::stub_path(dir))) return dir;
  return writable ? newsidx::store::current_generation_or_throw(dir) : newsidx::store::stub_path(dir);
}

// Xapian's TcpServer listens with a backlog of 5. Connections that arrive
// together beyond that (a service's threads each opening every shard, while
// this server is not on a core) lose their SYN and wait a second for its
// retry, a client's whole connect timeout. TcpServer keeps its socket to
// itself: it is found by its port, and listens again with a longer queue.
void widen_backlog(int port) {
  for (int fd = 0; fd < 1024; ++fd) {
    int accepting = 0;
    socklen_t size = sizeof accepting;
    if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &size) != 0 || !accepting) continue;
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) continue;
    const in_port_t at = address.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&address)->sin6_port
                                                       : reinterpret_cast<sockaddr_in*>(&address)->sin_port;
    if (ntohs(at) == port) ::listen(fd, SOMAXCONN);
  }
}

// Accepts connections and serves each on a thread of its own, with a
// Registry of its own (Xapian's reference counts are not atomic: one
// Registry copied by many threads would be counted wrong). Beyond
// `max_connections` at once a new connection is closed at once (a client
// then reads another copy), so that clients that never hang up cannot
// make it start threads without bound.
class ThreadedShardServer : public TcpServer {
 public:
  ThreadedShardServer(std::string path, const Listen& listen, double active_timeout, double idle_timeout, bool writable,
                      unsigned max_connections, bool verbose)
      : TcpServer(listen.host, listen.port, /*tcp_nodelay=*/true, verbose),
        path_(std::move(path)),
        active_timeout_(active_timeout),
        idle_timeout_(idle_timeout),
        writable_(writable),
        max_connections_(max_connections) {
    widen_backlog(listen.port);
  }

  [[noreturn]] void serve() {
    for (;;) {
      int socket = -1;
      try {
        socket = accept_connection();
      } catch (const Xapian::NetworkError& e) {  // e.g. out of descriptors: the next may do
        std::fprintf(stderr, "newsidx-shardd: %s\n", e.get_description().c_str());
        ::usleep(100000);
        continue;
      }
      if (open_ >= max_connections_) {
        refuse(socket);
        continue;
      }
      ++open_;
      try {
        std::thread([this, socket] {
          handle_one_connection(socket);
          ::close(socket);
          --open_;
        }).detach();
      } catch (const std::system_error& e) {  // no thread to be had: this connection is refused
        std::fprintf(stderr, "newsidx-shardd: %s\n", e.what());
        ::close(socket);
        --open_;
      }
    }
  }

  // Closes a connection over the limit, saying so on the first and every 1,000th.
  void refuse(int socket) {
    ::close(socket);
    if (refused_++ % 1000 == 0)
      std::fprintf(stderr, "newsidx-shardd: %u connections are open, the most --max-connections allows: %llu refused\n",
                   max_connections_, static_cast<unsigned long long>(refused_));
  }

  void handle_one_connection(int socket) override {
    try {
      RemoteServer server({path_}, socket, socket, active_timeout_, idle_timeout_, writable_);
      server.set_registry(newsidx::shard_registry());
      server.run();
    } catch (const Xapian::NetworkTimeoutError&) {  // an idle client, dropped
    } catch (const Xapian::NetworkError&) {         // the client went away
    } catch (const Xapian::Error& e) {
      std::fprintf(stderr, "newsidx-shardd: %s\n", e.get_description().c_str());
    } catch (const std::exception& e) {
      std::fprintf(stderr, "newsidx-shardd: %s\n", e.what());
    }
  }

 private:
  const std::string path_;
  const double active_timeout_, idle_timeout_;
  const bool writable_;
  const unsigned max_connections_;
  std::atomic<unsigned> open_{0};
  std::uint64_t refused_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  po::options_description opts("newsidx-shardd");
  // clang-format off
  opts.add_options()
      ("help", "this text")
      ("db", po::value<std::string>(), "the shard's directory")
      ("listen", po::value<std::string>(), "HOST:PORT to listen on")
      ("writable", "accept writes (one writer at a time)")
      ("idle-timeout", po::value<double>()->default_value(60), "seconds before an idle connection is dropped")
      ("active-timeout", po::value<double>()->default_value(10), "seconds between the messages of one operation")
      ("bitmap-memory", po::value<double>()->default_value(64), "MB for the frequent words' bitmaps")
      ("max-connections", po::value<unsigned>()->default_value(256), "connections served at once; more are closed")
      ("quiet", "no line per connection");
  // clang-format on
  po::variables_map vm;
  Listen listen;
  double bitmap_mb = 0;
  try {
    po::store(po::parse_command_line(argc, argv, opts), vm);
    po::notify(vm);
    if (vm.count("help")) {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (!vm.count("db") || !vm.count("listen")) throw po::error("--db and --listen are required");
    listen = parse_listen(vm["listen"].as<std::string>());
    bitmap_mb = vm["bitmap-memory"].as<double>();
    if (!(bitmap_mb >= 0 && bitmap_mb <= 1e6)) throw po::error("--bitmap-memory must be 0 to 1000000 MB");
    const unsigned most = vm["max-connections"].as<unsigned>();
    if (most < 1 || most > 100000) throw po::error("--max-connections must be 1 to 100000");
  } catch (const po::error& e) {
    std::fprintf(stderr, "newsidx-shardd: %s\n%s", e.what(), kUsage);
    return 2;
  }
  const std::string dir = vm["db"].as<std::string>();
  const bool writable = vm.count("writable") > 0;
  // Commits keep changesets, which xapian-replicate applies to read
  // replicas (without them each update copies the whole shard).
  if (writable) ::setenv("XAPIAN_MAX_CHANGESETS", "100", /*overwrite=*/0);
  try {
    const std::string path = database_path(dir, writable);
    if (writable) Xapian::WritableDatabase(path, Xapian::DB_OPEN);  // report problems now, not per connection
    else Xapian::Database{path};
    newsidx::ShardCache cache(database_path(dir, false), static_cast<std::size_t>(bitmap_mb * 1024 * 1024));
    newsidx::set_shard_resources(&cache);
    ThreadedShardServer server(path, listen, vm["active-timeout"].as<double>(), vm["idle-timeout"].as<double>(),
                               writable, vm["max-connections"].as<unsigned>(), vm.count("quiet") == 0);
    std::fprintf(stderr, "newsidx-shardd: serving %s on %s:%d%s\n", dir.c_str(), listen.host.c_str(), listen.port,
                 writable ? " for writing" : "");
    server.serve();
  } catch (const newsidx::Error& e) {
    std::fprintf(stderr, "newsidx-shardd: %s\n", e.what());
    return 1;
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "newsidx-shardd: %s: %s\n", dir.c_str(), e.get_description().c_str());
    return 1;
  }
  return 0;
}

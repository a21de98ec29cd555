// newsindex: add, delete and count articles.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/cli_common.h"
#include "newsidx/errors.h"
#include "newsidx/indexer.h"
#include "newsidx/views.h"

namespace fs = std::filesystem;
namespace po = boost::program_options;
using namespace newsidx;
using namespace newsidx::cli;

namespace {

const char* const kUsage =
    "usage: newsindex [--db DIR] [--config FILE] COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "commands:\n"
    "  init [--shards N]  create an empty index: one database, or N shards searched as one\n"
    "  init --remote HOST:PORT[,HOST:PORT...] [--remote ...]\n"
    "                     an index whose shards are on shard servers (newsidx-shardd), one --remote\n"
    "                     per shard: its primary, then its read replicas\n"
    "  add [--format articles|ninjs] [--strict] [--threads N] [--commit-every N] FILE...\n"
    "                     add or replace articles from JSON Lines files (.jsonl, .jsonl.gz, - for stdin),\n"
    "                     or from IPTC ninjs files (an item, an array of items or JSON Lines of them)\n"
    "  delete ID...       delete articles by id\n"
    "  stats [--json]     articles per language and category, and the size on disk\n"
    "  views [--format combined|tsv] [--commit-every N] FILE...\n"
    "                     count article views in access logs (.gz, - for stdin); incremental\n"
    "  snapshot DEST      a consistent copy of the index and the view counts, taken while they are written\n"
    "                     (--db DEST opens it: that is the restore)\n"
    "  recover            after a lost or damaged xapian.stub, publish the newest intact generation\n"
    "  export             every stored article as a JSON line on standard output, from an index of this\n"
    "                     or an older schema (an upgrade: export, then add into a new DIR)\n"
    "\n"
    "--db DIR defaults to $NEWSIDX_DB, then the db of the --config file, then ./newsidx-data.\n"
    "--config FILE: options from an INI file, a [COMMAND] section each (example: packaging/newsidx.conf).\n"
    "Exit status: 0 success, 1 rejected lines, unknown ids or an error, 2 usage error.\n";

int cmd_add(const std::string& db, const std::vector<std::string>& args) {
  po::options_description opts("add");
  // clang-format off
  opts.add_options()
      ("format", po::value<std::string>()->default_value("articles"), "articles or ninjs")
      ("strict", "store nothing when any line is rejected")
      ("threads", whole(2), "parallel writers for a bulk load")
      ("commit-every", whole(10000), "articles between commits")
      ("files", po::value<std::vector<std::string>>());
  // clang-format on
  const auto vm = parse_command(args, opts, "files");
  if (!vm.count("files")) throw UsageError{"add needs at least one FILE (or - for standard input)"};

  IndexerOptions options;
  const std::string format = vm["format"].as<std::string>();
  if (format != "articles" && format != "ninjs")
    throw UsageError{"--format must be articles or ninjs, not \"" + format + "\""};
  options.format = format == "ninjs" ? InputFormat::ninjs : InputFormat::articles;
  options.strict = vm.count("strict") > 0;
  options.threads = std::max(1u, static_cast<unsigned>(vm["threads"].as<Whole>().value));
  options.commit_every = vm["commit-every"].as<Whole>().value;
  options.on_rejection = [](const Rejection& r) {
    std::fprintf(stderr, "%s:%zu: %s\n", r.file.c_str(), r.line, r.problem.c_str());
  };
  const bool terminal = stderr_is_terminal();
  if (terminal) {
    options.on_progress = [](const IngestProgress& p) {
      std::fprintf(stderr, "\r%s articles, %.0f/s", with_commas(p.articles).c_str(),
                   p.seconds > 0 ? p.articles / p.seconds : 0.0);
      if (p.bytes_total > 0) std::fprintf(stderr, ", %.0f%% of input", 100.0 * p.bytes_done / p.bytes_total);
      std::fflush(stderr);
    };
  }
  Indexer indexer(db, options);
  const IngestReport r = indexer.add_files(vm["files"].as<std::vector<std::string>>());
  if (terminal) std::fprintf(stderr, "\r\033[K");
  const std::size_t stored = r.added + r.replaced;
  const std::string older = r.older ? ", older versions ignored " + std::to_string(r.older) : "";
  std::fprintf(stderr, "added %zu, replaced %zu, rejected %zu%s in %.2f s (%.0f articles/s)%s\n", r.added, r.replaced,
               r.rejected, older.c_str(), r.seconds, r.seconds > 0 ? stored / r.seconds : 0.0,
               options.strict && r.rejected ? "; --strict: nothing stored" : "");
  return r.rejected ? kExitFailed : kExitOk;
}

int cmd_delete(const std::string& db, const std::vector<std::string>& args) {
  po::options_description opts("delete");
  // clang-format off
  opts.add_options()
      ("ids", po::value<std::vector<std::string>>());
  // clang-format on
  const auto vm = parse_command(args, opts, "ids");
  if (!vm.count("ids")) throw UsageError{"delete needs at least one ID"};
  const auto ids = vm["ids"].as<std::vector<std::string>>();
  Indexer indexer(db);
  const auto missing = indexer.remove(ids);
  for (const auto& id : missing) std::fprintf(stderr, "newsindex: no article with id \"%s\"\n", id.c_str());
  std::fprintf(stderr, "deleted %zu\n", ids.size() - missing.size());
  return missing.empty() ? kExitOk : kExitFailed;
}

int cmd_views(const std::string& db, const std::vector<std::string>& args) {
  po::options_description opts("views");
  // clang-format off
  opts.add_options()
      ("format", po::value<std::string>()->default_value("combined"), "combined or tsv")
      ("commit-every", whole(250000), "lines between commits")
      ("files", po::value<std::vector<std::string>>());
  // clang-format on
  const auto vm = parse_command(args, opts, "files");
  if (!vm.count("files")) throw UsageError{"views needs at least one log FILE (or - for standard input)"};
  const std::string format = vm["format"].as<std::string>();
  if (format != "combined" && format != "tsv")
    throw UsageError{"--format must be combined or tsv, not \"" + format + "\""};
  ViewsOptions options;
  options.format = format == "tsv" ? LogFormat::Tsv : LogFormat::Combined;
  options.commit_every = std::max<std::size_t>(1, vm["commit-every"].as<Whole>().value);
  options.on_malformed = [](const std::string& file, std::size_t line, const std::string& problem) {
    std::fprintf(stderr, "%s:%zu: malformed: %s\n", file.c_str(), line, problem.c_str());
  };
  const bool terminal = stderr_is_terminal();
  if (terminal) {
    options.on_progress = [](std::uint64_t lines, double seconds) {
      std::fprintf(stderr, "\r%s lines, %.0f/s", with_commas(lines).c_str(), seconds > 0 ? lines / seconds : 0.0);
      std::fflush(stderr);
    };
  }
  ViewCounter counter(db, options);
  const ViewsReport r = counter.add_logs(vm["files"].as<std::vector<std::string>>());
  if (terminal) std::fprintf(stderr, "\r\033[K");
  std::fprintf(stderr,
               "lines %s, views %s, repeats within 30 min %s, crawler hits %s, not views %s, unknown paths %s, "
               "malformed %s, already counted %s bytes; %.2f s (%.0f lines/s)\n",
               with_commas(r.lines).c_str(), with_commas(r.views).c_str(), with_commas(r.repeats).c_str(),
               with_commas(r.crawler_hits).c_str(), with_commas(r.not_views).c_str(),
               with_commas(r.unknown_paths).c_str(), with_commas(r.malformed).c_str(),
               with_commas(r.skipped_bytes).c_str(), r.seconds, r.seconds > 0 ? r.lines / r.seconds : 0.0);
  for (const auto& file : r.truncated_files)
    std::fprintf(stderr,
                 "%s: the compressed file is cut short (a truncated gzip stream): the lines before the cut "
                 "are counted, the cut line waits for the whole file\n",
                 file.c_str());
  return r.truncated_files.empty() ? kExitOk : kExitFailed;
}

int cmd_init(const std::string& db, const std::vector<std::string>& args) {
  po::options_description opts("init");
  // clang-format off
  opts.add_options()
      ("shards", whole(1), "shards to spread the articles over (1 to 256)")
      ("remote", po::value<std::vector<std::string>>(), "a shard's servers: HOST:PORT[,HOST:PORT...]");
  // clang-format on
  const auto vm = parse_command(args, opts, nullptr);
  if (vm.count("remote")) {
    if (!vm["shards"].defaulted()) throw UsageError{"--shards and --remote do not go together"};
    const auto& shards = vm["remote"].as<std::vector<std::string>>();
    create_remote_index(db, shards);
    std::fprintf(stderr, "%s: an index of %zu shard%s on shard servers\n", db.c_str(), shards.size(),
                 shards.size() == 1 ? "" : "s");
    return kExitOk;
  }
  const auto shards = vm["shards"].as<Whole>().value;
  if (shards < 1 || shards > 256) throw UsageError{"--shards must be 1 to 256"};
  create_index(db, static_cast<unsigned>(shards));
  std::fprintf(stderr, "%s: an empty index of %zu shard%s\n", db.c_str(), static_cast<std::size_t>(shards),
               shards == 1 ? "" : "s");
  return kExitOk;
}

int cmd_recover(const std::string& db, const std::vector<std::string>& args) {
  po::options_description opts("recover");
  parse_command(args, opts, nullptr);
  std::fprintf(stderr, "%s: now serving %s\n", db.c_str(), recover_index(db).c_str());
  return kExitOk;
}

// The copy is made beside DEST and renamed into place when whole, so that
// a snapshot killed half-way never leaves a DEST that looks like an index.
int cmd_snapshot(const std::string& db, const std::vector<std::string>& args) {
  po::options_description opts("snapshot");
  opts.add_options()("dest", po::value<std::vector<std::string>>());
  const auto vm = parse_command(args, opts, "dest");
  if (!vm.count("dest") || vm["dest"].as<std::vector<std::string>>().size() != 1)
    throw UsageError{"snapshot needs exactly one DEST directory"};
  std::string dest = vm["dest"].as<std::vector<std::string>>()[0];
  while (dest.size() > 1 && dest.back() == '/') dest.pop_back();
  std::error_code ec;
  if (fs::exists(dest) && !(fs::is_directory(dest) && fs::is_empty(dest, ec)))
    throw Error(dest + ": already exists and is not an empty directory; a snapshot goes into a new one");
  const std::string partial = dest + ".partial-" + std::to_string(::getpid());
  try {
    snapshot_index(db, partial);
    const bool views = copy_view_counts(db, partial);
    fs::remove(dest, ec);  // the empty directory, if any
    fs::rename(partial, dest);
    std::fprintf(stderr, "%s: snapshot in %s (%s articles%s)\n", db.c_str(), dest.c_str(),
                 with_commas(index_stats(dest).articles).c_str(), views ? ", view counts" : ", no views counted yet");
  } catch (...) {
    fs::remove_all(partial, ec);
    throw;
  }
  return kExitOk;
}

int cmd_export(const std::string& db, const std::vector<std::string>& args) {
  po::options_description opts("export");
  parse_command(args, opts, nullptr);
  std::size_t n = 0;
  export_articles(db, [&n](const std::string& json) {
    std::fwrite(json.data(), 1, json.size(), stdout);
    std::fputc('\n', stdout);
    ++n;
  });
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) throw Error("export: cannot write standard output");
  std::fprintf(stderr, "%s: exported %s articles\n", db.c_str(), with_commas(n).c_str());
  return kExitOk;
}

int cmd_stats(const std::string& db, const std::vector<std::string>& args) {
  po::options_description opts("stats");
  // clang-format off
  opts.add_options()
      ("json", "print one JSON object");
  // clang-format on
  const auto vm = parse_command(args, opts, nullptr);
  const IndexStats s = index_stats(db);
  if (vm.count("json")) {
    nlohmann::json out = {{"articles", s.articles},
                          {"languages", s.by_language},
                          {"categories", s.by_category},
                          {"bytes", s.bytes},
                          {"on_shard_servers", s.on_shard_servers}};
    std::cout << out.dump(2) << "\n";
    return kExitOk;
  }
  std::cout << "articles: " << with_commas(s.articles) << "\nlanguages:\n";
  for (const auto& [lang, n] : s.by_language) std::cout << "  " << lang << "\t" << with_commas(n) << "\n";
  std::cout << "categories:\n";
  for (const auto& [cat, n] : s.by_category) std::cout << "  " << cat << "\t" << with_commas(n) << "\n";
  if (s.on_shard_servers) std::cout << "size on disk: on the shard servers\n";
  else std::cout << "size on disk: " << with_commas(s.bytes) << " bytes\n";
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  return run_tool("newsindex", kUsage, argc, argv,
                  {{"init", cmd_init},
                   {"add", cmd_add},
                   {"delete", cmd_delete},
                   {"export", cmd_export},
                   {"recover", cmd_recover},
                   {"snapshot", cmd_snapshot},
                   {"stats", cmd_stats},
                   {"views", cmd_views}});
}

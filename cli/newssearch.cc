// newssearch: query the index from the shell.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/cli_common.h"
#include "newsidx/errors.h"
#include "newsidx/searcher.h"

namespace po = boost::program_options;
using namespace newsidx;
using namespace newsidx::cli;

namespace {

const char* const kUsage =
    "usage: newssearch [--db DIR] COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "commands:\n"
    "  query [--lang L] [--limit N] [--offset N] [--any] [--json] WORDS...\n"
    "                     search; all words must match unless --any\n"
    "\n"
    "--db DIR defaults to $NEWSIDX_DB, then ./newsidx-data.\n"
    "Exit status: 0 success, 1 error, 2 usage error.\n";

nlohmann::json to_json(const SearchResult& r) {
  nlohmann::json results = nlohmann::json::array();
  for (const auto& h : r.results) {
    results.push_back({{"id", h.id}, {"title", h.title}, {"url", h.url}, {"lang", h.lang},
                       {"published", h.published}, {"category", h.category}, {"tags", h.tags},
                       {"score", h.score}});
  }
  return {{"total", r.total}, {"total_exact", r.total_exact}, {"relaxed", r.relaxed}, {"results", results}};
}

void print_for_people(const SearchResult& r, std::size_t offset) {
  const bool color = stdout_is_terminal();
  const char* bold = color ? "\033[1m" : "";
  const char* dim = color ? "\033[2m" : "";
  const char* reset = color ? "\033[0m" : "";
  std::size_t n = offset;
  for (const auto& h : r.results) {
    std::printf("%zu. %s%s%s\n", ++n, bold, h.title.c_str(), reset);
    std::printf("   %s%s · %s", dim, h.published.substr(0, 10).c_str(), h.lang.c_str());
    if (!h.category.empty()) std::printf(" · %s", h.category.c_str());
    std::printf(" · %s%s\n", h.id.c_str(), reset);
    if (!h.url.empty()) std::printf("   %s\n", h.url.c_str());
  }
  std::printf("%s%s%s article%s", r.total_exact ? "" : "about ", with_commas(r.total).c_str(),
              "", r.total == 1 ? "" : "s");
  if (r.relaxed) std::printf(" (no article has every word; showing those with any)");
  std::printf("\n");
}

int cmd_query(const std::string& db, const std::vector<std::string>& args) {
  po::options_description opts("query");
  opts.add_options()
      ("lang", po::value<std::string>(), "read the words in this language, search its edition")
      ("limit", po::value<std::size_t>()->default_value(10), "results to show")
      ("offset", po::value<std::size_t>()->default_value(0), "results to skip")
      ("any", "rank by any of the words")
      ("json", "print one JSON object")
      ("words", po::value<std::vector<std::string>>());
  const auto vm = parse_command(args, opts, "words");
  if (!vm.count("words")) throw UsageError{"query needs WORDS"};
  SearchRequest req;
  for (const auto& w : vm["words"].as<std::vector<std::string>>()) req.query += (req.query.empty() ? "" : " ") + w;
  if (vm.count("lang")) req.lang = vm["lang"].as<std::string>();
  req.limit = vm["limit"].as<std::size_t>();
  req.offset = vm["offset"].as<std::size_t>();
  req.any = vm.count("any") > 0;
  Searcher searcher(db);
  const SearchResult r = searcher.search(req);
  if (vm.count("json")) std::cout << to_json(r).dump() << "\n";
  else print_for_people(r, req.offset);
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  po::options_description global;
  global.add_options()
      ("help,h", "show this help")
      ("db", po::value<std::string>()->default_value(""), "database directory")
      ("command", po::value<std::string>())
      ("args", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("command", 1).add("args", -1);
  try {
    po::variables_map vm;
    std::vector<std::string> rest;
    try {
      auto parsed = po::command_line_parser(argc, argv).options(global).positional(positional)
                        .allow_unregistered().run();
      po::store(parsed, vm);
      rest = po::collect_unrecognized(parsed.options, po::include_positional);
    } catch (const po::error& e) {
      throw UsageError{e.what()};
    }
    if (vm.count("help")) {
      std::cout << kUsage;
      return kExitOk;
    }
    if (!vm.count("command")) throw UsageError{"no command given"};
    const std::string command = vm["command"].as<std::string>();
    if (!rest.empty()) rest.erase(rest.begin());
    const std::string db = resolve_db(vm["db"].as<std::string>());
    if (command == "query") return cmd_query(db, rest);
    throw UsageError{"unknown command \"" + command + "\""};
  } catch (const UsageError& e) {
    std::fprintf(stderr, "newssearch: %s\n\n%s", e.message.c_str(), kUsage);
    return kExitUsage;
  } catch (const InvalidArgument& e) {
    std::fprintf(stderr, "newssearch: %s\n", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "newssearch: %s\n", e.what());
    return kExitFailed;
  }
}

// What both command-line tools share: the --db default, usage errors and the
// exit codes.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

namespace newsidx::cli {

constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;  // bad input lines, unknown ids, an unreadable file or index
constexpr int kExitUsage = 2;
constexpr int kExitNotFound = 3;  // an unknown article id

// The commands of both tools: the sections a --config file may have.
inline const std::set<std::string> kEveryCommand = {"init",     "add",   "delete",  "recover", "stats", "views",
                                                    "snapshot", "query", "related", "popular", "serve"};

// --db, else $NEWSIDX_DB, else the --config file's db, else ./newsidx-data.
std::string resolve_db(const std::string& given);

// A command-line mistake; main() prints it with the usage hint and exits 2.
struct UsageError {
  std::string message;
};

// A whole-number option: digits only, so that "-1" is a usage error
// rather than 2^64 - 1. Declare it with po::value<Whole>().
struct Whole {
  std::size_t value = 0;
};
void validate(boost::any& value, const std::vector<std::string>& tokens, Whole*, int);
// `n` as an option's default.
inline auto whole(std::size_t n) {
  return boost::program_options::value<Whole>()->default_value(Whole{n}, std::to_string(n));
}

// The JSON as text, invalid UTF-8 (from the query typed) shown as U+FFFD.
std::string json_text(const nlohmann::json& value);

// Parses a sub-command's arguments; positional ones go to `positional_name`
// (nullptr: the command takes none). With --config, the file's section for
// the command adds the options the arguments leave out (cli/config_file.h).
boost::program_options::variables_map parse_command(const std::vector<std::string>& args,
                                                    const boost::program_options::options_description& options,
                                                    const char* positional_name);

bool stderr_is_terminal();
bool stdout_is_terminal();

// "12,345".
std::string with_commas(std::size_t n);

// A sub-command: (database directory, its arguments) -> exit status.
using Command = std::function<int(const std::string& db, const std::vector<std::string>& args)>;

// Parses the global options (--db, --help) and the command name, runs the
// command, and turns every error into a message on stderr and an exit status.
int run_tool(const char* tool, const char* usage, int argc, char** argv,
             const std::map<std::string, Command>& commands);

}  // namespace newsidx::cli

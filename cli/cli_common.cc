#include "cli/cli_common.h"

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "newsidx/errors.h"

namespace po = boost::program_options;

namespace newsidx::cli {

std::string resolve_db(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* env = std::getenv("NEWSIDX_DB"); env && *env) return env;
  return "./newsidx-data";
}

po::variables_map parse_command(const std::vector<std::string>& args, const po::options_description& options,
                                const char* positional_name) {
  po::positional_options_description positional;
  if (positional_name) positional.add(positional_name, -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError{e.what()};
  }
  return vm;
}

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }
bool stdout_is_terminal() { return ::isatty(STDOUT_FILENO) == 1; }

std::string with_commas(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

int run_tool(const char* tool, const char* usage, int argc, char** argv,
             const std::map<std::string, Command>& commands) {
  po::options_description global;
  global.add_options()("help,h", "show this help")("db", po::value<std::string>()->default_value(""),
                                                   "database directory")("command", po::value<std::string>())(
      "args", po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add("command", 1).add("args", -1);
  try {
    po::variables_map vm;
    std::vector<std::string> rest;
    try {
      auto parsed =
          po::command_line_parser(argc, argv).options(global).positional(positional).allow_unregistered().run();
      po::store(parsed, vm);
      rest = po::collect_unrecognized(parsed.options, po::include_positional);
    } catch (const po::error& e) {
      throw UsageError{e.what()};
    }
    if (vm.count("help")) {
      std::cout << usage;
      return kExitOk;
    }
    if (!vm.count("command")) throw UsageError{"no command given"};
    const std::string command = vm["command"].as<std::string>();
    if (!rest.empty()) rest.erase(rest.begin());  // the command itself
    const auto it = commands.find(command);
    if (it == commands.end()) throw UsageError{"unknown command \"" + command + "\""};
    return it->second(resolve_db(vm["db"].as<std::string>()), rest);
  } catch (const UsageError& e) {
    std::fprintf(stderr, "%s: %s\n\n%s", tool, e.message.c_str(), usage);
    return kExitUsage;
  } catch (const InvalidArgument& e) {
    std::fprintf(stderr, "%s: %s\n", tool, e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", tool, e.what());
    return kExitFailed;
  }
}

}  // namespace newsidx::cli

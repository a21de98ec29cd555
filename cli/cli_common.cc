#include "cli/cli_common.h"

#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>

#include "cli/config_file.h"
#include "newsidx/errors.h"

namespace po = boost::program_options;

namespace newsidx::cli {

void validate(boost::any& value, const std::vector<std::string>& tokens, Whole*, int) {
  po::validators::check_first_occurrence(value);
  const std::string& text = po::validators::get_single_string(tokens);
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    throw po::invalid_option_value(text);
  value = Whole{static_cast<std::size_t>(std::stoull(text))};
}

std::string json_text(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string resolve_db(const std::string& given) {
  if (!given.empty()) return given;
  if (const char* env = std::getenv("NEWSIDX_DB"); env && *env) return env;
  return "./newsidx-data";
}

namespace {

// The --config file and the command run, for parse_command (set by run_tool).
const ConfigFile* active_config = nullptr;
std::string active_command;

po::variables_map parse_arguments(const std::vector<std::string>& args, const po::options_description& options,
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

}  // namespace

po::variables_map parse_command(const std::vector<std::string>& args, const po::options_description& options,
                                const char* positional_name) {
  po::variables_map vm = parse_arguments(args, options, positional_name);
  if (!active_config) return vm;
  // The file's options first: after a "--" on the command line they would be read as arguments.
  std::vector<std::string> combined = config_arguments(*active_config, active_command, options, vm);
  if (combined.empty()) return vm;
  combined.insert(combined.end(), args.begin(), args.end());
  return parse_arguments(combined, options, positional_name);
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

namespace {

struct Invocation {
  bool help = false;
  std::string db, config, command;
  std::vector<std::string> args;  // after the command, as given
};

// The global options (--db, --help) up to the command; everything after it
// is the command's own, "--" included.
Invocation read_invocation(int argc, char** argv) {
  Invocation in;
  int i = 1;
  for (; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-h" || a == "--help") in.help = true;
    else if (a == "--db" && i + 1 < argc) in.db = argv[++i];
    else if (a.rfind("--db=", 0) == 0) in.db = a.substr(5);
    else if (a == "--db") throw UsageError{"--db needs a directory"};
    else if (a == "--config" && i + 1 < argc) in.config = argv[++i];
    else if (a.rfind("--config=", 0) == 0) in.config = a.substr(9);
    else if (a == "--config") throw UsageError{"--config needs a file"};
    else if (!a.empty() && a[0] == '-') throw UsageError{"unrecognised option '" + a + "'"};
    else break;
  }
  if (i < argc) in.command = argv[i++];
  in.args.assign(argv + i, argv + argc);
  return in;
}

}  // namespace

int run_tool(const char* tool, const char* usage, int argc, char** argv,
             const std::map<std::string, Command>& commands) {
  try {
    const Invocation in = read_invocation(argc, argv);
    const auto end_of_options = std::find(in.args.begin(), in.args.end(), "--");
    if (in.help || std::find(in.args.begin(), end_of_options, "--help") != end_of_options ||
        std::find(in.args.begin(), end_of_options, "-h") != end_of_options) {
      std::cout << usage;
      return kExitOk;
    }
    if (in.command.empty()) throw UsageError{"no command given"};
    const auto it = commands.find(in.command);
    if (it == commands.end()) throw UsageError{"unknown command \"" + in.command + "\""};
    std::optional<ConfigFile> config;
    std::string db = in.db;
    if (!in.config.empty()) {
      config = read_config(in.config, kEveryCommand);
      active_config = &*config;
      active_command = in.command;
      const char* env = std::getenv("NEWSIDX_DB");
      if (db.empty() && !(env && *env) && !config->top.empty()) db = config->top.back().value;
    }
    return it->second(resolve_db(db), in.args);
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

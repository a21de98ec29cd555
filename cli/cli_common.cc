#include "cli/cli_common.h"

#include <cstdlib>
#include <unistd.h>

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
  positional.add(positional_name, -1);
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

}  // namespace newsidx::cli

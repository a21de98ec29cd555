#include "cli/config_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>

#include "cli/cli_common.h"
#include "newsidx/errors.h"

namespace po = boost::program_options;

namespace newsidx::cli {

namespace {

std::string trimmed(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

[[noreturn]] void bad_line(const std::string& path, int line, const std::string& message) {
  throw UsageError{path + ":" + std::to_string(line) + ": " + message};
}

std::string known_list(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

ConfigFile read_config(const std::string& path, const std::set<std::string>& sections) {
  std::ifstream in(path);
  if (!in) throw IoError("cannot read the config file " + path + ": " + std::strerror(errno));
  ConfigFile config{path, {}, {}};
  std::vector<ConfigEntry>* into = &config.top;
  std::string section;
  int number = 0;
  for (std::string raw; std::getline(in, raw);) {
    ++number;
    const std::string line = trimmed(raw);
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    if (line.front() == '[') {
      if (line.back() != ']') bad_line(path, number, "a section is [NAME], not \"" + line + "\"");
      section = trimmed(line.substr(1, line.size() - 2));
      if (!sections.count(section))
        bad_line(path, number,
                 "unknown section [" + section + "] (sections are commands: " + known_list(sections) + ")");
      into = &config.sections[section];
      continue;
    }
    const auto equals = line.find('=');
    if (equals == std::string::npos) bad_line(path, number, "expected KEY = VALUE, not \"" + line + "\"");
    ConfigEntry entry{trimmed(line.substr(0, equals)), trimmed(line.substr(equals + 1)), number};
    if (entry.key.empty()) bad_line(path, number, "a key is missing before \"=\"");
    if (into == &config.top && entry.key != "db")
      bad_line(path, number, "unknown key \"" + entry.key + "\" (before any section only db is read)");
    into->push_back(std::move(entry));
  }
  return config;
}

std::vector<std::string> config_arguments(const ConfigFile& config, const std::string& command,
                                          const po::options_description& options, const po::variables_map& given) {
  std::vector<std::string> arguments;
  const auto section = config.sections.find(command);
  if (section == config.sections.end()) return arguments;
  std::set<std::string> seen;
  for (const ConfigEntry& e : section->second) {
    const po::option_description* option = options.find_nothrow(e.key, false);
    if (!option || e.key == "help")
      bad_line(config.path, e.line, "unknown key \"" + e.key + "\" in [" + command + "] (see " + command + " --help)");
    if (!seen.insert(e.key).second && !option->semantic()->is_composing() && option->semantic()->max_tokens() <= 1)
      bad_line(config.path, e.line, e.key + " is given twice in [" + command + "]");
    if (given.count(e.key) && !given[e.key].defaulted()) continue;  // the command line wins
    std::vector<std::string> tokens{"--" + e.key};
    if (option->semantic()->max_tokens() == 0) {  // a switch
      if (e.value != "true" && e.value != "false")
        bad_line(config.path, e.line, e.key + " is a switch: true or false, not \"" + e.value + "\"");
      if (e.value == "false") continue;
    } else {
      tokens.push_back(e.value);
    }
    try {
      po::variables_map alone;
      po::store(po::command_line_parser(tokens).options(options).run(), alone);
      po::notify(alone);
    } catch (const po::error& error) {
      bad_line(config.path, e.line, error.what());
    }
    arguments.insert(arguments.end(), tokens.begin(), tokens.end());
  }
  return arguments;
}

}  // namespace newsidx::cli

// --config FILE: the options of both tools from an INI-style file.
//
//   # comment            (or ; comment)
//   db = /var/lib/newsidx
//   [serve]              a section per command, its keys the command's
//   listen = 0.0.0.0:8080 long option names; a switch takes true or false
//
// Each value is read by the command's own Boost.Program_options
// description, as if given on the command line, which wins over the file.
// A malformed line, an unknown section or key, or a bad value is a
// UsageError naming the file and line.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

namespace newsidx::cli {

struct ConfigEntry {
  std::string key, value;
  int line = 0;
};

struct ConfigFile {
  std::string path;
  std::vector<ConfigEntry> top;                              // before any section: only `db`
  std::map<std::string, std::vector<ConfigEntry>> sections;  // by command name
};

// Reads and checks the file's shape; `sections` are the command names of
// both tools. Throws UsageError (naming path and line) or IoError.
ConfigFile read_config(const std::string& path, const std::set<std::string>& sections);

// The arguments that the file's section for `command` adds to those the
// command line gave (`given`, parsed with `options`): one option each, in
// the file's order, for every key the command line left out. Each is checked
// against `options` here, so a bad key or value names its line.
std::vector<std::string> config_arguments(const ConfigFile& config, const std::string& command,
                                          const boost::program_options::options_description& options,
                                          const boost::program_options::variables_map& given);

}  // namespace newsidx::cli

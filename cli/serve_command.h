// `newssearch serve`: the HTTP API and search page (service/).
#pragma once

#include <string>
#include <vector>

namespace newsidx::cli {

int cmd_serve(const std::string& db, const std::vector<std::string>& args);

}  // namespace newsidx::cli

// Benchmark inputs: the bundled sample, and ../shared/corpora when present.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace newsidx::bench {

// Lines of a JSON Lines file (plain or .gz); at most `limit` lines.
std::vector<std::string> read_lines(const std::string& path, std::size_t limit = SIZE_MAX);

// Title, lead and body text per language code: the sample, plus up to 500
// articles of each shared corpus when ../shared is present.
std::map<std::string, std::string> text_per_language();

std::string sample_path();
bool shared_available();
std::string shared_path(const std::string& relative);

}  // namespace newsidx::bench

// The Kazakh stemmer on real word forms (the KazNERD sentences):
// conflation, the share of inflected forms that meet their base, per ending
// family; and a sample of the words the accusative rule stems, with the
// other words that now share each stem, for checking by hand.
//
//   eval_kazakh_stemmer [--misses] [SAMPLE]
//
// --misses lists the pairs whose inflected form does not meet its base.
//
// A pair is a base word of 4+ letters that is its own stem (and does not
// end in -ын/-ін) and that word with an ending, both in the sentences (the same rule as the test
// KazakhStemmer.ConflatesRealWordFormsFromKazNERD).
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "analysis/kazakh.h"
#include "newsidx/analyzer.h"

namespace {

std::set<std::string> corpus_words(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) return {};
  newsidx::Analyzer analyzer;
  std::set<std::string> words;
  static char buf[1 << 16];
  while (gzgets(f, buf, sizeof buf)) {
    const auto obj = nlohmann::json::parse(buf, nullptr, false);
    if (!obj.is_object() || !obj.contains("text")) continue;
    for (const auto& w : analyzer.analyze_query(obj["text"].get<std::string>(), std::string("kk")))
      words.insert(newsidx::kazakh_to_canonical(w.text, "cyrl"));
  }
  gzclose(f);
  return words;
}

bool ends_with(const std::string& s, const std::string& e) {
  return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

}  // namespace

int main(int argc, char** argv) {
  const bool show_misses = argc > 1 && std::string(argv[1]) == "--misses";
  const std::size_t sample = argc > 1 + show_misses ? std::stoul(argv[1 + show_misses]) : 100;
  const std::string path = std::string(NEWSIDX_SHARED_DIR) + "/corpora/kk-kaznerd-sentences.jsonl.gz";
  const std::set<std::string> words = corpus_words(path);
  if (words.empty()) {
    std::printf("eval_kazakh_stemmer: skipped: %s is absent (it is not part of a fresh clone)\n", path.c_str());
    return 0;
  }
  const std::map<std::string, std::vector<std::string>> families = {
      {"locative, dative, genitive, ablative, instrumental",
       {"да", "де", "ға", "ге", "дың", "дің", "ның", "нің", "дан", "ден", "мен", "бен"}},
      {"accusative after a vowel (-ны/-ні)", {"ны", "ні"}},
      {"accusative after a consonant (-ды/-ді/-ты/-ті)", {"ды", "ді", "ты", "ті"}},
  };
  std::printf("KazNERD: %zu distinct word forms\n", words.size());
  for (const auto& [family, endings] : families) {
    std::size_t pairs = 0, met = 0;
    for (const auto& base : words) {
      // A base ending in -ын/-ін is itself inflected (аиасын + да is аиасы + нда).
      if (base.size() < 8 || newsidx::kazakh_stem(base) != base || ends_with(base, "ын") || ends_with(base, "ін"))
        continue;
      for (const auto& e : endings) {
        if (!words.count(base + e)) continue;
        ++pairs;
        met += newsidx::kazakh_stem(base + e) == base;
        if (show_misses && newsidx::kazakh_stem(base + e) != base)
          std::printf("  miss: %s%s -> %s\n", base.c_str(), e.c_str(), newsidx::kazakh_stem(base + e).c_str());
      }
    }
    std::printf("%-52s %5zu of %5zu pairs meet their base (%.1f%%)\n", family.c_str(), met, pairs,
                pairs ? 100.0 * met / pairs : 0.0);
  }
  // Words the accusative takes (stem = word less -ды/-ді/-ты/-ті), with what else shares the stem.
  std::map<std::string, std::vector<std::string>> by_stem;
  for (const auto& w : words) by_stem[newsidx::kazakh_stem(w)].push_back(w);
  std::vector<std::string> taken;
  for (const auto& w : words)
    for (const char* e : {"ды", "ді", "ты", "ті"})
      if (ends_with(w, e) && newsidx::kazakh_stem(w) == w.substr(0, w.size() - std::string(e).size()))
        taken.push_back(w);
  std::printf("words stemmed as accusatives: %zu; a sample of %zu (seed 1), with the words sharing each stem:\n",
              taken.size(), std::min(sample, taken.size()));
  std::mt19937 rng(1);
  std::shuffle(taken.begin(), taken.end(), rng);
  for (std::size_t i = 0; i < std::min(sample, taken.size()); ++i) {
    const std::string stem = newsidx::kazakh_stem(taken[i]);
    std::string others;
    for (const auto& o : by_stem[stem])
      if (o != taken[i] && others.size() < 200) others += " " + o;
    std::printf("  %s -> %s |%s\n", taken[i].c_str(), stem.c_str(), others.c_str());
  }
}

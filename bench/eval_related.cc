// Related-news quality on ../shared/corpora, over every source article:
// precision@5, where a neighbour is relevant when it shares a specific
// editorial tag with the source (one on at most 5% of the articles; ru-ria)
// or has the same category (en-bbc, kk-latn-kazinform). In the same run,
// two baselines: Xapian's plain "more like this" (ESet top 40 terms, OR
// query, BM25) and tags-only (most shared tags, ties by recency). Also
// counts top-5 lists holding a duplicate pair (two articles of one text).
//
//   eval_related SHARED_DIR WORK_DIR
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "bench/bench_data.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"

namespace fs = std::filesystem;

namespace {

struct Source {
  std::string id, category, text;
  std::set<std::string> tags;
};

using Ranker = std::function<std::vector<std::string>(const std::string& id)>;

class PrefixedTermsOut : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& t) const override { return !(t[0] >= 'A' && t[0] <= 'Z'); }
};

// Xapian's plain more-like-this on the same index.
std::vector<std::string> more_like_this(const Xapian::Database& db, const std::string& id) {
  auto p = db.postlist_begin("Q" + id);
  Xapian::RSet rset;
  rset.add_document(*p);
  Xapian::Enquire e(db);
  PrefixedTermsOut decider;
  const Xapian::ESet eset = e.get_eset(40, rset, &decider);
  std::vector<Xapian::Query> terms;
  for (auto t = eset.begin(); t != eset.end(); ++t) terms.emplace_back(*t);
  e.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                            Xapian::Query("Q" + id)));
  std::vector<std::string> out;
  const Xapian::MSet m = e.get_mset(0, 5);
  for (auto it = m.begin(); it != m.end(); ++it) {
    const std::string summary = it.get_document().get_value(7);
    out.push_back(summary.substr(0, summary.find('\x1f')));
  }
  return out;
}

// Most shared tags, ties by recency (newest first).
std::vector<std::string> tags_only(const std::map<std::string, Source>& sources,
                                   const std::map<std::string, std::vector<std::string>>& by_tag,
                                   const std::map<std::string, std::string>& published, const std::string& id) {
  std::map<std::string, int> shared;
  for (const auto& tag : sources.at(id).tags)
    for (const auto& other : by_tag.at(tag))
      if (other != id) ++shared[other];
  std::vector<std::pair<std::string, int>> ranked(shared.begin(), shared.end());
  std::sort(ranked.begin(), ranked.end(), [&](const auto& a, const auto& b) {
    if (a.second != b.second) return a.second > b.second;
    return published.at(a.first) > published.at(b.first);
  });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < ranked.size() && i < 5; ++i) out.push_back(ranked[i].first);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: eval_related SHARED_DIR WORK_DIR\n");
    return 2;
  }
  const std::string shared = argv[1], work = argv[2];
  if (!fs::exists(shared + "/corpora/README.md")) {
    std::printf("eval_related: skipped: %s/corpora is absent\n", shared.c_str());
    return 0;
  }
  std::printf("%-20s %-14s %8s %10s %10s %12s\n", "corpus", "relevance", "sources", "newsidx", "plain MLT",
              "tags-only");
  for (const auto& [name, by_tags] :
       std::vector<std::pair<std::string, bool>>{{"ru-ria", true}, {"en-bbc", false}, {"kk-latn-kazinform", false}}) {
    const std::string corpus = shared + "/corpora/" + name + ".jsonl.gz";
    const std::string db_dir = work + "/" + name;
    if (!fs::exists(db_dir + "/xapian.stub")) newsidx::Indexer(db_dir).add_files({corpus});
    std::map<std::string, Source> sources;
    std::map<std::string, std::vector<std::string>> by_tag;
    std::map<std::string, std::string> published;
    std::map<std::string, std::vector<std::string>> by_text;
    for (const auto& line : newsidx::bench::read_lines(corpus)) {
      const auto j = nlohmann::json::parse(line);
      Source s{j["id"], j.value("category", ""), j.value("title", "") + "\n" + j.value("body", ""), {}};
      for (const auto& t : j.value("tags", std::vector<std::string>{})) s.tags.insert(t);
      for (const auto& t : s.tags) by_tag[t].push_back(s.id);
      published[s.id] = j["published"];
      by_text[j.value("body", "")].push_back(s.id);
      sources[s.id] = std::move(s);
    }
    std::set<std::string> specific;
    for (const auto& [tag, ids] : by_tag)
      if (ids.size() <= sources.size() / 20) specific.insert(tag);
    std::map<std::string, std::string> duplicate_of;
    for (const auto& [text, ids] : by_text)
      if (ids.size() > 1 && !text.empty())
        for (const auto& id : ids) duplicate_of[id] = ids[0];

    auto relevant = [&](const std::string& src, const std::string& other) {
      const Source& a = sources.at(src);
      const Source& b = sources.at(other);
      if (!by_tags) return !a.category.empty() && a.category == b.category;
      for (const auto& t : a.tags)
        if (specific.count(t) && b.tags.count(t)) return true;
      return false;
    };
    newsidx::Searcher searcher(db_dir);
    const Xapian::Database xdb(db_dir + "/xapian.stub");
    const Ranker systems[] = {[&](const std::string& id) {
                                std::vector<std::string> out;
                                const auto hits = searcher.related(id);
                                for (const auto& h : *hits) out.push_back(h.id);
                                return out;
                              },
                              [&](const std::string& id) { return more_like_this(xdb, id); },
                              [&](const std::string& id) { return tags_only(sources, by_tag, published, id); }};
    double precision[3] = {0, 0, 0};
    std::size_t dup_lists[3] = {0, 0, 0}, counted = 0;
    for (const auto& [id, src] : sources) {
      if (by_tags &&
          std::none_of(src.tags.begin(), src.tags.end(), [&](const std::string& t) { return specific.count(t) > 0; }))
        continue;  // no specific tag: nothing could count as relevant
      ++counted;
      for (int s = 0; s < 3; ++s) {
        const auto top = systems[s](id);
        int hits = 0;
        std::set<std::string> texts;
        bool dup = false;
        for (const auto& other : top) {
          hits += relevant(id, other);
          auto d = duplicate_of.find(other);
          if (d != duplicate_of.end() && !texts.insert(d->second).second) dup = true;
        }
        precision[s] += hits / 5.0;
        dup_lists[s] += dup;
      }
    }
    std::printf("%-20s %-14s %8zu %10.3f %10.3f %12.3f\n", name.c_str(), by_tags ? "specific tags" : "category",
                counted, precision[0] / counted, precision[1] / counted, precision[2] / counted);
    std::printf("%-20s %-14s %8s %10zu %10zu %12zu\n", "", "lists w/ dups", "", dup_lists[0], dup_lists[1],
                dup_lists[2]);
  }
}

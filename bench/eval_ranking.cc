// Ranking parameters on the Cranfield collection, chosen by two-fold
// cross-validation: the judged queries split in two halves (odd and even
// places in queries.tsv), the parameters that score best on one half are
// reported on the other, both ways. Also the defaults, and the best on all
// queries (which overstates: tuned on what it is scored on).
//
//   eval_ranking [--grid small|bm25|full]
//
// The grid: BM25's k1 and b, and the proximity boost's weight and window
// (SearcherOptions). Queries run as bench/eval_cranfield.py runs them:
// any words, English, every copy, 100 results; nDCG@10 with the judgments'
// gains, MAP counting any judged document as relevant.
#include <stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_data.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"

namespace {

using Judged = std::map<std::string, int>;  // document id -> gain

struct Query {
  std::string text;
  Judged judged;
};

struct Params {
  double k1, b, proximity;
  unsigned window;
  double max_share;
  unsigned fb_docs = 0, fb_terms = 0;
  double fb_weight = 0;
};

struct Scores {
  std::vector<double> ndcg, ap;  // per query
};

double ndcg10(const std::vector<std::string>& ranked, const Judged& judged) {
  double dcg = 0, idcg = 0;
  for (std::size_t i = 0; i < ranked.size() && i < 10; ++i) {
    const auto g = judged.find(ranked[i]);
    if (g != judged.end()) dcg += g->second / std::log2(i + 2.0);
  }
  std::vector<int> gains;
  for (const auto& [_, g] : judged) gains.push_back(g);
  std::sort(gains.rbegin(), gains.rend());
  for (std::size_t i = 0; i < gains.size() && i < 10; ++i) idcg += gains[i] / std::log2(i + 2.0);
  return idcg > 0 ? dcg / idcg : 0;
}

double average_precision(const std::vector<std::string>& ranked, const Judged& judged) {
  double hits = 0, total = 0;
  for (std::size_t i = 0; i < ranked.size(); ++i)
    if (judged.count(ranked[i])) total += ++hits / static_cast<double>(i + 1);
  return judged.empty() ? 0 : total / static_cast<double>(judged.size());
}

std::vector<Query> load_queries(const std::string& dir) {
  std::map<std::string, Judged> qrels;
  std::ifstream q(dir + "/qrels.txt");
  std::string qid, ignored, doc;
  int gain;
  while (q >> qid >> ignored >> doc >> gain)
    if (gain > 0) qrels[qid][doc] = gain;
  std::vector<Query> out;
  std::ifstream t(dir + "/queries.tsv");
  for (std::string line; std::getline(t, line);) {
    const auto tab = line.find('\t');
    const auto judged = qrels.find(line.substr(0, tab));
    if (tab != std::string::npos && judged != qrels.end()) out.push_back({line.substr(tab + 1), judged->second});
  }
  return out;
}

Scores run(const std::string& db, const std::vector<Query>& queries, const Params& p) {
  newsidx::SearcherOptions o;
  o.bm25_k1 = p.k1;
  o.bm25_b = p.b;
  o.proximity_weight = p.proximity;
  o.proximity_window = p.window;
  o.proximity_max_share = p.max_share;
  o.feedback_documents = p.fb_docs;
  o.feedback_terms = p.fb_terms;
  o.feedback_weight = p.fb_weight;
  const newsidx::Searcher searcher(db, o);
  Scores s;
  for (const Query& q : queries) {
    newsidx::SearchRequest req;
    req.query = q.text;
    req.lang = "en";
    req.any = true;
    req.feedback = p.fb_docs > 0;
    req.collapse_duplicates = false;
    req.snippets = false;
    req.limit = 100;
    std::vector<std::string> ranked;
    for (const auto& hit : searcher.search(req).results) ranked.push_back(hit.id);
    s.ndcg.push_back(ndcg10(ranked, q.judged));
    s.ap.push_back(average_precision(ranked, q.judged));
  }
  return s;
}

// The mean over the queries of one parity (0 even places, 1 odd), or all (-1).
double mean(const std::vector<double>& v, int parity) {
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (parity < 0 || static_cast<int>(i % 2) == parity) sum += v[i], ++n;
  return n ? sum / static_cast<double>(n) : 0;
}

// "small": the proximity boost at the default k1 and b; "bm25": k1 and b
// without it; "full": both; "feedback": feedback at k1 and b.
std::vector<Params> grid(const std::string& name) {
  std::vector<Params> out;
  if (name == "feedback") {
    for (double k1 : {1.6, 2.0, 2.5})
      for (double b : {0.6, 0.75}) {
        out.push_back({k1, b, 0, 2, 0});
        for (unsigned docs : {3u, 5u, 10u})
          for (unsigned terms : {15u, 25u})
            for (double w : {0.5, 0.7, 1.0}) out.push_back({k1, b, 0, 2, 0, docs, terms, w});
      }
    return out;
  }
  const bool bm25 = name != "small", proximity = name != "bm25";
  const std::vector<double> k1s = bm25 ? std::vector<double>{1.2, 1.6, 2.0} : std::vector<double>{1.2};
  const std::vector<double> bs = bm25 ? std::vector<double>{0.5, 0.75} : std::vector<double>{0.75};
  for (double k1 : k1s)
    for (double b : bs) {
      out.push_back({k1, b, 0, 2, 0});
      if (!proximity) continue;
      for (unsigned window : {2u, 8u})
        for (double w : {0.25, 0.5})
          for (double share : {0.02, 0.05, 0.2}) out.push_back({k1, b, w, window, share});
    }
  return out;
}

std::string describe(const Params& p) {
  char buf[128];
  if (p.fb_docs > 0)
    std::snprintf(buf, sizeof buf, "k1 %.2f b %.2f feedback %u docs %u words %.2f", p.k1, p.b, p.fb_docs, p.fb_terms,
                  p.fb_weight);
  else if (p.proximity == 0) std::snprintf(buf, sizeof buf, "k1 %.2f b %.2f, no proximity", p.k1, p.b);
  else
    std::snprintf(buf, sizeof buf, "k1 %.2f b %.2f proximity %.2f window %u share %.2f", p.k1, p.b, p.proximity,
                  p.window, p.max_share);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string grid_name = argc > 2 && std::string(argv[1]) == "--grid" ? argv[2] : "full";
  const std::string cran = newsidx::bench::shared_path("eval/cranfield");
  const std::vector<Query> queries = load_queries(cran);
  if (queries.empty()) {
    std::printf("eval_ranking: skipped: %s is absent (it is not part of a fresh clone)\n", cran.c_str());
    return 0;
  }
  char dir_template[] = "/tmp/eval-ranking-XXXXXX";
  const std::string db = mkdtemp(dir_template);
  newsidx::Indexer(db).add_files({cran + "/docs.jsonl.gz"});
  // The defaults first: BM25 with SearcherOptions' k1 and b, no boost, no feedback.
  const newsidx::SearcherOptions defaults;
  std::vector<Params> params{{defaults.bm25_k1, defaults.bm25_b, 0, 2, 0}};
  for (const Params& p : grid(grid_name))
    if (p.k1 != defaults.bm25_k1 || p.b != defaults.bm25_b || p.proximity > 0 || p.fb_docs > 0) params.push_back(p);
  std::vector<Scores> scores;
  for (const Params& p : params) scores.push_back(run(db, queries, p));

  if (std::getenv("EVAL_RANKING_ALL"))
    for (std::size_t i = 0; i < params.size(); ++i)
      std::printf("  %-56s%10.4f%10.4f\n", describe(params[i]).c_str(), mean(scores[i].ndcg, -1),
                  mean(scores[i].ap, -1));
  auto best_on = [&](int parity) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < params.size(); ++i)
      if (mean(scores[i].ndcg, parity) > mean(scores[best].ndcg, parity)) best = i;
    return best;
  };
  std::printf("Cranfield: %zu judged queries, %zu parameter sets\n", queries.size(), params.size());
  std::printf("%-58s%10s%10s\n", "", "nDCG@10", "MAP");
  std::printf("%-58s%10.4f%10.4f\n", ("defaults: " + describe(params[0])).c_str(), mean(scores[0].ndcg, -1),
              mean(scores[0].ap, -1));
  double cv_ndcg = 0, cv_ap = 0;
  for (int tuned_on : {0, 1}) {
    const std::size_t b = best_on(tuned_on);
    const int test = 1 - tuned_on;
    std::printf(
        "%-58s%10.4f%10.4f\n",
        ("tuned on half " + std::to_string(tuned_on) + ", half " + std::to_string(test) + ": " + describe(params[b]))
            .c_str(),
        mean(scores[b].ndcg, test), mean(scores[b].ap, test));
    cv_ndcg += mean(scores[b].ndcg, test) / 2;
    cv_ap += mean(scores[b].ap, test) / 2;
  }
  std::printf("%-58s%10.4f%10.4f\n", "cross-validated (the two held-out halves)", cv_ndcg, cv_ap);
  const std::size_t all = best_on(-1);
  std::printf("%-58s%10.4f%10.4f\n", ("tuned on all: " + describe(params[all])).c_str(), mean(scores[all].ndcg, -1),
              mean(scores[all].ap, -1));
  std::filesystem::remove_all(db);
  return 0;
}

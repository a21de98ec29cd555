// newssearch: query the index from the shell.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/cli_common.h"
#ifdef NEWSIDX_WITH_SERVICE
#include "cli/serve_command.h"
#endif
#include "newsidx/errors.h"
#include "newsidx/searcher.h"
#include "newsidx/time.h"
#include "service/json_output.h"

namespace po = boost::program_options;
using namespace newsidx;
using namespace newsidx::cli;

namespace {

const char* const kUsage =
    "usage: newssearch [--db DIR] [--config FILE] COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "commands:\n"
    "  query [--lang L] [--limit N] [--offset N] [--sort relevance|date] [--since D] [--until D]\n"
    "        [--category C] [--tag T]... [--author A]\n"
    "        [--any] [--feedback] [--facets] [--fresh] [--half-life DAYS] [--all-copies] [--partial] [--json] "
    "QUERY...\n"
    "                     search; all words must match unless --any (query language: README.md)\n"
    "  related [--limit N] [--lang L | --any-lang] [--half-life DAYS] [--explain] [--json] ID\n"
    "                     related news for one article\n"
    "  popular [--window 1h|24h|7d|30d|all] [--at TIME] [--lang L] [--category C] [--top N]\n"
    "          [--trending] [--half-life HOURS] [--json]\n"
    "                     the most-read articles\n"
    "  suggest [--lang L] [--limit N] [--at TIME] [--json] PREFIX...\n"
    "                     completions of what a reader typed (any script, any keyboard layout)\n"
    "  serve [--listen HOST:PORT] [--threads N] [--time-budget SECONDS] [--access-log FILE|-]\n"
    "        [--log-queries] [--shutdown-grace SECONDS] [--remote-refresh SECONDS]\n"
    "                     the HTTP API and search page (default 127.0.0.1:8080)\n"
    "\n"
    "--db DIR defaults to $NEWSIDX_DB, then the db of the --config file, then ./newsidx-data.\n"
    "--config FILE: options from an INI file, a [COMMAND] section each (example: packaging/newsidx.conf).\n"
    "Exit status: 0 success, 1 error, 2 usage error, 3 unknown article id.\n";

void print_for_people(const SearchResult& r, std::size_t offset) {
  const bool color = stdout_is_terminal();
  const char* bold = color ? "\033[1m" : "";
  const char* dim = color ? "\033[2m" : "";
  const char* reset = color ? "\033[0m" : "";
  if (r.plain_words) std::printf("%s(%s: read as plain words)%s\n", dim, r.problem.c_str(), reset);
  std::size_t n = offset;
  for (const auto& h : r.results) {
    std::printf("%zu. %s%s%s\n", ++n, bold, h.title.c_str(), reset);
    std::printf("   %s%s · %s", dim, h.published.substr(0, 10).c_str(), h.lang.c_str());
    if (!h.category.empty()) std::printf(" · %s", h.category.c_str());
    std::printf(" · %s", h.id.c_str());
    if (h.duplicates) std::printf(" · %zu more like it", h.duplicates);
    std::printf("%s\n", reset);
    if (!h.snippet.empty()) {
      std::printf("   ");
      for (const auto& span : h.snippet) {
        if (span.highlight)
          std::printf("%s%s%s", bold, color ? span.text.c_str() : ("*" + span.text + "*").c_str(), reset);
        else std::printf("%s", span.text.c_str());
      }
      std::printf("\n");
    }
    if (!h.url.empty()) std::printf("   %s%s%s\n", dim, h.url.c_str(), reset);
  }
  std::printf("%s%s article%s", r.total_exact ? "" : "about ", with_commas(r.total).c_str(), r.total == 1 ? "" : "s");
  if (r.relaxed) std::printf(" (no article has every word; showing those with any)");
  std::printf("\n");
  if (!r.suggestion.empty()) std::printf("Did you mean: %s%s%s\n", bold, r.suggestion.c_str(), reset);
  for (const auto& [name, values] : r.facets) {
    std::printf("%s:", name.c_str());
    for (const auto& v : values) std::printf(" %s (%zu);", v.value.c_str(), v.count);
    std::printf("\n");
  }
}

// --since or --until as unix seconds: the first or the last second of the date.
std::optional<std::int64_t> date_bound(const po::variables_map& vm, const char* name, bool end) {
  if (!vm.count(name)) return std::nullopt;
  const std::string text = vm[name].as<std::string>();
  const auto t = parse_date_bound(text, end);
  if (!t)
    throw UsageError{std::string(name) + " \"" + text + "\" is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)"};
  return t;
}

// The query's words apart from its options: every argument that is not a
// --option (or its value) is a word, "-word" (an exclusion) too, and after
// "--" everything is.
std::pair<std::vector<std::string>, std::vector<std::string>> split_query_words(const std::vector<std::string>& args,
                                                                                const po::options_description& opts) {
  std::vector<std::string> options, words;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") {
      words.insert(words.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    }
    if (a.rfind("--", 0) != 0) {
      words.push_back(a);
      continue;
    }
    options.push_back(a);
    const auto* known = opts.find_nothrow(a.substr(2), false);
    if (known && known->semantic()->max_tokens() > 0 && a.find('=') == std::string::npos && i + 1 < args.size())
      options.push_back(args[++i]);
  }
  return {options, words};
}

int cmd_query(const std::string& db, const std::vector<std::string>& args) {
  po::options_description opts("query");
  // clang-format off
  opts.add_options()
      ("lang", po::value<std::string>(), "read the words in this language, search its edition")
      ("limit", whole(10), "results to show")
      ("offset", whole(0), "results to skip")
      ("sort", po::value<std::string>()->default_value("relevance"), "relevance or date")
      ("since", po::value<std::string>(), "published on or after (YYYY-MM-DD)")
      ("until", po::value<std::string>(), "published on or before (YYYY-MM-DD)")
      ("category", po::value<std::string>(), "only this category")
      ("tag", po::value<std::vector<std::string>>(), "only with this editorial tag (repeatable)")
      ("author", po::value<std::string>(), "only by this author")
      ("any", "rank by any of the words")
      ("feedback", "rank also by the words that mark the best matches (long questions, with --any)")
      ("facets", "count tags, categories, languages and months of all matches")
      ("fresh", "blend recency into the score")
      ("half-life", po::value<double>()->default_value(7), "freshness half-life in days")
      ("all-copies", "show re-publications of the same text separately")
      ("partial", "over shard servers: search the shards that answer when one has no copy left")
      ("json", "print one JSON object")
      ("words", po::value<std::vector<std::string>>());
  // clang-format on
  const auto [options, words] = split_query_words(args, opts);
  const auto vm = parse_command(options, opts, "words");
  if (words.empty()) throw UsageError{"query needs WORDS"};
  SearchRequest req;
  for (const auto& w : words) req.query += (req.query.empty() ? "" : " ") + w;
  if (vm.count("lang")) req.lang = vm["lang"].as<std::string>();
  req.since = date_bound(vm, "since", false);
  req.until = date_bound(vm, "until", true);
  if (vm.count("category")) req.category = vm["category"].as<std::string>();
  if (vm.count("author")) req.author = vm["author"].as<std::string>();
  if (vm.count("tag")) req.tags = vm["tag"].as<std::vector<std::string>>();
  req.limit = vm["limit"].as<Whole>().value;
  req.offset = vm["offset"].as<Whole>().value;
  const std::string sort = vm["sort"].as<std::string>();
  if (sort != "relevance" && sort != "date") throw UsageError{"--sort must be relevance or date, not \"" + sort + "\""};
  req.sort = sort == "date" ? SortOrder::Date : SortOrder::Relevance;
  req.any = vm.count("any") > 0;
  req.feedback = vm.count("feedback") > 0;
  req.facets = vm.count("facets") > 0;
  req.fresh = vm.count("fresh") > 0;
  req.fresh_half_life_days = vm["half-life"].as<double>();
  req.collapse_duplicates = vm.count("all-copies") == 0;
  req.partial = vm.count("partial") > 0;
  Searcher searcher(db);
  const SearchResult r = searcher.search(req);
  if (r.partial) {
    std::string missing;
    for (std::size_t k : r.missing_shards) missing += (missing.empty() ? "" : ", ") + std::to_string(k);
    std::fprintf(stderr, "newssearch: partial results: shard %s did not answer\n", missing.c_str());
  }
  if (vm.count("json")) std::cout << json_text(service::search_json(r)) << "\n";
  else print_for_people(r, req.offset);
  return kExitOk;
}

int cmd_related(const std::string& db, const std::vector<std::string>& args) {
  po::options_description opts("related");
  // clang-format off
  opts.add_options()
      ("limit", whole(5), "articles to show")
      ("lang", po::value<std::string>(), "related articles from this language")
      ("any-lang", "related articles from every edition")
      ("half-life", po::value<double>()->default_value(14), "recency half-life in days")
      ("explain", "say why each article is related")
      ("json", "print one JSON object")
      ("id", po::value<std::vector<std::string>>());
  // clang-format on
  const auto vm = parse_command(args, opts, "id");
  if (!vm.count("id") || vm["id"].as<std::vector<std::string>>().size() != 1)
    throw UsageError{"related needs exactly one article ID"};
  if (vm.count("lang") && vm.count("any-lang")) throw UsageError{"--lang and --any-lang exclude each other"};
  const std::string id = vm["id"].as<std::vector<std::string>>()[0];
  RelatedOptions o;
  o.limit = vm["limit"].as<Whole>().value;
  if (vm.count("lang")) o.lang = vm["lang"].as<std::string>();
  o.any_lang = vm.count("any-lang") > 0;
  o.half_life_days = vm["half-life"].as<double>();
  o.explain = vm.count("explain") > 0;
  const auto hits = Searcher(db).related(id, o);
  if (!hits) {
    std::fprintf(stderr, "newssearch: no article with id \"%s\"\n", id.c_str());
    return kExitNotFound;
  }
  if (vm.count("json")) {
    std::cout << json_text(service::related_json(id, *hits)) << "\n";
    return kExitOk;
  }
  const bool color = stdout_is_terminal();
  std::size_t n = 0;
  for (const auto& h : *hits) {
    std::printf("%zu. %s%s%s\n   %s · %s · %s · score %.3f\n", ++n, color ? "\033[1m" : "", h.title.c_str(),
                color ? "\033[0m" : "", h.published.substr(0, 10).c_str(), h.lang.c_str(), h.id.c_str(), h.score);
    if (h.explanation) {
      const auto& e = *h.explanation;
      std::printf("   terms %.3f + tags %.3f + category %.3f + recency %.3f\n", e.terms, e.tags, e.category, e.recency);
      if (!e.shared_tags.empty()) {
        std::printf("   shared tags:");
        for (const auto& t : e.shared_tags) std::printf(" %s;", t.c_str());
        std::printf("\n");
      }
      if (!e.shared_terms.empty()) {
        std::printf("   shared terms:");
        for (std::size_t i = 0; i < std::min<std::size_t>(8, e.shared_terms.size()); ++i)
          std::printf(" %s", e.shared_terms[i].c_str());
        std::printf("\n");
      }
    }
  }
  if (hits->empty()) std::printf("no related articles\n");
  return kExitOk;
}

// --at: an ISO 8601 time with a zone or unix seconds, if given.
std::optional<std::int64_t> at_option(const po::variables_map& vm) {
  if (!vm.count("at")) return std::nullopt;
  const std::string at = vm["at"].as<std::string>();
  const auto t = parse_time_or_unix(at);
  if (!t) throw UsageError{"--at must be an ISO 8601 time with a zone or unix seconds, not \"" + at + "\""};
  return t;
}

int cmd_popular(const std::string& db, const std::vector<std::string>& args) {
  po::options_description opts("popular");
  // clang-format off
  opts.add_options()
      ("window", po::value<std::string>()->default_value("24h"), "1h, 24h, 7d, 30d or all")
      ("at", po::value<std::string>(), "end of the window: ISO 8601 time or unix seconds (default now)")
      ("lang", po::value<std::string>(), "one edition")
      ("category", po::value<std::string>(), "one category")
      ("top", whole(5), "articles to list; 0 for all")
      ("trending", "rank by views weighted by their age")
      ("half-life", po::value<double>()->default_value(6), "trending half-life in hours")
      ("json", "print one JSON object");
  // clang-format on
  const auto vm = parse_command(args, opts, nullptr);
  PopularRequest req;
  const std::string window = vm["window"].as<std::string>();
  const auto seconds = parse_window(window);
  if (!seconds) throw UsageError{"--window must be like 1h, 24h, 7d, 30d or all, not \"" + window + "\""};
  req.window_seconds = *seconds;
  req.at = at_option(vm);
  if (vm.count("lang")) req.lang = vm["lang"].as<std::string>();
  if (vm.count("category")) req.category = vm["category"].as<std::string>();
  req.top = vm["top"].as<Whole>().value;
  req.trending = vm.count("trending") > 0;
  req.half_life_hours = vm["half-life"].as<double>();
  const PopularResult r = Searcher(db).popular(req);
  if (vm.count("json")) {
    std::cout << json_text(service::popular_json(window, req.trending, r)) << "\n";
    return kExitOk;
  }
  std::size_t n = 0;
  for (const auto& h : r.results) {
    std::printf("%zu. %s (%s views%s)\n   %s\n", ++n, h.title.empty() ? h.id.c_str() : h.title.c_str(),
                with_commas(h.views).c_str(), req.trending ? (", score " + std::to_string(h.score)).c_str() : "",
                h.url.empty() ? h.id.c_str() : h.url.c_str());
  }
  if (r.results.empty()) std::printf("no views counted in this window\n");
  return kExitOk;
}

int cmd_suggest(const std::string& db, const std::vector<std::string>& args) {
  po::options_description opts("suggest");
  // clang-format off
  opts.add_options()
      ("lang", po::value<std::string>(), "one edition, shown as it spells them")
      ("limit", whole(8), "completions to list, 1 to 20")
      ("at", po::value<std::string>(), "the time for freshness and embargoes: ISO 8601 or unix seconds (default now)")
      ("json", "print one JSON object")
      ("prefix", po::value<std::vector<std::string>>(), "what was typed");
  // clang-format on
  const auto vm = parse_command(args, opts, "prefix");
  SuggestRequest req;
  if (vm.count("prefix"))
    for (const std::string& word : vm["prefix"].as<std::vector<std::string>>())
      req.prefix += (req.prefix.empty() ? "" : " ") + word;
  if (vm.count("lang")) req.lang = vm["lang"].as<std::string>();
  req.limit = vm["limit"].as<Whole>().value;
  req.now = at_option(vm);
  const SuggestResult r = Searcher(db).suggest(req);
  if (vm.count("json")) {
    std::cout << json_text(service::suggest_json(r)) << "\n";
    return kExitOk;
  }
  if (r.layout) std::printf("(read through the %s keyboard layout)\n", r.layout->c_str());
  for (const Suggestion& s : r.suggestions)
    std::printf("%s\t%s\t%s%s%s\n", s.text.c_str(), s.kind.c_str(), s.lang.c_str(), s.id.empty() ? "" : "\t",
                s.id.c_str());
  if (r.suggestions.empty()) std::printf("no completions\n");
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  return run_tool("newssearch", kUsage, argc, argv,
                  {
                      {"query", cmd_query},
                      {"related", cmd_related},
                      {"popular", cmd_popular},
                      {"suggest", cmd_suggest},
#ifdef NEWSIDX_WITH_SERVICE
                      {"serve", cmd_serve},
#endif
                  });
}

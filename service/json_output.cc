#include "service/json_output.h"

#include "newsidx/time.h"

namespace newsidx::service {

namespace {

nlohmann::json summary_json(const ArticleSummary& a) {
  return {{"id", a.id},     {"title", a.title},         {"url", a.url},
          {"lang", a.lang}, {"published", a.published}, {"category", a.category},
          {"tags", a.tags}};
}

}  // namespace

nlohmann::json search_json(const SearchResult& r) {
  nlohmann::json results = nlohmann::json::array();
  for (const auto& h : r.results) {
    nlohmann::json snippet = nlohmann::json::array();
    for (const auto& span : h.snippet) snippet.push_back({{"text", span.text}, {"highlight", span.highlight}});
    nlohmann::json hit = summary_json(h);
    hit["score"] = h.score;
    hit["snippet"] = std::move(snippet);
    hit["duplicates"] = h.duplicates;
    results.push_back(std::move(hit));
  }
  nlohmann::json out = {{"total", r.total},
                        {"total_exact", r.total_exact},
                        {"total_bounds", {r.total_lower, r.total_upper}},
                        {"relaxed", r.relaxed},
                        {"read_as", r.read_as},
                        {"plain_words", r.plain_words},
                        {"suggestion", r.suggestion.empty() ? nlohmann::json() : nlohmann::json(r.suggestion)},
                        {"results", std::move(results)}};
  if (r.plain_words) out["problem"] = r.problem;
  if (r.timed_out) out["timed_out"] = true;
  if (r.partial) {
    out["partial"] = true;
    out["missing_shards"] = r.missing_shards;
  }
  if (!r.facets.empty()) {
    nlohmann::json facets = nlohmann::json::object();
    for (const auto& [name, values] : r.facets) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& v : values) list.push_back({{"value", v.value}, {"count", v.count}});
      facets[name] = std::move(list);
    }
    out["facets"] = std::move(facets);
    out["facets_exact"] = r.facets_exact;
  }
  return out;
}

nlohmann::json related_json(const std::string& id, const std::vector<RelatedHit>& hits) {
  nlohmann::json results = nlohmann::json::array();
  for (const auto& h : hits) {
    nlohmann::json r = summary_json(h);
    r["score"] = h.score;
    if (h.explanation) {
      const auto& e = *h.explanation;
      r["explain"] = {
          {"shared_tags", e.shared_tags},
          {"shared_terms", e.shared_terms},
          {"parts", {{"terms", e.terms}, {"tags", e.tags}, {"category", e.category}, {"recency", e.recency}}}};
    }
    results.push_back(std::move(r));
  }
  return {{"id", id}, {"results", std::move(results)}};
}

nlohmann::json popular_json(const std::string& window, bool trending, const PopularResult& r) {
  nlohmann::json results = nlohmann::json::array();
  for (const auto& h : r.results) {
    nlohmann::json j = summary_json(h);
    j["views"] = h.views;
    if (trending) j["score"] = h.score;
    results.push_back(std::move(j));
  }
  return {{"window", window}, {"from", r.from}, {"to", r.to}, {"results", std::move(results)}};
}

nlohmann::json suggest_json(const SuggestResult& r) {
  nlohmann::json suggestions = nlohmann::json::array();
  for (const Suggestion& s : r.suggestions) {
    nlohmann::json j = {{"text", s.text}, {"kind", s.kind}, {"lang", s.lang}};
    if (!s.id.empty()) j["id"] = s.id;
    suggestions.push_back(std::move(j));
  }
  return {{"q", r.q},
          {"layout", r.layout ? nlohmann::json(*r.layout) : nlohmann::json()},
          {"suggestions", std::move(suggestions)}};
}

nlohmann::json article_json(const Article& a) {
  nlohmann::json j = {{"id", a.id},
                      {"lang", a.lang},
                      {"title", a.title},
                      {"lead", a.lead},
                      {"body", a.body},
                      {"published", a.published},
                      {"url", a.url},
                      {"category", a.category},
                      {"tags", a.tags},
                      {"author", a.author},
                      {"status", status_name(a.status)}};
  if (!a.embargo.empty()) j["embargo"] = a.embargo;
  return j;
}

nlohmann::json health_json(const IndexInfo& info) {
  return {{"status", "ok"},
          {"articles", info.articles},
          {"last_commit", info.last_commit ? nlohmann::json(format_iso8601_utc(info.last_commit)) : nlohmann::json()},
          {"last_commit_unix", info.last_commit}};
}

}  // namespace newsidx::service

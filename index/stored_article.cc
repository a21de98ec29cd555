#include "index/stored_article.h"

#include <nlohmann/json.hpp>

#include "common/date.h"
#include "common/text.h"
#include "index/schema.h"
#include "newsidx/errors.h"

namespace newsidx {

using nlohmann::json;

const char* status_name(ArticleStatus status) {
  switch (status) {
    case ArticleStatus::withheld: return "withheld";
    case ArticleStatus::canceled: return "canceled";
    case ArticleStatus::published: break;
  }
  return "published";
}

std::optional<std::int64_t> revision_of(const Article& a) {
  if (a.version) return a.version;
  if (!a.updated.empty()) return a.updated_unix;
  return std::nullopt;
}

std::string revision_text(const Article& a) { return a.version ? std::to_string(*a.version) : a.updated; }

std::optional<std::string> older_than_stored(const Article& incoming, const Article& stored) {
  const auto in = revision_of(incoming), held = revision_of(stored);
  if (!in || !held || *in >= *held) return std::nullopt;
  return "older version " + revision_text(incoming) + " of \"" + incoming.id + "\" ignored, " + revision_text(stored) +
         " is stored";
}

bool visible_at(const Article& a, std::int64_t now) {
  return a.status == ArticleStatus::published && a.embargo_unix <= now;
}

std::string article_to_json(const Article& a) {
  json obj = {{"id", a.id}, {"lang", a.lang}, {"title", a.title}, {"published", a.published}};
  if (!a.lead.empty()) obj["lead"] = a.lead;
  if (!a.body.empty()) obj["body"] = a.body;
  if (!a.url.empty()) obj["url"] = a.url;
  if (!a.category.empty()) obj["category"] = a.category;
  if (!a.author.empty()) obj["author"] = a.author;
  obj["tags"] = a.tags;
  if (a.status != ArticleStatus::published) obj["status"] = status_name(a.status);
  if (!a.embargo.empty()) obj["embargo"] = a.embargo;
  if (!a.updated.empty()) obj["updated"] = a.updated;
  if (a.version) obj["version"] = *a.version;
  return obj.dump();
}

Article stored_article(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) throw DamagedData("a stored article is damaged (not a JSON object)");
  auto field = [&](const char* name) {
    const auto it = j.find(name);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  Article a;
  a.id = field("id");
  a.lang = field("lang");
  a.title = field("title");
  a.lead = field("lead");
  a.body = field("body");
  a.published = field("published");
  a.url = field("url");
  a.category = field("category");
  a.author = field("author");
  if (const auto tags = j.find("tags"); tags != j.end() && tags->is_array())
    for (const auto& t : *tags)
      if (t.is_string() && !is_blank(t.get_ref<const std::string&>())) a.tags.push_back(t.get<std::string>());
  const std::string status = field("status");
  a.status = status == "withheld"   ? ArticleStatus::withheld
             : status == "canceled" ? ArticleStatus::canceled
                                    : ArticleStatus::published;
  a.embargo = field("embargo");
  if (!a.embargo.empty()) a.embargo_unix = parse_iso8601(a.embargo).value_or(0);
  a.updated = field("updated");
  if (!a.updated.empty()) a.updated_unix = parse_iso8601(a.updated).value_or(0);
  if (const auto v = j.find("version"); v != j.end() && v->is_number_integer()) a.version = v->get<std::int64_t>();
  return a;
}

ArticleSummary summary_of(const Article& a) {
  return ArticleSummary{a.id, a.title, a.url, a.lang, a.published, a.category, a.tags};
}

namespace {

constexpr char kFieldSep = schema::kSummaryFieldSeparator;
constexpr char kTagSep = schema::kSummaryTagSeparator;

// A field is stored with the separators it holds replaced by spaces.
void append_field(std::string& out, const std::string& value) {
  const std::size_t start = out.size();
  out += value;
  for (std::size_t i = start; i < out.size(); ++i)
    if (out[i] == kFieldSep || out[i] == kTagSep) out[i] = ' ';
  out += kFieldSep;
}

}  // namespace

std::string encode_summary(const Article& a) {
  std::string out;
  for (const std::string* f : {&a.id, &a.title, &a.url, &a.lang, &a.published, &a.category}) append_field(out, *f);
  for (std::size_t i = 0; i < a.tags.size(); ++i) {
    if (i) out += kTagSep;
    std::string tag = a.tags[i];
    for (char& c : tag)
      if (c == kFieldSep || c == kTagSep) c = ' ';
    out += tag;
  }
  return out;
}

namespace {

// The summary's first `n` fields, and in parts[n] the rest.
void split_summary(std::string_view text, std::string_view* parts, int n) {
  std::size_t at = 0;
  for (int i = 0; i < n; ++i) {
    const std::size_t sep = text.find(kFieldSep, at);
    if (sep == std::string_view::npos) throw DamagedData("a stored result summary is damaged");
    parts[i] = text.substr(at, sep - at);
    at = sep + 1;
  }
  parts[n] = text.substr(at);
}

}  // namespace

SummaryFields summary_fields(std::string_view text) {
  std::string_view parts[7];
  split_summary(text, parts, 6);
  return {parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], parts[6]};
}

std::string_view summary_language(std::string_view text) {
  std::string_view parts[5];
  split_summary(text, parts, 4);
  return parts[3];
}

std::string_view summary_id(std::string_view text) { return text.substr(0, text.find(kFieldSep)); }

ArticleSummary decode_summary(std::string_view text) {
  const SummaryFields f = summary_fields(text);
  ArticleSummary a{std::string(f.id),        std::string(f.title),    std::string(f.url),
                   std::string(f.lang),      std::string(f.published), std::string(f.category),
                   {}};
  for (std::size_t start = 0; start < f.tags.size();) {
    std::size_t end = f.tags.find(kTagSep, start);
    if (end == std::string_view::npos) end = f.tags.size();
    a.tags.emplace_back(f.tags.substr(start, end - start));
    start = end + 1;
  }
  return a;
}

}  // namespace newsidx

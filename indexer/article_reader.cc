#include "indexer/article_reader.h"

#include <nlohmann/json.hpp>

#include "analysis/languages.h"
#include "indexer/date.h"
#include "indexer/utf8.h"
#include "newsidx/errors.h"

namespace newsidx {
namespace {

using nlohmann::json;

std::string excerpt(std::string_view s) {
  std::string out = "\"";
  out.append(s.substr(0, 80));
  if (s.size() > 80) out += "...";
  return out + "\"";
}

// Field problems end parsing of a line at the first one found.
struct Problem {
  std::string text;
};

const char* type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    case json::value_t::object: return "an object";
    case json::value_t::array: return "a list";
    case json::value_t::string: return "a string";
    default: return "not a string";
  }
}

// Only spaces and line breaks: an empty required field, a tag that carries nothing.
bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

std::string string_field(const json& obj, const char* name, bool required, std::size_t max_bytes) {
  const auto it = obj.find(name);
  if (it == obj.end() || (it->is_null() && !required)) {
    if (required) throw Problem{std::string("missing required field \"") + name + "\""};
    return {};
  }
  if (!it->is_string())
    throw Problem{std::string("field \"") + name + "\" must be a string, not " + type_name(*it)};
  std::string value = it->get<std::string>();
  if (required && is_blank(value))
    throw Problem{std::string("field \"") + name + "\" is empty"};
  if (value.size() > max_bytes)
    throw Problem{std::string("field \"") + name + "\" is " + std::to_string(value.size()) +
                  " bytes, over the limit of " + std::to_string(max_bytes)};
  return value;
}

std::vector<std::string> tags_field(const json& obj) {
  const auto it = obj.find("tags");
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_array())
    throw Problem{std::string("field \"tags\" must be a list of strings, not ") + type_name(*it)};
  if (it->size() > kMaxTags)
    throw Problem{"field \"tags\" has " + std::to_string(it->size()) + " tags, over the limit of " +
                  std::to_string(kMaxTags)};
  std::vector<std::string> tags;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& tag = (*it)[i];
    if (!tag.is_string())
      throw Problem{"field \"tags\" must be a list of strings, but item " + std::to_string(i) +
                    " is " + type_name(tag)};
    std::string t = tag.get<std::string>();
    if (t.size() > kMaxShortFieldBytes)
      throw Problem{"field \"tags\": item " + std::to_string(i) + " is " + std::to_string(t.size()) +
                    " bytes, over the limit of " + std::to_string(kMaxShortFieldBytes)};
    if (is_blank(t)) continue;  // empty tags carry nothing
    tags.push_back(std::move(t));
  }
  return tags;
}

}  // namespace

ParsedLine parse_article_line(std::string_view line) {
  if (const auto bad = find_invalid_utf8(line))
    return "invalid UTF-8 at byte " + std::to_string(*bad + 1);
  json obj;
  try {
    obj = json::parse(line.begin(), line.end());
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..."
    const auto colon = what.find("column");
    return "invalid JSON: " + (colon == std::string::npos ? what : what.substr(colon));
  }
  if (!obj.is_object()) return std::string("not a JSON object but ") + type_name(obj);
  try {
    Article a;
    a.id = string_field(obj, "id", true, kMaxIdBytes);
    a.lang = string_field(obj, "lang", true, 32);
    try {
      parse_language(a.lang);
    } catch (const InvalidArgument& e) {
      throw Problem{std::string("field \"lang\": ") + e.what()};
    }
    a.title = string_field(obj, "title", true, kMaxTitleBytes);
    a.published = string_field(obj, "published", true, 64);
    const auto when = parse_iso8601(a.published);
    if (!when)
      throw Problem{"field \"published\": " + excerpt(a.published) +
                    " is not an ISO 8601 date-time with Z or an offset"};
    a.published_unix = *when;
    a.lead = string_field(obj, "lead", false, kMaxLeadBytes);
    a.body = string_field(obj, "body", false, kMaxBodyBytes);
    a.url = string_field(obj, "url", false, kMaxShortFieldBytes);
    a.category = string_field(obj, "category", false, kMaxShortFieldBytes);
    a.author = string_field(obj, "author", false, kMaxShortFieldBytes);
    a.tags = tags_field(obj);
    return a;
  } catch (const Problem& p) {
    return p.text;
  }
}

std::string article_to_json(const Article& a) {
  json obj = {{"id", a.id}, {"lang", a.lang}, {"title", a.title}, {"published", a.published}};
  if (!a.lead.empty()) obj["lead"] = a.lead;
  if (!a.body.empty()) obj["body"] = a.body;
  if (!a.url.empty()) obj["url"] = a.url;
  if (!a.category.empty()) obj["category"] = a.category;
  if (!a.author.empty()) obj["author"] = a.author;
  obj["tags"] = a.tags;
  return obj.dump();
}

Article stored_article(std::string_view text) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) throw DatabaseError("stored article is damaged: not a JSON object");
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
  return a;
}

ArticleSummary summary_of(const Article& a) {
  return ArticleSummary{a.id, a.title, a.url, a.lang, a.published, a.category, a.tags};
}

Article article_from_json(std::string_view text) {
  auto parsed = parse_article_line(text);
  if (auto* problem = std::get_if<std::string>(&parsed))
    throw DatabaseError("stored article is damaged: " + *problem);
  return std::get<Article>(std::move(parsed));
}

}  // namespace newsidx

namespace newsidx {

// Fields joined by \x1f, tags by \x1e: JSON parsing was 8% of a search.
// Both separators are control characters that article text does not hold
// (a field that does is stored with them replaced by spaces).
constexpr char kFieldSep = '\x1f';
constexpr char kTagSep = '\x1e';

void append_field(std::string& out, const std::string& value) {
  const std::size_t start = out.size();
  out += value;
  for (std::size_t i = start; i < out.size(); ++i)
    if (out[i] == kFieldSep || out[i] == kTagSep) out[i] = ' ';
  out += kFieldSep;
}

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

ArticleSummary decode_summary(std::string_view text) {
  std::string_view parts[7];
  std::size_t at = 0;
  for (int i = 0; i < 6; ++i) {
    const std::size_t sep = text.find(kFieldSep, at);
    if (sep == std::string_view::npos) throw DatabaseError("stored result summary is damaged");
    parts[i] = text.substr(at, sep - at);
    at = sep + 1;
  }
  parts[6] = text.substr(at);
  ArticleSummary a{std::string(parts[0]), std::string(parts[1]), std::string(parts[2]), std::string(parts[3]),
                   std::string(parts[4]), std::string(parts[5]), {}};
  for (std::size_t start = 0; start < parts[6].size();) {
    std::size_t end = parts[6].find(kTagSep, start);
    if (end == std::string_view::npos) end = parts[6].size();
    a.tags.emplace_back(parts[6].substr(start, end - start));
    start = end + 1;
  }
  return a;
}

}  // namespace newsidx

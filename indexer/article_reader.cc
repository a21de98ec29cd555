#include "indexer/article_reader.h"

#include <cstdio>
#include <optional>

#include <nlohmann/json.hpp>

#include "analysis/languages.h"
#include "common/date.h"
#include "common/text.h"
#include "common/utf8.h"
#include "indexer/json_locator.h"
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

std::string hex4(unsigned c) {
  char text[8];
  std::snprintf(text, sizeof text, "%04X", c);
  return text;
}

// Field problems end parsing of a line at the first one found.
struct Problem {
  std::string text;
};

std::string string_field(const json& obj, const char* name, bool required, std::size_t max_bytes) {
  const auto it = obj.find(name);
  if (it == obj.end() || (it->is_null() && !required)) {
    if (required) throw Problem{std::string("missing required field \"") + name + "\""};
    return {};
  }
  if (!it->is_string())
    throw Problem{std::string("field \"") + name + "\" must be a string, not " + json_type_name(*it)};
  std::string value = it->get<std::string>();
  if (required && is_blank(value)) throw Problem{std::string("field \"") + name + "\" is empty"};
  if (value.size() > max_bytes)
    throw Problem{std::string("field \"") + name + "\" is " + std::to_string(value.size()) +
                  " bytes, over the limit of " + std::to_string(max_bytes)};
  return value;
}

std::vector<std::string> tags_field(const json& obj) {
  const auto it = obj.find("tags");
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_array())
    throw Problem{std::string("field \"tags\" must be a list of strings, not ") + json_type_name(*it)};
  if (it->size() > kMaxTags)
    throw Problem{"field \"tags\" has " + std::to_string(it->size()) + " tags, over the limit of " +
                  std::to_string(kMaxTags)};
  std::vector<std::string> tags;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const json& tag = (*it)[i];
    if (!tag.is_string())
      throw Problem{"field \"tags\" must be a list of strings, but item " + std::to_string(i) + " is " +
                    json_type_name(tag)};
    std::string t = tag.get<std::string>();
    if (t.size() > kMaxShortFieldBytes)
      throw Problem{"field \"tags\": item " + std::to_string(i) + " is " + std::to_string(t.size()) +
                    " bytes, over the limit of " + std::to_string(kMaxShortFieldBytes)};
    if (is_blank(t)) continue;  // empty tags carry nothing
    tags.push_back(std::move(t));
  }
  return tags;
}

// Ids with control characters are refused: stores that keep ids in text
// forms (the result summary, state.sqlite's tables) must never see two ids
// that differ only there.
std::optional<std::string> control_character_in_id(const json& obj) {
  const auto it = obj.is_object() ? obj.find("id") : obj.end();
  if (it == obj.end() || !it->is_string()) return std::nullopt;
  for (unsigned char c : it->get_ref<const std::string&>())
    if (c < 0x20 || c == 0x7f)
      return "field \"id\" holds a control character (U+" + hex4(c) + "); ids are printable text";
  return std::nullopt;
}

std::int64_t time_field(const char* name, const std::string& text) {
  const auto when = parse_iso8601(text);
  if (!when)
    throw Problem{std::string("field \"") + name + "\": " + excerpt(text) +
                  " is not an ISO 8601 date-time with Z or an offset"};
  return *when;
}

// status, embargo, updated and version.
void lifecycle_fields(const json& obj, Article& a) {
  const std::string status = string_field(obj, "status", false, 32);
  if (status.empty() || status == "published") a.status = ArticleStatus::published;
  else if (status == "withheld") a.status = ArticleStatus::withheld;
  else if (status == "canceled") a.status = ArticleStatus::canceled;
  else throw Problem{"field \"status\": " + excerpt(status) + " is not published, withheld or canceled"};
  a.embargo = string_field(obj, "embargo", false, 64);
  if (!a.embargo.empty()) a.embargo_unix = time_field("embargo", a.embargo);
  a.updated = string_field(obj, "updated", false, 64);
  if (!a.updated.empty()) a.updated_unix = time_field("updated", a.updated);
  if (const auto v = obj.find("version"); v != obj.end() && !v->is_null()) {
    if (!v->is_number_integer() || v->get<std::int64_t>() < 0)
      throw Problem{std::string("field \"version\" must be a whole number, not ") +
                    (v->is_number() ? v->dump() : json_type_name(*v))};
    a.version = v->get<std::int64_t>();
  }
}

}  // namespace

const char* json_type_name(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: return "a number";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "a list";
    case nlohmann::json::value_t::string: return "a string";
    default: return "not a string";
  }
}

// `problem`, after the name of the field it is in, if any.
std::string in_field(const std::string& field, const std::string& problem) {
  return field.empty() ? problem : "field \"" + field + "\": " + problem;
}

// nlohmann's message without its "[json.exception...]" tag and "parse
// error at line 1," preamble: "column 5: syntax error ...".
std::string json_problem(const json::exception& e) {
  const std::string what = e.what();
  const auto column = what.find("column");
  if (column != std::string::npos) return what.substr(column);
  const auto tag_end = what.find("] ");
  return tag_end == std::string::npos ? what : what.substr(tag_end + 2);
}

ParsedLine parse_article_line(std::string_view line) {
  if (const auto bad = find_invalid_utf8(line))
    return in_field(field_at_failure(line.substr(0, *bad)), "invalid UTF-8 at byte " + std::to_string(*bad + 1));
  json obj;
  try {
    obj = json::parse(line.begin(), line.end());
  } catch (const json::exception& e) {  // a syntax error, or a number too large for a double
    return in_field(field_at_failure(line), "invalid JSON: " + json_problem(e));
  }
  if (const auto problem = control_character_in_id(obj)) return *problem;
  if (!obj.is_object()) return std::string("not a JSON object but ") + json_type_name(obj);
  try {
    Article a;
    a.id = string_field(obj, "id", true, kMaxIdBytes);
    a.lang = string_field(obj, "lang", true, 32);
    try {
      a.lang = canonical_language(a.lang);
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
    lifecycle_fields(obj, a);
    return a;
  } catch (const Problem& p) {
    return p.text;
  }
}

}  // namespace newsidx

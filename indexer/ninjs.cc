#include "indexer/ninjs.h"

#include <algorithm>
#include <map>
#include <optional>

#include <unicode/utf8.h>

#include "analysis/script.h"
#include "common/utf8.h"
#include "indexer/html_text.h"
#include "indexer/json_locator.h"
#include "newsidx/errors.h"
#include "newsidx/indexer.h"

namespace newsidx {
namespace {

using nlohmann::json;

struct Problem {
  std::string text;
};

// A member found in any letter case (ninjs 1.x and 2.x spell names in
// lower case, 3.x in camelCase), with the name as the item spells it.
struct Member {
  const json* value = nullptr;
  std::string name;
  explicit operator bool() const { return value && !value->is_null(); }
};

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool same_name(std::string_view a, std::string_view lower) {
  return a.size() == lower.size() &&
         std::equal(a.begin(), a.end(), lower.begin(), [](char x, char y) { return ascii_lower(x) == y; });
}

Member member(const json& object, std::string_view lower_name) {
  for (auto it = object.begin(); it != object.end(); ++it)
    if (same_name(it.key(), lower_name)) return {&*it, it.key()};
  return {};
}

[[noreturn]] void fail(const std::string& field, const std::string& what) {
  throw Problem{"ninjs field \"" + field + "\"" + what};
}

std::string quoted(const std::string& s) { return "\"" + printable(s, 60) + "\""; }

const std::string& string_of(const Member& m) {
  if (!m.value->is_string()) fail(m.name, " must be a string, not " + std::string(json_type_name(*m.value)));
  return m.value->get_ref<const std::string&>();
}

const json& array_of(const Member& m) {
  if (!m.value->is_array()) fail(m.name, " must be a list, not " + std::string(json_type_name(*m.value)));
  return *m.value;
}

// 2.x and 3.x: headlines, descriptions and bodies are lists of {value, contenttype, role}.
struct Part {
  std::string value, content_type, role;
};

std::vector<Part> parts_of(const Member& m) {
  std::vector<Part> parts;
  const json& list = array_of(m);
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string at = m.name + "[" + std::to_string(i) + "]";
    if (!list[i].is_object()) fail(at, " must be an object, not " + std::string(json_type_name(list[i])));
    const Member value = member(list[i], "value");
    if (!value) fail(at, " has no \"value\"");
    Part p{string_of({value.value, at + "." + value.name}), "", ""};
    if (const Member type = member(list[i], "contenttype"))
      p.content_type = string_of({type.value, at + "." + type.name});
    if (const Member role = member(list[i], "role")) p.role = string_of({role.value, at + "." + role.name});
    parts.push_back(std::move(p));
  }
  return parts;
}

bool is_html(const std::string& content_type) {
  return content_type.rfind("text/html", 0) == 0 || content_type.rfind("application/xhtml+xml", 0) == 0;
}
bool is_plain(const std::string& content_type) {
  return content_type.empty() || content_type.rfind("text/plain", 0) == 0;
}
std::string text_of(const Part& p) { return is_html(p.content_type) ? html_to_text(p.value) : p.value; }

// The text of the part with one of `roles`, else of the first plain or
// HTML one; nullopt when there is none of these.
std::optional<std::string> pick(const std::vector<Part>& parts, std::initializer_list<const char*> roles) {
  for (const char* role : roles)
    for (const Part& p : parts)
      if (p.role == role && (is_plain(p.content_type) || is_html(p.content_type))) return text_of(p);
  for (const Part& p : parts)
    if (is_plain(p.content_type)) return p.value;
  for (const Part& p : parts)
    if (is_html(p.content_type)) return text_of(p);
  return std::nullopt;
}

// The script most letters of the text are in (the first few KB of it).
Script main_script(std::string_view text) {
  int cyrillic = 0, latin = 0, arabic = 0;
  const auto n = static_cast<int32_t>(std::min<std::size_t>(text.size(), 4096));
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(text.data(), i, n, c);
    switch (script_of_char(c)) {
      case Script::Cyrillic: ++cyrillic; break;
      case Script::Latin: ++latin; break;
      case Script::Arabic: ++arabic; break;
      default: break;
    }
  }
  if (arabic > cyrillic && arabic > latin) return Script::Arabic;
  if (latin > cyrillic) return Script::Latin;
  return Script::Cyrillic;
}

std::string lower(std::string s) {
  for (char& c : s) c = ascii_lower(c);
  return s;
}

// A BCP 47 tag as the engine's language code: an edition's as its code
// ("kk-Cyrl-KZ" -> "kk", "zh-Hant-TW" -> "zh", "uz-Cyrl" -> "uz-Cyrl"; Kazakh
// and Uzbek without a script subtag go by the script of the text), any
// other in its canonical case ("de-ch" -> "de-CH").
std::string engine_language(const Member& m, std::string_view text) {
  const std::string tag = lower(string_of(m));
  std::vector<std::string> subtags;
  for (std::size_t at = 0; at <= tag.size();) {
    const std::size_t end = std::min(tag.find_first_of("-_", at), tag.size());
    subtags.push_back(tag.substr(at, end - at));
    at = end + 1;
  }
  const std::string& primary = subtags[0];
  std::string script;
  if (subtags.size() > 1 && subtags[1].size() == 4) script = subtags[1];
  const Script written = script == "cyrl"   ? Script::Cyrillic
                         : script == "latn" ? Script::Latin
                         : script == "arab" ? Script::Arabic
                         : script.empty()   ? main_script(text)
                                            : Script::Other;
  if (primary == "en" && (script.empty() || script == "latn")) return "en";
  if (primary == "ru" && (script.empty() || script == "cyrl")) return "ru";
  if (primary == "zh" || primary == "cmn") return "zh";
  if (primary == "kk" && written == Script::Cyrillic) return "kk";
  if (primary == "kk" && written == Script::Latin) return "kk-Latn";
  if (primary == "kk" && written == Script::Arabic) return "kk-Arab";
  if (primary == "uz" && written == Script::Cyrillic) return "uz-Cyrl";
  if (primary == "uz" && written == Script::Latin) return "uz";
  std::string dashed = string_of(m);
  std::replace(dashed.begin(), dashed.end(), '_', '-');
  try {
    return canonical_language(dashed);
  } catch (const InvalidArgument& e) {
    fail(m.name, std::string(": ") + e.what());
  }
}

// Builds the article-format object, noting which ninjs field each of its
// fields came from.
class Mapper {
 public:
  explicit Mapper(const json& item) : item_(item) {}

  json map() {
    check_standard();
    take_id();
    take_text();
    take_language();
    take_times();
    take_lifecycle();
    take_tags();
    take_category();
    if (const Member by = any_of({"byline", "by"})) set("author", by, string_of(by));
    return out_;
  }

  // The ninjs field a field of the article format came from.
  const std::string* source_of(const std::string& field) const {
    const auto it = sources_.find(field);
    return it == sources_.end() ? nullptr : &it->second;
  }

 private:
  Member any_of(std::initializer_list<const char*> names) const {
    for (const char* name : names)
      if (Member m = member(item_, name)) return m;
    return {};
  }

  void set(const char* field, const Member& from, json value) {
    out_[field] = std::move(value);
    sources_[field] = from.name;
  }

  void check_standard() {
    const Member standard = member(item_, "standard");
    if (!standard || !standard.value->is_object()) return;
    const Member version = member(*standard.value, "version");
    if (!version) return;
    const std::string& v = string_of({version.value, standard.name + "." + version.name});
    if (v.empty() || v[0] < '1' || v[0] > '3' || (v.size() > 1 && v[1] != '.'))
      fail(standard.name + "." + version.name, ": version " + quoted(v) + " is not one this engine reads (1.x to 3.x)");
  }

  void take_id() {
    const Member uri = any_of({"uri", "guid"});
    if (!uri) throw Problem{"ninjs: missing \"uri\" (the item's identifier, used as its id)"};
    const std::string& id = string_of(uri);
    set("id", uri, id);
    if (id.rfind("http://", 0) == 0 || id.rfind("https://", 0) == 0) set("url", uri, id);
  }

  void take_text() {
    if (const Member h = member(item_, "headline")) set("title", h, string_of(h));
    else if (const Member hs = member(item_, "headlines"))
      if (auto text = pick(parts_of(hs), {"main"})) set("title", hs, std::move(*text));
    if (!out_.contains("title")) throw Problem{"ninjs: missing \"headline\" (1.x) or \"headlines\" (2.x, 3.x)"};
    if (const Member d = member(item_, "description_text")) set("lead", d, string_of(d));
    else if (const Member dh = member(item_, "description_html")) set("lead", dh, html_to_text(string_of(dh)));
    else if (const Member ds = member(item_, "descriptions"))
      if (auto text = pick(parts_of(ds), {"summary", "lead", "main"})) set("lead", ds, std::move(*text));
    if (const Member b = member(item_, "body_text")) set("body", b, string_of(b));
    else if (const Member bh = any_of({"body_html", "body_xhtml"})) set("body", bh, html_to_text(string_of(bh)));
    else if (const Member bs = member(item_, "bodies"))
      if (auto text = pick(parts_of(bs), {"main", "text"})) set("body", bs, std::move(*text));
  }

  void take_language() {
    const Member language = member(item_, "language");
    if (!language) throw Problem{"ninjs: missing \"language\" (a BCP 47 tag: kk-Cyrl, kk-Arab, ru, en, zh ...)"};
    const std::string text = out_.value("title", "") + " " + out_.value("lead", "") + " " + out_.value("body", "");
    set("lang", language, engine_language(language, text));
  }

  void take_times() {
    const Member version_created = member(item_, "versioncreated");
    const Member first_created = member(item_, "firstcreated");
    const Member published = first_created ? first_created : version_created;
    if (!published) throw Problem{"ninjs: missing \"firstcreated\" or \"versioncreated\" (the publication time)"};
    set("published", published, string_of(published));
    if (version_created) set("updated", version_created, string_of(version_created));
  }

  void take_lifecycle() {
    if (const Member status = member(item_, "pubstatus")) {
      const std::string& s = string_of(status);
      if (s == "usable") set("status", status, "published");
      else if (s == "withheld" || s == "canceled") set("status", status, s);
      else fail(status.name, ": " + quoted(s) + " is not usable, withheld or canceled");
    }
    if (const Member embargo = member(item_, "embargoed")) set("embargo", embargo, string_of(embargo));
    if (const Member version = member(item_, "version")) {
      const json& v = *version.value;
      if (v.is_number_integer() && v.get<std::int64_t>() >= 0) return set("version", version, v);
      const std::string text = v.is_string() ? v.get<std::string>() : v.dump();
      if (!v.is_string() || text.empty() || text.size() > 18 ||
          text.find_first_not_of("0123456789") != std::string::npos)
        fail(version.name, ": " + quoted(text) + " is not a whole number");
      set("version", version, std::stoll(text));
    }
  }

  // Names of a list of concept objects ({name, ...}), or of plain strings.
  static void names_of(const Member& m, std::vector<std::string>& names) {
    const json& list = array_of(m);
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string at = m.name + "[" + std::to_string(i) + "]";
      if (list[i].is_string()) {
        names.push_back(list[i].get<std::string>());
      } else if (list[i].is_object()) {
        if (const Member name = member(list[i], "name")) names.push_back(string_of({name.value, at + "." + name.name}));
      } else {
        fail(at, " must be an object or a string, not " + std::string(json_type_name(list[i])));
      }
    }
  }

  void take_tags() {
    std::vector<std::string> tags;
    std::string from;
    for (const char* name : {"subject", "subjects", "keywords"})
      if (const Member m = member(item_, name)) {
        names_of(m, tags);
        from += (from.empty() ? "" : "\", \"") + m.name;
      }
    std::vector<std::string> unique;
    for (auto& t : tags)
      if (std::find(unique.begin(), unique.end(), t) == unique.end()) unique.push_back(std::move(t));
    if (!unique.empty()) set("tags", {nullptr, from}, unique);
  }

  void take_category() {
    for (const char* name : {"genre", "genres", "service"})
      if (const Member m = member(item_, name)) {
        std::vector<std::string> names;
        if (m.value->is_string()) names.push_back(m.value->get<std::string>());
        else names_of(m, names);
        if (!names.empty()) return set("category", m, names[0]);
      }
  }

  const json& item_;
  json out_ = json::object();
  std::map<std::string, std::string> sources_;
};

// A problem of the article format, naming the ninjs field instead:
// `field "title" is empty` -> `ninjs field "headlines" is empty`.
std::string in_ninjs_terms(const std::string& problem, const Mapper& mapper) {
  const std::string prefix = "field \"";
  if (problem.rfind(prefix, 0) != 0) return problem;
  const auto close = problem.find('"', prefix.size());
  if (close == std::string::npos) return problem;
  const std::string* source = mapper.source_of(problem.substr(prefix.size(), close - prefix.size()));
  return source ? "ninjs field \"" + *source + problem.substr(close) : problem;
}

}  // namespace

NinjsArticle parse_ninjs_item(std::string_view item) {
  if (const auto bad = find_invalid_utf8(item))
    return {in_field(field_at_failure(item.substr(0, *bad)), "invalid UTF-8 at byte " + std::to_string(*bad + 1)), {}};
  json object;
  try {
    object = json::parse(item.begin(), item.end());
  } catch (const json::exception& e) {
    return {in_field(field_at_failure(item), "invalid JSON: " + json_problem(e)), {}};
  }
  if (!object.is_object()) return {std::string("not a ninjs item (a JSON object) but ") + json_type_name(object), {}};
  Mapper mapper(object);
  NinjsArticle out;
  try {
    out.line = mapper.map().dump();
  } catch (const Problem& p) {
    return {p.text, {}};
  }
  out.parsed = parse_article_line(out.line);
  if (auto* problem = std::get_if<std::string>(&out.parsed)) *problem = in_ninjs_terms(*problem, mapper);
  return out;
}

std::string article_line_from_ninjs(std::string_view item) {
  NinjsArticle mapped = parse_ninjs_item(item);
  if (auto* problem = std::get_if<std::string>(&mapped.parsed)) throw InvalidArgument(*problem);
  return std::move(mapped.line);
}

}  // namespace newsidx

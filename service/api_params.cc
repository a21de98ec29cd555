#include "service/api_params.h"

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <optional>

#include "newsidx/article.h"
#include "newsidx/errors.h"
#include "newsidx/time.h"
#include "newsidx/views.h"

namespace newsidx::service {

namespace {

// One endpoint's parameters: each may be given once, and only known ones.
class Reader {
 public:
  Reader(const Params& params, std::initializer_list<const char*> known) : params_(params) {
    for (const auto& param : params) {
      const std::string& name = param.first;
      if (name.empty()) throw ParamError{"", "a parameter has no name (\"=" + param.second + "\")"};
      if (std::none_of(known.begin(), known.end(), [&](const char* k) { return name == k; }))
        throw ParamError{name, "unknown parameter \"" + name + "\""};
      if (params.count(name) > 1) throw ParamError{name, name + " is given more than once"};
    }
  }

  std::optional<std::string> text(const char* name) const {
    const auto it = params_.find(name);
    if (it == params_.end()) return std::nullopt;
    return it->second;
  }

  std::size_t whole(const char* name, std::size_t fallback, std::size_t lo, std::size_t hi) const {
    const auto v = text(name);
    if (!v) return fallback;
    const std::string range = " from " + std::to_string(lo) + " to " + std::to_string(hi);
    const bool digits = !v->empty() && v->size() <= 9 && v->find_first_not_of("0123456789") == std::string::npos;
    const std::size_t n = digits ? std::stoul(*v) : 0;
    if (!digits || n < lo || n > hi)
      throw ParamError{name, std::string(name) + " must be a whole number" + range + ", not \"" + *v + "\""};
    return n;
  }

  double positive(const char* name, double fallback) const {
    const auto v = text(name);
    if (!v) return fallback;
    std::size_t used = 0;
    double d = 0;
    try {
      d = std::stod(*v, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != v->size() || !std::isfinite(d) || d <= 0)
      throw ParamError{name, std::string(name) + " must be a positive number, not \"" + *v + "\""};
    return d;
  }

  // An ISO 8601 time with a zone, or unix seconds.
  std::optional<std::int64_t> time(const char* name) const {
    const auto v = text(name);
    if (!v) return std::nullopt;
    const auto t = parse_time_or_unix(*v);
    if (!t)
      throw ParamError{name,
                       std::string(name) + " must be an ISO 8601 time with a zone or unix seconds, not \"" + *v + "\""};
    return t;
  }

  // "1", "true", "yes", "on" or nothing after the name; "0", "false", "no", "off".
  bool flag(const char* name) const {
    const auto v = text(name);
    if (!v) return false;
    for (const char* yes : {"", "1", "true", "yes", "on"})
      if (*v == yes) return true;
    for (const char* no : {"0", "false", "no", "off"})
      if (*v == no) return false;
    throw ParamError{name, std::string(name) + " must be true or false, not \"" + *v + "\""};
  }

  std::optional<std::string> language(const char* name) const {
    const auto v = text(name);
    if (!v) return std::nullopt;
    try {
      return canonical_language(*v);
    } catch (const InvalidArgument& e) {
      throw ParamError{name, std::string(name) + " " + e.what()};
    }
  }

  // YYYY, YYYY-MM or YYYY-MM-DD, as its first second or (`end`) its last.
  std::optional<std::int64_t> date(const char* name, bool end) const {
    const auto v = text(name);
    if (!v) return std::nullopt;
    const std::string shape = "0000-00-00";
    bool ok = v->size() == 4 || v->size() == 7 || v->size() == 10;
    for (std::size_t i = 0; ok && i < v->size(); ++i)
      ok = shape[i] == '-' ? (*v)[i] == '-' : std::isdigit(static_cast<unsigned char>((*v)[i])) != 0;
    if (!ok)
      throw ParamError{name, std::string(name) + " must be a date YYYY-MM-DD, YYYY-MM or YYYY, not \"" + *v + "\""};
    const auto t = parse_date_bound(*v, end);
    if (!t)
      throw ParamError{name,
                       std::string(name) + " \"" + *v + "\" is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)"};
    return t;
  }

 private:
  const Params& params_;
};

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX (and "+" as a space in a query string) decoded; a "%" not followed by
// two hex digits stays as it is.
std::string url_decoded(std::string_view s, bool plus_is_space = true) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const int hi = s[i] == '%' && i + 2 < s.size() ? hex_value(s[i + 1]) : -1;
    const int lo = hi >= 0 ? hex_value(s[i + 2]) : -1;
    if (lo >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += s[i] == '+' && plus_is_space ? ' ' : s[i];
    }
  }
  return out;
}

}  // namespace

std::string request_path(std::string_view target) {
  return url_decoded(target.substr(0, target.find_first_of("?#")), false);
}

Params query_params(std::string_view target) {
  Params params;
  const std::size_t question = target.find('?');
  if (question == std::string_view::npos) return params;
  std::string_view query = target.substr(question + 1);
  query = query.substr(0, query.find('#'));
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      params.emplace(url_decoded(pair.substr(0, eq)),
                     eq == std::string_view::npos ? std::string() : url_decoded(pair.substr(eq + 1)));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return params;
}

SearchRequest search_request(const Params& params) {
  const Reader in(params, {"q", "lang", "category", "tag", "since", "until", "sort", "offset", "limit", "facets",
                           "fresh", "half_life", "any", "feedback", "all_copies", "partial"});
  SearchRequest req;
  const auto q = in.text("q");
  if (!q) throw ParamError{"q", "q, the query, is missing"};
  if (q->size() > kMaxQueryBytes)
    throw ParamError{
        "q", "q is " + std::to_string(q->size()) + " bytes, over the limit of " + std::to_string(kMaxQueryBytes)};
  req.query = *q;
  for (const char* name : {"category", "tag"}) {
    const auto v = in.text(name);
    if (v && v->size() > kMaxShortFieldBytes) throw ParamError{name, std::string(name) + " is too long"};
    if (!v || v->empty()) continue;
    if (std::string(name) == "tag") req.tags.push_back(*v);
    else req.category = *v;
  }
  req.lang = in.language("lang");
  req.since = in.date("since", false);
  req.until = in.date("until", true);
  const std::string sort = in.text("sort").value_or("relevance");
  if (sort != "relevance" && sort != "date")
    throw ParamError{"sort", "sort must be relevance or date, not \"" + sort + "\""};
  req.sort = sort == "date" ? SortOrder::Date : SortOrder::Relevance;
  req.offset = in.whole("offset", 0, 0, kMaxApiOffset);
  req.limit = in.whole("limit", 10, 0, kMaxApiLimit);
  req.facets = in.flag("facets");
  req.fresh = in.flag("fresh");
  req.fresh_half_life_days = in.positive("half_life", req.fresh_half_life_days);
  req.any = in.flag("any");
  req.feedback = in.flag("feedback");
  req.collapse_duplicates = !in.flag("all_copies");
  req.partial = in.flag("partial");
  return req;
}

RelatedOptions related_options(const Params& params) {
  const Reader in(params, {"limit", "lang", "any_lang", "half_life", "explain"});
  RelatedOptions o;
  o.limit = in.whole("limit", o.limit, 1, kMaxApiLimit);
  o.lang = in.language("lang");
  o.any_lang = in.flag("any_lang");
  if (o.lang && o.any_lang) throw ParamError{"any_lang", "lang and any_lang exclude each other"};
  o.half_life_days = in.positive("half_life", o.half_life_days);
  o.explain = in.flag("explain");
  return o;
}

PopularQuery popular_query(const Params& params) {
  const Reader in(params, {"window", "at", "lang", "category", "top", "trending", "half_life"});
  PopularQuery p;
  p.window = in.text("window").value_or("24h");
  const auto seconds = parse_window(p.window);
  if (!seconds) throw ParamError{"window", "window must be like 1h, 24h, 7d, 30d or all, not \"" + p.window + "\""};
  p.request.window_seconds = *seconds;
  p.request.at = in.time("at");
  p.request.lang = in.language("lang");
  p.request.category = in.text("category");
  p.request.top = in.whole("top", 5, 1, kMaxApiLimit);
  p.request.trending = in.flag("trending");
  p.request.half_life_hours = in.positive("half_life", p.request.half_life_hours);
  return p;
}

SuggestRequest suggest_request(const Params& params) {
  const Reader in(params, {"q", "lang", "limit", "at"});
  SuggestRequest r;
  r.prefix = in.text("q").value_or("");
  r.lang = in.language("lang");
  r.limit = in.whole("limit", 8, 1, kMaxSuggestLimit);
  r.now = in.time("at");
  return r;
}

void no_params(const Params& params) { Reader(params, {}); }

std::optional<std::string> article_script(const Params& params) {
  const auto script = Reader(params, {"script"}).text("script");
  if (script && *script != "Arab" && *script != "Cyrl" && *script != "Latn")
    throw ParamError{"script", "script must be Arab, Cyrl or Latn, not \"" + *script + "\""};
  return script;
}

bool push_strict(const Params& params) { return Reader(params, {"strict"}).flag("strict"); }

}  // namespace newsidx::service

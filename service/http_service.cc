#include "service/http_service.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <optional>
#include <random>
#include <string_view>

#include "newsidx/analyzer.h"
#include "newsidx/errors.h"
#include "service/access_log.h"
#include "service/api_params.h"
#include "service/article_push.h"
#include "service/http_server.h"
#include "service/json_output.h"
#include "service/metrics.h"
#include "service/web_assets.h"

namespace newsidx::service {

namespace {

// A Kazakh article's text in another script ("Arab", "Cyrl" or "Latn"),
// its edition code to match; Latin text reaches the Arabic script through
// Cyrillic. An article already in that script is left as it is (its
// foreign words too).
Article kazakh_article_in_script(Article article, const std::string& script) {
  const std::string from = script_of_language(article.lang);
  if (from == script) return article;
  const auto convert = [&](const std::string& text) {
    return kazakh_in_script(from == "Latn" && script == "Arab" ? kazakh_in_script(text, "Cyrl") : text, script);
  };
  for (std::string* text : {&article.title, &article.lead, &article.body, &article.category, &article.author})
    *text = convert(*text);
  for (std::string& tag : article.tags) tag = convert(tag);
  article.lang = script == "Latn" ? "kk-Latn" : script == "Arab" ? "kk-Arab" : "kk";
  return article;
}

constexpr const char* kJson = "application/json; charset=utf-8";
constexpr const char* kPagePolicy = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'";

HttpResponse json_response(int status, const nlohmann::json& body) {
  // Invalid UTF-8 (a query cut mid-character) is replaced, never a throw.
  return {status,
          {{"Content-Type", kJson}, {"X-Content-Type-Options", "nosniff"}},
          body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

HttpResponse error_response(int status, const std::string& message, const std::string& parameter = "") {
  nlohmann::json body = {{"error", message}, {"status", status}};
  if (!parameter.empty()) body["parameter"] = parameter;
  return json_response(status, body);
}

std::string content_type(std::string_view path) {
  if (path.size() >= 3 && path.substr(path.size() - 3) == ".js") return "text/javascript; charset=utf-8";
  if (path.size() >= 4 && path.substr(path.size() - 4) == ".css") return "text/css; charset=utf-8";
  return "text/html; charset=utf-8";
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The page's file served at `path` ("/" is index.html), or null.
const WebAsset* page_asset(std::string_view path) {
  for (const WebAsset& asset : web_assets())
    if (path == (asset.path == "/index.html" ? std::string_view("/") : asset.path)) return &asset;
  return nullptr;
}

// The endpoint a path is counted under in the metrics: ids left out, so that
// the label takes a handful of values.
std::string endpoint_of(const std::string& path) {
  if (page_asset(path)) return "page";
  for (const char* fixed :
       {"/api/search", "/api/suggest", "/api/popular", "/api/health", "/api/articles", "/livez", "/readyz", "/metrics"})
    if (path == fixed) return fixed;
  if (starts_with(path, "/api/articles/"))
    return ends_with(path, "/related") ? "/api/articles/{id}/related" : "/api/articles/{id}";
  return "other";
}

// A request id the client sent is kept when it is 1 to 128 characters of
// letters, digits and "-_.:" (anything else could forge log lines).
bool usable_request_id(const std::string& id) {
  return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':';
  });
}

std::int64_t unix_microseconds() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct HttpService::Impl {
  std::atomic<const Searcher*> searcher{nullptr};
  std::atomic<bool> stopping{false};
  ServiceOptions options;
  ServiceMetrics metrics;
  std::unique_ptr<AccessLog> log;
  const std::string id_prefix;  // random per process, so ids of two processes differ
  std::atomic<std::uint64_t> next_id{0};
  // Writes, once accept_writes() was called (before run()).
  ArticleWriter* writer = nullptr;
  std::vector<std::string> tokens;
  std::unique_ptr<GroupCommit> group;
  HttpServer server;

  explicit Impl(ServiceOptions o)
      : options(std::move(o)),
        log(options.access_log.empty() ? nullptr
                                       : std::make_unique<AccessLog>(options.access_log, options.log_queries)),
        id_prefix(random_prefix()),
        server(
            server_options(options), [this](const HttpRequest& r) { return handle(r); },
            [this](int status, const std::string& message) {
              metrics.refused(status);
              return error_response(status, message);
            }) {}

  static std::string random_prefix() {
    char buffer[9];
    std::snprintf(buffer, sizeof buffer, "%08x", static_cast<unsigned>(std::random_device{}()));
    return buffer;
  }

  bool ready() const { return searcher.load() && !stopping.load(); }

  std::string request_id(const HttpRequest& request) {
    if (const std::string* sent = request.header("x-request-id"); sent && usable_request_id(*sent)) return *sent;
    char counter[17];
    std::snprintf(counter, sizeof counter, "%llx", static_cast<unsigned long long>(++next_id));
    return id_prefix + "-" + counter;
  }

  // Every answer: counted, timed, logged, with its request id.
  HttpResponse handle(const HttpRequest& request) {
    const auto started = std::chrono::steady_clock::now();
    const std::int64_t arrived_us = unix_microseconds();
    metrics.begin();
    const std::string id = request_id(request);
    HttpResponse response = answer(request);
    response.headers.emplace_back("X-Request-Id", id);
    const auto taken = std::chrono::steady_clock::now() - started;
    const auto query_at = request.target.find('?');
    const std::string path = request.target.substr(0, query_at);
    metrics.end(endpoint_of(request_path(path)), response.status, std::chrono::duration<double>(taken).count());
    if (log) {
      log->write({arrived_us, id, request.method, path,
                  query_at == std::string::npos ? "" : request.target.substr(query_at + 1), response.status,
                  response.body.size(), std::chrono::duration_cast<std::chrono::microseconds>(taken).count()});
    }
    return response;
  }

  static ServerOptions server_options(const ServiceOptions& o) {
    ServerOptions s;
    s.host = o.host;
    s.port = o.port;
    s.threads = o.threads ? o.threads : 1;
    s.limits.max_body_bytes = o.max_body_bytes;
    s.request_timeout_seconds = o.request_timeout_seconds;
    s.idle_timeout_seconds = o.idle_timeout_seconds;
    s.max_connections = o.max_connections;
    return s;
  }

  // Library errors as statuses: a parameter's 400, an unreadable index's 503.
  HttpResponse answer(const HttpRequest& request) {
    const bool write = request.writes();
    if (request.method != "GET" && request.method != "HEAD" && !write)
      return error_response(405, "only GET, HEAD, POST, PUT and DELETE are served");
    if (write && !writer) return error_response(405, "writes are off (newssearch serve --writable)");
    if (request.target.front() != '/') return error_response(400, "the request target must be a path (\"/...\")");
    try {
      if (write) return write_route(request, request_path(request.target));
      return route(request_path(request.target), request.target);
    } catch (const ParamError& e) {
      return error_response(400, e.message, e.parameter);
    } catch (const InvalidArgument& e) {
      return error_response(400, e.what());
    } catch (const DatabaseError& e) {
      return error_response(503, e.what());
    } catch (const std::exception& e) {
      return error_response(500, std::string("internal error: ") + e.what());
    }
  }

  HttpResponse route(const std::string& path, std::string_view target) {
    if (path == "/livez") return plain(200, "ok\n");
    if (path == "/readyz")
      return ready() ? plain(200, "ready\n") : plain(503, stopping ? "stopping\n" : "opening the index\n");
    if (path == "/metrics") return metrics_answer();
    const Searcher* s = searcher.load();
    if (!s) return error_response(503, "the index is being opened");
    if (const WebAsset* asset = page_asset(path)) return page_file(*asset);
    return api(*s, path, target);
  }

  HttpResponse api(const Searcher& searcher, const std::string& path, std::string_view target) {
    if (path == "/api/health") {
      no_params(query_params(target));
      return json_response(200, health_json(searcher.info()));
    }
    if (path == "/api/search") {
      SearchRequest r = search_request(query_params(target));
      r.time_limit_seconds = options.search_time_budget_seconds;
      return json_response(200, search_json(searcher.search(r)));
    }
    if (path == "/api/suggest")
      return json_response(200, suggest_json(searcher.suggest(suggest_request(query_params(target)))));
    if (path == "/api/popular") {
      const PopularQuery q = popular_query(query_params(target));
      return json_response(200, popular_json(q.window, q.request.trending, searcher.popular(q.request)));
    }
    constexpr std::string_view articles = "/api/articles/", related = "/related";
    const std::string id = path.substr(std::min(path.size(), articles.size()));
    if (starts_with(path, articles) && ends_with(id, related) && id.size() > related.size())
      return related_answer(searcher, id.substr(0, id.size() - related.size()), target);
    if (starts_with(path, articles) && !id.empty()) {
      const auto script = article_script(query_params(target));
      const auto article = searcher.article(id);
      const auto now = static_cast<std::int64_t>(std::time(nullptr));
      // Taken down for good: 410; withheld or under embargo: as if unknown.
      if (article && article->status == ArticleStatus::canceled)
        return error_response(410, "article \"" + id + "\" was canceled");
      if (!article || !visible_at(*article, now)) return error_response(404, "no article with id \"" + id + "\"");
      if (!script) return json_response(200, article_json(*article));
      if (base_language(article->lang) != "kk")
        return error_response(400, "script: article \"" + id + "\" is in " + article->lang +
                                       "; only a Kazakh article is shown in another script");
      return json_response(200, article_json(kazakh_article_in_script(*article, *script)));
    }
    return error_response(404, "no such endpoint: " + path);
  }

  // POST /api/articles, PUT and DELETE /api/articles/{id}, after the token.
  HttpResponse write_route(const HttpRequest& request, const std::string& path) {
    const std::string* auth = request.header("authorization");
    if (!auth || auth->rfind("Bearer ", 0) != 0) {
      HttpResponse r = error_response(401, "writes need Authorization: Bearer TOKEN");
      r.headers.emplace_back("WWW-Authenticate", "Bearer");
      return r;
    }
    if (!token_matches(std::string_view(*auth).substr(7), tokens))
      return error_response(403, "the token is not accepted");
    const auto params = query_params(request.target);
    constexpr std::string_view articles = "/api/articles";
    const std::string* type = request.header("content-type");
    const bool ninjs = type && is_ninjs_media_type(*type);
    if (path == articles && request.method == "POST")
      return push(pushed_items(request.body, ninjs), push_strict(params), false);
    const std::string id = path.size() > articles.size() + 1 && starts_with(path, "/api/articles/")
                               ? path.substr(articles.size() + 1)
                               : "";
    if (id.empty() || id.find('/') != std::string::npos)
      return error_response(404, "no such endpoint for " + request.method + ": " + path);
    no_params(params);
    if (request.method == "DELETE") return delete_article(id);
    if (request.method == "PUT")
      return push(pushed_items(with_id(request.body, ninjs ? "uri" : "id", id), ninjs), false, true);
    return error_response(405, "POST goes to /api/articles");
  }

  // The PUT body with the path's id in `field` (it may leave the id out; another is refused).
  static std::string with_id(const std::string& body, const char* field, const std::string& id) {
    nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
    if (!j.is_object()) throw InvalidArgument("the body must be one article object");
    if (!j.contains(field)) j[field] = id;
    if (!j[field].is_string() || j[field].get<std::string>() != id)
      throw InvalidArgument(std::string("the body's ") + field + " is not the path's \"" + id + "\"");
    return j.dump();
  }

  // Stores the articles, each checked; answers once they are committed.
  // `single`: one article, whose problem is the answer's (400, or 409 for an older version).
  HttpResponse push(std::vector<PushedItem> items, bool strict, bool single) {
    if (items.empty()) return error_response(400, "the body holds no article");
    single = single || items.size() == 1;
    nlohmann::json stored = nlohmann::json::array(), rejected = nlohmann::json::array(),
                   older = nlohmann::json::array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (strict && items[i].problem.empty())
        if (auto problem = ArticleWriter::problem_in(items[i].line)) items[i].problem = std::move(*problem);
      if (!items[i].problem.empty()) rejected.push_back({{"index", i}, {"error", items[i].problem}});
    }
    bool added = false;
    if (rejected.empty() || !strict) {
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (!items[i].problem.empty()) continue;
        try {
          const WriteResult r = writer->add_json(items[i].line);
          added = added || r == WriteResult::added;
          stored.push_back({{"index", i},
                            {"id", nlohmann::json::parse(items[i].line)["id"]},
                            {"result", r == WriteResult::added ? "added" : "replaced"}});
        } catch (const OlderVersion& e) {
          older.push_back({{"index", i}, {"error", e.what()}});
        } catch (const InvalidArgument& e) {
          rejected.push_back({{"index", i}, {"error", e.what()}});
        }
      }
    }
    if (!stored.empty()) group->commit_covering(group->applied());
    std::sort(rejected.begin(), rejected.end(), [](const auto& a, const auto& b) { return a["index"] < b["index"]; });
    if (single && !rejected.empty()) return error_response(400, rejected[0]["error"]);
    if (single && !older.empty()) return error_response(409, older[0]["error"]);
    const nlohmann::json body = {{"stored", stored}, {"rejected", rejected}, {"older", older}};
    if (stored.empty()) return json_response(rejected.empty() ? 409 : 400, body);
    return json_response(added ? 201 : 200, body);
  }

  HttpResponse delete_article(const std::string& id) {
    if (!writer->remove(id)) return error_response(404, "no article with id \"" + id + "\"");
    group->commit_covering(group->applied());
    return json_response(200, {{"deleted", id}});
  }

  HttpResponse metrics_answer() {
    std::optional<SearcherStatus> status;
    if (const Searcher* s = searcher.load()) {
      try {
        status = s->status();
      } catch (const Error&) {
        // An unreadable index: the rest is still worth scraping (newsidx_ready says it).
      }
    }
    return {200,
            {{"Content-Type", "text/plain; version=0.0.4; charset=utf-8"}},
            metrics.render(status ? &*status : nullptr, ready())};
  }

  static HttpResponse plain(int status, std::string body) {
    return {status, {{"Content-Type", "text/plain; charset=utf-8"}, {"Cache-Control", "no-store"}}, std::move(body)};
  }

  HttpResponse related_answer(const Searcher& searcher, const std::string& id, std::string_view target) {
    const auto hits = searcher.related(id, related_options(query_params(target)));
    if (!hits) return error_response(404, "no article with id \"" + id + "\"");
    return json_response(200, related_json(id, *hits));
  }

  static HttpResponse page_file(const WebAsset& asset) {
    return {200,
            {{"Content-Type", content_type(asset.path)},
             {"Content-Security-Policy", kPagePolicy},
             {"Cache-Control", "no-cache"},
             {"X-Content-Type-Options", "nosniff"}},
            std::string(asset.content)};
  }
};

HttpService::HttpService(const Searcher& searcher, ServiceOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {
  impl_->searcher = &searcher;
}

HttpService::HttpService(ServiceOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

void HttpService::serve(const Searcher& searcher) { impl_->searcher = &searcher; }

void HttpService::reopen_log() {
  if (impl_->log) impl_->log->reopen();
}

HttpService::~HttpService() = default;

void HttpService::bind() { impl_->server.bind(); }

int HttpService::port() const { return impl_->server.port(); }

void HttpService::run() { impl_->server.run(); }

void HttpService::accept_writes(ArticleWriter& writer, std::vector<std::string> tokens,
                                std::chrono::milliseconds commit_interval) {
  impl_->tokens = std::move(tokens);
  impl_->group = std::make_unique<GroupCommit>(writer, commit_interval);
  impl_->writer = &writer;
  impl_->server.set_write_threads(impl_->options.write_threads);
}

void HttpService::announce_stop() { impl_->stopping = true; }

void HttpService::stop() {
  impl_->stopping = true;
  impl_->server.stop();
}

}  // namespace newsidx::service

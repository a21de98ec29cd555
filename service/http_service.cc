#include "service/http_service.h"

#include <algorithm>
#include <string_view>

#include "newsidx/errors.h"
#include "service/api_params.h"
#include "service/http_server.h"
#include "service/json_output.h"
#include "service/web_assets.h"

namespace newsidx::service {

namespace {

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

}  // namespace

struct HttpService::Impl {
  const Searcher& searcher;
  ServiceOptions options;
  HttpServer server;

  Impl(const Searcher& s, ServiceOptions o)
      : searcher(s),
        options(std::move(o)),
        server(
            server_options(options), [this](const HttpRequest& r) { return handle(r); },
            [](int status, const std::string& message) { return error_response(status, message); }) {}

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
  HttpResponse handle(const HttpRequest& request) {
    if (request.method != "GET" && request.method != "HEAD") return error_response(405, "only GET is served");
    if (request.target.front() != '/') return error_response(400, "the request target must be a path (\"/...\")");
    try {
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
    for (const WebAsset& asset : web_assets())
      if (path == (asset.path == "/index.html" ? std::string_view("/") : asset.path)) return page_file(asset);
    if (path == "/api/health") {
      no_params(query_params(target));
      return json_response(200, health_json(searcher.info()));
    }
    if (path == "/api/search") {
      SearchRequest r = search_request(query_params(target));
      r.time_limit_seconds = options.search_time_budget_seconds;
      return json_response(200, search_json(searcher.search(r)));
    }
    if (path == "/api/popular") {
      const PopularQuery q = popular_query(query_params(target));
      return json_response(200, popular_json(q.window, q.request.trending, searcher.popular(q.request)));
    }
    constexpr std::string_view articles = "/api/articles/", related = "/related";
    const std::string id = path.substr(std::min(path.size(), articles.size()));
    if (starts_with(path, articles) && ends_with(id, related) && id.size() > related.size())
      return related_answer(id.substr(0, id.size() - related.size()), target);
    if (starts_with(path, articles) && !id.empty()) {
      no_params(query_params(target));
      const auto article = searcher.article(id);
      if (!article) return error_response(404, "no article with id \"" + id + "\"");
      return json_response(200, article_json(*article));
    }
    return error_response(404, "no such endpoint: " + path);
  }

  HttpResponse related_answer(const std::string& id, std::string_view target) {
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
    : impl_(std::make_unique<Impl>(searcher, std::move(options))) {}

HttpService::~HttpService() = default;

void HttpService::bind() { impl_->server.bind(); }

int HttpService::port() const { return impl_->server.port(); }

void HttpService::run() { impl_->server.run(); }

void HttpService::stop() { impl_->server.stop(); }

}  // namespace newsidx::service

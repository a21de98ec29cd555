#include "service/http_service.h"

#include <string_view>

#include <httplib.h>

#include "newsidx/errors.h"
#include "service/api_params.h"
#include "service/json_output.h"
#include "service/web_assets.h"

namespace newsidx::service {

namespace {

constexpr const char* kJson = "application/json; charset=utf-8";

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  // Invalid UTF-8 (a query cut mid-character) is replaced, never a throw.
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
}

void send_error(httplib::Response& res, int status, const std::string& message, const std::string& parameter = "") {
  nlohmann::json body = {{"error", message}, {"status", status}};
  if (!parameter.empty()) body["parameter"] = parameter;
  send_json(res, status, body);
}

std::string_view content_type(std::string_view path) {
  if (path.size() >= 3 && path.substr(path.size() - 3) == ".js") return "text/javascript; charset=utf-8";
  if (path.size() >= 4 && path.substr(path.size() - 4) == ".css") return "text/css; charset=utf-8";
  return "text/html; charset=utf-8";
}

// A method name (a token of capitals) other than GET and HEAD: answered
// 405, whether httplib knows it (POST, TRACE, CONNECT) or not.
bool is_other_method(const std::string& method) {
  if (method.empty() || method == "GET" || method == "HEAD") return false;
  return method.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos;
}

std::string status_message(int status, const httplib::Request& req) {
  switch (status) {
    case 400: return "the request could not be read";
    case 404: return "no such endpoint: " + req.path;
    case 405: return "only GET is served";
    case 413: return "the request body is over the limit";
    case 414:
      return "the request line is over the limit of " + std::to_string(CPPHTTPLIB_REQUEST_URI_MAX_LENGTH) + " bytes";
    case 431: return "the request headers are over the limit";
    default: return "the request failed";
  }
}

}  // namespace

struct HttpService::Impl {
  const Searcher& searcher;
  ServiceOptions options;
  httplib::Server server;
  int port = 0;

  Impl(const Searcher& s, ServiceOptions o) : searcher(s), options(std::move(o)) {
    const unsigned threads = options.threads ? options.threads : 1;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    server.set_payload_max_length(options.max_body_bytes);
    server.set_keep_alive_max_count(1000);
    server.set_tcp_nodelay(true);
    // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, with which a
    // second service on the same port would silently share its traffic.
    server.set_socket_options([](socket_t sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server.set_default_headers({{"X-Content-Type-Options", "nosniff"}});
    routes();
    // Status codes set by httplib itself (404, 413, 414...) get a JSON body
    // like every other error; handlers' own error bodies are kept.
    server.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
          if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          if ((res.status == 404 || res.status == 400) && is_other_method(req.method)) res.status = 405;
          send_error(res, res.status, status_message(res.status, req));
          return httplib::Server::HandlerResponse::Handled;
        }));
    server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
      try {
        std::rethrow_exception(ep);
      } catch (const ParamError& e) {
        send_error(res, 400, e.message, e.parameter);
      } catch (const InvalidArgument& e) {
        send_error(res, 400, e.what());
      } catch (const DatabaseError& e) {
        send_error(res, 503, e.what());
      } catch (const std::exception& e) {
        send_error(res, 500, std::string("internal error: ") + e.what());
      } catch (...) {
        send_error(res, 500, "internal error");
      }
    });
  }

  void routes() {
    for (const WebAsset& asset : web_assets()) {
      const std::string path = asset.path == "/index.html" ? "/" : std::string(asset.path);
      server.Get(path, [asset](const httplib::Request&, httplib::Response& res) {
        res.set_header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
        res.set_header("Cache-Control", "no-cache");
        res.set_content(asset.content.data(), asset.content.size(), std::string(content_type(asset.path)).c_str());
      });
    }
    server.Get("/api/health", [this](const httplib::Request& req, httplib::Response& res) {
      no_params(query_params(req.target));
      send_json(res, 200, health_json(searcher.info()));
    });
    server.Get("/api/search", [this](const httplib::Request& req, httplib::Response& res) {
      SearchRequest r = search_request(query_params(req.target));
      r.time_limit_seconds = options.search_time_budget_seconds;
      send_json(res, 200, search_json(searcher.search(r)));
    });
    // Registered before /api/articles/(.+), which would also match it.
    server.Get(R"(/api/articles/(.+)/related)", [this](const httplib::Request& req, httplib::Response& res) {
      const std::string id = req.matches[1];
      const auto hits = searcher.related(id, related_options(query_params(req.target)));
      if (!hits) return send_error(res, 404, "no article with id \"" + id + "\"");
      send_json(res, 200, related_json(id, *hits));
    });
    server.Get(R"(/api/articles/(.+))", [this](const httplib::Request& req, httplib::Response& res) {
      no_params(query_params(req.target));
      const std::string id = req.matches[1];
      const auto article = searcher.article(id);
      if (!article) return send_error(res, 404, "no article with id \"" + id + "\"");
      send_json(res, 200, article_json(*article));
    });
    server.Get("/api/popular", [this](const httplib::Request& req, httplib::Response& res) {
      const PopularQuery q = popular_query(query_params(req.target));
      send_json(res, 200, popular_json(q.window, q.request.trending, searcher.popular(q.request)));
    });
  }
};

HttpService::HttpService(const Searcher& searcher, ServiceOptions options)
    : impl_(std::make_unique<Impl>(searcher, std::move(options))) {}

HttpService::~HttpService() = default;

void HttpService::bind() {
  const auto& o = impl_->options;
  const std::string address = o.host + ":" + std::to_string(o.port);
  if (o.port == 0) {
    impl_->port = impl_->server.bind_to_any_port(o.host);
    if (impl_->port < 0) throw Error("cannot listen on " + address);
  } else {
    if (!impl_->server.bind_to_port(o.host, o.port))
      throw Error("cannot listen on " + address + " (in use, or not an address of this machine)");
    impl_->port = o.port;
  }
}

int HttpService::port() const { return impl_->port; }

void HttpService::run() { impl_->server.listen_after_bind(); }

void HttpService::stop() { impl_->server.stop(); }

}  // namespace newsidx::service

// A service on a free port of loopback over a searcher, for the tests that
// need one: it runs from construction until destruction.
#pragma once

#include <thread>

#include "newsidx/searcher.h"
#include "service/http_service.h"

namespace newsidx::test {

class ServiceOn {
 public:
  explicit ServiceOn(const Searcher& searcher) : service_(searcher, options()) {
    service_.bind();
    serving_ = std::thread([this] { service_.run(); });
  }
  ~ServiceOn() {
    service_.stop();
    serving_.join();
  }
  ServiceOn(const ServiceOn&) = delete;
  ServiceOn& operator=(const ServiceOn&) = delete;
  int port() const { return service_.port(); }

 private:
  static service::ServiceOptions options() {
    service::ServiceOptions o;
    o.port = 0;
    return o;
  }
  service::HttpService service_;
  std::thread serving_;
};

}  // namespace newsidx::test

// libFuzzer target: a request target's query string read into each
// endpoint's request. Every input is a request or a ParamError that says
// what is wrong, never anything else.
#include <cstddef>
#include <cstdint>
#include <string>

#include "service/api_params.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string target = "/api/search?" + std::string(reinterpret_cast<const char*>(data), size);
  const newsidx::service::Params params = newsidx::service::query_params(target);
  auto each = [&](auto&& read) {
    try {
      read(params);
    } catch (const newsidx::service::ParamError& e) {
      if (e.message.empty()) __builtin_trap();  // every refusal says why
    }
  };
  each([](const auto& p) { newsidx::service::search_request(p); });
  each([](const auto& p) { newsidx::service::related_options(p); });
  each([](const auto& p) { newsidx::service::popular_query(p); });
  return 0;
}

// libFuzzer target: a connection's bytes framed into requests by
// RequestReader. However the bytes are split into reads, the requests and
// refusals are the same; a refusal says why; nothing is consumed twice.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "service/http_request.h"

namespace {

using newsidx::service::ReadOutcome;
using newsidx::service::RequestReader;

// "complete METHOD TARGET BODYSIZE" or "refused STATUS" per request, as the
// reader frames `bytes` arriving `step` bytes at a time (0: all at once).
std::vector<std::string> framed(const std::string& bytes, std::size_t step) {
  newsidx::service::RequestLimits limits;
  limits.max_request_line_bytes = 256;  // small, so that the fuzzer reaches the limits
  limits.max_header_bytes = 512;
  limits.max_body_bytes = 128;
  RequestReader reader(limits);
  std::vector<std::string> out;
  std::string buffer;
  std::size_t fed = 0;
  while (fed < bytes.size()) {
    const std::size_t n = step == 0 ? bytes.size() - fed : std::min(step, bytes.size() - fed);
    buffer.append(bytes, fed, n);
    fed += n;
    for (;;) {
      ReadOutcome r = reader.next(buffer);
      if (r.state == ReadOutcome::State::incomplete) break;
      if (r.state == ReadOutcome::State::refused) {
        if (r.message.empty() || r.status < 400) __builtin_trap();
        out.push_back("refused " + std::to_string(r.status));
        return out;
      }
      if (r.consumed == 0 || r.consumed > buffer.size()) __builtin_trap();
      out.push_back("complete " + r.request.method + " " + r.request.target + " " +
                    std::to_string(r.request.body.size()));
      buffer.erase(0, r.consumed);
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t step = data[0] % 17 + 1;  // the first byte picks how the rest is split
  const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (framed(bytes, 0) != framed(bytes, step)) __builtin_trap();
  return 0;
}

-- wrk script: cycles through the paths in $PATHS_FILE (one per line), each
-- thread from its own starting point, and prints p50/p99 and every kind of
-- error at the end.
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do paths[#paths + 1] = line end
local next_index = 0

setup = function(thread)
  thread:set("offset", next_index)
  next_index = next_index + math.floor(#paths / 2)
end

local i = nil
request = function()
  i = ((i or offset) % #paths) + 1
  return wrk.format("GET", paths[i])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.0f p50_ms=%.2f p99_ms=%.2f "
                         .. "errors_connect=%d errors_read=%d errors_write=%d errors_status=%d errors_timeout=%d\n",
                         summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000,
                         e.connect, e.read, e.write, e.status, e.timeout))
end

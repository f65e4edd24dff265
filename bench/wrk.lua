-- wrk script: requests the paths given after `--` in turn, and prints one parseable line
-- with the throughput, the 95th percentile and every kind of error.
local paths = {}
local n = 0

function init(args)
  for _, p in ipairs(args) do table.insert(paths, p) end
end

function request()
  n = n % #paths + 1
  return wrk.format("GET", paths[n])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.3f p95_ms=%.2f socket_errors=%d bad_status=%d\n",
    summary.requests, summary.duration / 1e6, latency:percentile(95) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end

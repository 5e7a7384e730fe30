-- One request shape for wrk, chosen by environment variables, and a JSON summary line at the end.
--   WRK_METHOD   GET (default) or OPTIONS; a preflight also needs the Access-Control-Request-* headers (-H)
--   WRK_LABEL    a name printed in the summary
wrk.method = os.getenv("WRK_METHOD") or "GET"

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"label":"%s","requests":%d,"seconds":%.3f,"rps":%.1f,"p50Ms":%.3f,"p90Ms":%.3f,"p99Ms":%.3f,' ..
    '"maxMs":%.3f,"non2xx":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d}\n',
    os.getenv("WRK_LABEL") or "", summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect, e.read, e.write, e.timeout))
end

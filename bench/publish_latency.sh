#!/usr/bin/env bash
# Publish-to-searchable at 100k articles: a writable `newssearch serve` with
# wrk searching at a steady ~1,000 requests/s (load_test.lua's 1,000 title
# queries, each of 4 connections pausing 4 ms), 10 pushes per second for a
# minute (bench/publish_latency.py polls each until a search finds it), then
# a burst of 1,000; the searches' requests/s and latency with and without
# the pushes; and one article added with `newsindex add` into the 100k index.
#
#   bench/publish_latency.sh [BUILD_DIR] [SECONDS]
#
# WRITE_THREADS=0 makes pushes share the search threads (serve
# --write-threads 0), as before pushes had threads of their own.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"
build="${1:-$bench_root/build}"
seconds="${2:-60}"
need_shared publish_latency
command -v wrk >/dev/null || { echo "publish_latency: needs wrk (apt-get install wrk)"; exit 1; }
n=100000
corpus="$(scaled_corpus "$build" "$n")"
work="$build/bench-data/$n"
paths="$work/query-paths.txt"
[ -f "$paths" ] || python3 "$here/make_query_paths.py" "$corpus" 1000 "$paths"
scratch="$(mktemp -d)"
db="$scratch/db"
"$build/newsindex" --db "$db" add "$corpus" >/dev/null 2>&1
echo "token-$RANDOM$RANDOM" >"$scratch/tokens"
chmod 600 "$scratch/tokens"
"$build/newssearch" --db "$db" serve --listen 127.0.0.1:0 --threads 16 --writable \
  --token-file "$scratch/tokens" --write-threads "${WRITE_THREADS:-64}" >"$scratch/serve.out" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$scratch"; true' EXIT
url="$(served_url "$scratch/serve.out")"

searches() {  # SECONDS LABEL
  LOAD_TEST_LUA="$here/load_test.lua" PATHS_FILE="$paths" DELAY_MS=4 \
    wrk -t2 -c4 -d"$1s" --latency -s "$here/publish_delay.lua" "$url" | grep RESULT | sed "s/^RESULT/$2/"
}
echo "100k articles; wrk -t2 -c4, each connection pausing 4 ms; pushes of one article"
searches 5 "warm:" >/dev/null
searches 20 "searches alone:"
searches "$((${seconds%.*} + 30))" "searches during the pushes:" &
wrk_pid=$!
sleep 2
python3 "$here/publish_latency.py" "$url" "$(cat "$scratch/tokens")" "$seconds" 10 1000
wait $wrk_pid
kill $server 2>/dev/null || true
wait $server 2>/dev/null || true
echo '{"id": "one-more", "lang": "en", "title": "One more", "published": "2024-03-24T10:00:00Z"}' >"$scratch/one.jsonl"
python3 - "$build/newsindex" "$db" "$scratch/one.jsonl" <<'PY'
import subprocess, sys, time
start = time.monotonic()
subprocess.run([sys.argv[1], "--db", sys.argv[2], "add", sys.argv[3]], check=True, capture_output=True)
print(f"newsindex add of one article into the 100k index (open, add, commit, close): {time.monotonic() - start:.3f} s")
PY
NEWSIDX_BENCH_DB="$db" "$build/bench/bench_indexing" --benchmark_filter=WriterAddCommitOne 2>/dev/null |
  awk '/^BM_/ {print "library ArticleWriter add + commit of one article into the 100k index: " $2 " " $3 " per article (mean of " $6 ")"}'


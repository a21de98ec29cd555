#!/usr/bin/env bash
# Load test of `newssearch serve`: wrk with 2 threads against /api/search
# over ../shared/corpora scaled to 100k articles, with a fixed set of 1,000
# title queries; then the same while `newsindex add` loads 20k more
# articles into the index being served (at nice 19, then at nice 0).
#
#   bench/load_test.sh [BUILD_DIR] [SECONDS] [CONNECTIONS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"
build="${1:-$bench_root/build}"
seconds="${2:-20}"
connections="${3:-4}"
need_shared load_test
command -v wrk >/dev/null || { echo "load_test: needs wrk (apt-get install wrk)"; exit 1; }
n=100000
corpus="$(scaled_corpus "$build" "$n")"
work="$build/bench-data/$n"
more="$work/more-20k.jsonl.gz"
if [ ! -f "$more" ]; then
  args=()
  for f in ru-ria en-bbc kk-latn-kazinform; do args+=(--corpus "$shared/corpora/$f.jsonl.gz"); done
  python3 "$shared/tools/gen-corpus.py" "${args[@]}" --n 20000 --seed 7 --out "$more.tmp.gz"
  # Ids of their own, so the load adds articles instead of replacing them.
  python3 - "$more.tmp.gz" "$more" <<'PY'
import gzip, json, sys
with gzip.open(sys.argv[1], "rt") as src, gzip.open(sys.argv[2], "wt") as dst:
    for line in src:
        a = json.loads(line); a["id"] = "more-" + a["id"]; dst.write(json.dumps(a, ensure_ascii=False) + "\n")
PY
  rm -f "$more.tmp.gz"
fi
paths="$work/query-paths.txt"
[ -f "$paths" ] || python3 "$here/make_query_paths.py" "$corpus" 1000 "$paths"

db="$work/served"
rm -rf "$db"
"$build/newsindex" --db "$db" add "$corpus" >/dev/null 2>&1
log="$(mktemp)"
"$build/newssearch" --db "$db" serve --listen 127.0.0.1:0 --threads 16 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$db" "$log"' EXIT
url="$(served_url "$log")"

run_wrk() {
  PATHS_FILE="$paths" wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/load_test.lua" "$url" |
    grep RESULT | sed "s/^RESULT/$1/"
}
echo "wrk -t2 -c$connections -d${seconds}s, $(wc -l <"$paths") title queries, $n articles, newssearch serve --threads 16"
PATHS_FILE="$paths" wrk -t2 -c"$connections" -d5s -s "$here/load_test.lua" "$url" >/dev/null  # warm the caches
run_wrk "search:"
# The same while newsindex adds 20k articles (committing every 2,000): first
# at the lowest CPU priority, as a batch job beside a search service should
# run on a small machine, then at the same priority (the 20k again, replaced).
for priority in 19 0; do
  nice -n "$priority" "$build/newsindex" --db "$db" add --commit-every 2000 "$more" >/dev/null 2>&1 &
  loader=$!
  run_wrk "search while adding 20k (newsindex at nice $priority):"
  if kill -0 $loader 2>/dev/null; then echo "  (newsindex was still adding when wrk ended)"; fi
  wait $loader
done
echo "articles now: $(python3 -c "import urllib.request;print(urllib.request.urlopen('$url/api/health').read().decode())")"

#!/usr/bin/env bash
# Load test of /api/suggest: wrk with 2 threads against `newssearch serve`
# over an index, with 2,000 prefixes of 1 to 8 characters drawn from the
# titles of the corpus it was built from (the completions are built by a
# first request before wrk starts).
#
#   bench/suggest_load.sh NEWSIDX_DB CORPUS.jsonl[.gz] [BUILD_DIR] [SECONDS] [CONNECTIONS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"
db="$1"
corpus="$2"
build="${3:-$bench_root/build}"
seconds="${4:-20}"
connections="${5:-4}"
command -v wrk >/dev/null || { echo "suggest_load: needs wrk (apt-get install wrk)"; exit 1; }
paths="$(mktemp)"
python3 - "$corpus" "$paths" <<'PY'
import gzip, json, random, sys, urllib.parse
opener = gzip.open if sys.argv[1].endswith(".gz") else open
titles = [json.loads(line)["title"] for line in opener(sys.argv[1], "rt", encoding="utf-8")]
rng = random.Random(5)
with open(sys.argv[2], "w") as out:
    written = 0
    while written < 2000:
        title = rng.choice(titles)
        starts = [i for i, c in enumerate(title) if i == 0 or title[i - 1] == " "]
        start = rng.choice(starts)
        prefix = title[start:start + rng.randint(1, 8)].strip()
        if prefix:
            out.write("/api/suggest?q=" + urllib.parse.quote(prefix) + "\n")
            written += 1
PY
log="$(mktemp)"
"$build/newssearch" --db "$db" serve --listen 127.0.0.1:0 --threads 16 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$paths" "$log"' EXIT
url="$(served_url "$log")"
start=$(date +%s.%N)
curl -sf "$url/api/suggest?q=a" >/dev/null
echo "completions built by the first request in $(echo "$(date +%s.%N) - $start" | bc) s"
echo "wrk -t2 -c$connections -d${seconds}s, $(wc -l <"$paths") prefixes, newssearch serve --threads 16"
PATHS_FILE="$paths" wrk -t2 -c"$connections" -d5s -s "$here/load_test.lua" "$url" >/dev/null  # warm the caches
PATHS_FILE="$paths" wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$here/load_test.lua" "$url" |
  grep RESULT | sed "s/^RESULT/suggest:/"

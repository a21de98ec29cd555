#!/usr/bin/env bash
# Soak test: `newssearch serve` under wrk for MINUTES while `newsindex add`
# and `newsindex views` run in a loop against the index it serves. Every
# 10-second wrk round prints requests/s, p99, errors, and the service's RSS,
# open files and threads; the end says whether errors stayed at zero and
# memory and files flat after the first minute (exit 1 if not).
#
#   bench/soak.sh MINUTES [BUILD_DIR]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"
minutes="${1:?usage: bench/soak.sh MINUTES [BUILD_DIR]}"
build="${2:-$bench_root/build}"
if ! command -v wrk >/dev/null; then
  echo "soak: installing wrk" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
if [ -d "$shared/corpora" ]; then corpus="$(scaled_corpus "$build" 20000)"; else corpus="$bench_root/data/articles.jsonl"; fi
"$build/newsindex" --db "$work/db" add "$corpus" >/dev/null 2>&1
python3 "$here/make_query_paths.py" "$corpus" 1000 "$work/paths.txt"
"$build/newssearch" --db "$work/db" serve --listen 127.0.0.1:0 --threads 16 >"$work/serve.log" 2>&1 &
server=$!
url="$(served_url "$work/serve.log")"

# The writers: batches of new articles (new ids each round) and a growing log.
(
  round=0
  while true; do
    round=$((round + 1))
    python3 - "$corpus" "$work/batch.jsonl" "$round" <<'PY'
import gzip, json, sys
src, out, r = sys.argv[1], sys.argv[2], sys.argv[3]
opener = gzip.open if src.endswith(".gz") else open
with opener(src, "rt", encoding="utf-8") as f, open(out, "w", encoding="utf-8") as o:
    for i, line in enumerate(f):
        if i >= 200: break
        a = json.loads(line); a["id"] = f"soak-{r}-{a['id']}"; o.write(json.dumps(a, ensure_ascii=False) + "\n")
PY
    nice -n 10 "$build/newsindex" --db "$work/db" add "$work/batch.jsonl" >/dev/null 2>&1 || echo "soak: add failed" >&2
    t=$(date +%s)
    for i in $(seq 200); do
      printf '10.0.%d.%d - - [%s] "GET /a/soak-%d HTTP/1.1" 200 512 "-" "Mozilla/5.0"\n' $((i / 250)) $((i % 250)) \
        "$(date -u -d @"$t" '+%d/%b/%Y:%H:%M:%S +0000')" "$round"
    done >>"$work/access.log"
    nice -n 10 "$build/newsindex" --db "$work/db" views "$work/access.log" >/dev/null 2>&1 || echo "soak: views failed" >&2
    sleep 2
  done
) &

articles() { python3 -c "import json,urllib.request; print(json.load(urllib.request.urlopen('$url/api/health'))['articles'])"; }
start_articles=$(articles)
echo "round  rps    p99_ms  errors  rss_mb  files  threads"
rounds=$((minutes * 6))
: >"$work/samples"
for r in $(seq "$rounds"); do
  line=$(PATHS_FILE="$work/paths.txt" wrk -t2 -c4 -d10s -s "$here/load_test.lua" "$url" | grep RESULT)
  rps=$(sed 's/.*rps=\([0-9]*\).*/\1/' <<<"$line")
  p99=$(sed 's/.*p99_ms=\([0-9.]*\).*/\1/' <<<"$line")
  errors=$(grep -o 'errors_[a-z]*=[0-9]*' <<<"$line" | cut -d= -f2 | awk '{s += $1} END {print s + 0}')
  rss=$(($(awk '/VmRSS/ {print $2}' /proc/$server/status) / 1024))
  files=$(ls /proc/$server/fd | wc -l)
  threads=$(awk '/Threads/ {print $2}' /proc/$server/status)
  printf '%5d  %5d  %6s  %6d  %6d  %5d  %7d\n' "$r" "$rps" "$p99" "$errors" "$rss" "$files" "$threads" | tee -a "$work/samples"
done
echo "soak: the index grew from $start_articles to $(articles) articles (the writers' loop)"
python3 - "$work/samples" <<'PY'
import sys
rows = [list(map(float, l.split())) for l in open(sys.argv[1])]
after = rows[6:] or rows  # after the first minute
errors = sum(r[3] for r in rows)
rss = [r[4] for r in after]; files = [r[5] for r in after]; p99 = [r[2] for r in after]
print(f"soak: {len(rows)} rounds, {errors:.0f} errors; after the first minute RSS {min(rss):.0f}-{max(rss):.0f} MB, "
      f"open files {min(files):.0f}-{max(files):.0f}, p99 {min(p99):.2f}-{max(p99):.2f} ms")
flat = max(rss) <= min(rss) * 1.25 + 16 and max(files) - min(files) <= 16
sys.exit(0 if errors == 0 and flat else 1)
PY

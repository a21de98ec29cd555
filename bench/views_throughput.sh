#!/usr/bin/env bash
# View-count ingestion speed: generates a 10M-line access log with
# gen-viewlog.py over ru-ria, counts it with `newsindex views` (one core),
# and in the same run times `cut -d' ' -f7 | sort | uniq -c | sort -rn | head`
# on the same file, on one core (taskset, as newsindex) and on both (the
# pipeline's stages and sort's threads then run in parallel).
#
#   bench/views_throughput.sh [BUILD_DIR] [EVENTS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"
build="${1:-$bench_root/build}"
events="${2:-10000000}"
need_shared views_throughput
work="$build/bench-data/views-$events"
mkdir -p "$work"
log="$work/access.log"
if [ ! -f "$log" ]; then
  python3 "$shared/tools/gen-viewlog.py" --corpus "$shared/corpora/ru-ria.jsonl.gz" --events "$events" --out "$log.tmp"
  mv "$log.tmp" "$log"
fi
rm -rf "$work/db"
"$build/newsindex" --db "$work/db" add "$shared/corpora/ru-ria.jsonl.gz" 2>/dev/null
lines=$(wc -l < "$log")
bytes=$(stat -c %s "$log")
t0=$(date +%s.%N)
taskset -c 0 "$build/newsindex" --db "$work/db" views "$log"
t1=$(date +%s.%N)
pipeline='LC_ALL=C cut -d" " -f7 "$0" | LC_ALL=C sort | uniq -c | sort -rn | head -3 >/dev/null'
taskset -c 0 sh -c "$pipeline" "$log"
t2=$(date +%s.%N)
sh -c "$pipeline" "$log"
t3=$(date +%s.%N)
python3 - "$lines" "$bytes" "$t0" "$t1" "$t2" "$t3" <<'PY'
import sys
lines, size, t0, t1, t2, t3 = int(sys.argv[1]), int(sys.argv[2]), *map(float, sys.argv[3:])
ours, one, two = t1 - t0, t2 - t1, t3 - t2
print(f"{lines} lines, {size / 1e6:.0f} MB")
for name, t in [("newsindex views (one core)", ours), ("the pipeline, one core", one), ("the pipeline, two cores", two)]:
    print(f"{name:28s} {t:6.2f} s  {lines / t / 1e6:5.2f} M lines/s  {size / t / 1e6:6.0f} MB/s")
print(f"ratio: {one / ours:.2f}x the pipeline's lines/s on one core, {two / ours:.2f}x on two")
PY

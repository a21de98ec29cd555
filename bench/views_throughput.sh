#!/usr/bin/env bash
# View-count ingestion speed: an access log from gen-viewlog.py, counted by
# `newsindex views` into a fresh state (the whole command: start, reading the
# index's paths, every commit), and in the same run
# `cut -d' ' -f7 | sort | uniq -c | sort -rn | head` on the same file, on
# one core (taskset) and on both (its stages and sort's threads in
# parallel); RUNS rounds (default 3), the three interleaved.
#
#   bench/views_throughput.sh [BUILD_DIR] [EVENTS] [CASE]
#
# BASELINE=OTHER_BUILD_DIR also times that build's newsindex in each round,
# interleaved with this one's, and prints this one's time against it.
#
# CASE: ru-ria (default: one edition of 1,445 articles, the log of ru-ria
# over its index), real (three editions, ru-ria, en-bbc and
# kk-latn-kazinform, over the index of all ../shared/corpora, 33k
# articles), or a number N (the log of N articles from gen-corpus.py over
# their index).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"
build="${1:-$bench_root/build}"
events="${2:-10000000}"
case_name="${3:-ru-ria}"
runs="${RUNS:-3}"
need_shared views_throughput
corpora="$shared/corpora"
case "$case_name" in
  ru-ria) indexed=("$corpora/ru-ria.jsonl.gz"); logged=("${indexed[@]}") ;;
  real)
    indexed=("$corpora"/{ru-ria,ru-telegram,en-bbc,kk-latn-kazinform,zh-thucnews-titles}.jsonl.gz)
    logged=("$corpora"/{ru-ria,en-bbc,kk-latn-kazinform}.jsonl.gz) ;;
  *[!0-9]*|'') echo "views_throughput: CASE is ru-ria, real or a number, not $case_name" >&2; exit 2 ;;
  *) indexed=("$(scaled_corpus "$build" "$case_name")"); logged=("${indexed[@]}") ;;
esac
work="$build/bench-data/views-$case_name-$events"
mkdir -p "$work"
log="$work/access.log"
if [ ! -f "$log" ]; then
  args=()
  for c in "${logged[@]}"; do args+=(--corpus "$c"); done
  python3 "$shared/tools/gen-viewlog.py" "${args[@]}" --events "$events" --out "$log.tmp"
  mv "$log.tmp" "$log"
fi
if [ ! -f "$work/index/xapian.stub" ]; then
  rm -rf "$work/index"
  "$build/newsindex" --db "$work/index" add "${indexed[@]}" 2>/dev/null
fi
cat "$log" >/dev/null  # in the page cache, for every contender alike
lines=$(wc -l <"$log")
bytes=$(stat -L -c %s "$log")

seconds() {  # the wall time of a command, in seconds
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
count_views() {  # BUILD: into a fresh state
  rm -f "$work/index"/state.sqlite*
  seconds "$1/newsindex" --db "$work/index" views "$log"
}
baseline="${BASELINE:-}"
pipeline='LC_ALL=C cut -d" " -f7 "$0" | LC_ALL=C sort | uniq -c | sort -rn | head -3 >/dev/null'
results=()
for ((round = 0; round < runs; ++round)); do
  other=""
  [ -z "$baseline" ] || other=" $(count_views "$baseline")"
  results+=("$(count_views "$build") $(seconds taskset -c 0 sh -c "$pipeline" "$log") $(seconds sh -c "$pipeline" "$log")$other")
done
python3 - "$lines" "$bytes" "$case_name" "${results[@]}" <<'PY'
import sys
lines, size, name = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rounds = [list(map(float, r.split())) for r in sys.argv[4:]]
print(f"{name}: {lines} lines, {size / 1e6:.0f} MB, {len(rounds)} rounds")
for k, label in enumerate(["newsindex views", "the pipeline, one core", "the pipeline, two cores"]):
    ts = [r[k] for r in rounds]
    print(f"{label:24s} " + "  ".join(f"{t:6.2f} s ({lines / t / 1e6:4.1f}M lines/s)" for t in ts))
print("newsindex against the pipeline on one core: " + ", ".join(f"{r[1] / r[0]:.2f}x" for r in rounds))
print("newsindex against the pipeline on two cores: " + ", ".join(f"{r[2] / r[0]:.2f}x" for r in rounds))
if len(rounds[0]) > 3:
    print(f"{'the baseline build':24s} " + "  ".join(f"{r[3]:6.2f} s" for r in rounds))
    print("this build's time against the baseline's: " + ", ".join(f"{r[0] / r[3]:.2f}x" for r in rounds))
PY

#!/usr/bin/env bash
# What the metrics and the access log cost: bench/load_test.sh's search load
# (wrk -t2, 1,000 title queries, 100k articles) against three services over
# one index, in rounds that alternate them so that drift on a noisy machine
# falls on all three alike:
#   base        BASE_BUILD's newssearch (a build of a commit before the
#               metrics existed), if given
#   metrics     this build (metrics are always on)
#   metrics+log this build with --access-log to a file
# Prints requests/s per round and the medians' ratios.
#
#   BASE_BUILD=DIR bench/ops_overhead.sh [BUILD_DIR] [SECONDS] [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"
build="${1:-$bench_root/build}"
seconds="${2:-10}"
rounds="${3:-5}"
need_shared ops_overhead
command -v wrk >/dev/null || { echo "ops_overhead: needs wrk (apt-get install wrk)"; exit 1; }
n=100000
corpus="$(scaled_corpus "$build" "$n")"
work="$build/bench-data/$n"
paths="$work/query-paths.txt"
[ -f "$paths" ] || python3 "$here/make_query_paths.py" "$corpus" 1000 "$paths"
db="$work/ops-overhead"
[ -f "$db/xapian.stub" ] || "$build/newsindex" --db "$db" add "$corpus" >/dev/null 2>&1
scratch="$(mktemp -d)"
pids=()
trap 'kill "${pids[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$scratch"' EXIT

start() {  # NAME NEWSSEARCH [ARGS...]: prints the URL
  local name="$1" bin="$2"
  shift 2
  "$bin" --db "$db" serve --listen 127.0.0.1:0 --threads 16 "$@" >"$scratch/$name.out" 2>&1 &
  pids+=($!)
  served_url "$scratch/$name.out"
}
declare -A url
names=()
if [ -n "${BASE_BUILD:-}" ]; then url[base]="$(start base "$BASE_BUILD/newssearch")"; names+=(base); fi
url[metrics]="$(start metrics "$build/newssearch")"
url[metrics+log]="$(start log "$build/newssearch" --access-log "$scratch/access.jsonl")"
names+=(metrics metrics+log)

rps() { PATHS_FILE="$paths" wrk -t2 -c4 -d"${1}s" -s "$here/load_test.lua" "$2" | grep -o 'rps=[0-9]*' | cut -d= -f2; }
for name in "${names[@]}"; do rps 3 "${url[$name]}" >/dev/null; done  # warm each
declare -A results
echo "wrk -t2 -c4 -d${seconds}s x $rounds rounds, $n articles, 1,000 title queries"
for r in $(seq "$rounds"); do
  line="round $r:"
  for name in "${names[@]}"; do
    v="$(rps "$seconds" "${url[$name]}")"
    results[$name]+="$v "
    line+=" $name $v"
  done
  echo "$line"
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
first="${names[0]}"
m0="$(echo "${results[$first]}" | median)"
for name in "${names[@]}"; do
  m="$(echo "${results[$name]}" | median)"
  echo "$name: median $m requests/s ($(awk -v a="$m" -v b="$m0" 'BEGIN {printf "%.3f", a / b}')x $first)"
done
echo "access log: $(wc -l <"$scratch/access.jsonl") lines"

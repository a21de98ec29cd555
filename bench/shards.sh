#!/usr/bin/env bash
# One index against the same articles over N local shards and over N shard
# servers on loopback (newsidx-shardd over the same shards), in one run: bulk
# load articles/s (alternating runs), then bench_search's title queries and
# bench_related over each.
#
#   bench/shards.sh [BUILD_DIR] [ARTICLES] [SHARDS]   (default: build 100000 4)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"
build="${1:-$bench_root/build}"
n="${2:-100000}"
shards="${3:-4}"
need_shared shards
corpus="$(scaled_corpus "$build" "$n")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

load() {  # load DB SHARDS -> articles/s
  rm -rf "$1"
  "$build/newsindex" --db "$1" init --shards "$2" 2>/dev/null
  local start end
  start=$(date +%s.%N)
  "$build/newsindex" --db "$1" add --threads 2 "$corpus" >/dev/null 2>&1
  end=$(date +%s.%N)
  python3 -c "print(f'{$n / ($end - $start):.0f}')"
}
for round in 1 2; do
  one=$(load "$work/one" 1)
  many=$(load "$work/many" "$shards")
  echo "bulk load round $round: one index $one articles/s, $shards shards $many articles/s," \
    "ratio $(python3 -c "print(f'{$many / $one:.2f}')")"
done
ports=()
pids=()
for ((k = 0; k < shards; k++)); do
  port=$((7700 + k))
  "$build/newsidx-shardd" --db "$work/many/shard-$k" --listen "127.0.0.1:$port" --quiet 2>/dev/null &
  pids+=($!)
  ports+=(--remote "127.0.0.1:$port")
done
trap 'kill "${pids[@]}" 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
"$build/newsindex" --db "$work/remote" init "${ports[@]}" 2>/dev/null
for db in one many remote; do
  echo "== $db"
  "$build/bench/bench_search" "$corpus" "$work/$db" "$build/bench-data/$n" 1000  # the plain Xapian and FTS5 indexes kept there
  "$build/bench/bench_related" "$work/$db" 1000 | tail -3
done

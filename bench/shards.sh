#!/usr/bin/env bash
# One index against the same articles over N local shards, in one run: bulk
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
for db in one many; do
  echo "== $db"
  "$build/bench/bench_search" "$corpus" "$work/$db" "$work/search" 1000
  "$build/bench/bench_related" "$work/$db" 1000 | tail -3
done

#!/usr/bin/env bash
# One index against the same articles over N local shards and over N shard
# servers on loopback (newsidx-shardd over the same shards, each with a read
# replica kept by Xapian's replication), in one run: bulk load articles/s
# (alternating runs), bench_search's title queries and bench_related over
# each, then `serve` through wrk over one index and over the replicated
# shard servers.
#
#   bench/shards.sh [BUILD_DIR] [ARTICLES] [SHARDS]   (default: build 100000 4)
#
# SHARDS_WORK=DIR keeps the indexes in DIR: a later run with the same DIR
# reuses them and skips the bulk loads (at 1M articles each load takes a
# quarter of an hour). LOAD_ROUNDS (default 2) alternating loads are timed.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"
build="${1:-$bench_root/build}"
n="${2:-100000}"
shards="${3:-4}"
need_shared shards
corpus="$(scaled_corpus "$build" "$n")"
if [ -n "${SHARDS_WORK:-}" ]; then
  work="$SHARDS_WORK"
  mkdir -p "$work"
else
  work="$(mktemp -d)"
fi
cleanup() {
  [ -z "${url:-}" ] || kill "$server" 2>/dev/null || true
  [ ! -s "$work/many/.cluster/pids" ] || "$here/../scripts/cluster.sh" stop "$work/many" >/dev/null
  [ -n "${SHARDS_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

load() {  # load DB SHARDS -> articles/s
  rm -rf "$1"
  "$build/newsindex" --db "$1" init --shards "$2" 2>/dev/null
  local start end
  start=$(date +%s.%N)
  "$build/newsindex" --db "$1" add --threads 2 "$corpus" >/dev/null 2>&1
  end=$(date +%s.%N)
  python3 -c "print(f'{$n / ($end - $start):.0f}')"
}
if [ ! -f "$work/many/shards" ] || [ ! -d "$work/one" ]; then
  for ((round = 1; round <= ${LOAD_ROUNDS:-2}; round++)); do
    one=$(load "$work/one" 1)
    many=$(load "$work/many" "$shards")
    echo "bulk load round $round: one index $one articles/s, $shards shards $many articles/s," \
      "ratio $(python3 -c "print(f'{$many / $one:.2f}')")"
  done
fi
echo "index sizes: one $(du -sh "$work/one" | cut -f1), $shards shards $(du -sh --exclude='replica-*' "$work/many" | cut -f1)"

NEWSIDX_BIN="$build" "$here/../scripts/cluster.sh" start "$work/many" "$shards" 7700 --replicas >/dev/null
for db in one many many.cluster; do
  echo "== $db"
  "$build/bench/bench_search" "$corpus" "$work/$db" - 1000  # newsidx alone (bench/search_latency.sh has the peers)
  "$build/bench/bench_related" "$work/$db" 1000 | tail -3
done

command -v wrk >/dev/null || { echo "shards: no wrk (apt-get install wrk): service figures skipped"; exit 0; }
paths="$build/bench-data/$n/query-paths.txt"
[ -f "$paths" ] || python3 "$here/make_query_paths.py" "$corpus" 1000 "$paths"
for db in one many.cluster; do
  log="$work/serve.log"
  "$build/newssearch" --db "$work/$db" serve --listen 127.0.0.1:0 --threads 16 >"$log" 2>&1 &
  server=$!
  url="$(served_url "$log")"
  PATHS_FILE="$paths" wrk -t2 -c8 -d5s -s "$here/load_test.lua" "$url" >/dev/null  # warm the caches
  PATHS_FILE="$paths" wrk -t2 -c8 -d20s --latency -s "$here/load_test.lua" "$url" | grep RESULT |
    sed "s/^RESULT/serve over $db, wrk -t2 -c8 -d20s:/"
  kill "$server"
  wait "$server" 2>/dev/null || true
  url=""
done

#!/usr/bin/env bash
# scripts/cluster.sh: a cluster starts, answers and stops; one whose port is
# taken (by another cluster) fails naming the port and leaves nothing running.
#   tests/cluster_test.sh BUILD_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
export NEWSIDX_BIN="$1"
work="$(mktemp -d)"
cluster() { "$here/scripts/cluster.sh" "$@"; }
trap 'cluster stop "$work/a" >/dev/null 2>&1 || true; cluster stop "$work/b" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
fail() { echo "cluster_test: $1" >&2; exit 1; }

"$NEWSIDX_BIN/newsindex" --db "$work/a" init --shards 2 >/dev/null
"$NEWSIDX_BIN/newsindex" --db "$work/a" add "$here/data/articles.jsonl" >/dev/null 2>&1
cp -r "$work/a" "$work/b"
base=$((20000 + RANDOM % 10000))  # below the kernel's ephemeral ports, where other tests' servers are
cluster start "$work/a" 2 "$base" >/dev/null
"$NEWSIDX_BIN/newssearch" --db "$work/a.cluster" query tokayev | grep -q en-tokayev-bishkek || fail "no answer from a"

err="$(cluster start "$work/b" 2 "$base" 2>&1 >/dev/null)" && fail "b started on a's ports"
[ "$err" = "cluster: port $base is taken (another cluster's? scripts/cluster.sh stop ITS_DIR)" ] || fail "said: $err"
err="$(cluster start "$work/b" 2 $((base + 1)) 2>&1 >/dev/null)" && fail "b started on a's second port"
[ "$err" = "cluster: port $((base + 1)) is taken (another cluster's? scripts/cluster.sh stop ITS_DIR)" ] ||
  fail "said: $err"
[ "$(cluster status "$work/b")" = "cluster: not running for $work/b" ] || fail "b left something running"
cluster status "$work/a" >/dev/null || fail "a was disturbed"

cluster stop "$work/a" >/dev/null
cluster start "$work/b" 2 "$base" >/dev/null
"$NEWSIDX_BIN/newssearch" --db "$work/b.cluster" query tokayev | grep -q en-tokayev-bishkek || fail "no answer from b"
echo "cluster_test: passed"

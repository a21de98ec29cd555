#!/usr/bin/env bash
# Scales ../shared/corpora to 100k articles with gen-corpus.py, indexes them
# with newsindex, and runs bench_search (newsidx vs plain Xapian vs FTS5).
#
#   bench/search_latency.sh [BUILD_DIR] [ARTICLES]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"
build="${1:-$bench_root/build}"
n="${2:-100000}"
need_shared search_latency
corpus="$(scaled_corpus "$build" "$n")"
work="$build/bench-data/$n"
if [ ! -f "$work/newsidx/xapian.stub" ]; then
  "$build/newsindex" --db "$work/newsidx" add "$corpus"
fi
"$build/bench/bench_search" "$corpus" "$work/newsidx" "$work" 1000
"$build/bench/bench_related" "$work/newsidx" 1000

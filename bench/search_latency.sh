#!/usr/bin/env bash
# Scales ../shared/corpora to 100k articles with gen-corpus.py, indexes them
# with newsindex, and runs bench_search (newsidx vs plain Xapian vs FTS5).
#
#   bench/search_latency.sh [BUILD_DIR] [ARTICLES]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
build="${1:-$root/build}"
n="${2:-100000}"
shared="$root/../shared"
if [ ! -d "$shared/corpora" ]; then
  echo "search_latency: skipped: ../shared is absent (it is not part of a fresh clone)"
  exit 0
fi
work="$build/bench-data/$n"
mkdir -p "$work"
corpus="$work/corpus.jsonl.gz"
if [ ! -f "$corpus" ]; then
  args=()
  for f in ru-ria ru-telegram en-bbc kk-latn-kazinform zh-thucnews-titles; do args+=(--corpus "$shared/corpora/$f.jsonl.gz"); done
  python3 "$shared/tools/gen-corpus.py" "${args[@]}" --n "$n" --out "$corpus.tmp.gz"
  mv "$corpus.tmp.gz" "$corpus"
fi
if [ ! -f "$work/newsidx/xapian.stub" ]; then
  "$build/newsindex" --db "$work/newsidx" add "$corpus"
fi
"$build/bench/bench_search" "$corpus" "$work/newsidx" "$work" 1000
"$build/bench/bench_related" "$work/newsidx" 1000

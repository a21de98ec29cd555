#!/usr/bin/env bash
# Installs the build into a scratch prefix, builds examples/consumer against
# it with find_package(newsidx), and runs it on an index of data/.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S examples/consumer -B "$work/consumer" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
"$work/prefix/bin/newsindex" --db "$work/db" add data/articles.jsonl 2>/dev/null
out="$("$work/consumer/consumer" "$work/db" "Khorgos lang:en")"
expected=$'en-khorgos\ntotal 1'
if [ "$out" != "$expected" ]; then
  echo "check_install: the consumer printed:" >&2
  echo "$out" >&2
  exit 1
fi
echo "check_install: examples/consumer built with find_package(newsidx) against the installed package, and found en-khorgos"

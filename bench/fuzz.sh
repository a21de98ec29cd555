#!/usr/bin/env bash
# Builds (with clang, AddressSanitizer and UndefinedBehaviorSanitizer) and
# runs one libFuzzer target for SECONDS, growing its corpus in
# BUILD/fuzz-corpus/TARGET (seeded from data/ the first time).
#
#   bench/fuzz.sh article_reader|article_codec|ninjs|query|access_log|api_params|http_request SECONDS [BUILD_DIR]
#
# A crash, a sanitizer report or a broken invariant stops it with exit 1 and
# the input in BUILD/fuzz-crashes/. For hours: bench/fuzz.sh query 14400.
set -euo pipefail
cd "$(dirname "$0")/.."
target="$1"
seconds="$2"
build="${3:-build-fuzz}"
case "$target" in article_reader|article_codec|ninjs|query|access_log|api_params|http_request) ;; *) echo "fuzz: unknown target $target" >&2; exit 2;; esac

packages=(clang libclang-rt-14-dev)
if ! dpkg-query -W -f='${Status}\n' "${packages[@]}" 2>/dev/null | grep -c "install ok installed" | grep -qx 2; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "fuzz: installing ${packages[*]}" >&2
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
fi
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" -DNEWSIDX_SANITIZE=ON \
    -DNEWSIDX_FUZZ=ON -DNEWSIDX_BUILD_TESTS=OFF -DNEWSIDX_BUILD_BENCH=OFF -DNEWSIDX_BUILD_TOOLS=OFF >/dev/null
fi
cmake --build "$build" -j2 --target "fuzz_$target" >"$build/fuzz-build.log" 2>&1 || { cat "$build/fuzz-build.log" >&2; exit 1; }

corpus="$build/fuzz-corpus/$target"
if [ ! -d "$corpus" ]; then
  mkdir -p "$corpus"
  python3 - "$target" "$corpus" <<'PY'
import json, os, sys
target, out = sys.argv[1], sys.argv[2]
def lines(path):
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip()]
articles = lines("data/articles.jsonl")
seeds = {
    "article_reader": articles,
    # A summary length byte, the summary, then the stored value (JSON as
    # older schemas stored it; the fuzzer finds packed forms).
    "article_codec": [chr(len(a) % 64) + a for a in articles],
    "ninjs": [open(os.path.join("tests/ninjs", n), encoding="utf-8").read() for n in sorted(os.listdir("tests/ninjs"))],
    "query": [json.loads(a)["title"] for a in articles] + [
        'referendum Tokayev', '"base rate"', 'referendum -Tokayev', 'Khorgos OR Хоргос', '(Khorgos OR Nauryz) Astana',
        'referend*', 'title:"CIS summit"', 'tag:"Kazakhstan Referendum"', 'category:economy author:"Daniel Brooks"',
        'lang:kk', 'date:2022-06-01..2022-06-30', 'since:2024-03-01 until:2024-03'],
    "access_log": lines("data/access.log")[:300] + ["1700000000\tkk-referendum-2022\tvisitor-1"],
    "api_params": ["q=referendum&lang=kk&limit=5", "q=&tag=Kazakhstan&facets=1", "q=x&since=2024-03&until=2024",
                   "window=7d&at=2024-03-25T00:00:00Z&top=5&trending=1", "limit=5&any_lang=1&explain=1"],
    # The first byte picks how the rest is split into reads.
    "http_request": ["\x03GET /api/search?q=a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n",
                     "\x05GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabcdeGET /c HTTP/1.0\n\n",
                     "\x01POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                     "\x07HEAD /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"],
}[target]
for i, s in enumerate(seeds):
    with open(os.path.join(out, f"seed-{i:04d}"), "w", encoding="utf-8") as f:
        f.write(s)
PY
fi
mkdir -p "$build/fuzz-crashes"
echo "fuzz: $target for $seconds s ($(ls "$corpus" | wc -l) inputs in its corpus)" >&2
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  "$build/tests/fuzz/fuzz_$target" "$corpus" -dict="tests/fuzz/$target.dict" -max_total_time="$seconds" \
  -max_len=4096 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$build/fuzz-crashes/$target-" \
  2>"$build/fuzz-$target.log" || { tail -60 "$build/fuzz-$target.log" >&2; exit 1; }
grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$build/fuzz-$target.log" | sed "s/^/fuzz: $target: /" >&2
echo "fuzz: $target: no crash in $seconds s"

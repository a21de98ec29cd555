#!/usr/bin/env bash
# Indexes all of ../shared/corpora (about 33k real articles) with newsindex
# and, in the same run, with Xapian's own scriptindex (one run per language
# with its stemmer) and with Lucene++ (bench/lucenepp_index.cc: its
# StandardAnalyzer, one thread), and prints articles/s, MB/s of text, index
# size and peak RSS for each, and the ratios. NEWSINDEX_THREADS sets
# newsindex's threads (default: its own, two).
#
#   bench/index_corpus.sh [BUILD_DIR]      (default: build)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"
root="$bench_root"
build="${1:-$root/build}"
need_shared index_corpus
corpora="$shared/corpora"
if ! command -v scriptindex >/dev/null || ! command -v xapian-compact >/dev/null; then
  echo "index_corpus: installing xapian-omega and xapian-tools for scriptindex and xapian-compact" >&2
  apt-get install -y -qq xapian-omega xapian-tools >/dev/null
fi
if [ ! -f /usr/include/lucene++/LuceneHeaders.h ]; then
  echo "index_corpus: installing liblucene++-dev for the Lucene++ indexer" >&2
  apt-get install -y -qq liblucene++-dev >/dev/null
fi
files=()
for f in ru-ria ru-telegram en-bbc kk-latn-kazinform zh-thucnews-titles; do files+=("$corpora/$f.jsonl.gz"); done

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
read -r articles text_bytes < <(python3 - "${files[@]}" <<'PY'
import gzip, json, sys
n = b = 0
for fn in sys.argv[1:]:
    for line in gzip.open(fn, 'rt', encoding='utf-8'):
        d = json.loads(line); n += 1
        b += sum(len((d.get(k) or '').encode()) for k in ('title', 'lead', 'body'))
print(n, b)
PY
)
for f in "${files[@]}"; do python3 "$here/jsonl_to_scriptindex.py" "$f" "$work/si"; done
g++ -std=c++17 -O2 -I/usr/include/lucene++ -I"$root" -DNEWSIDX_SOURCE_DIR="\"$root\"" -DNEWSIDX_SHARED_DIR="\"$shared\"" \
  "$here/lucenepp_index.cc" "$here/bench_data.cc" -o "$work/lucenepp_index" -llucene++ -lz

timed() {  # timed LABEL CMD... -> "seconds peak_kb"
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; exit 1; }
  cat "$work/time"
}
size_mb() { du -sm "$1" | cut -f1; }

threads=()
[ -n "${NEWSINDEX_THREADS:-}" ] && threads=(--threads "$NEWSINDEX_THREADS")
read -r ours_s ours_kb < <(timed "$build/newsindex" --db "$work/ours" add "${threads[@]}" "${files[@]}")
ours_mb=$(size_mb "$work/ours")

si_s=0; si_kb=0
for lang_stem in "ru:russian" "en:english" "kk-Latn:none" "zh:none"; do
  lang=${lang_stem%%:*}; stem=${lang_stem##*:}
  read -r s kb < <(timed scriptindex --stemmer="$stem" "$work/si-db" "$here/scriptindex.index" "$work/si.$lang.txt")
  si_s=$(python3 -c "print($si_s + $s)"); si_kb=$(( kb > si_kb ? kb : si_kb ))
done
read -r compact_s _ < <(timed xapian-compact "$work/si-db" "$work/si-compact")
si_mb=$(size_mb "$work/si-compact")
read -r lpp_s lpp_kb < <(timed "$work/lucenepp_index" "$work/lucene" "${files[@]}")
lpp_mb=$(size_mb "$work/lucene")

python3 - "$articles" "$text_bytes" "$ours_s" "$ours_kb" "$ours_mb" "$si_s" "$si_kb" "$si_mb" "$compact_s" \
  "$lpp_s" "$lpp_kb" "$lpp_mb" <<'PY'
import sys
n, b, os_, okb, omb, ss, skb, smb, cs, ls, lkb, lmb = sys.argv[1:]
n, b = int(n), int(b); os_, ss, cs, ls = float(os_), float(ss), float(cs), float(ls)
mb = b / 1e6
print(f"corpus: {n} articles, {mb:.1f} MB of text")
print(f"{'':24}{'articles/s':>12}{'MB/s':>8}{'seconds':>9}{'index MB':>10}{'peak RSS MB':>13}")
print(f"{'newsindex (compacted)':24}{n/os_:12.0f}{mb/os_:8.2f}{os_:9.2f}{int(omb):10d}{int(okb)/1024:13.0f}")
print(f"{'scriptindex':24}{n/ss:12.0f}{mb/ss:8.2f}{ss:9.2f}{'':>10}{int(skb)/1024:13.0f}")
print(f"{'  + xapian-compact':24}{n/(ss+cs):12.0f}{mb/(ss+cs):8.2f}{ss+cs:9.2f}{int(smb):10d}")
print(f"{'Lucene++ (optimized)':24}{n/ls:12.0f}{mb/ls:8.2f}{ls:9.2f}{int(lmb):10d}{int(lkb)/1024:13.0f}")
print(f"ratio: newsindex is {ss/os_:.2f}x scriptindex's articles/s ({(ss+cs)/os_:.2f}x with its compaction); "
      f"index size {int(omb)/int(smb):.2f}x scriptindex's compacted index")
print(f"ratio: newsindex is {ls/os_:.2f}x Lucene++'s articles/s; index size {int(omb)/int(lmb):.2f}x Lucene++'s")
PY

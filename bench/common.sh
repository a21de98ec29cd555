# Sourced by the bench scripts: finds ../shared (or skips, saying so) and
# scales the shared corpora with gen-corpus.py, once per size.
#
#   source bench/common.sh; need_shared NAME; corpus=$(scaled_corpus BUILD N)

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="$bench_root/../shared"

# Exits 0 with a message when ../shared is absent.
need_shared() {
  if [ ! -d "$shared/corpora" ]; then
    echo "$1: skipped: ../shared is absent (it is not part of a fresh clone)"
    exit 0
  fi
}

# Prints the path of N articles scaled from the five shared corpora (written
# under BUILD/bench-data/N the first time).
scaled_corpus() {
  local work="$1/bench-data/$2"
  mkdir -p "$work"
  local corpus="$work/corpus.jsonl.gz"
  if [ ! -f "$corpus" ]; then
    local args=()
    for f in ru-ria ru-telegram en-bbc kk-latn-kazinform zh-thucnews-titles; do
      args+=(--corpus "$shared/corpora/$f.jsonl.gz")
    done
    python3 "$shared/tools/gen-corpus.py" "${args[@]}" --n "$2" --out "$corpus.tmp.gz" >&2
    mv "$corpus.tmp.gz" "$corpus"
  fi
  echo "$corpus"
}

# Prints the base URL (no trailing /) that `newssearch serve` announced in
# LOG, waiting up to 30 s for it; fails when none came.
served_url() {
  for _ in $(seq 300); do grep -q "http://" "$1" && break; sleep 0.1; done
  grep -o 'http://[^ ]*' "$1" | sed 's,/$,,' | grep . || { echo "no service started: $(cat "$1")" >&2; return 1; }
}

#!/usr/bin/env bash
# Checks that two builds give byte-identical answers: the JSON of
# `newssearch query --json` for 1,000 title queries (with facets, any-words,
# an edition, date order and a second page among them), `related --json`
# for 200 articles (some with --explain) and `popular --json` over several
# windows. Each build indexes the same corpus and counts the same log itself.
#
#   bench/compare_outputs.sh OLD_BUILD NEW_BUILD [ARTICLES]
#
# With ../shared: ARTICLES (default 20,000) scaled from the shared corpora
# and a generated access log; without it, data/articles.jsonl and
# data/access.log. Exit 0 when everything is identical, 1 otherwise.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/common.sh"
old="$(cd "$1" && pwd)"
new="$(cd "$2" && pwd)"
n="${3:-20000}"
work="$new/bench-data/compare"
mkdir -p "$work"

if [ -d "$shared/corpora" ]; then
  corpus="$(scaled_corpus "$new" "$n")"
  log="$work/access-$n.log"
  [ -f "$log" ] || python3 "$shared/tools/gen-viewlog.py" --corpus "$corpus" --events 300000 --out "$log" >&2
else
  echo "compare_outputs: ../shared is absent: comparing over data/ only" >&2
  corpus="$bench_root/data/articles.jsonl"
  log="$bench_root/data/access.log"
fi

# The requests, one per line: the command's arguments, tab-separated.
requests="$work/requests.tsv"
python3 - "$corpus" "$requests" <<'EOF'
import gzip, json, random, re, sys
corpus, out = sys.argv[1], sys.argv[2]
opener = gzip.open if corpus.endswith(".gz") else open
with opener(corpus, "rt", encoding="utf-8") as f:
    articles = [json.loads(line) for line in f if line.strip()]
rng = random.Random(11)
variants = [[], ["--facets"], ["--any"], ["--sort", "date"], ["--offset", "10"], ["--all-copies"]]
lines = []
while len(lines) < 1000:
    a = rng.choice(articles)
    words = [w for w in re.split(r"[\s,.:\"()?!*\-]+", a["title"]) if w]
    if not words:
        continue
    k = min(3, len(words))
    start = rng.randrange(len(words) - k + 1)
    args = ["query", "--json"] + variants[len(lines) % len(variants)]
    if len(lines) % 7 == 3:
        args += ["--lang", a["lang"]]
    lines.append(args + [" ".join(words[start:start + k])])
for i in range(200):
    a = articles[rng.randrange(len(articles))]
    lines.append(["related", "--json"] + (["--explain"] if i % 4 == 0 else []) +
                 (["--any-lang"] if i % 5 == 1 else []) + [a["id"]])
for window in ["1h", "24h", "7d", "30d", "all"]:
    for extra in [[], ["--trending"], ["--lang", "ru"], ["--category", "politics"]]:
        lines.append(["popular", "--json", "--window", window, "--top", "20"] + extra)
lines.append(["popular", "--json", "--window", "all", "--top", "0"])
with open(out, "w", encoding="utf-8") as f:
    for args in lines:
        f.write("\t".join(args) + "\n")
EOF

# Runs every request with BUILD over its own index of the corpus, into OUT.
answers() {
  local build="$1" db="$2" out="$3"
  rm -rf "$db"
  "$build/newsindex" --db "$db" add "$corpus" >/dev/null 2>&1
  "$build/newsindex" --db "$db" views "$log" >/dev/null 2>&1
  # popular's default --at is now: fix it at the end of the log.
  local at
  at="$(tail -n 1 "$log" | sed -n 's/.*\[\([^]]*\)\].*/\1/p' | python3 -c '
import sys, datetime
s = sys.stdin.read().strip()
print(int(datetime.datetime.strptime(s, "%d/%b/%Y:%H:%M:%S %z").timestamp()) + 3600 if s else 0)')"
  : >"$out"
  while IFS=$'\t' read -r -a args; do
    [ "${args[0]}" = popular ] && args+=(--at "$at")
    printf '### %s\n' "${args[*]}" >>"$out"
    "$build/newssearch" --db "$db" "${args[@]}" >>"$out" 2>&1 || printf '(exit %d)\n' $? >>"$out"
  done <"$requests"
}

echo "compare_outputs: $(wc -l <"$requests") requests over $(basename "$corpus")" >&2
answers "$old" "$work/db-old" "$work/old.out"
answers "$new" "$work/db-new" "$work/new.out"
if cmp -s "$work/old.out" "$work/new.out"; then
  echo "compare_outputs: identical ($(grep -c '^### ' "$work/new.out") answers, $(wc -c <"$work/new.out") bytes)"
else
  echo "compare_outputs: the answers differ:" >&2
  diff "$work/old.out" "$work/new.out" | head -40 >&2
  exit 1
fi

#!/usr/bin/env bash
# Sets up, indexes the bundled sample (data/) and runs searches that show
# one query reaching every script and language edition.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
db="${NEWSIDX_DB:-./newsidx-data}"
rm -rf "$db"
build/newsindex --db "$db" add data/articles.jsonl
build/newsindex --db "$db" stats
show() {
  echo
  echo "\$ newssearch query $*"
  build/newssearch --db "$db" query --limit 5 "$@"
}
show "Қазақстан референдум"      # Kazakh Cyrillic finds Latin (both alphabets) and Arabic script
show "Qyrǵyzstanǵa"              # qz Latin, inflected, finds Қырғызстанда, Қырғызстанның
show Tokayev                     # informal ASCII finds Тоқаев and Toqaev
show президент                   # Russian and Kazakh at once
show 公投                        # a Chinese word inside a headline
show Qozogʻiston                 # Uzbek Latin finds Uzbek Cyrillic
show --lang en base rate
show --facets 'tag:"Kazakhstan Referendum"'
echo
echo "\$ newssearch related --explain --limit 3 kk-tokayev-bishkek"
build/newssearch --db "$db" related --explain --limit 3 kk-tokayev-bishkek
echo
build/newsindex --db "$db" views data/access.log
for edition in kk ru en; do
  echo
  echo "\$ newssearch popular --window 7d --at 2024-03-25T00:00:00Z --lang $edition --top 3"
  build/newssearch --db "$db" popular --window 7d --at 2024-03-25T00:00:00Z --lang "$edition" --top 3
done

# The HTTP service over the same index: started on a free port, asked, stopped.
echo
echo "\$ newssearch serve --listen 127.0.0.1:0"
log="$(mktemp)"
build/newssearch --db "$db" serve --listen 127.0.0.1:0 >"$log" &
server=$!
for _ in $(seq 50); do grep -q "http://" "$log" && break; sleep 0.1; done
url="$(grep -o 'http://[^ ]*' "$log" | sed 's,/$,,')"
cat "$log"
python3 - "$url" <<'PY'
import json, sys, urllib.parse, urllib.request
base = sys.argv[1]
for path in ["/api/health", "/api/search?q=" + urllib.parse.quote("Toqaev Bishkek") + "&limit=2"]:
    body = json.load(urllib.request.urlopen(base + path))
    if "results" in body:
        body = {"total": body["total"], "results": [r["id"] + ": " + r["title"] for r in body["results"]]}
    print("GET " + path + "\n  " + json.dumps(body, ensure_ascii=False))
PY
kill "$server"; wait "$server" 2>/dev/null || true
rm -f "$log"
echo
echo "The search page: build/newssearch --db $db serve, then open"
echo "http://127.0.0.1:8080/?at=2024-03-25T00:00:00Z (Popular as of the sample log's last day)"

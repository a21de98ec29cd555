#!/usr/bin/env bash
# Builds the packages (scripts/package.sh), installs them with apt-get on
# this machine, checks the installed units with systemd-analyze verify,
# indexes data/ and searches it with the installed tools, builds
# examples/consumer against the installed newsidx-dev, then removes
# (purges) both packages and checks that nothing of them is left.
# Needs root (or sudo): it installs into the system.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR:-build-package}"
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
BUILD_DIR="$build_dir" scripts/package.sh
packages=("$PWD/$build_dir"/packages/newsidx_*.deb "$PWD/$build_dir"/packages/newsidx-dev_*.deb)
work="$(mktemp -d)"
cleanup() {
  DEBIAN_FRONTEND=noninteractive $sudo apt-get purge -y -qq newsidx newsidx-dev >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "check_package: $*" >&2; exit 1; }

DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
getent passwd newsidx >/dev/null || fail "the newsidx system user was not created"
[ "$(stat -c %U /var/lib/newsidx)" = newsidx ] || fail "/var/lib/newsidx is not the newsidx user's"
for unit in newsidx.service newsidx-views.service newsidx-views.timer; do
  out="$(systemd-analyze verify "/lib/systemd/system/$unit" 2>&1)" || fail "systemd-analyze verify $unit: $out"
  [ -z "$out" ] || fail "systemd-analyze verify $unit says: $out"
done
for page in newsindex newssearch newsidx-shardd; do
  [ -f "/usr/share/man/man1/$page.1.gz" ] || fail "the man page of $page is not installed"
done

/usr/bin/newsindex --db "$work/db" add data/articles.jsonl 2>/dev/null
found="$(/usr/bin/newssearch --db "$work/db" query --json "Khorgos lang:en" | python3 -c \
  'import json, sys; print(" ".join(r["id"] for r in json.load(sys.stdin)["results"]))')"
[ "$found" = en-khorgos ] || fail "the installed newssearch found \"$found\", not en-khorgos"
# The packaged config's [serve] and db, over this index.
sed "s|^db = .*|db = $work/db|; s|^listen = .*|listen = 127.0.0.1:0|" /etc/newsidx/newsidx.conf >"$work/newsidx.conf"
/usr/bin/newssearch --config "$work/newsidx.conf" serve >"$work/serve.out" 2>/dev/null &
serve_pid=$!
for _ in $(seq 100); do grep -q "http://" "$work/serve.out" && break; sleep 0.1; done
base="$(sed -n 's|.* on \(http://[^ ]*\)/ .*|\1|p' "$work/serve.out")"
[ -n "$base" ] || fail "the installed service did not start with the packaged config"
python3 - "$base" <<'PY' || fail "the installed service did not answer /readyz and /metrics"
import sys, urllib.request
base = sys.argv[1]
assert urllib.request.urlopen(base + "/readyz").read() == b"ready\n"
assert b'newsidx_index_articles{lang="en"} 11' in urllib.request.urlopen(base + "/metrics").read()
PY
kill "$serve_pid"; wait "$serve_pid" || true

cmake -S examples/consumer -B "$work/consumer" >/dev/null
cmake --build "$work/consumer" >/dev/null
out="$("$work/consumer/consumer" "$work/db" "Khorgos lang:en")"
[ "$out" = $'en-khorgos\ntotal 1' ] || fail "examples/consumer against newsidx-dev printed: $out"

DEBIAN_FRONTEND=noninteractive $sudo apt-get purge -y -qq newsidx newsidx-dev >/dev/null
for gone in /usr/bin/newsindex /usr/bin/newssearch /usr/include/newsidx /lib/systemd/system/newsidx.service \
    /etc/newsidx/newsidx.conf; do
  [ ! -e "$gone" ] || fail "$gone is left after purging"
done
! getent passwd newsidx >/dev/null || fail "the newsidx user is left after purging"
echo "check_package: installed, verified (units, man pages, index, search, service, consumer) and purged cleanly"

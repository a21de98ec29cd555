#!/usr/bin/env bash
# Fetches the source of the installed Xapian library from Debian (the shard
# server, newsidx-shardd, is built on its RemoteTcpServer, whose header is
# not installed) into /var/cache/newsidx/xapian-core-VERSION (or
# $NEWSIDX_XAPIAN_CACHE/xapian-core-VERSION), unless it is there already. Adds a deb-src entry for bookworm main when apt has none.
# Prints the directory.
set -euo pipefail
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
full="$(dpkg-query -W -f='${source:Version}' libxapian30)"  # 1.4.22-1
upstream="${full%-*}"
cache="${NEWSIDX_XAPIAN_CACHE:-/var/cache/newsidx}"
dest="$cache/xapian-core-$upstream"
if [ -f "$dest/net/remotetcpserver.h" ]; then
  echo "$dest"
  exit 0
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fetch() { (cd "$work" && apt-get source --download-only -qq "xapian-core=$full" >/dev/null 2>&1); }
if ! fetch; then
  echo "xapian_source: adding a deb-src entry for Debian bookworm main" >&2
  $sudo tee /etc/apt/sources.list.d/newsidx-deb-src.sources >/dev/null <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
  $sudo apt-get update -qq
  fetch || { echo "xapian_source: cannot download the source of xapian-core $full" >&2; exit 1; }
fi
$sudo mkdir -p "$cache"
$sudo tar -xJf "$work/xapian-core_$upstream.orig.tar.xz" -C "$cache"
echo "$dest"

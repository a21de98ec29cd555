#!/usr/bin/env bash
# Installs what newsidx needs from Debian's packages (when missing) and
# builds it into build/ (or $BUILD_DIR). Extra arguments go to cmake.
# With NEWSIDX_BROWSER=1 it also installs chromium and chromium-driver for
# the browser test; where they cannot be installed that test skips.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(g++ cmake make pkg-config libxapian-dev libicu-dev libsqlite3-dev libxml2-dev
          libboost-program-options-dev libbenchmark-dev libgtest-dev googletest
          nlohmann-json3-dev zlib1g-dev libjemalloc-dev libcpp-httplib-dev python3 xapian-tools xz-utils
          prometheus)  # prometheus: promtool checks /metrics in the tests
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
updated=0
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  $sudo apt-get update -qq && updated=1
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The browser test's packages, with a Chinese font (without one the page shows
# Chinese as boxes in its screenshots).
browser=(chromium chromium-driver fonts-wqy-microhei)
if [ "${NEWSIDX_BROWSER:-0}" = 1 ] && ! dpkg-query -W -f='${Status}\n' "${browser[@]}" 2>/dev/null |
    grep -c "install ok installed" | grep -qx "${#browser[@]}"; then
  echo "setup: installing ${browser[*]} (browser test)" >&2
  { ((updated)) || $sudo apt-get update -qq; } &&
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${browser[@]}" >/dev/null ||
    echo "setup: chromium could not be installed; the browser test will be skipped" >&2
fi

# Xapian's own source of the installed version, for newsidx-shardd (built on
# its RemoteTcpServer); without it the shard server is not built.
xapian_source="$(scripts/xapian_source.sh)" || {
  echo "setup: Xapian's source could not be fetched: newsidx-shardd will not be built" >&2
  xapian_source=""
}

build_dir="${BUILD_DIR:-build}"
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo ${xapian_source:+-DNEWSIDX_XAPIAN_SOURCE="$xapian_source"} "$@" >/dev/null
echo "setup: building in $build_dir" >&2
if ! cmake --build "$build_dir" -j2 >"$build_dir/build.log" 2>&1; then
  cat "$build_dir/build.log" >&2
  exit 1
fi

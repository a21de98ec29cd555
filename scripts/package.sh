#!/usr/bin/env bash
# Builds the Debian packages newsidx and newsidx-dev into $BUILD_DIR/packages
# (default build-package/) with CPack's DEB generator, then runs lintian on
# them, which must report no errors. Installs what that needs when missing.
# A BUILD_DIR already built (scripts/test.sh passes build/) is packaged as it
# was compiled; a new one is RelWithDebInfo (-O2 -g). CPack strips both, as
# Debian's own builds are.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${BUILD_DIR:-build-package}"

needed=(dpkg-dev lintian fakeroot systemd)
missing=()
for p in "${needed[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
if ((${#missing[@]})); then
  echo "package: installing ${missing[*]}" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

packaging=(-DCMAKE_INSTALL_PREFIX=/usr -DNEWSIDX_PACKAGING=ON)
if [ -f "$build_dir/CMakeCache.txt" ]; then
  # An existing build is packaged as it was compiled (CPack strips it), and
  # given back its own install settings afterwards.
  cached() { sed -n "s/^$1:[A-Z]*=//p" "$build_dir/CMakeCache.txt"; }
  restore=(-DCMAKE_INSTALL_PREFIX="$(cached CMAKE_INSTALL_PREFIX)" -DNEWSIDX_PACKAGING="$(cached NEWSIDX_PACKAGING)")
  trap 'cmake -S . -B "$build_dir" "${restore[@]}" >/dev/null' EXIT
  cmake -S . -B "$build_dir" "${packaging[@]}" >/dev/null
  cmake --build "$build_dir" -j2 >"$build_dir/build.log" 2>&1 || { cat "$build_dir/build.log" >&2; exit 1; }
else
  BUILD_DIR="$build_dir" scripts/setup.sh "${packaging[@]}" -DNEWSIDX_BUILD_TESTS=OFF -DNEWSIDX_BUILD_BENCH=OFF
fi
rm -rf "$build_dir/packages"
(cd "$build_dir" && cpack -G DEB -B "$PWD/packages" >cpack.log 2>&1) || { cat "$build_dir/cpack.log" >&2; exit 1; }
rm -rf "$build_dir/packages/_CPack_Packages"
ls "$build_dir"/packages/*.deb
# Errors fail; warnings and notes are shown.
lintian --tag-display-limit 0 "$build_dir"/packages/*.deb | tee "$build_dir/lintian.log" >&2 || true
if grep -q '^E: ' "$build_dir/lintian.log"; then
  echo "package: lintian reports errors" >&2
  exit 1
fi
echo "package: $(ls "$build_dir"/packages/*.deb | xargs -n1 basename | tr '\n' ' ')built; lintian reports no errors"

#!/usr/bin/env bash
# Sets up and runs the test suite twice: a normal build, then a build with
# AddressSanitizer and UndefinedBehaviorSanitizer; then each fuzz target for
# a short while (bench/fuzz.sh, clang, under the same sanitizers). Between
# the two, the Debian packages are built, installed, tried and purged
# (scripts/check_package.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# Line tables only (-g1): enough for sanitizer reports and perf, and a
# quarter less compile time than -g.
NEWSIDX_BROWSER=1 scripts/setup.sh -DNEWSIDX_WERROR=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"
(cd build && ctest -j2 --output-on-failure)
scripts/check_install.sh build
BUILD_DIR=build scripts/check_package.sh  # packages the build the tests ran on
BUILD_DIR=build-sanitize scripts/setup.sh -DNEWSIDX_SANITIZE=ON -DNEWSIDX_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG=-g1 -DNEWSIDX_WERROR=ON
(cd build-sanitize && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest -j2 --output-on-failure)
for target in article_reader article_codec ninjs query access_log api_params http_request; do
  bench/fuzz.sh "$target" "${NEWSIDX_FUZZ_SECONDS:-6}"
done

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build and run every test: the normal build (unit tests, tshark with the
# plugin on the reference captures, the tool), then a sanitizer build of
# everything that does not load into Wireshark, with each libFuzzer target
# run for a short while; then the matrix (scripts/matrix.sh): Wireshark 4.0,
# 4.4 and 4.6 in Debian chroots, with a .deb for each, installed and tried.
# LYNCPROV_SKIP_MATRIX=1 skips the matrix for a quick local run.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc)

cmake -S "$top" -B "$top/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=ON
cmake --build "$top/build" -j"$jobs"
ctest --test-dir "$top/build" --output-on-failure -j"$jobs"

CC=clang cmake -S "$top" -B "$top/build-asan" -DCMAKE_BUILD_TYPE=Debug \
    -DLYNCPROV_BUILD_PLUGIN=OFF -DLYNCPROV_LAB_TEST=OFF -DLYNCPROV_FUZZ=ON -DLYNCPROV_FUZZ_SECONDS=20 \
    -DLYNCPROV_SWEEP_PLUGIN="$top/build/plugin/lyncprov.so"
cmake --build "$top/build-asan" -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir "$top/build-asan" --output-on-failure -j"$jobs"

if [ "${LYNCPROV_SKIP_MATRIX:-0}" != 1 ]; then
    "$top/scripts/matrix.sh"
fi

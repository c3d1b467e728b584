#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# sweep.sh [SEEDS]  - the long corruption sweep: every reference capture at
# three damage rates with SEEDS seeds each (default 5), through tshark with
# the plugin and through pcap-summarize built with ASan/UBSan.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)

cmake -S "$top" -B "$top/build" >/dev/null
cmake --build "$top/build" -j"$(nproc)" >/dev/null
CC=clang cmake -S "$top" -B "$top/build-asan" -DCMAKE_BUILD_TYPE=Debug \
    -DLYNCPROV_BUILD_PLUGIN=OFF -DLYNCPROV_SANITIZE=ON >/dev/null
cmake --build "$top/build-asan" -j"$(nproc)" --target pcap-summarize >/dev/null
python3 "$top/tests/sweep/corrupt_sweep.py" --plugin "$top/build/plugin/lyncprov.so" \
    --tool "$top/build-asan/tools/pcap-summarize" --seeds "${1:-5}"

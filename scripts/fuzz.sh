#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# fuzz.sh [SECONDS]  - run every libFuzzer target for SECONDS (default 600),
# one after the other, and print each one's executions and speed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}

CC=clang cmake -S "$top" -B "$top/build-fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLYNCPROV_BUILD_PLUGIN=OFF -DLYNCPROV_FUZZ=ON >/dev/null
cmake --build "$top/build-fuzz" -j"$(nproc)" >/dev/null
for target in "$top"/build-fuzz/tests/fuzz/fuzz_*; do
    name=$(basename "$target")
    log="$top/build-fuzz/$name.log"
    if "$top/tests/fuzz/run-target.sh" "$target" "$seconds" >"$log" 2>&1; then
        result=ok
    else
        result=FAILED
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    echo "$name: $result, ${runs:-?} executions in ${seconds} s ($(( ${runs:-0} / seconds )) per second); log: $log"
done

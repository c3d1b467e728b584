#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/limits.sh [WORKDIR] - pcap-summarize on the hostile captures of
# tests/tool/make_hostile.py (pcap-summarize(1), LIMITS) at full size (a
# 100 MB HTTP header, a million connections, a million phones) and at a tenth
# of it: wall time and peak RSS of one run each (/usr/bin/time), the counters
# the caps raised, and the ratio of the two times, which stays at 10 or below
# when the work grows linearly. Not a test: tests/tool/test_limits.py asserts
# the counters and memory at a moderate size.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${1:-${TMPDIR:-/tmp}/lyncprov-limits}

mkdir -p "$WORK"
echo "== build (Release) in $WORK/build" >&2
cmake -S "$ROOT" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DLYNCPROV_BUILD_PLUGIN=OFF >/dev/null
cmake --build "$WORK/build" -j"$(nproc)" --target pcap-summarize >/dev/null
TOOL=$WORK/build/tools/pcap-summarize

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs; $(uname -sr)"
printf '%-7s %10s %8s %9s %10s %6s  %s\n' case size "file MB" seconds "peak RSS" ratio "limits reached"
for row in "header 10000000 100000000" "flows 100000 1000000" "dhcp 100000 1000000"; do
    read -r kind tenth full <<<"$row"
    small_s=""
    for n in "$tenth" "$full"; do
        pcap=$WORK/$kind-$n.pcap
        [ -s "$pcap" ] || /usr/bin/python3 "$ROOT/tests/tool/make_hostile.py" "$kind" "$n" "$pcap"
        cat "$pcap" >/dev/null  # from the page cache, as in bench/run.sh
        /usr/bin/time -f "%e %M" -o "$WORK/time" "$TOOL" --format json "$pcap" >"$WORK/out.json" || [ $? = 1 ]
        read -r s k < <(tail -1 "$WORK/time")
        limits=$(/usr/bin/python3 -c 'import json, sys
print(", ".join("%s %d" % kv for kv in json.load(open(sys.argv[1]))["limits"].items() if kv[1]))' "$WORK/out.json")
        ratio=$([ -n "$small_s" ] && awk -v a="$s" -v b="$small_s" 'BEGIN { printf "%.1f", a / (b > 0 ? b : 0.01) }' || echo -)
        printf '%-7s %10s %8d %9.2f %7d MB %6s  %s\n' "$kind" "$n" "$(($(stat -c %s "$pcap") / 1000000))" "$s" \
            "$((k / 1024))" "$ratio" "$limits"
        small_s=$s
    done
done

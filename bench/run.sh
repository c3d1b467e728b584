#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/run.sh [WORKDIR] - how fast pcap-summarize reads a large field capture,
# against a bare libpcap read loop (the floor) and tshark with the plugin.
#
# Builds a Release tree (tool and plugin) and bench/pcap-loop.c, generates
# the capture once with captures/gen/lyncgen.py (10,000 phones, mixed
# outcomes, clear and TLS, noise, 5 million packets: about 2.4 GB), then in
# one run measures each program on the same, cached file: the best wall time
# of BENCH_RUNS runs (tshark: one run), packets/s, MB/s, peak RSS
# (/usr/bin/time) and the ratios the targets are stated in. Not a test.
#
# pcap-summarize reads the file through libwiretap (the default when built with
# it) and, on the same capture, through libpcap (--libpcap).
#
# Environment: BENCH_PHONES (10000), BENCH_PACKETS (5000000), BENCH_RUNS (3),
# BENCH_TSHARK (1; 0 leaves tshark out, it takes minutes).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${1:-${TMPDIR:-/tmp}/lyncprov-bench}
PHONES=${BENCH_PHONES:-10000}
PACKETS=${BENCH_PACKETS:-5000000}
RUNS=${BENCH_RUNS:-3}
CAPTURE=$WORK/bench-$PHONES-$PACKETS.pcap

mkdir -p "$WORK"
echo "== build (Release) in $WORK/build" >&2
cmake -S "$ROOT" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$WORK/build" -j"$(nproc)" >/dev/null
cc -O2 -Wall -Wextra -o "$WORK/pcap-loop" "$ROOT/bench/pcap-loop.c" -lpcap
TOOL=$WORK/build/tools/pcap-summarize
PLUGIN=$WORK/build/plugin/lyncprov.so

if [ ! -s "$CAPTURE" ]; then
    echo "== generate $PHONES phones, $PACKETS packets" >&2
    /usr/bin/python3 "$ROOT/captures/gen/lyncgen.py" --phones "$PHONES" --target-packets "$PACKETS" \
        --http both -o "$CAPTURE" --truth "${CAPTURE%.pcap}.json"
fi
cat "$CAPTURE" >/dev/null  # every program reads it from the page cache
BYTES=$(stat -c %s "$CAPTURE")

TIMES=$(mktemp -d "${TMPDIR:-/tmp}/lyncprov-times.XXXXXX")
trap 'rm -rf "$TIMES"' EXIT
chmod 777 "$TIMES"  # tshark runs as nobody (tests/plugin/ws-run) and writes its timing here

# measure NAME RUNS COMMAND...: "NAME best-seconds peak-KB" (status 0 or 1 is success)
measure() {
    local name=$1 runs=$2 best="" rss=0 i s k
    shift 2
    for ((i = 0; i < runs; i++)); do
        /usr/bin/time -f "%e %M" -o "$TIMES/$name" "$@" >/dev/null 2>"$TIMES/$name.err" || [ $? = 1 ] ||
            { echo "$name failed:" >&2; cat "$TIMES/$name.err" >&2; return 1; }
        read -r s k < <(tail -1 "$TIMES/$name")
        if [ -z "$best" ] || awk "BEGIN { exit !($s < $best) }"; then best=$s; fi
        [ "$k" -gt "$rss" ] && rss=$k
    done
    echo "$name $best $rss"
}

echo "== measure ($RUNS runs each, best time)" >&2
results=()
results+=("$(measure pcap-loop "$RUNS" "$WORK/pcap-loop" "$CAPTURE")")
results+=("$(measure pcap-summarize "$RUNS" "$TOOL" --format json "$CAPTURE")")
results+=("$(measure pcap-summarize-text "$RUNS" "$TOOL" "$CAPTURE")")
results+=("$(measure pcap-summarize-libpcap "$RUNS" "$TOOL" --libpcap --format json "$CAPTURE")")
if [ "${BENCH_TSHARK:-1}" = 0 ]; then
    echo "(BENCH_TSHARK=0: no tshark figure)" >&2
elif [ -f "$PLUGIN" ]; then
    stat=(-z lyncprov,tree)
    "$ROOT/tests/plugin/ws-run" "$PLUGIN" tshark -z help 2>&1 | grep -q '^ *lyncprov,tree' ||
        { stat=(); echo "(no lyncprov,tree statistic in this plugin: measuring tshark -2 -q)" >&2; }
    # ws-run copies the capture where nobody can read it; only tshark itself is timed.
    results+=("$(measure tshark 1 "$ROOT/tests/plugin/ws-run" "$PLUGIN" /usr/bin/time -f "%e %M" \
        -o "$TIMES/tshark.inner" tshark -2 -q "${stat[@]}" -r "$CAPTURE" | awk '{ print $1 }')")
    read -r s k < "$TIMES/tshark.inner"
    results[-1]="tshark $s $k"
else
    echo "(no plugin built: no tshark figure)" >&2
fi

echo
echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, $(free -g | awk '/Mem:/ { print $2 }') GiB;" \
     "$(uname -sr); $(tshark --version | head -1)"
echo "capture: $CAPTURE, $PACKETS packets, $((BYTES / 1000000)) MB, $PHONES phones"
printf '%-24s %9s %12s %9s %10s %10s\n' program seconds packets/s MB/s "peak RSS" "vs loop"
loop_s=$(echo "${results[0]}" | awk '{ print $2 }')
for r in "${results[@]}"; do
    read -r name s k <<<"$r"
    awk -v n="$name" -v s="$s" -v k="$k" -v p="$PACKETS" -v b="$BYTES" -v l="$loop_s" 'BEGIN {
        printf "%-24s %9.2f %12.0f %9.0f %8.0f MB %9.2fx\n", n, s, p / s, b / s / 1e6, k / 1024, l / s }'
done
tool_s=$(echo "${results[1]}" | awk '{ print $2 }')
libpcap_s=$(echo "${results[3]}" | awk '{ print $2 }')
awk -v t="$tool_s" -v p="$libpcap_s" 'BEGIN {
    printf "pcap-summarize (json): libwiretap reading takes %.2fx the time of libpcap reading\n", t / p }'
if [ ${#results[@]} -gt 4 ]; then
    ts_s=$(echo "${results[4]}" | awk '{ print $2 }')
    awk -v t="$tool_s" -v l="$loop_s" -v w="$ts_s" 'BEGIN {
        printf "pcap-summarize (json): %.2fx the bare loop'"'"'s packets/s (target >= 0.5x), %.0fx tshark -2 (target >= 100x)\n", l / t, w / t }'
fi

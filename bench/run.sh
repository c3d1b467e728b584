#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/run.sh [WORKDIR] - how fast pcap-summarize reads two large captures,
# against a bare libpcap read loop (the floor), and what the plugin costs
# tshark. Not a test.
#
# Captures, made once in WORKDIR:
#   lyncgen  captures/gen/lyncgen.py: 10,000 phones, mixed outcomes, clear
#            and TLS, mostly background noise (5 million packets, 2.4 GB);
#   dense    bench/make-dense.py: 5,000 clients each failing IssueToken 50
#            times in clear HTTP, half the packets sign-in traffic;
#   web      bench/make-dense.py --web: the same shape, but HTTP that is not
#            Lync at all (what the plugin costs tshark on other traffic).
#
# Builds a Release tree (tool and plugin) and bench/pcap-loop.c, then for
# each capture runs every program BENCH_RUNS times, interleaved (one of each
# per round, so load on a shared machine hits them alike), from the page
# cache, and keeps the best wall time and the peak RSS (/usr/bin/time):
#   pcap-loop                   libpcap, touching every byte
#   pcap-summarize[-json]       libwiretap reader, text and JSON output
#   pcap-summarize-libpcap      --libpcap --format json
#   tshark-http / tshark-http+lyncprov
#                               tshark -2 -q -z http,tree without and with
#                               the plugin: the plugin's overhead
# tshark runs once per round at most (BENCH_TSHARK_RUNS, default 1; 0 leaves
# tshark out, it takes minutes).
#
# Environment: BENCH_PHONES (10000), BENCH_PACKETS (5000000), BENCH_CLIENTS
# (5000), BENCH_EXCHANGES (50), BENCH_RUNS (3), BENCH_TSHARK_RUNS (1),
# BENCH_CAPTURES ("lyncgen dense web").
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${1:-${TMPDIR:-/tmp}/lyncprov-bench}
PHONES=${BENCH_PHONES:-10000}
PACKETS=${BENCH_PACKETS:-5000000}
CLIENTS=${BENCH_CLIENTS:-5000}
EXCHANGES=${BENCH_EXCHANGES:-50}
RUNS=${BENCH_RUNS:-3}
TSHARK_RUNS=${BENCH_TSHARK_RUNS:-1}

mkdir -p "$WORK"
echo "== build (Release) in $WORK/build" >&2
cmake -S "$ROOT" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$WORK/build" -j"$(nproc)" >/dev/null
cc -O2 -Wall -Wextra -o "$WORK/pcap-loop" "$ROOT/bench/pcap-loop.c" -lpcap
TOOL=$WORK/build/tools/pcap-summarize
PLUGIN=$WORK/build/plugin/lyncprov.so

make_capture() {
    case $1 in
    lyncgen)
        CAPTURE=$WORK/bench-$PHONES-$PACKETS.pcap
        [ -s "$CAPTURE" ] || /usr/bin/python3 "$ROOT/captures/gen/lyncgen.py" --phones "$PHONES" \
            --target-packets "$PACKETS" --http both -o "$CAPTURE" --truth "${CAPTURE%.pcap}.json" ;;
    dense | web)
        CAPTURE=$WORK/$1-$CLIENTS-$EXCHANGES.pcap
        [ -s "$CAPTURE" ] || /usr/bin/python3 "$ROOT/bench/make-dense.py" --clients "$CLIENTS" \
            --exchanges "$EXCHANGES" $([ "$1" = web ] && echo --web) "$CAPTURE" ;;
    *) echo "unknown capture $1" >&2; exit 2 ;;
    esac
}

TIMES=$(mktemp -d "${TMPDIR:-/tmp}/lyncprov-times.XXXXXX")
trap 'rm -rf "$TIMES"' EXIT
chmod 777 "$TIMES"  # tshark with the plugin runs as nobody (tests/plugin/ws-run) and writes its timing here

# keep_best NAME SECONDS KB: the best time and the peak RSS so far, in $TIMES/NAME.best
keep_best() {
    local name=$1 s=$2 k=$3 best rss
    if [ -s "$TIMES/$name.best" ]; then
        read -r best rss < "$TIMES/$name.best"
        awk "BEGIN { exit !($s < $best) }" || s=$best
        [ "$rss" -gt "$k" ] && k=$rss
    fi
    echo "$s $k" > "$TIMES/$name.best"
}

# once NAME COMMAND...: run it once (exit status 0 or 1 is success: pcap-summarize says 1 when a phone failed).
once() {
    local name=$1 s k
    shift
    /usr/bin/time -f "%e %M" -o "$TIMES/$name.now" "$@" >/dev/null 2>"$TIMES/$name.err" || [ $? = 1 ] ||
        { echo "$name failed:" >&2; cat "$TIMES/$name.err" >&2; exit 1; }
    read -r s k < <(tail -1 "$TIMES/$name.now")
    keep_best "$name" "$s" "$k"
}

# tshark with the plugin: ws-run copies the capture where nobody can read it, so only tshark itself is timed.
once_tshark_plugin() {
    local s k
    "$ROOT/tests/plugin/ws-run" "$PLUGIN" /usr/bin/time -f "%e %M" -o "$TIMES/tshark-plugin.now" \
        tshark -2 -q -z http,tree -r "$1" >/dev/null 2>"$TIMES/tshark-plugin.err" ||
        { echo "tshark with the plugin failed:" >&2; cat "$TIMES/tshark-plugin.err" >&2; exit 1; }
    read -r s k < <(tail -1 "$TIMES/tshark-plugin.now")
    keep_best tshark-http+lyncprov "$s" "$k"
}

measure_capture() {
    local capture=$1 packets bytes round names=(pcap-loop pcap-summarize pcap-summarize-json pcap-summarize-libpcap)
    packets=$(capinfos -Tcr "$capture" | awk -F'\t' '{ print $2 }')
    bytes=$(stat -L -c %s "$capture")
    rm -f "$TIMES"/*.best
    cat "$capture" >/dev/null  # every program reads it from the page cache
    for ((round = 0; round < RUNS; round++)); do
        echo "== $(basename "$capture"): round $((round + 1)) of $RUNS" >&2
        once pcap-loop "$WORK/pcap-loop" "$capture"
        once pcap-summarize "$TOOL" "$capture"
        once pcap-summarize-json "$TOOL" --format json "$capture"
        once pcap-summarize-libpcap "$TOOL" --libpcap --format json "$capture"
        if ((round < TSHARK_RUNS)); then
            # As root tshark loads no personal plugin: this is stock tshark.
            once tshark-http tshark -2 -q -z http,tree -r "$capture"
            once_tshark_plugin "$capture"
        fi
    done
    [ "$TSHARK_RUNS" -gt 0 ] && names+=(tshark-http tshark-http+lyncprov)

    echo
    echo "capture: $(basename "$capture"), $packets packets, $((bytes / 1000000)) MB"
    printf '%-24s %9s %12s %9s %10s %9s %11s\n' program seconds packets/s MB/s "peak RSS" "vs loop" "vs tshark"
    local loop_s ts_s="" s k n
    read -r loop_s k < "$TIMES/pcap-loop.best"
    [ -s "$TIMES/tshark-http+lyncprov.best" ] && read -r ts_s k < "$TIMES/tshark-http+lyncprov.best"
    for n in "${names[@]}"; do
        read -r s k < "$TIMES/$n.best"
        awk -v n="$n" -v s="$s" -v k="$k" -v p="$packets" -v b="$bytes" -v l="$loop_s" -v w="${ts_s:-0}" 'BEGIN {
            printf "%-24s %9.2f %12.0f %9.0f %7.0f MB %8.2fx %10s\n", n, s, p / s, b / s / 1e6, k / 1024, l / s,
                   (w > 0 ? sprintf("%.0fx", w / s) : "-") }'
    done
    if [ -n "$ts_s" ]; then
        read -r s k < "$TIMES/tshark-http.best"
        awk -v a="$s" -v b="$ts_s" 'BEGIN { printf "plugin overhead on tshark -2 -q -z http,tree: %+.1f%%\n", (b / a - 1) * 100 }'
    fi
}

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) CPUs, $(free -g | awk '/Mem:/ { print $2 }') GiB;" \
     "$(uname -sr); $(tshark --version | head -1); load $(cut -d' ' -f1-3 /proc/loadavg)"
for c in ${BENCH_CAPTURES:-lyncgen dense web}; do
    make_capture "$c"
    measure_capture "$CAPTURE"
done

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/plugin-cost.sh [WORKDIR] - what the plugin costs tshark, in
# instructions (valgrind's callgrind), and where that cost comes from. Not a
# test. Wall times on a shared machine move by tens of percent between runs
# (bench/run.sh); instruction counts do not, so small differences show.
#
# For each capture (bench/make-dense.py: the sign-in-dense one and --web,
# HTTP that is not Lync), runs tshark -2 -q -z http,tree:
#   stock               no plugin (as root tshark loads no personal plugin)
#   stock, tree         no plugin, -R frame: a protocol tree on the first
#                       pass and nothing else, which is what any field a
#                       postdissector asks for makes tshark build
#   noop                bench/noop-postdissector.c: a postdissector that does
#                       nothing, what Wireshark charges to call one at all
#   plugin              with the plugin (tests/plugin/ws-run)
#   plugin, disabled    with the plugin and --disable-protocol lyncprov
# and prints instructions per packet, start-up excluded (each configuration
# is also run on the capture's first packet), and each against stock.
# wmem's hash tables take random seeds, so a count moves by about 0.3%
# between runs of the same tshark: each configuration runs ROUNDS times,
# interleaved, and the median is shown.
#
# Environment: BENCH_COST_CLIENTS (20), BENCH_COST_EXCHANGES (50),
# BENCH_COST_ROUNDS (3), BENCH_COST_CAPTURES ("dense web"). Needs valgrind (apt-get install valgrind) and
# wireshark-dev. About 30 minutes.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${1:-${TMPDIR:-/tmp}/lyncprov-bench-cost}
CLIENTS=${BENCH_COST_CLIENTS:-20}
EXCHANGES=${BENCH_COST_EXCHANGES:-50}
ROUNDS=${BENCH_COST_ROUNDS:-3}

command -v valgrind >/dev/null || { echo "plugin-cost.sh needs valgrind: apt-get install valgrind" >&2; exit 2; }
mkdir -p "$WORK"
chmod 777 "$WORK"  # tshark with the plugin runs as nobody and writes its count here
echo "== build (Release) in $WORK/build" >&2
cmake -S "$ROOT" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build "$WORK/build" -j"$(nproc)" --target lyncprov >/dev/null
PLUGIN=$WORK/build/plugin/lyncprov.so
NOOP=$WORK/noop.so
# shellcheck disable=SC2046 # pkg-config's flags are words
gcc -O2 -shared -fPIC -o "$NOOP" "$ROOT/bench/noop-postdissector.c" $(pkg-config --cflags --libs wireshark)

# instructions NAME CAPTURE [tshark options]: callgrind's total for one tshark run.
instructions() {
    local name=$1 capture=$2 out=$WORK/$1.callgrind
    shift 2
    # shellcheck disable=SC2054 # http,tree is one word
    local run=(valgrind --tool=callgrind --callgrind-out-file="$out.out" tshark -2 -q -z http,tree -r "$capture")
    case $name in
    stock*) "${run[@]}" "$@" >/dev/null 2>"$out" ;;
    noop) "$ROOT/tests/plugin/ws-run" "$NOOP" "${run[@]}" "$@" >/dev/null 2>"$out" ;;
    plugin*) "$ROOT/tests/plugin/ws-run" "$PLUGIN" "${run[@]}" "$@" >/dev/null 2>"$out" ;;
    esac || { echo "$name failed:" >&2; cat "$out" >&2; exit 1; }
    sed -n 's/.*Collected : \([0-9]*\).*/\1/p' "$out"
}

# median N...: the middle one of the numbers (the lower middle of an even count).
median() {
    printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"
}

declare -A OPTIONS=(
    [stock]=""
    [stock-tree]="-R frame"
    [noop]=""
    [plugin]=""
    [plugin-disabled]="--disable-protocol lyncprov"
)
NAMES=(stock stock-tree noop plugin plugin-disabled)

echo "machine: $(lscpu | sed -n 's/^Model name: *//p'); $(tshark --version | head -1)"
for kind in ${BENCH_COST_CAPTURES:-dense web}; do
    capture=$WORK/$kind-$CLIENTS-$EXCHANGES.pcap
    first=$WORK/$kind-first.pcap
    web=()
    [ "$kind" = web ] && web=(--web)
    [ -s "$capture" ] || /usr/bin/python3 "$ROOT/bench/make-dense.py" --clients "$CLIENTS" \
        --exchanges "$EXCHANGES" "${web[@]}" "$capture" >&2
    editcap -r "$capture" "$first" 1
    packets=$(capinfos -Tcr "$capture" | awk -F'\t' '{ print $2 }')
    echo
    echo "capture: $(basename "$capture"), $packets packets"
    printf '%-18s %16s %16s %12s\n' tshark "instructions" "per packet" "vs stock"
    declare -A totals=() starts=()
    for round in $(seq "$ROUNDS"); do
        for name in "${NAMES[@]}"; do
            echo "== $kind, round $round/$ROUNDS: $name" >&2
            # shellcheck disable=SC2086 # the options are words
            totals[$name]+="$(instructions "$name" "$capture" ${OPTIONS[$name]}) "
            # shellcheck disable=SC2086
            starts[$name]+="$(instructions "$name" "$first" ${OPTIONS[$name]}) "
        done
    done
    stock=""
    for name in "${NAMES[@]}"; do
        # shellcheck disable=SC2086 # the counts are words
        total=$(median ${totals[$name]})
        # shellcheck disable=SC2086
        start=$(median ${starts[$name]})
        per=$(( (total - start) / (packets - 1) ))
        [ -n "$stock" ] || stock=$per
        awk -v n="$name" -v t="$total" -v p="$per" -v s="$stock" \
            'BEGIN { printf "%-18s %16.0f %16.0f %+11.1f%%\n", n, t, p, (p / s - 1) * 100 }'
    done
done

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# bench/tls-decrypt.sh [WORKDIR] - what decrypting TLS costs pcap-summarize.
#
# Makes a TLS-heavy capture of at least 100 MB from the lab's multi-phone
# capture (three phones, HTTPS and SIP over TLS 1.2 AES-256-GCM): copies
# shifted in time by more than its length (editcap -t, so that connections
# never overlap), merged (mergecap), twice over (32 x 32 copies). Then
# measures, on the same cached file, the best wall time of BENCH_RUNS runs and
# the peak RSS of: no secrets (the inference from record sizes), --keylog
# (every connection decrypted), and the file with the key log embedded as a
# decryption secrets block. Not a test (not run by CI).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${1:-${TMPDIR:-/tmp}/lyncprov-bench-tls}
RUNS=${BENCH_RUNS:-3}
SRC=$ROOT/captures/signin-multi-phone
SHIFT=40      # seconds: the capture lasts 32
COPIES=32

mkdir -p "$WORK"
echo "== build (Release) in $WORK/build" >&2
cmake -S "$ROOT" -B "$WORK/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF -DLYNCPROV_BUILD_PLUGIN=OFF >/dev/null
cmake --build "$WORK/build" -j"$(nproc)" >/dev/null
TOOL=$WORK/build/tools/pcap-summarize
BIG=$WORK/tls-heavy.pcapng
EMBEDDED=$WORK/tls-heavy-dsb.pcapng

shifted_merge() {  # shifted_merge IN STEP OUT: COPIES copies of IN, each STEP seconds after the last
    local in=$1 step=$2 out=$3 i parts=()
    for i in $(seq 0 $((COPIES - 1))); do
        editcap -t $((i * step)) "$in" "$WORK/part$i.pcapng"
        parts+=("$WORK/part$i.pcapng")
    done
    mergecap -F pcapng -w "$out" "${parts[@]}"
    rm -f "${parts[@]}"
}

if [ ! -s "$BIG" ]; then
    echo "== make the capture" >&2
    # editcap 4.0 writes no pcapng that has secrets blocks: strip them as the tests do.
    python3 -c 'import sys; sys.path.insert(0, sys.argv[1]); import agree; agree.without_secrets(*sys.argv[2:])' \
        "$ROOT/tests/agreement" "$SRC.pcapng" "$WORK/one.pcapng"
    shifted_merge "$WORK/one.pcapng" "$SHIFT" "$WORK/block.pcapng"
    shifted_merge "$WORK/block.pcapng" $((SHIFT * COPIES)) "$BIG"
    editcap --inject-secrets "tls,$SRC.keys" "$BIG" "$EMBEDDED"
fi
cat "$BIG" "$EMBEDDED" >/dev/null
echo "capture: $(capinfos -c -s -M "$BIG" | sed -n 's/^Number of packets: *//p;s/^File size: *//p' | tr '\n' ' ')"

measure() {  # measure LABEL ARGS...: best wall time of RUNS runs, peak RSS
    local label=$1 best="" rss t out
    shift
    for _ in $(seq "$RUNS"); do
        out=$( { /usr/bin/time -f "%e %M" "$TOOL" --format json "$@" >"$WORK/out.json" || true; } 2>&1 | tail -1)
        t=${out% *}
        rss=${out#* }
        if [ -z "$best" ] || awk "BEGIN { exit !($t < $best) }"; then best=$t; fi
    done
    printf '| %s | %s | %d MB | %s |\n' "$label" "$best" $((rss / 1024)) \
        "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); t=d["tls_connections"]; print("%d phones, %d decrypted, %d not" % (len(d["phones"]), t["decrypted"], t["undecrypted"]))' "$WORK/out.json")"
}

echo "| run | seconds | peak RSS | report |"
echo "|---|---:|---:|---|"
measure "no secrets (inference)" "$BIG"
measure "--keylog" --keylog "$SRC.keys" "$BIG"
measure "embedded secrets (DSB)" "$EMBEDDED"

#!/bin/bash
# ctest lab.live: pcap-summarize -i on the phone's side of the capture lab
# while the lab's phone signs in over clear-text HTTP (port 8080, named by
# option 43, so the capture filter must follow it), once with the right PIN
# and once with a wrong one.  Each verdict line must come before the capture
# stops, and the -w file must give the same report offline.  Needs root
# (network namespaces): otherwise exits 77, which ctest reports as skipped.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
    echo "lab.live: skipped: needs root (network namespaces, live capture)"
    exit 77
fi
tool=$1
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/lyncprov-lab-live.XXXXXX")
trap 'rm -rf "$out"' EXIT

LAB_OUT=$out LAB_LIVE=$tool "$top/captures/lab/make-captures.sh" \
    signin-cleartext-8080 signin-cleartext-8080-wrong-pin >"$out/lab.log" 2>&1 ||
    { cat "$out/lab.log"; exit 1; }

check() {  # check NAME OUTCOME
    local log=$out/$1.live.log verdict stopped
    echo "== $1 (live)"
    cat "$log"
    verdict=$(grep -n -m1 -E "^[0-9:]{8}  00:04:f2:00:00:01  10\.9\.0\.11 +$2: " "$log" | cut -d: -f1)
    stopped=$(grep -n -m1 "capture stopped" "$log" | cut -d: -f1)
    [ -n "$verdict" ] || { echo "$1: no live '$2' line" >&2; return 1; }
    [ -n "$stopped" ] || { echo "$1: the capture did not stop cleanly" >&2; return 1; }
    [ "$verdict" -lt "$stopped" ] || { echo "$1: the verdict came only after the capture stopped" >&2; return 1; }
    # The report after the stop, and the same from the file it wrote.
    tail -n +"$((stopped + 1))" "$log" >"$out/$1.live.report"
    "$tool" "$out/$1.live.pcapng" >"$out/$1.offline.report" || true
    echo "== $1 (offline, from the -w file)"
    cat "$out/$1.offline.report"
    diff -u "$out/$1.offline.report" "$out/$1.live.report" || { echo "$1: reports differ" >&2; return 1; }
    grep -q -E "^00:04:f2:00:00:01  10\.9\.0\.11 .* $2\$" "$out/$1.offline.report" ||
        { echo "$1: the report does not say $2" >&2; return 1; }
}

check signin-cleartext-8080 signed_in
check signin-cleartext-8080-wrong-pin pin_rejected
echo "lab.live: both verdicts told live, and the same offline"

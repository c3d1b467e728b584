#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build, then show a bundled capture of a phone whose PIN was refused: as the
# plugin shows it in tshark (TLS decrypted with the keys inside the capture),
# and as pcap-summarize reports it (with the decrypted HTTP that tshark
# exports, then on several phones at once).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
capture=${1:-$top/captures/signin-wrong-pin.pcapng}
ws_run="$top/tests/plugin/ws-run $top/build/plugin/lyncprov.so"

cmake -S "$top" -B "$top/build" >/dev/null
cmake --build "$top/build" -j"$(nproc)" >/dev/null

echo "== tshark with the lyncprov plugin: $capture"
$ws_run tshark -r "$capture" -2 -Y lyncprov -O lyncprov
echo "== lyncprov expert infos"
$ws_run tshark -r "$capture" -2 -q -z expert,warn,lyncprov
echo "== tshark -z lyncprov,tree"
$ws_run tshark -r "$capture" -2 -q -z lyncprov,tree
echo "== tshark -z lyncprov,phones: each phone judged by the same rules as pcap-summarize"
$ws_run tshark -r "$capture" -2 -q -z lyncprov,phones

pdu=${capture%.pcapng}.pdu.pcap
echo "== pcap-summarize $capture${pdu:+ + its decrypted HTTP}"
if [ -f "$pdu" ]; then
    "$top/build/tools/pcap-summarize" --events "$capture" "$pdu" || true
else
    "$top/build/tools/pcap-summarize" --events "$capture" || true
fi
echo "== pcap-summarize on three phones at once (encrypted only)"
"$top/build/tools/pcap-summarize" "$top/captures/signin-multi-phone.pcapng" || true

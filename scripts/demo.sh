#!/bin/sh
# Build, then show a bundled capture as the plugin sees it in tshark and as
# pcap-summarize reports it.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
capture=${1:-$top/captures/dhcp-bad-option43.pcapng}

cmake -S "$top" -B "$top/build" >/dev/null
cmake --build "$top/build" -j"$(nproc)" >/dev/null

echo "== tshark with the lyncprov plugin: $capture"
"$top/tests/plugin/ws-run" "$top/build/plugin/lyncprov.so" \
    tshark -r "$capture" -2 -Y lyncprov -O lyncprov
echo "== expert infos"
"$top/tests/plugin/ws-run" "$top/build/plugin/lyncprov.so" \
    tshark -r "$capture" -2 -q -z expert,warn
echo "== pcap-summarize"
"$top/build/tools/pcap-summarize" "$capture"

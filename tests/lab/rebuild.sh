#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ctest lab.rebuild and lab.sipe: the capture lab itself.
#
#   rebuild.sh            every reference capture
#   rebuild.sh --sipe     the pidgin-sipe ones (make-captures.sh's SIPE list)
#
# Rebuilds them (captures/lab/make-captures.sh, which ends by checking the new
# files with verify.sh) into a scratch directory. With no option, verify.sh
# then runs once more on the whole directory, naming every capture it knows
# but the pidgin-sipe ones (lab.sipe's), so that all must be there. The committed captures are not
# touched; the scratch directory is removed. Needs root (network namespaces,
# tcpdump), and for --sipe pidgin-sipe and libpurple-dev: otherwise exits 77,
# which ctest reports as skipped.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
    echo "lab: skipped: needs root (network namespaces, tcpdump)"
    exit 77
fi
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/lyncprov-lab-rebuild.XXXXXX")
trap 'rm -rf "$out"' EXIT

# shellcheck disable=SC2207  # the names have no spaces
sipe=($(sed -n 's/^SIPE=(\(.*\))$/\1/p' "$top/captures/lab/make-captures.sh"))
[ ${#sipe[@]} -gt 0 ] || { echo "lab: no SIPE=(...) list in make-captures.sh" >&2; exit 1; }
began=$(date +%s)
if [ "${1:-}" = --sipe ]; then
    LAB_OUT=$out "$top/captures/lab/make-captures.sh" "${sipe[@]}"
else
    LAB_OUT=$out "$top/captures/lab/make-captures.sh"
    mapfile -t known < <("$top/captures/lab/verify.sh" --names | grep -vxF -f <(printf '%s\n' "${sipe[@]}"))
    "$top/captures/lab/verify.sh" "$out" "${known[@]}"
fi
echo "lab: rebuilt and verified in $(( $(date +%s) - began )) s"

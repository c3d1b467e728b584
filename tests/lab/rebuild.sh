#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ctest lab.rebuild and lab.sipe: the capture lab itself.
#
#   rebuild.sh            every reference capture
#   rebuild.sh --sipe     the pidgin-sipe ones (make-captures.sh's SIPE list)
#
# Rebuilds them (captures/lab/make-captures.sh, which ends by checking the new
# files with verify.sh) into a scratch directory. With no option, verify.sh
# then runs once more on the whole directory with no scenario named, so that
# every capture verify.sh knows must be there. The committed captures are not
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

scenarios=()
if [ "${1:-}" = --sipe ]; then
    # shellcheck disable=SC2207  # the names have no spaces
    scenarios=($(sed -n 's/^SIPE=(\(.*\))$/\1/p' "$top/captures/lab/make-captures.sh"))
    [ ${#scenarios[@]} -gt 0 ] || { echo "lab.sipe: no SIPE=(...) list in make-captures.sh" >&2; exit 1; }
fi
began=$(date +%s)
LAB_OUT=$out "$top/captures/lab/make-captures.sh" "${scenarios[@]}"
[ ${#scenarios[@]} -gt 0 ] || "$top/captures/lab/verify.sh" "$out"
echo "lab: rebuilt and verified in $(( $(date +%s) - began )) s"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ctest lab.sipe: pidgin-sipe, a real client, signs in against the lab.
# Rebuilds the sipe-* reference captures (captures/lab/make-captures.sh, which
# builds the libpurple driver, runs each scenario, checks how sipe ended and
# checks the new files with verify.sh) into a scratch directory.  Exits 77
# (skipped) without root, or where pidgin-sipe and libpurple-dev are missing.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
    echo "lab.sipe: skipped: needs root (network namespaces, tcpdump)"
    exit 77
fi
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/lyncprov-lab-sipe.XXXXXX")
trap 'rm -rf "$out"' EXIT

# shellcheck disable=SC2207  # the names have no spaces
scenarios=($(sed -n 's/^SIPE=(\(.*\))$/\1/p' "$top/captures/lab/make-captures.sh"))
[ ${#scenarios[@]} -gt 0 ] || { echo "lab.sipe: no SIPE=(...) list in make-captures.sh" >&2; exit 1; }
began=$(date +%s)
LAB_OUT=$out "$top/captures/lab/make-captures.sh" "${scenarios[@]}"
echo "lab.sipe: ${#scenarios[@]} sipe scenarios rebuilt and verified in $(( $(date +%s) - began )) s"

#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# ctest lab.rebuild: the capture lab itself.  Rebuilds every reference capture
# (captures/lab/make-captures.sh, all scenarios, which ends by checking the new
# files with verify.sh) into a scratch directory, then runs verify.sh once more
# on the whole directory with no scenario named, so that every capture verify.sh
# knows must be there.  The committed captures are not touched; the scratch
# directory is removed.  Needs root (network namespaces, tcpdump): otherwise
# exits 77, which ctest reports as skipped.
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
    echo "lab.rebuild: skipped: needs root (network namespaces, tcpdump)"
    exit 77
fi
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
out=$(mktemp -d "${TMPDIR:-/tmp}/lyncprov-lab-rebuild.XXXXXX")
trap 'rm -rf "$out"' EXIT

began=$(date +%s)
LAB_OUT=$out "$top/captures/lab/make-captures.sh"
"$top/captures/lab/verify.sh" "$out"
echo "lab.rebuild: rebuilt and verified in $(( $(date +%s) - began )) s"

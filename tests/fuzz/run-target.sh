#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# run-target.sh TARGET SECONDS
#
# Replay TARGET's crash regressions (regressions/NAME/), then fuzz it for
# SECONDS from its seed corpus (corpus/NAME/) with its dictionary
# (NAME.dict), in a scratch corpus so that the repository is not touched.
# Any crash, leak, timeout or sanitizer report fails.
set -eu

target=$1
seconds=$2
name=$(basename "$target")
here=$(cd "$(dirname "$0")" && pwd)

if [ -d "$here/regressions/$name" ] && [ -n "$(ls -A "$here/regressions/$name")" ]; then
    "$target" -runs=1 "$here/regressions/$name"/*
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/lyncprov-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT INT TERM
set -- -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    -artifact_prefix="$scratch/" -print_final_stats=1
[ -f "$here/$name.dict" ] && set -- "$@" -dict="$here/$name.dict"
if ! "$target" "$@" "$scratch" "$here/corpus/$name"; then
    for crash in "$scratch"/crash-* "$scratch"/leak-* "$scratch"/timeout-* "$scratch"/oom-*; do
        [ -f "$crash" ] || continue
        echo "fuzz: $name found $(basename "$crash"); keep it in tests/fuzz/regressions/$name/:" >&2
        od -A x -t x1z "$crash" | head -20 >&2
    done
    exit 1
fi

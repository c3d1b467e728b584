#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds the lab's real third-party client: sipe-driver (pidgin-sipe signed in
# headless through libpurple) and sipe-xml-shim.so (the libxml2 workaround it
# is preloaded with on Debian 12; see sipe-xml-shim.c).
#
#   captures/lab/build-sipe.sh DIR
#
# Exit status 77 (skip) when pidgin-sipe or the headers are not installed.
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 DIR" >&2
    exit 2
fi
OUT=$1
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CC=${CC:-cc}

skip() { echo "$*" >&2; exit 77; }

# Debian 12 puts libsipe.so in /usr/lib/purple-2, not in libpurple's
# (multiarch) plugindir; libpurple searches both.
pkg-config --exists purple ||
    skip "pidgin-sipe not installed (apt-get install pidgin-sipe libpurple-dev)"
plugindir=$(pkg-config --variable=plugindir purple)
found=
for so in "$plugindir"/libsipe.so /usr/lib/purple-2/libsipe.so /usr/lib/*/purple-2/libsipe.so; do
    [ -e "$so" ] && found=$so && break
done
[ -n "$found" ] || skip "pidgin-sipe not installed (apt-get install pidgin-sipe libpurple-dev)"
pkg-config --exists libxml-2.0 || skip "libxml2 headers not installed (apt-get install libxml2-dev)"

mkdir -p "$OUT"
# shellcheck disable=SC2046  # pkg-config's flags are meant to split
"$CC" -std=c11 -O2 -g -Wall -Wextra -Werror -o "$OUT/sipe-driver" "$SRC/sipe-driver.c" \
    $(pkg-config --cflags --libs purple glib-2.0)
# --no-as-needed: the shim uses no libxml2 symbol, yet needs libxml2 loaded
# after it for dlsym(RTLD_NEXT) to find the real function.
# shellcheck disable=SC2046
"$CC" -std=c11 -O2 -g -Wall -Wextra -Werror -shared -fPIC -o "$OUT/sipe-xml-shim.so" \
    "$SRC/sipe-xml-shim.c" -Wl,--no-as-needed $(pkg-config --cflags --libs libxml-2.0) -ldl
echo "built $OUT/sipe-driver and $OUT/sipe-xml-shim.so (sipe: $found)"

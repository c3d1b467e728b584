#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# matrix.sh [SUITE...]: lyncprov against the Wireshark of other Debian
# releases (default: bookworm 4.0, trixie 4.4, sid 4.6). For each suite, in a
# minbase chroot made by debootstrap from the Debian mirror this machine's apt
# is configured with: that release's build dependencies, then the plugin and
# the tool built and tested (ctest, without the GUI and lab tests), a .deb
# made with cpack, installed with apt-get and tried as an ordinary user.
# The .deb files land in build-matrix/. This machine's own release is only
# packaged and installed: scripts/test.sh tests it on the machine itself.
#
# Root only. Chroots are kept in $LYNCPROV_MATRIX_CACHE (default
# /var/cache/lyncprov-matrix/SUITE) and reused by the next run; delete one
# to have it rebuilt from nothing.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cache=${LYNCPROV_MATRIX_CACHE:-/var/cache/lyncprov-matrix}
out=$top/build-matrix
jobs=$(nproc)
# Everything the build, the tests and cpack's dependency lookup need.
packages=(cmake make gcc pkg-config libglib2.0-dev libpcap-dev libjson-glib-dev libgcrypt20-dev libgnutls28-dev
          wireshark-dev tshark tcpdump python3 python3-jsonschema jq dpkg-dev file openssl)
[ $# -gt 0 ] || set -- bookworm trixie sid
host_release=$(. /etc/os-release && echo "$VERSION_CODENAME")

[ "$(id -u)" = 0 ] || { echo "matrix.sh: must run as root (debootstrap, chroot)" >&2; exit 2; }

# The mirror apt uses for this machine's own release, whatever the sources
# file format.
mirror() {
    # shellcheck disable=SC2016  # apt's own $(FIELD) placeholders
    apt-get indextargets --format '$(TARGET_OF) $(RELEASE) $(REPO_URI)' |
        awk -v c="$host_release" '$1 == "deb" && $2 == c { print $3; exit }'
}

mounted=()
unmount_all() {
    local i
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
        umount -R "${mounted[i]}" 2>/dev/null || umount -lR "${mounted[i]}" || true
    done
    mounted=()
}
trap unmount_all EXIT
trap 'exit 130' INT TERM

mount_into() {  # mount_into ROOT: what a build and tshark need, source read-only on /src
    local root=$1
    mounted+=("$root/proc")
    mount -t proc proc "$root/proc"
    mounted+=("$root/sys")
    mount -t sysfs sys "$root/sys"
    mounted+=("$root/dev")
    mount --rbind /dev "$root/dev"
    mount --make-rslave "$root/dev"
    mounted+=("$root/tmp")
    mount -t tmpfs tmpfs "$root/tmp"
    mkdir -p "$root/src"
    mounted+=("$root/src")
    mount --bind "$top" "$root/src"
    mount -o remount,bind,ro "$root/src"
}

# A run killed before its trap ran (SIGKILL, a machine stopped) leaves its
# own mounts behind: take those down, and only those.
unmount_stale() {  # unmount_stale ROOT
    local m
    for m in src tmp dev sys proc; do
        while mountpoint -q "$1/$m"; do
            echo "matrix.sh: $1/$m is still mounted by an earlier run: unmounting it" >&2
            umount -R "$1/$m" 2>/dev/null || umount -lR "$1/$m"
        done
    done
}

# Nothing of a chroot's mounts may be left before it is deleted: /src is the
# checkout itself.
check_unmounted() {
    if findmnt -rn -o TARGET | grep -q "^$1/"; then
        echo "matrix.sh: something is still mounted in $1 (findmnt -R $1): unmount it first" >&2
        exit 2
    fi
}

in_root() {  # in_root ROOT COMMAND...
    local root=$1
    shift
    chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$@"
}

# A chroot with the packages; debootstrap only when no earlier run finished it.
make_root() {
    local suite=$1 root=$cache/$1 url
    if [ ! -e "$root/.lyncprov-debootstrapped" ]; then
        url=$(mirror)
        [ -n "$url" ] || { echo "matrix.sh: no Debian mirror in the apt sources" >&2; exit 2; }
        unmount_stale "$root"
        check_unmounted "$root"
        rm -rf --one-file-system "$root"
        mkdir -p "$cache"
        echo "== $suite: debootstrap from $url"
        debootstrap --variant=minbase "$suite" "$root" "$url" >"$cache/$suite.debootstrap.log" 2>&1 ||
            { tail -n 20 "$cache/$suite.debootstrap.log" >&2; exit 1; }
        touch "$root/.lyncprov-debootstrapped"
    fi
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    # A mirror frozen in time serves Release files past their Valid-Until:
    # do as this machine's apt does.
    apt-config dump | grep '^Acquire::Check-Valid-Until ' >"$root/etc/apt/apt.conf.d/00lyncprov-host" || true
    echo "== $suite: packages"
    in_root "$root" sh -c "apt-get update -q && apt-get install -y -q --no-install-recommends ${packages[*]}" \
        >"$cache/$suite.apt.log" 2>&1 || { tail -n 20 "$cache/$suite.apt.log" >&2; exit 1; }
}

run_suite() {
    local suite=$1 root=$cache/$1 deb t0 tests=1
    t0=$(date +%s)
    [ "$suite" != "$host_release" ] || tests=0
    unmount_stale "$root"
    check_unmounted "$root"
    mount_into "$root"
    echo "== $suite: build and test"
    # shellcheck disable=SC2016  # expanded in the chroot
    in_root "$root" env JOBS="$jobs" TESTS="$tests" bash -euo pipefail -c '
        rm -rf /build && mkdir /build && cd /build
        cmake -S /src -B . --no-warn-unused-cli -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
              -DBUILD_TESTING="$TESTS" -DLYNCPROV_LAB_TEST=OFF >cmake.log
        grep "Building the plugin for" cmake.log
        cmake --build . -j"$JOBS" >build.log 2>&1 || { cat build.log; exit 1; }
        if [ "$TESTS" = 1 ]; then
            # No X server, OCR nor Chromium in a chroot: the GUI test and the
            # rendering of the HTML report run on the host only.
            ctest -j"$JOBS" --output-on-failure -E "^plugin\.test_gui\.|^tool\.test_html\.Chromium$" >ctest.log 2>&1 ||
                { cat ctest.log; exit 1; }
            grep "tests passed" ctest.log
        else
            echo "tests: on this machine itself (scripts/test.sh)"
        fi
        cpack -G DEB >cpack.log 2>&1 || { cat cpack.log; exit 1; }'
    deb=$(cd "$root/build" && ls lyncprov_*.deb)
    mkdir -p "$out"
    cp "$root/build/$deb" "$out/"
    echo "== $suite: $deb"
    in_root "$root" dpkg-deb -f "/build/$deb" Depends
    # Not kept from an earlier run stopped half-way: apt would keep one of the same version.
    if in_root "$root" dpkg -s lyncprov >/dev/null 2>&1; then
        in_root "$root" dpkg --purge lyncprov >/dev/null
    fi
    in_root "$root" apt-get install -y -q "/build/$deb" >"$cache/$suite.install.log" 2>&1 ||
        { tail -n 20 "$cache/$suite.install.log" >&2; exit 1; }
    in_root "$root" "/src/scripts/smoke-deb.sh"
    in_root "$root" apt-get purge -y -q lyncprov >/dev/null
    unmount_all
    echo "== $suite: passed in $(($(date +%s) - t0)) s"
}

# Making the chroots mostly waits for the mirror and the disk: all at once.
t0=$(date +%s)
pids=()
for suite in "$@"; do
    make_root "$suite" &
    pids+=($!)
done
for pid in "${pids[@]}"; do
    wait "$pid" || exit 1
done
echo "== chroots ready in $(($(date +%s) - t0)) s"
for suite in "$@"; do
    run_suite "$suite"
done

#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# smoke-deb.sh: after "apt-get install ./lyncprov_*.deb", as an ordinary
# user (nobody when run as root): tshark lists the plugin, pcap-summarize
# --version runs, and both show the package's version.
set -eu

version=$(dpkg-query -W -f '${Version}' lyncprov)
version=${version%-*}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
chmod a+rwx "$home"

as_user() {
    if [ "$(id -u)" = 0 ]; then
        setpriv --reuid=65534 --regid=65534 --clear-groups env HOME="$home" "$@"
    else
        env HOME="$home" "$@"
    fi
}

plugins=$(as_user tshark -G plugins)
line=$(printf '%s\n' "$plugins" | grep '^lyncprov\.so' || true)
[ -n "$line" ] || { printf 'smoke-deb: tshark does not list lyncprov.so:\n%s\n' "$plugins" >&2; exit 1; }
echo "tshark -G plugins: $line"
[ "$(printf '%s\n' "$line" | cut -f2)" = "$version" ] ||
    { echo "smoke-deb: the plugin's version is not the package's ($version)" >&2; exit 1; }

tool=$(as_user pcap-summarize --version)
printf '%s\n' "$tool"
[ "$(printf '%s\n' "$tool" | head -n 1)" = "pcap-summarize $version" ] ||
    { echo "smoke-deb: pcap-summarize --version does not say $version" >&2; exit 1; }

for f in /usr/share/man/man1/pcap-summarize.1 /usr/share/doc/lyncprov/README.md \
         /usr/share/doc/lyncprov/copyright /usr/share/wireshark/profiles/Lync/preferences \
         /usr/share/wireshark/profiles/Lync/colorfilters; do
    [ -e "$f" ] || { echo "smoke-deb: $f is missing" >&2; exit 1; }
done
echo "smoke-deb: lyncprov $version installed and working"

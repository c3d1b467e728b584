#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Install what lyncprov needs from Debian 12's packages (run as root).
set -eu
cd "$(dirname "$0")"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2046
apt-get install -y -q --no-install-recommends $(grep -v '^#' debian-packages.txt)

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""vlan-tag.py IN OUT VID: copy an Ethernet pcap, inserting an 802.1Q tag
(VLAN VID) into every frame, as if captured on a trunk port.  The rest of
each frame is kept byte for byte, and so are the timestamps."""
import logging
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.layers.l2 import Dot1Q, Ether  # noqa: E402
from scapy.packet import Raw  # noqa: E402
from scapy.utils import PcapReader, PcapWriter, str2mac  # noqa: E402


def main(src, dst, vid):
    with PcapReader(src) as reader, PcapWriter(dst, linktype=1) as writer:
        for frame in reader:
            raw = bytes(frame)
            tagged = (Ether(dst=str2mac(raw[0:6]), src=str2mac(raw[6:12]), type=0x8100)
                      / Dot1Q(vlan=vid, type=int.from_bytes(raw[12:14], "big")) / Raw(raw[14:]))
            tagged.time = frame.time
            writer.write(tagged)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))

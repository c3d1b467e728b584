#!/usr/bin/python3
"""Rebuild the seed corpora (corpus/<target>/) from the reference captures.

Seeds are small pieces of real lab traffic: DHCP and DNS payloads, TLS
records, Export PDU records, HTTP messages and their diagnostics headers.
Usage: make-seeds.py  (from anywhere; writes next to this script)
"""
import hashlib
import os
import re
import shutil
import struct

from scapy.all import RawPcapReader, Ether, UDP, TCP
from scapy.layers.l2 import CookedLinuxV2

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
CAPTURES = [os.path.join(TOP, "captures", n) for n in sorted(os.listdir(os.path.join(TOP, "captures")))
            if n.endswith((".pcapng", ".pcap"))]
CAPTURES.append(os.path.join(TOP, "tests", "data", "malformed-diagnostics.pcap"))
MAX_SEEDS, MAX_SEED_LEN = 20, 2048
LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2, LINKTYPE_EXPORTED_PDU = 1, 276, 252

seeds = {}


def add(target, data):
    data = bytes(data[:MAX_SEED_LEN])
    if data:
        seeds.setdefault(target, {})[hashlib.sha1(data).hexdigest()] = data


def epdu_payload(record):
    """The PDU after the Export PDU tags (tag 0 ends them)."""
    off = 0
    while off + 4 <= len(record):
        tag, length = struct.unpack_from(">HH", record, off)
        off += 4
        if tag == 0:
            return record[off:]
        off += (length + 3) & ~3
    return b""


def http_seeds(payload):
    add("fuzz_http", payload)
    head = payload.split(b"\r\n\r\n", 1)[0]
    for m in re.finditer(rb"(?im)^X-Ms-diagnostics:[ \t]*(.*?)\r?$", head):
        add("fuzz_diagnostics", m.group(1))
    for m in re.finditer(rb"(?im)^Warning:[ \t]*(.*?)\r?$", head):
        add("fuzz_diagnostics", m.group(1))
    if b"Fault" in payload:
        add("fuzz_diagnostics", payload.split(b"\r\n\r\n", 1)[-1])


def dhcp_seeds(payload):
    add("fuzz_dhcp", payload)
    off = 240
    while off + 2 <= len(payload) and payload[off] != 255:
        if payload[off] == 0:
            off += 1
            continue
        code, length = payload[off], payload[off + 1]
        value = payload[off + 2:off + 2 + length]
        if code == 43:
            for hint in range(3):
                add("fuzz_opt43", bytes([hint]) + value)
        elif code == 120:
            add("fuzz_opt43", b"\x00" + value)
        off += 2 + length


def packet_seeds(pkt):
    if UDP in pkt:
        payload = bytes(pkt[UDP].payload)
        if 67 in (pkt[UDP].sport, pkt[UDP].dport):
            dhcp_seeds(payload)
        elif 53 in (pkt[UDP].sport, pkt[UDP].dport):
            add("fuzz_dns", payload)
    elif TCP in pkt:
        payload = bytes(pkt[TCP].payload)
        if payload[:1] in (b"\x14", b"\x15", b"\x16", b"\x17"):
            add("fuzz_tls", payload)
        elif payload[:4] in (b"HTTP", b"POST", b"GET "):
            http_seeds(payload)


def main():
    for path in CAPTURES:
        reader = RawPcapReader(path)
        for data, meta in reader:
            # pcapng gives the link type per packet, pcap per file.
            linktype = getattr(meta, "linktype", None) or getattr(reader, "linktype", None)
            if linktype == LINKTYPE_EXPORTED_PDU:
                add("fuzz_export_pdu", data)
                pdu = epdu_payload(data)
                if pdu:
                    http_seeds(pdu)
            elif linktype == LINKTYPE_ETHERNET:
                packet_seeds(Ether(data))
            elif linktype == LINKTYPE_LINUX_SLL2:
                packet_seeds(CookedLinuxV2(data))
        reader.close()
    corpus = os.path.join(HERE, "corpus")
    shutil.rmtree(corpus, ignore_errors=True)
    for target, by_hash in sorted(seeds.items()):
        os.makedirs(os.path.join(corpus, target))
        # Keep the smallest: they cover the same code faster.
        for digest, data in sorted(by_hash.items(), key=lambda kv: (len(kv[1]), kv[0]))[:MAX_SEEDS]:
            with open(os.path.join(corpus, target, digest[:16]), "wb") as f:
                f.write(data)
        print("%-18s %d seeds" % (target, min(len(by_hash), MAX_SEEDS)))


if __name__ == "__main__":
    main()

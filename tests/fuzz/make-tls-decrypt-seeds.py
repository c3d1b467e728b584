#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Rebuild corpus/fuzz_tls_decrypt/ from the lab captures: each seed is one
TLS connection's records in the order they were sent (fuzz_tls_decrypt.c's
format) behind the key log lines of its client random, so that the records
decrypt; and a few records for the record layer alone, one per suite.
Usage: make-tls-decrypt-seeds.py  (from anywhere; writes next to this script)
"""
import hashlib
import os
import shutil
import struct

from scapy.all import IP, IPv6, TCP, PcapNgReader

HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURES = os.path.join(os.path.dirname(os.path.dirname(HERE)), "captures")
SOURCES = ["signin-wrong-pin", "signin-tls13", "signin-success"]
MAX_SEED = 60000
SERVER_PORTS = (443, 5061)


def connections(path):
    """(client, server) -> [(server_sent, payload)] in capture order."""
    conns = {}
    for pkt in PcapNgReader(path):
        ip = pkt.getlayer(IP) or pkt.getlayer(IPv6)
        tcp = pkt.getlayer(TCP)
        if ip is None or tcp is None or not bytes(tcp.payload):
            continue
        from_server = tcp.sport in SERVER_PORTS
        key = ((ip.dst, tcp.dport, ip.src, tcp.sport) if from_server else (ip.src, tcp.sport, ip.dst, tcp.dport))
        conns.setdefault(key, []).append((from_server, bytes(tcp.payload)))
    return conns


def records(segments):
    """The records of both directions, each at the segment that completes it."""
    buf, out = {False: b"", True: b""}, []
    for server, data in segments:
        buf[server] += data
        while len(buf[server]) >= 5:
            n = 5 + struct.unpack(">H", buf[server][3:5])[0]
            if len(buf[server]) < n:
                break
            out.append(bytes([1 if server else 0]) + buf[server][:n])
            buf[server] = buf[server][n:]
    return out


def keylog_for(recs, keys):
    client_hello = next(r for r in recs if r[0] == 0 and r[1] == 22)
    random = client_hello[1 + 5 + 6:1 + 5 + 38].hex()
    return "".join(line for line in keys if line.split(" ")[1:2] == [random]).encode()


def main():
    seeds = {}
    for name in SOURCES:
        with open(os.path.join(CAPTURES, name + ".keys")) as f:
            keys = f.readlines()
        for segments in connections(os.path.join(CAPTURES, name + ".pcapng")).values():
            recs = records(segments)
            if not recs or recs[0][1] != 22:
                continue
            keylog = keylog_for(recs, keys)
            seed = struct.pack(">H", len(keylog)) + keylog
            for r in recs:
                if len(seed) + len(r) > MAX_SEED:
                    break
                seed += r
            seeds[hashlib.sha1(seed).hexdigest()] = seed
    for suite in range(11):  # the record layer alone: fuzz_tls_decrypt.c's direct_suites
        for version in range(4):
            seed = b"\x00\x00\x80" + bytes([suite, version])
            for n in (0, 15, 16, 33, 48, 64, 300):
                seed += b"\x00\x17\x03\x03" + struct.pack(">H", n) + bytes((i * 7 + n) & 255 for i in range(n))
            seeds[hashlib.sha1(seed).hexdigest()] = seed
    corpus = os.path.join(HERE, "corpus", "fuzz_tls_decrypt")
    shutil.rmtree(corpus, ignore_errors=True)
    os.makedirs(corpus)
    for digest, data in sorted(seeds.items()):
        with open(os.path.join(corpus, digest[:16]), "wb") as f:
            f.write(data)
    print("%d seeds in %s" % (len(seeds), corpus))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write a sign-in-dense capture for bench/run.sh: what a phone's switch port
or a front end sees during a morning of failing sign-ins, not lyncgen's
mostly-noise mix.

Each client opens one keep-alive connection to the pool's web services in
clear HTTP (port 80, as a decrypted capture shows it) and sends IssueToken
with Basic credentials EXCHANGES times; each gets the wrong PIN's 401 with
X-Ms-diagnostics 28003, in the lab's exact bytes (captures/lab/lync_wire.py).
The clients run side by side. Every sign-in packet is followed by one
packet of TLS application data (40 to 1200 bytes) between other hosts, so
half the packets are sign-in traffic and half are noise.

With --web the same clients browse an ordinary web site instead (GET of a
page, 200 with HTML): HTTP that is not Lync at all, to measure what the
plugin costs tshark on other traffic.

Usage: make-dense.py [--clients 5000] [--exchanges 50] [--web] OUT.pcap
Deterministic: fixed addresses, ports, sequence numbers, times and noise.
"""
import argparse
import os
import random
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "captures", "lab"))
import lync_wire  # noqa: E402

MSS = 1460
T0 = 1795615000.0
SERVER_IP = bytes([10, 1, 0, 10])
NOISE_SERVER_IP = bytes([10, 2, 0, 20])
SERVER_MAC = bytes.fromhex("020001000010")
ACTION = "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue"
PATH = "/WebTicket/WebTicketService.svc/pin"


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


class Writer:
    def __init__(self, f):
        self.f = f
        self.t = T0
        self.packets = 0
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))

    def frame(self, smac, dmac, sip, dip, sport, dport, seq, ack, flags, payload):
        tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 1024, 0, 0) + payload
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), self.packets & 0xFFFF, 0x4000, 64, 6, 0,
                         sip, dip)
        ip = ip[:10] + struct.pack("!H", checksum(ip)) + ip[12:]
        data = dmac + smac + b"\x08\x00" + ip + tcp
        self.t += 0.00002
        sec = int(self.t)
        self.f.write(struct.pack("<IIII", sec, int((self.t - sec) * 1e6), len(data), len(data)) + data)
        self.packets += 1


class Flow:
    """One TCP connection; sends a message in MSS-sized segments."""

    def __init__(self, w, cmac, smac, cip, sip, cport, sport):
        self.w, self.ends = w, {"c": (cmac, smac, cip, sip, cport, sport), "s": (smac, cmac, sip, cip, sport, cport)}
        self.seq = {"c": 1000, "s": 5000}

    def send(self, side, data, flags=0x18):
        other = "s" if side == "c" else "c"
        for i in range(0, max(len(data), 1), MSS):
            chunk = data[i:i + MSS]
            self.w.frame(*self.ends[side], self.seq[side], self.seq[other], flags, chunk)
            self.seq[side] += len(chunk)

    def handshake(self):
        self.send("c", b"", 0x02)
        self.seq["c"] += 1
        self.send("s", b"", 0x12)
        self.seq["s"] += 1
        self.send("c", b"", 0x10)


WEB_PAGE = b"<!DOCTYPE html><html><head><title>Intranet</title></head><body>" + b"<p>News of the day.</p>" * 60 + \
    b"</body></html>"


def client(i, web):
    i += 1  # no host .0
    mac = bytes([0x00, 0x04, 0xF2, 0x01, i >> 8 & 0xFF, i & 0xFF])
    ip = bytes([10, 20 + (i >> 16), i >> 8 & 0xFF, i & 0xFF])
    if web:
        return mac, ip, lync_wire.request_head("GET", "/news/today.html", host="intranet.contoso.test")
    user = "%d" % (100000 + i)
    body = lync_wire.issue_token_request(mac, user, lync_wire.BASE_URL + lync_wire.CERTPROV_PATH).encode()
    request = lync_wire.request_head("POST", PATH, headers=lync_wire.soap_headers(ACTION, user + ":1234"),
                                     body=body) + body
    return mac, ip, request


def web_page():
    head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\nServer: Apache\r\n\r\n" % len(WEB_PAGE)
    return head.encode() + WEB_PAGE


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=5000)
    ap.add_argument("--exchanges", type=int, default=50)
    ap.add_argument("--web", action="store_true", help="an ordinary web site, not Lync")
    ap.add_argument("out")
    args = ap.parse_args()
    rng = random.Random(7)
    noise = bytes(rng.getrandbits(8) for _ in range(1 << 16))
    if args.web:
        answer = web_page()
    else:
        head, body = lync_wire.invalid_pin(T0)
        answer = head + body
    with open(args.out, "wb") as f:
        w = Writer(f)
        clients = [client(i, args.web) for i in range(args.clients)]
        flows = [Flow(w, mac, SERVER_MAC, ip, SERVER_IP, 40000 + i % 20000, 80)
                 for i, (mac, ip, _) in enumerate(clients)]
        noise_flow = Flow(w, bytes.fromhex("020003000001"), bytes.fromhex("020003000002"),
                          bytes([10, 30, 0, 1]), NOISE_SERVER_IP, 50000, 443)
        for flow in flows:
            flow.handshake()
        for _ in range(args.exchanges):
            for (_, _, request), flow in zip(clients, flows):
                before = w.packets
                flow.send("c", request)
                flow.send("s", answer)
                for _ in range(w.packets - before):
                    n = rng.randrange(40, 1200)
                    off = rng.randrange(0, len(noise) - n)
                    noise_flow.send("s", b"\x17\x03\x03" + struct.pack("!H", n) + noise[off:off + n])
        print("%s: %d packets, %d clients x %d exchanges" % (args.out, w.packets, args.clients, args.exchanges),
              file=sys.stderr)


if __name__ == "__main__":
    main()

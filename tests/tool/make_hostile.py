#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Hostile captures for pcap-summarize's resource limits (pcap-summarize(1), LIMITS).

  make_hostile.py header N OUT   one TCP connection whose request head never ends:
                                 N bytes of header, then a small request the tool
                                 must still read
  make_hostile.py flows N OUT    N connections of one SYN each, every other one
                                 with the start of a TLS hello that never ends,
                                 then one clear HTTP exchange
  make_hostile.py dhcp N OUT     N DHCPINFORMs, vendor class MS-UC-Client, each
                                 from its own MAC and address, none answered
  make_hostile.py budget N OUT   N connections that make the tool hold bytes:
                                 49 in 50 a SYN and a segment one byte ahead
                                 of where the stream begins (a hole that never
                                 fills), 1 in 50 an HTTP request whose 60 KB
                                 of body, in one large segment, never ends

Ethernet pcap, standard library only (struct), about a million packets a
few seconds. Checksums are left zero: pcap-summarize does not read them.
"""
import struct
import sys

PCAP_HEADER = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1)
RECORD = struct.Struct("<IIII")
ETHER_IPV4 = struct.Struct("!6s6sH")
IPV4 = struct.Struct("!BBHHHBBH4s4s")
TCP = struct.Struct("!HHIIBBHHH")
UDP = struct.Struct("!HHHH")
T0 = 1_700_000_000

SYN, ACK, PSH_ACK = 0x02, 0x10, 0x18
CLIENT_MAC, SERVER_MAC = b"\x00\x04\xf2\x00\x00\x01", b"\x00\x15\x5d\x00\x00\x01"
SERVER = bytes((10, 0, 0, 1))
MSS = 1448
# A TLS 1.2 handshake record announcing 4000 bytes of ClientHello, of which the capture has 64.
TLS_HELLO_START = b"\x16\x03\x01" + struct.pack("!H", 4000) + b"\x01\x00\x0f\x9b\x03\x03" + bytes(55)
MEX = b"GET /CertProv/CertProvisioningService.svc/mex HTTP/1.1\r\nHost: pool.contoso.com\r\n\r\n"
OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 0\r\n\r\n"


class Writer:
    """Packets out to a pcap file, a microsecond apart, in large writes."""

    def __init__(self, path):
        self.f = open(path, "wb")
        self.f.write(PCAP_HEADER)
        self.buf = []
        self.n = 0

    def packet(self, frame):
        us = self.n
        self.n += 1
        self.buf.append(RECORD.pack(T0 + us // 1_000_000, us % 1_000_000, len(frame), len(frame)))
        self.buf.append(frame)
        if len(self.buf) >= 8192:
            self.f.write(b"".join(self.buf))
            self.buf.clear()

    def close(self):
        self.f.write(b"".join(self.buf))
        self.f.close()


def ipv4(src, dst, proto, payload, src_mac=CLIENT_MAC, dst_mac=SERVER_MAC):
    return (ETHER_IPV4.pack(dst_mac, src_mac, 0x0800) +
            IPV4.pack(0x45, 0, 20 + len(payload), 0, 0x4000, 64, proto, 0, src, dst) + payload)


def tcp(src, dst, sport, dport, seq, ack, flags, data=b"", **macs):
    return ipv4(src, dst, 6, TCP.pack(sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + data, **macs)


def client_ip(i):
    """10.1.0.0 and up: a distinct address for each i below 2**24."""
    return bytes((10, 1 + (i >> 16), (i >> 8) & 0xFF, i & 0xFF))


def exchange(w, client, sport, request, response, seq=1000, ack=5000):
    """A complete clear HTTP exchange on a new connection (port 80)."""
    w.packet(tcp(client, SERVER, sport, 80, seq, 0, SYN))
    w.packet(tcp(SERVER, client, 80, sport, ack, seq + 1, SYN | ACK, src_mac=SERVER_MAC, dst_mac=CLIENT_MAC))
    w.packet(tcp(client, SERVER, sport, 80, seq + 1, ack + 1, PSH_ACK, request))
    w.packet(tcp(SERVER, client, 80, sport, ack + 1, seq + 1 + len(request), PSH_ACK, response,
                 src_mac=SERVER_MAC, dst_mac=CLIENT_MAC))


def header(w, size):
    client, sport, seq = bytes((10, 0, 0, 2)), 50000, 1001
    start = b"POST /WebTicket/WebTicketService.svc HTTP/1.1\r\nHost: pool.contoso.com\r\nX-Filler: "
    w.packet(tcp(client, SERVER, sport, 80, seq - 1, 0, SYN))
    w.packet(tcp(SERVER, client, 80, sport, 5000, seq, SYN | ACK, src_mac=SERVER_MAC, dst_mac=CLIENT_MAC))
    filler = b"a" * MSS
    sent = 0
    while sent < size:
        data = ((start + filler)[:MSS] if sent == 0 else filler)[:size - sent]
        w.packet(tcp(client, SERVER, sport, 80, seq, 5001, PSH_ACK, data))
        seq += len(data)
        sent += len(data)
    # The same connection then sends a request the tool must read, and gets its answer.
    w.packet(tcp(client, SERVER, sport, 80, seq, 5001, PSH_ACK, MEX))
    w.packet(tcp(SERVER, client, 80, sport, 5001, seq + len(MEX), PSH_ACK, OK,
                 src_mac=SERVER_MAC, dst_mac=CLIENT_MAC))


def flows(w, n):
    for i in range(n):
        client, sport = client_ip(i), 1024 + i % 60000
        w.packet(tcp(client, SERVER, sport, 443, 1000, 0, SYN))
        if i % 2:
            w.packet(tcp(client, SERVER, sport, 443, 1001, 0, PSH_ACK, TLS_HELLO_START))
    exchange(w, bytes((10, 0, 0, 2)), 50000, MEX, OK)


def budget(w, n):
    post = (b"POST /WebTicket/WebTicketService.svc HTTP/1.1\r\nHost: pool.contoso.com\r\n"
            b"Content-Length: 1000000\r\n\r\n" + b"<" * 60000)
    for i in range(n):
        client, sport = client_ip(i), 1024 + i % 60000
        w.packet(tcp(client, SERVER, sport, 80, 1000, 0, SYN))
        if i % 50 == 49:
            w.packet(tcp(client, SERVER, sport, 80, 1001, 0, PSH_ACK, post))
        else:
            w.packet(tcp(client, SERVER, sport, 80, 1002, 0, PSH_ACK, b"x" * MSS))


def dhcp(w, n):
    options = (b"\x63\x82\x53\x63" + b"\x35\x01\x08" +            # DHCPINFORM
               b"\x3c\x0c" + b"MS-UC-Client" +                     # vendor class
               b"\x37\x03\x01\x2b\x78" + b"\xff")                  # asks for 1, 43, 120
    for i in range(n):
        mac, ip = b"\x02" + struct.pack("!I", i) + b"\x01", client_ip(i)
        bootp = (struct.pack("!BBBBIHH", 1, 1, 6, 0, 0x10000000 + i, 0, 0) + ip + bytes(12) +
                 mac + bytes(10) + bytes(192) + options)
        udp = UDP.pack(68, 67, 8 + len(bootp), 0) + bootp
        w.packet(ipv4(ip, b"\xff\xff\xff\xff", 17, udp, src_mac=mac, dst_mac=b"\xff" * 6))


def main():
    kinds = {"header": header, "flows": flows, "dhcp": dhcp, "budget": budget}
    if len(sys.argv) != 4 or sys.argv[1] not in kinds:
        sys.exit(__doc__)
    w = Writer(sys.argv[3])
    kinds[sys.argv[1]](w, int(sys.argv[2]))
    w.close()


if __name__ == "__main__":
    main()

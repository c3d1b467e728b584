#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Rebuild the seed corpora (corpus/<target>/) from the reference captures.

Seeds are small pieces of real lab traffic: DHCP and DNS payloads, TLS
records, Export PDU records, HTTP messages and their diagnostics headers;
for fuzz_packet whole frames, one of each kind per link type, behind the
byte that names their link type (the lab's Ethernet frames also framed anew
as the link types no capture has); and for fuzz_engine each capture's first
frames as its records, and a clear-text capture's TCP payloads as decrypted
bytes, as the plugin hands them over; for fuzz_certificate the server's
clear handshake flight (record contents back to back, as app_tls.c keeps
them) and the root chain's PKCS#7; for fuzz_http also NTLM's legs from the
pidgin-sipe captures, decrypted.
Usage: make-seeds.py  (from anywhere; writes next to this script)
"""
import hashlib
import os
import re
import shutil
import struct
import subprocess

from scapy.all import RawPcapReader, Ether, UDP, TCP
from scapy.layers.l2 import CookedLinuxV2

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
CAPTURES = [os.path.join(TOP, "captures", n) for n in sorted(os.listdir(os.path.join(TOP, "captures")))
            if n.endswith((".pcapng", ".pcap"))]
CAPTURES.append(os.path.join(TOP, "tests", "data", "malformed-diagnostics.pcap"))
MAX_SEEDS, MAX_SEED_LEN = {"fuzz_packet": 64, "fuzz_engine": 40, "fuzz_http": 26}, 2048
MAX_FLIGHT_LEN = 16384
MAX_ENGINE_SEED_LEN = 16384
MAX_FRAME_LEN = 8192
LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2, LINKTYPE_EXPORTED_PDU = 1, 276, 252
# fuzz_packet.c's table: the first byte of a seed is the index of its link type.
LINK_INDEX = {"ethernet": 0, "sll": 1, "sll2": 2, "raw": 3, "ipv4": 4, "ipv6": 5, "null": 6, "loop": 7, "pdu": 8}
AF_INET, AF_INET6_LINUX, AF_INET6_DARWIN = 2, 10, 30

seeds = {}
# fuzz_engine.c's record kinds: its link type table, then decrypted bytes from the phone, from the server.
ENGINE_KIND = {LINKTYPE_ETHERNET: 0, LINKTYPE_LINUX_SLL2: 2, LINKTYPE_EXPORTED_PDU: 8}
FROM_PHONE, FROM_SERVER = 9, 10


def add(target, data, max_len=MAX_SEED_LEN):
    data = bytes(data[:max_len])
    if data:
        seeds.setdefault(target, {})[hashlib.sha1(data).hexdigest()] = data


def ip_kind(ip):
    """What an IP packet carries: dhcp, dns, tls<content type>, http, tcp-syn, tcp, udp or ip."""
    version = ip[0] >> 4 if ip else 0
    if version == 4 and len(ip) >= 20:
        proto, l4 = ip[9], ip[(ip[0] & 15) * 4:]
    elif version == 6 and len(ip) >= 40:
        proto, l4 = ip[6], ip[40:]
    else:
        return None
    if proto == 17 and len(l4) >= 8:
        ports = struct.unpack_from(">HH", l4)
        return "dhcp" if 67 in ports else "dns" if 53 in ports else "udp"
    if proto == 6 and len(l4) >= 20:
        data = l4[(l4[12] >> 4) * 4:]
        if data[:1] in (b"\x14", b"\x15", b"\x16", b"\x17"):
            return "tls%d" % data[0]
        if data[:4] in (b"HTTP", b"POST", b"GET "):
            return "http"
        return "tcp-syn" if l4[13] & 2 else "tcp"
    return "ip"


def ether_ip(frame):
    """The IP packet of an Ethernet frame, after any VLAN tags, and whether it was tagged."""
    off = 12
    while len(frame) >= off + 6 and frame[off:off + 2] in (b"\x81\x00", b"\x88\xa8"):
        off += 4
    return (frame[off + 2:] if frame[off:off + 2] in (b"\x08\x00", b"\x86\xdd") else b""), off > 12


def reframed(frame, ip):
    """An Ethernet frame's IP packet behind the headers of the other link types."""
    v6 = ip[0] >> 4 == 6
    family = AF_INET6_LINUX if v6 else AF_INET
    yield "sll", struct.pack(">HHH6sxxH", 0, 1, 6, frame[6:12], 0x86DD if v6 else 0x0800) + ip
    yield "raw", ip
    yield "ipv6" if v6 else "ipv4", ip
    yield "null", struct.pack("<I", family) + ip
    yield "loop", struct.pack(">I", AF_INET6_DARWIN if v6 else AF_INET) + ip


packet_kinds = set()


def packet_seed(link, kind, frame):
    """The first frame of each kind on each link type."""
    if kind is not None and (link, kind) not in packet_kinds:
        packet_kinds.add((link, kind))
        add("fuzz_packet", bytes([LINK_INDEX[link]]) + frame, MAX_FRAME_LEN)


def frame_seeds(linktype, data):
    if linktype == LINKTYPE_EXPORTED_PDU:
        pdu = epdu_payload(data)
        packet_seed("pdu", "response" if pdu[:5] == b"HTTP/" else "sip" if b"SIP/2.0" in pdu[:200] else "request",
                    data)
    elif linktype == LINKTYPE_LINUX_SLL2:
        packet_seed("sll2", ip_kind(data[20:]), data)
    elif linktype == LINKTYPE_ETHERNET:
        ip, tagged = ether_ip(data)
        kind = ip_kind(ip)
        packet_seed("ethernet", kind and (kind + "-vlan" if tagged else kind + "-v%d" % (ip[0] >> 4)), data)
        if kind in ("dhcp", "dns", "tls22", "http"):
            for link, frame in reframed(data, ip):
                packet_seed(link, kind, frame)


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


def ntlm_seeds(path):
    """NTLM's legs from a pidgin-sipe capture (decrypted by tshark with its embedded keys), each in
    the smallest message that carries it: a request with its Authorization, a 401 with its
    WWW-Authenticate."""
    out = subprocess.run(["tshark", "-r", path, "-Y", "http.authorization or http.www_authenticate", "-T", "fields",
                          "-e", "http.authorization", "-e", "http.www_authenticate"],
                         capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        auth, _, offer = line.partition("\t")
        if auth:
            add("fuzz_http", b"POST /WebTicket/WebTicketService.svc HTTP/1.1\r\nAuthorization: " + auth.encode() +
                b"\r\nContent-Length: 0\r\n\r\n")
        for value in filter(None, offer.split(",")):
            add("fuzz_http", b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: " + value.encode() +
                b"\r\nContent-Length: 0\r\n\r\n")


def certificate_seeds(path):
    """The server's handshake flight on 443 (up to its first other record) and the root chain's body on 80."""
    streams = {}
    reader = RawPcapReader(path)
    for data, meta in reader:
        if (getattr(meta, "linktype", None) or getattr(reader, "linktype", None)) != LINKTYPE_ETHERNET:
            continue
        tcp = Ether(data).getlayer(TCP)
        if tcp is not None and tcp.sport in (80, 443) and bytes(tcp.payload):
            streams[(tcp.sport, tcp.dport)] = streams.get((tcp.sport, tcp.dport), b"") + bytes(tcp.payload)
    reader.close()
    for (sport, _), stream in streams.items():
        if sport == 80 and stream.startswith(b"HTTP/1.1 200") and b"\r\n\r\n" in stream:
            add("fuzz_certificate", stream.split(b"\r\n\r\n", 1)[1], MAX_FLIGHT_LEN)
            continue
        flight, off = b"", 0
        while off + 5 <= len(stream) and stream[off] == 22:
            n = struct.unpack(">H", stream[off + 3:off + 5])[0]
            flight += stream[off + 5:off + 5 + n]
            off += 5 + n
        if b"\x0b" in flight:
            add("fuzz_certificate", flight, MAX_FLIGHT_LEN)


def engine_record(kind, data):
    data = data[:0xffff]
    return bytes([kind]) + struct.pack(">H", len(data)) + data


def engine_seeds(path):
    """The capture's frames as fuzz_engine records, and its clear TCP payloads as decrypted bytes."""
    frames, plain = [], []
    reader = RawPcapReader(path)
    for data, meta in reader:
        linktype = getattr(meta, "linktype", None) or getattr(reader, "linktype", None)
        if linktype not in ENGINE_KIND:
            continue
        frames.append(engine_record(ENGINE_KIND[linktype], data))
        if linktype == LINKTYPE_ETHERNET:
            tcp = Ether(data).getlayer(TCP)
            payload = bytes(tcp.payload) if tcp is not None else b""
            if payload and not payload.startswith(b"\x16\x03") and not payload.startswith(b"\x17\x03"):
                plain.append(engine_record(FROM_SERVER if tcp.sport in (80, 443, 8080) else FROM_PHONE, payload))
    reader.close()
    for records in (frames, plain):
        data = b""
        for r in records:
            if len(data) + len(r) > MAX_ENGINE_SEED_LEN:
                break
            data += r
        add("fuzz_engine", data, MAX_ENGINE_SEED_LEN)


def main():
    for path in CAPTURES:
        engine_seeds(path)
        certificate_seeds(path)
        if os.path.basename(path).startswith("sipe-"):
            ntlm_seeds(path)
        reader = RawPcapReader(path)
        for data, meta in reader:
            # pcapng gives the link type per packet, pcap per file.
            linktype = getattr(meta, "linktype", None) or getattr(reader, "linktype", None)
            frame_seeds(linktype, data)
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
        limit = MAX_SEEDS.get(target, 20)
        for digest, data in sorted(by_hash.items(), key=lambda kv: (len(kv[1]), kv[0]))[:limit]:
            with open(os.path.join(corpus, target, digest[:16]), "wb") as f:
                f.write(data)
        print("%-18s %d seeds" % (target, min(len(by_hash), limit)))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""lyncgen: large synthetic captures of Lync / Skype for Business desk phones
signing in with extension and PIN, plus a ground-truth JSON.

The conversation of each phone follows ../lab/WIRE.md (DHCPINFORM/ACK with
option 43 and 120, DNS for the pool, the CertProv / WebTicket HTTP exchanges,
SIP over TLS to 5061); its messages come from ../lab/lync_wire.py, the module
the lab's server and phone build theirs with.  Background noise (other hosts'
TCP/UDP/ARP/DHCP, other HTTP, other TLS) is interleaved.  Output: classic
pcap, Ethernet, microseconds.

Python standard library only (and ../lab/lync_wire.py, found relative to this
file).  Frames are built with struct from pre-computed templates; checksums
use the fact that the one's-complement sum of 16-bit words equals the plain
sum modulo 0xFFFF, so constant parts are summed once.
Run with --help for the options; README.md beside this file has examples.
"""

import argparse
import functools
import heapq
import json
import os
import queue
import random
import struct
import sys
import threading
import time

# The lab's wire content (../lab/lync_wire.py): names, HTTP/SOAP messages, SIP,
# the phone's DHCP and DNS, ids derived from the MAC.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, 'lab'))
import lync_wire as wire  # noqa: E402
from lync_wire import (  # noqa: E402
    CERTPROV_PATH, DOMAIN, GOOD_PIN, LOCK_AFTER, PIN_PATH, POOL_FQDN, SIP_FQDN, WEBTICKET_PATH, WRONG_PIN,
    bootp, bootp_pad, dhcp_inform, dhcp_option, dns_name, dns_query)

# --------------------------------------------------------------------------
# Names and addresses (../lab/WIRE.md)

FIRST_USER = 1234
SERVER_IP = bytes([10, 9, 0, 1])
SERVER_MAC = bytes.fromhex('02000a090001')  # the lab server's bridge
PHONE_OUI = bytes.fromhex('0004f2')         # Polycom
BCAST_MAC = b'\xff' * 6
BCAST_IP = b'\xff' * 4
BASE_URL = wire.BASE_URL
CERTPROV_URL = BASE_URL + CERTPROV_PATH
STEP_US = round(wire.STEP * 1e6)            # the lab phone's pause before each DNS query,
                                            # HTTP request and the SIP connection
PUBLISH_US = round(wire.PUBLISH_TIME * 1e6)  # GetAndPublishCert's time on the lab server

SCENARIOS = ['signed_in', 'pin_rejected', 'auth_failed', 'no_response',
             'server_error', 'no_provisioning', 'dhcp_no_reply', 'dns_failure',
             'tls_failure', 'incomplete']
ALIASES = {'lockout': 'auth_failed', 'locked': 'auth_failed', 'hung': 'no_response',
           'dhcp_noreply': 'dhcp_no_reply', 'no_dhcp_reply': 'dhcp_no_reply',
           'dhcp': 'dhcp_no_reply', 'dns': 'dns_failure', 'tls': 'tls_failure'}
OUTCOME = {s: s for s in SCENARIOS}
OUTCOME['dhcp_no_reply'] = 'no_provisioning'
KEY_KIND = {'signed_in': 'certificate_issued', 'pin_rejected': 'http_response',
            'auth_failed': 'http_response', 'server_error': 'http_response',
            'no_response': 'no_response', 'no_provisioning': 'dhcp_ack',
            'dhcp_no_reply': 'dhcp_no_reply', 'dns_failure': 'dns_failure',
            'tls_failure': 'tls_alert', 'incomplete': 'last_frame'}
# Upper bound of one phone's sign-in duration (s), checked when it is built.
BOUND_S = {'signed_in': 8, 'pin_rejected': 6, 'auth_failed': 8, 'no_response': 38,
           'server_error': 6, 'no_provisioning': 1, 'dhcp_no_reply': 10,
           'dns_failure': 3, 'tls_failure': 3, 'incomplete': 8}
DEFAULT_MIX = ('signed_in=60,pin_rejected=15,auth_failed=3,no_response=5,server_error=4,'
               'no_provisioning=3,dhcp_no_reply=2,dns_failure=3,tls_failure=4,incomplete=1')
HUNG_TIMEOUT_US = round(wire.HTTP_TIMEOUT * 1e6)  # the phone gives up on a silent request
DHCP_RETRY_US = round(wire.DHCP_WAIT * 1e6)       # 3 INFORMs, 4 s apart
DEFAULT_START = 1710230400      # 2024-03-12 08:00:00 UTC

# --------------------------------------------------------------------------
# Frame building

M32 = 0xFFFFFFFF
FIN, SYN, RST, PSH, ACK = 0x01, 0x02, 0x04, 0x08, 0x10
PA = PSH | ACK
_IPTCP = struct.Struct('!BBHHHBBH4s4sHHIIHHHH')
_IPUDP = struct.Struct('!BBHHHBBH4s4sHHHH')
_IPUDPRTP = struct.Struct('!BBHHHBBH4s4sHHHHBBHII')
_REC = struct.Struct('<IIII')
_U16 = struct.Struct('!H')
MSS = 1460


def wsum(b):
    """Sum of the big-endian 16-bit words of b, modulo 0xFFFF (b starts at an even offset)."""
    n = int.from_bytes(b, 'big')
    if len(b) & 1:
        n <<= 8
    return n % 65535


class Path:
    """One direction between two hosts: Ethernet header and partial checksums."""
    __slots__ = ('eth', 'src', 'dst', 'ttl', 'ipb_tcp', 'ipb_udp', 'pb_tcp', 'pb_udp')

    def __init__(self, smac, dmac, sip, dip, ttl):
        self.eth = dmac + smac + b'\x08\x00'
        self.src, self.dst, self.ttl = sip, dip, ttl
        ws = wsum(sip + dip)
        # IP and TCP sums are kept minus one: checksum = 65534 - (sum - 1) % 65535
        # gives 0x0000 rather than 0xFFFF when the sum is 0xFFFF (RFC 1624).
        # UDP keeps the plain sum: there a computed 0x0000 is sent as 0xFFFF.
        self.ipb_tcp = 0x4500 + 0x4000 + ((ttl << 8) | 6) + ws - 1
        self.ipb_udp = 0x4500 + ((ttl << 8) | 17) + ws - 1
        self.pb_tcp = ws + 6 - 1
        self.pb_udp = ws + 17


def tcp_frame(p, ipid, sport, dport, seq, ack, flags, win, payload, psum, opts=b'', osum=0):
    hl = 20 + len(opts)
    seglen = hl + len(payload)
    tl = 20 + seglen
    offf = (hl << 10) | flags
    ipck = 65534 - (p.ipb_tcp + tl + ipid) % 65535
    ck = 65534 - (p.pb_tcp + seglen + sport + dport + (seq >> 16) + (seq & 0xFFFF) +
                   (ack >> 16) + (ack & 0xFFFF) + offf + win + osum + psum) % 65535
    return (p.eth + _IPTCP.pack(0x45, 0, tl, ipid, 0x4000, p.ttl, 6, ipck, p.src, p.dst,
                                sport, dport, seq, ack, offf, win, ck, 0) + opts + payload)


def udp_frame(p, ipid, sport, dport, payload, psum=None):
    if psum is None:
        psum = wsum(payload)
    ul = 8 + len(payload)
    tl = 20 + ul
    ipck = 65534 - (p.ipb_udp + tl + ipid) % 65535
    ck = 0xFFFF - (p.pb_udp + ul + sport + dport + ul + psum) % 65535
    return (p.eth + _IPUDP.pack(0x45, 0, tl, ipid, 0, p.ttl, 17, ipck, p.src, p.dst,
                                sport, dport, ul, ck) + payload)


def arp_frame(op, smac, sip, tmac, tip):
    dmac = BCAST_MAC if op == 1 else tmac
    return (dmac + smac + b'\x08\x06\x00\x01\x08\x00\x06\x04' + _U16.pack(op) +
            smac + sip + (b'\x00' * 6 if op == 1 else tmac) + tip)


OPT_SYN_C = bytes.fromhex('020405b40101040201030307')   # MSS 1460, SACK perm, WS 7
OPT_SYN_S = bytes.fromhex('020405b40103030801010402')   # MSS 1460, WS 8, SACK perm
OSUM_C, OSUM_S = wsum(OPT_SYN_C), wsum(OPT_SYN_S)


class TCP:
    """A TCP connection whose frames are produced in wire order (seq/ack consistent)."""
    __slots__ = ('cp', 'sp', 'cport', 'sport', 'cseq', 'sseq', 'cid', 'sid', 'cwin', 'swin')

    def __init__(self, cp, sp, cport, sport, cisn, sisn, cid, sid, cwin=229, swin=513):
        self.cp, self.sp, self.cport, self.sport = cp, sp, cport, sport
        self.cseq, self.sseq, self.cid, self.sid = cisn, sisn, cid, sid
        self.cwin, self.swin = cwin, swin

    def syn(self):
        f = tcp_frame(self.cp, self.cid, self.cport, self.sport, self.cseq, 0, SYN, 29200,
                      b'', 0, OPT_SYN_C, OSUM_C)
        self.cseq = (self.cseq + 1) & M32
        self.cid = (self.cid + 1) & 0xFFFF
        return f

    def synack(self):
        f = tcp_frame(self.sp, self.sid, self.sport, self.cport, self.sseq, self.cseq,
                      SYN | ACK, 8192, b'', 0, OPT_SYN_S, OSUM_S)
        self.sseq = (self.sseq + 1) & M32
        self.sid = (self.sid + 1) & 0xFFFF
        return f

    def c(self, payload=b'', flags=PA, psum=None):
        if psum is None:
            psum = wsum(payload) if payload else 0
        f = tcp_frame(self.cp, self.cid, self.cport, self.sport, self.cseq, self.sseq,
                      flags, self.cwin, payload, psum)
        self.cseq = (self.cseq + len(payload) + (flags & FIN)) & M32
        self.cid = (self.cid + 1) & 0xFFFF
        return f

    def s(self, payload=b'', flags=PA, psum=None):
        if psum is None:
            psum = wsum(payload) if payload else 0
        f = tcp_frame(self.sp, self.sid, self.sport, self.cport, self.sseq, self.cseq,
                      flags, self.swin, payload, psum)
        self.sseq = (self.sseq + len(payload) + (flags & FIN)) & M32
        self.sid = (self.sid + 1) & 0xFFFF
        return f


def split(data, cut=0):
    """Cut data into segments of at most MSS bytes, plus one extra cut at `cut`."""
    out = []
    if 0 < cut < len(data) and cut < MSS:
        out.append(data[:cut])
        data = data[cut:]
    for i in range(0, len(data), MSS):
        out.append(data[i:i + MSS])
    return out


# --------------------------------------------------------------------------
# DER certificates (syntactically valid X.509 with random key and signature)

def _dlen(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([0x80 | len(b)]) + b


def tlv(tag, c):
    return bytes([tag]) + _dlen(len(c)) + c


def dseq(*xs):
    return tlv(0x30, b''.join(xs))


@functools.lru_cache(maxsize=None)
def oid(s):
    p = [int(x) for x in s.split('.')]
    out = bytearray([40 * p[0] + p[1]])
    for v in p[2:]:
        enc = [v & 0x7F]
        v >>= 7
        while v:
            enc.append(0x80 | (v & 0x7F))
            v >>= 7
        out += bytes(reversed(enc))
    return tlv(6, bytes(out))


def dint(b):
    b = b.lstrip(b'\x00') or b'\x00'
    if b[0] & 0x80:
        b = b'\x00' + b
    return tlv(2, b)


def dname(cn, o='Contoso Lab'):
    return dseq(tlv(0x31, dseq(oid('2.5.4.6'), tlv(0x13, b'US'))),
                tlv(0x31, dseq(oid('2.5.4.10'), tlv(0x0C, o.encode()))),
                tlv(0x31, dseq(oid('2.5.4.3'), tlv(0x0C, cn.encode()))))


def dname_cn(cn):
    """Name with one CN, as openssl -subj "/CN=..." writes it."""
    return dseq(tlv(0x31, dseq(oid('2.5.4.3'), tlv(0x0C, cn.encode()))))


# The lab CA: /DC=test/DC=contoso/CN=contoso-LAB-CA
LAB_CA_NAME = dseq(tlv(0x31, dseq(oid('0.9.2342.19200300.100.1.25'), tlv(0x16, b'test'))),
                   tlv(0x31, dseq(oid('0.9.2342.19200300.100.1.25'), tlv(0x16, b'contoso'))),
                   tlv(0x31, dseq(oid('2.5.4.3'), tlv(0x0C, b'contoso-LAB-CA'))))
SIGALG = dseq(oid('1.2.840.113549.1.1.11'), b'\x05\x00')


def rsa_spki(rnd):
    return dseq(dseq(oid('1.2.840.113549.1.1.1'), b'\x05\x00'),
                tlv(3, b'\x00' + dseq(dint(b'\xc1' + rnd(255)), dint(b'\x01\x00\x01'))))


def make_cert(rnd, subject, issuer, sans=(), ca=False, serial=1,
              nb=b'240101000000Z', na=b'260101000000Z', keyids=False, exts=True):
    """A well-formed X.509 v3 certificate with a random key and signature.
    subject / issuer are CNs (str) or DER names (bytes)."""
    if isinstance(subject, str):
        subject = dname(subject)
    if isinstance(issuer, str):
        issuer = dname(issuer)
    if ca:
        ext = [dseq(oid('2.5.29.19'), tlv(1, b'\xff'), tlv(4, dseq(tlv(1, b'\xff')))),
               dseq(oid('2.5.29.15'), tlv(1, b'\xff'), tlv(4, tlv(3, b'\x01\x06')))]
    else:
        ext = [dseq(oid('2.5.29.19'), tlv(4, dseq())),
               dseq(oid('2.5.29.15'), tlv(4, tlv(3, b'\x05\xa0'))),
               dseq(oid('2.5.29.37'), tlv(4, dseq(oid('1.3.6.1.5.5.7.3.1'),
                                                  oid('1.3.6.1.5.5.7.3.2'))))]
    if keyids:
        ext.append(dseq(oid('2.5.29.14'), tlv(4, tlv(4, rnd(20)))))
        ext.append(dseq(oid('2.5.29.35'), tlv(4, dseq(tlv(0x80, rnd(20))))))
    if sans:
        ext.append(dseq(oid('2.5.29.17'), tlv(4, dseq(*[tlv(0x82, n.encode()) for n in sans]))))
    nbytes = max(1, (serial.bit_length() + 8) // 8)
    tbs = dseq(tlv(0xA0, dint(b'\x02')), dint(serial.to_bytes(nbytes, 'big')), SIGALG,
               issuer, dseq(tlv(0x17, nb), tlv(0x17, na)), subject, rsa_spki(rnd),
               *([tlv(0xA3, dseq(*ext))] if exts else []))
    return dseq(tbs, SIGALG, tlv(3, b'\x00' + rnd(256)))


def make_csr(rnd, cn):
    """A well-formed PKCS#10 request (RSA 2048, random key and signature)."""
    cri = dseq(dint(b'\x00'), dname_cn(cn), rsa_spki(rnd), tlv(0xA0, b''))
    return dseq(cri, SIGALG, tlv(3, b'\x00' + rnd(256)))


# --------------------------------------------------------------------------
# TLS 1.2 records (no real cryptography: encrypted parts are random bytes)

def u16(n):
    return n.to_bytes(2, 'big')


def u24(n):
    return n.to_bytes(3, 'big')


def tls_rec(ctype, body, ver=b'\x03\x03'):
    return bytes([ctype]) + ver + u16(len(body)) + body


def hs_msg(htype, body):
    return bytes([htype]) + u24(len(body)) + body


CIPHERS_C = bytes.fromhex('c030c02cc028c024c014c00a009d009c003d003c0035002f00ff')


def client_hello_parts(sni):
    """ClientHello record split around its 32-byte random: (prefix, suffix)."""
    name = sni.encode()
    sni_ext = b'\x00\x00' + u16(len(name) + 5) + u16(len(name) + 3) + b'\x00' + u16(len(name)) + name
    exts = (sni_ext + bytes.fromhex('000a00080006001d00170018') + bytes.fromhex('000b00020100') +
            bytes.fromhex('000d0012001004010501060104030503060302010203') +
            bytes.fromhex('00170000') + bytes.fromhex('ff01000100'))
    tail = b'\x00' + u16(len(CIPHERS_C)) + CIPHERS_C + b'\x01\x00' + u16(len(exts)) + exts
    blen = 2 + 32 + len(tail)
    pre = b'\x16\x03\x01' + u16(blen + 4) + b'\x01' + u24(blen) + b'\x03\x03'
    return pre, tail


def server_flight_parts(chain, cipher=b'\x00\x9d'):
    """ServerHello + Certificate + ServerHelloDone in one record, split around
    random(32)+session id(32): (prefix, suffix)."""
    sh_exts = bytes.fromhex('ff01000100') + bytes.fromhex('00170000')
    sh_tail = cipher + b'\x00' + u16(len(sh_exts)) + sh_exts
    sh_len = 2 + 32 + 1 + 32 + len(sh_tail)
    certs = b''.join(u24(len(c)) + c for c in chain)
    cert_msg = hs_msg(11, u24(len(certs)) + certs)
    done = hs_msg(14, b'')
    total = 4 + sh_len + len(cert_msg) + len(done)
    pre = b'\x16\x03\x03' + u16(total) + b'\x02' + u24(sh_len) + b'\x03\x03'
    return pre, b'\x20', sh_tail + cert_msg + done


CCS = tls_rec(20, b'\x01')
APP_OVERHEAD = 24           # AES-GCM: 8-byte explicit nonce + 16-byte tag

# The lab's TLS (../lab/WIRE.md): Python's ssl module on OpenSSL 3, TLS 1.2 only
# on the server, ECDHE-RSA-AES256-GCM-SHA384 with x25519, no session tickets.
OSSL_CIPHERS = bytes.fromhex(
    '130213031301c02cc030009fcca9cca8ccaac02bc02f009ec024c028006bc023c0270067'
    'c00ac0140039c009c0130033009d009c003d003c0035002f00ff')
OSSL_GROUPS = bytes.fromhex('001d0017001e0019001801000101010201030104')
OSSL_SIGALGS = bytes.fromhex(
    '040305030603080708080809080a080b080408050806040105010601030303010302040205020602')


def openssl_client_hello_parts(sni):
    """OpenSSL 3's ClientHello (TLS 1.3-capable, padded to 512 bytes) as
    (prefix, middle, suffix) around random(32) + 0x20 + session id(32) and
    the x25519 key share (32): CH = pre + random + b'\\x20' + sid + mid + key + post."""
    name = sni.encode()
    exts = (b'\x00\x00' + u16(len(name) + 5) + u16(len(name) + 3) + b'\x00' + u16(len(name)) + name +
            bytes.fromhex('000b000403000102') + b'\x00\x0a' + u16(len(OSSL_GROUPS) + 2) +
            u16(len(OSSL_GROUPS)) + OSSL_GROUPS + bytes.fromhex('002300000016000000170000') +
            b'\x00\x0d' + u16(len(OSSL_SIGALGS) + 2) + u16(len(OSSL_SIGALGS)) + OSSL_SIGALGS +
            bytes.fromhex('002b0005040304030300' '2d00020101') + bytes.fromhex('003300260024001d0020'))
    fixed = 2 + 32 + 1 + 32 + 2 + len(OSSL_CIPHERS) + 2 + 2
    hs_len = 4 + fixed + len(exts) + 32
    pad = b''
    if 255 < hs_len < 512:
        n = max(1, 512 - hs_len - 4)
        pad = b'\x00\x15' + u16(n) + b'\x00' * n
    ext_len = len(exts) + 32 + len(pad)
    body_len = fixed + ext_len
    pre = b'\x16\x03\x01' + u16(body_len + 4) + b'\x01' + u24(body_len) + b'\x03\x03'
    mid = u16(len(OSSL_CIPHERS)) + OSSL_CIPHERS + b'\x01\x00' + u16(ext_len) + exts
    return pre, mid, pad


def openssl_server_flight_parts(cert):
    """ServerHello, Certificate, ServerKeyExchange (x25519, RSA-PSS) and
    ServerHelloDone, each in its own record, as (pre, mid, post) around
    random(32) + 0x20 + session id(32) and the x25519 key(32); the 256-byte
    signature follows post: SF = pre + random + b'\\x20' + sid + mid + key + post + sig + done."""
    sh_tail = b'\xc0\x30\x00' + u16(17) + bytes.fromhex('ff01000100' '000b000403000102' '00170000')
    sh_len = 2 + 32 + 1 + 32 + len(sh_tail)
    pre = b'\x16\x03\x03' + u16(sh_len + 4) + b'\x02' + u24(sh_len) + b'\x03\x03'
    certs = u24(len(cert)) + cert
    mid = sh_tail + tls_rec(22, hs_msg(11, u24(len(certs)) + certs))
    mid += b'\x16\x03\x03' + u16(300) + b'\x0c' + u24(296) + b'\x03\x00\x1d\x20'
    post = b'\x08\x04\x01\x00'
    done = tls_rec(22, hs_msg(14, b''))
    return pre, mid, post, done


def openssl_client_finish(key32, fin40):
    return tls_rec(22, hs_msg(16, b'\x20' + key32)) + CCS + tls_rec(22, fin40)


class Pool:
    """A deterministic block of random bytes, handed out in slices."""

    def __init__(self, rng, size=1 << 20):
        self.b = rng.getrandbits(8 * size).to_bytes(size, 'little')
        self.size = size

    def take(self, rng, n):
        if n > self.size:
            return (self.b * (n // self.size + 1))[:n]
        off = int(rng.random() * (self.size - n))
        return self.b[off:off + n]


# --------------------------------------------------------------------------
# The server's DNS and DHCP answers, as dnsmasq writes them (the phone's
# queries are the lab's own, from lync_wire)

def dns_response(qid, name, qtype=1, rcode=0, addrs=(), ttl=0, soa=False, aa=True):
    flags = 0x8180 | (0x0400 if aa else 0) | rcode
    q = dns_name(name) + struct.pack('!HH', qtype, 1)
    ans = b''
    for a in addrs:
        if qtype == 1:
            ans += b'\xc0\x0c' + struct.pack('!HHIH', 1, 1, ttl, 4) + a
        else:
            ans += b'\xc0\x0c' + struct.pack('!HHIH', 28, 1, ttl, 16) + a
    auth = b''
    if soa:
        # pointer to the zone (the last two labels of the query name)
        labels = name.split('.')
        off = 12 + sum(len(x) + 1 for x in labels[:-2])
        ptr = struct.pack('!H', 0xC000 | off)
        rdata = (b'\x03ns1' + ptr + b'\x0ahostmaster' + ptr +
                 struct.pack('!IIIII', 2024031201, 3600, 600, 86400, 300))
        auth = ptr + struct.pack('!HHIH', 6, 1, 300, len(rdata)) + rdata
    return (struct.pack('!HHHHHH', qid, flags, 1, len(addrs), 1 if soa else 0, 0) + q + ans + auth)


OPT43 = wire.option43()
OPT120 = wire.option120()


def dhcp_ack(xid, mac, ip, mask, bare=False):
    """dnsmasq's DHCPACK: options 53, 54, 1, 28, 120, 43, 60, END; `bare`: a
    scope without the MS-UC-Client vendor options (no 43, no 60)."""
    bcast = bytes(a | (~m & 0xFF) for a, m in zip(ip, mask))
    o = (dhcp_option(53, b'\x05') + dhcp_option(54, SERVER_IP) + dhcp_option(1, mask) +
         dhcp_option(28, bcast) + dhcp_option(120, OPT120))
    if not bare:
        o += dhcp_option(43, OPT43) + dhcp_option(60, wire.VENDOR_CLASS.encode())
    return bootp_pad(bootp(2, xid, mac, ciaddr=ip, siaddr=SERVER_IP, options=o + b'\xff'))


# --------------------------------------------------------------------------
# HTTP messages of the Lync web services: the lab's own (../lab/lync_wire.py)

MEX_CERTPROV = wire.certprov_mex().encode()
MEX_WEBTICKET = wire.webticket_mex().encode()
SOAP_FAULT = wire.soap_fault().encode()


def http_request(method, path, body=b'', action=None, auth=None):
    """The lab phone's request as (head, body): one write of both."""
    return wire.request_head(method, path, POOL_FQDN, wire.soap_headers(action, auth) if action else None,
                             body), body


# --------------------------------------------------------------------------
# Shared state: templates built once per run

class World:
    def __init__(self, seed, mask):
        r = random.Random(seed * 7919 + 17)
        self.pool = Pool(r)
        self.mask = mask

        def rb(n):
            return r.getrandbits(8 * n).to_bytes(n, 'big')

        # the lab's server certificate: CN and SANs, issued by the lab CA
        srv = make_cert(rb, dname_cn(POOL_FQDN), LAB_CA_NAME, sans=(POOL_FQDN, SIP_FQDN),
                        serial=0x1001, keyids=True, nb=b'240101000000Z', na=b'250101000000Z')
        self.ch = {POOL_FQDN: openssl_client_hello_parts(POOL_FQDN),
                   SIP_FQDN: openssl_client_hello_parts(SIP_FQDN)}
        self.sf = openssl_server_flight_parts(srv)


def phone_addr(idx):
    """MAC and IPv4 address of phone idx (0-based): 00:04:f2:00:00:01 and
    10.9.0.11 for the first, host numbers 1..254 only."""
    pos = idx + 10
    o3 = pos // 254
    return PHONE_OUI + (idx + 1).to_bytes(3, 'big'), bytes([10, 9 + o3 // 256, o3 % 256, pos % 254 + 1])


def utc_time(t_us):
    return time.strftime('%y%m%d%H%M%SZ', time.gmtime(t_us // 1000000)).encode()


class Phone:
    """Builds one phone's packets, a list of (t_us, frame), in wire order, and
    notes the decisive frame.  What the lab phone derives from its MAC (DHCP
    xid, DNS ids, GUIDs, entropy) is derived the same way; the rest comes from
    the phone's own random generator."""

    def __init__(self, w, idx, scenario, mode, start_us, seed):
        self.w = w
        self.idx = idx
        self.scenario = scenario
        self.mode = mode
        self.start = start_us
        self.r = r = random.Random(seed * 1000003 + idx)
        self.mac, self.ipb = phone_addr(idx)
        self.ip = '.'.join(str(b) for b in self.ipb)
        self.user = str(FIRST_USER + idx)
        self.p2s = Path(self.mac, SERVER_MAC, self.ipb, SERVER_IP, 64)
        self.s2p = Path(SERVER_MAC, self.mac, SERVER_IP, self.ipb, 64)
        self.p2b = Path(self.mac, BCAST_MAC, self.ipb, BCAST_IP, 64)
        self.pk = []
        self.key = -1
        self.user_idx = -1      # the request showing the user in clear text
        self.cert_idx = -1      # first frame of the answer to GetAndPublishCert
        self.pid = r.getrandbits(16)
        self.sid = r.getrandbits(16)
        self.port = 32768 + r.getrandbits(14)
        self.d = 20 + int(r.random() * 200)           # one-way delay (us)
        self.lastt = -1

    # -- low level
    def add(self, t, fr):
        if t <= self.lastt:
            t = self.lastt + 1
        self.lastt = t
        self.pk.append((t, fr))
        return t

    def us(self, a, b):
        return a + int((b - a) * self.r.random())

    def step(self, t):
        """The lab phone's pause before a DNS query, a request, the SIP connection."""
        return t + STEP_US + self.us(50, 3000)

    def rnd(self, n):
        return self.w.pool.take(self.r, n)

    def next_port(self):
        self.port += 1
        return self.port

    def pid_next(self):
        self.pid = (self.pid + 1) & 0xFFFF
        return self.pid

    def sid_next(self):
        self.sid = (self.sid + 1) & 0xFFFF
        return self.sid

    def udp_c(self, t, sport, dport, payload):
        return self.add(t, udp_frame(self.p2s, self.pid_next(), sport, dport, payload))

    def udp_s(self, t, sport, dport, payload):
        return self.add(t, udp_frame(self.s2p, self.sid_next(), sport, dport, payload))

    # -- TCP
    def tcp_open(self, t, dport):
        r = self.r
        conn = TCP(self.p2s, self.s2p, self.next_port(), dport, r.getrandbits(32), r.getrandbits(32),
                   (self.pid + 1) & 0xFFFF, (self.sid + 1) & 0xFFFF)
        t = self.add(t, conn.syn())
        t = self.add(t + self.d * 2 + 10, conn.synack())
        t = self.add(t + self.d * 2 + 10, conn.c(b'', ACK))
        return conn, t

    def send(self, conn, to_server, data, t, cut=0):
        """Send data as segments (back to back); the receiver ACKs every second
        segment.  Returns (time of the last segment, its index)."""
        segs = split(data, cut)
        n = len(segs)
        us = self.us
        last = -1
        for k, sg in enumerate(segs):
            fl = PA if k == n - 1 else ACK
            t = self.add(t, conn.c(sg, fl) if to_server else conn.s(sg, fl))
            last = len(self.pk) - 1
            if k & 1 and k < n - 1:
                t = self.add(t + us(5, 40), conn.s(b'', ACK) if to_server else conn.c(b'', ACK))
            t += us(5, 40)
        return t, last

    def ack_s(self, t):
        """The server's immediate ACK of what the phone sent."""
        return self.add(t + self.d * 2 + self.us(5, 40), self.conn.s(b'', ACK))

    def ack_c(self, t):
        return self.add(t + self.d * 2 + self.us(5, 40), self.conn.c(b'', ACK))

    def close(self, t):
        """The phone closes (FIN, no close_notify); the server follows."""
        conn = self.conn
        t = self.add(t, conn.c(b'', FIN | ACK))
        t = self.add(t + self.d * 2 + 10, conn.s(b'', ACK))
        t = self.add(t + self.us(40, 150), conn.s(b'', FIN | ACK))
        t = self.add(t + self.d * 2 + 10, conn.c(b'', ACK))
        self.pid, self.sid = conn.cid, conn.sid
        return t

    def tls_handshake(self, t, host, alert=None):
        """The lab's TLS 1.2 handshake.  With `alert`, the phone rejects the
        server's certificate: fatal alert, then RST.  Returns (t, alert index)."""
        conn, rnd = self.conn, self.rnd
        pre, mid, post = self.w.ch[host]
        t, _ = self.send(conn, True, pre + rnd(32) + b'\x20' + rnd(32) + mid + rnd(32) + post,
                         t + self.us(100, 500))
        t = self.ack_s(t)
        pre, mid, post, done = self.w.sf
        t, _ = self.send(conn, False, pre + rnd(32) + b'\x20' + rnd(32) + mid + rnd(32) + post +
                         rnd(256) + done, t + self.us(1000, 3500))
        t = self.ack_c(t)
        if alert is not None:
            t = self.add(t + self.us(200, 600), conn.c(tls_rec(21, b'\x02' + bytes([alert]))))
            kidx = len(self.pk) - 1
            t = self.ack_s(t)
            t = self.add(t + self.us(30, 80), conn.c(b'', RST | ACK))
            return t, kidx
        t = self.add(t + self.us(300, 900), conn.c(openssl_client_finish(rnd(32), rnd(40))))
        t = self.ack_s(t)
        t = self.add(t + self.us(150, 400), conn.s(CCS + tls_rec(22, rnd(40))))
        t = self.ack_c(t)
        return t, -1

    def wire(self, msg):
        """(head, body) as sent: clear text, or one TLS record (one write)."""
        h, b = msg
        if self.tls:
            return tls_rec(23, self.rnd(len(h) + len(b) + APP_OVERHEAD)), 0
        return h + b, len(h)

    def request(self, t, msg):
        """Phone's pause, the request, the server's ACK.  Returns (t, index of the
        request's last segment)."""
        data, hlen = self.wire(msg)
        cut = hlen if (hlen and self.r.random() < 0.25) else 0
        t, idx = self.send(self.conn, True, data, self.step(t), cut)
        return self.ack_s(t), idx

    def response(self, t, msg):
        """The server's answer and the phone's ACK.  Returns (t, index of the
        response's last segment)."""
        data, hlen = self.wire(msg)
        cut = hlen if (hlen and self.r.random() < 0.4) else 0
        t, idx = self.send(self.conn, False, data, t, cut)
        return self.ack_c(t), idx

    def issue_token(self, t, rst, cred):
        """IssueToken with Basic credentials (extension:PIN).  In clear text the
        first one shows the user (the extension; the claims of the request
        without credentials carry only the SIP URI): user_visible from there."""
        t, idx = self.request(t, http_request('POST', PIN_PATH, rst, wire.ACTION_ISSUE, cred))
        if not self.tls and self.user_idx < 0:
            self.user_idx = idx
        return t, idx

    # -- the sign-in (../lab/phone.py run())
    def build(self):
        r = self.r
        sc = self.scenario
        user, mac, ip = self.user, self.mac, self.ipb
        self.tls = tls = self.mode == 'tls'
        t = self.start
        xid = wire.dhcp_xid(mac)
        if sc == 'dhcp_no_reply':
            for k in range(3):
                self.add(self.start + k * DHCP_RETRY_US + self.us(0, 2000),
                         udp_frame(self.p2b, self.pid_next(), 68, 67, dhcp_inform(xid, mac, ip, 4 * k)))
            self.key = 0
            return
        self.add(t, udp_frame(self.p2b, self.pid_next(), 68, 67, dhcp_inform(xid, mac, ip)))
        t = self.udp_s(t + self.us(300, 1000), 67, 68,
                       dhcp_ack(xid, mac, ip, self.w.mask, bare=sc == 'no_provisioning'))
        if sc == 'no_provisioning':
            self.key = 1
            return
        # ARP for the pool (outside the lab's capture filter; a field capture has it)
        t = self.add(t + self.us(5000, 50000), arp_frame(1, mac, ip, SERVER_MAC, SERVER_IP))
        t = self.add(t + self.d * 2 + 10, arp_frame(2, SERVER_MAC, SERVER_IP, mac, ip))
        # DNS for the pool
        qid = wire.dns_id(mac, POOL_FQDN)
        port = self.next_port()
        t = self.udp_c(self.step(t), port, 53, dns_query(qid, POOL_FQDN))
        if sc == 'dns_failure':
            v = r.random()
            if v < 0.8:
                resp = dns_response(qid, POOL_FQDN, rcode=3, aa=False)     # dnsmasq's NXDOMAIN
            elif v < 0.9:
                resp = dns_response(qid, POOL_FQDN, rcode=2, aa=False)     # SERVFAIL
            else:
                resp = dns_response(qid, POOL_FQDN)                        # NOERROR, no address
            self.udp_s(t + self.d * 2 + self.us(50, 300), 53, port, resp)
            self.key = len(self.pk) - 1
            return
        t = self.udp_s(t + self.d * 2 + self.us(50, 300), 53, port,
                       dns_response(qid, POOL_FQDN, addrs=[SERVER_IP]))

        # one kept-alive connection for all the web service requests
        self.conn, t = self.tcp_open(t + self.us(500, 1500), 443 if (tls or sc == 'tls_failure') else 80)
        if sc == 'tls_failure':
            # the phone does not trust the lab CA: TLS in every --http mode
            t, self.key = self.tls_handshake(t, POOL_FQDN, alert=48)
            return
        if tls:
            t, _ = self.tls_handshake(t, POOL_FQDN)
        # 1, 2: the two WSDLs
        t, _ = self.request(t, http_request('GET', CERTPROV_PATH + '/mex'))
        t, _ = self.response(t + self.us(1000, 3000), wire.soap_ok(MEX_CERTPROV, t // 1000000))
        t, _ = self.request(t, http_request('GET', WEBTICKET_PATH + '/mex'))
        t, _ = self.response(t + self.us(1000, 3000), wire.soap_ok(MEX_WEBTICKET, t // 1000000))
        # 3: IssueToken: the challenge, then extension and PIN
        rst = wire.issue_token_request(mac, user, CERTPROV_URL).encode()
        t, _ = self.request(t, http_request('POST', PIN_PATH, rst, wire.ACTION_ISSUE))
        t, _ = self.response(t + self.us(150, 500), wire.unauthorized(t // 1000000))
        pin = GOOD_PIN if sc not in ('pin_rejected', 'auth_failed') else WRONG_PIN
        cred = '%s:%s' % (user, pin)
        if sc == 'no_response':
            t, self.key = self.issue_token(t, rst, cred)
            return self.close(t + HUNG_TIMEOUT_US)
        if sc == 'server_error':
            t, _ = self.issue_token(t, rst, cred)
            t, self.key = self.response(t + self.us(500, 2000), wire.server_error(t // 1000000))
            return self.close(t + self.us(100, 400))
        if sc in ('pin_rejected', 'auth_failed'):
            for attempt in range(LOCK_AFTER + 1 if sc == 'auth_failed' else 1):
                t, _ = self.issue_token(t, rst, cred)
                if attempt == LOCK_AFTER:
                    msg = wire.locked(t // 1000000)
                else:
                    msg = wire.invalid_pin(t // 1000000)
                t, self.key = self.response(t + self.us(500, 2000), msg)
            return self.close(t + self.us(100, 400))
        t, _ = self.issue_token(t, rst, cred)
        t += self.us(500, 2000)
        rstr = wire.ticket(wire.guid('context', mac), user, wire.entropy(mac), t // 1000000)
        t, _ = self.response(t, wire.soap_ok(rstr, t // 1000000))
        # 4: GetAndPublishCert with the ticket and a CSR
        entity = '%s@%s' % (user, DOMAIN)
        created, expires = wire.lifetime(t // 1000000)
        body = wire.get_and_publish_cert_request(mac, user, CERTPROV_URL, created, expires, wire.assertion(rstr),
                                                 make_csr(self.rnd, entity)).encode()
        t, _ = self.request(t, http_request('POST', CERTPROV_PATH, body, wire.ACTION_CERT))
        t += PUBLISH_US + self.us(2000, 20000)
        cert = make_cert(self.rnd, dname_cn(entity), LAB_CA_NAME, serial=wire.cert_serial(entity),
                         nb=utc_time(t), na=utc_time(t + wire.CERT_DAYS * 86400 * 1000000), exts=False)
        self.cert_idx = len(self.pk)
        t, self.key = self.response(t, wire.soap_ok(wire.cert_response(cert, wire.guid('request', mac)),
                                                    t // 1000000))
        t = self.close(t + self.us(100, 600))
        # 5: SIP over TLS to the option 120 server: REGISTER, 200 OK
        qid = wire.dns_id(mac, SIP_FQDN)
        port = self.next_port()
        t = self.udp_c(self.step(t), port, 53, dns_query(qid, SIP_FQDN))
        t = self.udp_s(t + self.d * 2 + self.us(50, 300), 53, port,
                       dns_response(qid, SIP_FQDN, addrs=[SERVER_IP]))
        self.conn, t = self.tcp_open(self.step(t), 5061)
        t, _ = self.tls_handshake(t, SIP_FQDN)
        register = wire.sip_register(mac, user, self.ip, self.conn.cport)
        ok = wire.sip_register_ok(wire.header_fields(register.split('\r\n')[1:]), self.ip)
        t, _ = self.send(self.conn, True, tls_rec(23, self.rnd(len(register) + APP_OVERHEAD)),
                         t + self.us(100, 400))
        t = self.ack_s(t)
        t, _ = self.send(self.conn, False, tls_rec(23, self.rnd(len(ok) + APP_OVERHEAD)),
                         t + self.us(50, 300))
        t = self.ack_c(t)
        self.close(t + self.us(50, 200))


# --------------------------------------------------------------------------
# Background noise: lanes of conversations, one packet per call

NOISE_SERVERS = {
    'dns': bytes([10, 20, 0, 2]), 'ntp': bytes([10, 20, 0, 3]), 'syslog': bytes([10, 20, 0, 5]),
    'backup': bytes([10, 20, 0, 10]), 'intranet': bytes([10, 20, 0, 20]),
    'wsus': bytes([10, 20, 0, 21]), 'mediagw': bytes([10, 20, 0, 30]),
    'mail': bytes([10, 20, 0, 40]), 'printer': bytes([10, 20, 0, 60]),
    'switch': bytes([10, 20, 0, 250]), 'gw': bytes([10, 20, 0, 254]),
}
PC_OUIS = [bytes.fromhex(x) for x in ('001422', '3cd92b', 'f8bc12', '00505a', 'a4bb6d', '28f10e')]
NOISE_NAMES = [('intranet.contoso.test', 1, [bytes([10, 20, 0, 20])]),
               ('mail.contoso.test', 1, [bytes([10, 20, 0, 40])]),
               ('wpad.contoso.test', 1, None),
               ('fileserver01.contoso.test', 1, [bytes([10, 20, 0, 10])]),
               ('www.example.com', 1, [bytes([93, 184, 215, 14])]),
               ('www.example.com', 28, [bytes.fromhex('26062800021f0000000000000000' '0001')]),
               ('update.example.net', 1, [bytes([198, 51, 100, 23]), bytes([198, 51, 100, 24])]),
               ('printer-2f.contoso.test', 1, [bytes([10, 20, 0, 60])])]
HTTP_PAGES = ['/', '/intranet/news.aspx', '/favicon.ico', '/Pages/Default.aspx',
              '/css/site.css', '/js/jquery.min.js', '/hp/device/info_deviceStatus.html',
              '/selfupdate/wuident.cab']
DHCP_VENDORS = [b'MSFT 5.0', b'android-dhcp-13', b'dhcpcd-9.4.1:Linux-6.1.0:x86_64:GenuineIntel',
                b'udhcp 1.35.0']
SYSLOG_MSGS = ['%LINK-3-UPDOWN: Interface GigabitEthernet1/0/{p}, changed state to up',
               '%LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet1/0/{p}, changed state to down',
               '%SYS-5-CONFIG_I: Configured from console by admin on vty0 (10.20.1.5)',
               '%DOT1X-5-SUCCESS: Authentication successful for client (0004.f2{p:02x}.1a2b) on Interface Gi1/0/{p}',
               '%CDP-4-NATIVE_VLAN_MISMATCH: Native VLAN mismatch discovered on GigabitEthernet1/0/{p} (1)']


class Noise:
    LANES = 32

    def __init__(self, rng, world):
        self.r = rng
        self.w = world
        rb = lambda n: rng.getrandbits(8 * n).to_bytes(n, 'big')
        self.npc = 1500
        self.srv_mac = {k: bytes.fromhex('00155d14') + bytes([0, v[3]]) for k, v in NOISE_SERVERS.items()}
        self.srv_mac['gw'] = bytes.fromhex('00000c07ac14')
        self.srv_mac['switch'] = bytes.fromhex('00000c1f20fa')
        ca = make_cert(rb, 'Contoso Issuing CA', 'Contoso Issuing CA', ca=True, serial=11)
        self.tls = {}
        for name, host in (('backup', 'fileserver01.contoso.test'), ('intranet', 'intranet.contoso.test'),
                           ('mail', 'mail.contoso.test'), ('wsus', 'wsus.contoso.test')):
            cert = make_cert(rb, host, 'Contoso Issuing CA', sans=(host,), serial=20 + len(self.tls))
            self.tls[name] = (client_hello_parts(host), server_flight_parts([cert, ca], b'\x00\x9c'))
        # bulk TLS data segments: one full application data record per segment
        self.bulk = []
        for k in range(8):
            p = tls_rec(23, rb(MSS - 5))
            self.bulk.append((p, wsum(p)))
        self.voice = []
        for k in range(8):
            v = rb(160)
            self.voice.append((v, wsum(v)))
        self.filler = (b'<p>Contoso intranet. Lorem ipsum dolor sit amet, consectetur adipiscing elit, '
                       b'sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.</p>\n') * 200
        # conversation types: (generator, share of packets, mean packets per conversation)
        self.pcs = []
        for j in range(self.npc):
            mac = PC_OUIS[j % len(PC_OUIS)] + bytes([0x10 + j // 256 % 200, j % 256, (j * 37) & 0xFF])
            self.pcs.append((mac, bytes([10, 20, 1 + j // 240, 10 + j % 240])))
        self.pcache = {}
        # DNS: payload = query id + constant tail (the tail starts at an even offset)
        self.dns_t = []
        for name, qt, addrs in NOISE_NAMES:
            q = dns_query(0, name, qt)[2:]
            if addrs is None:
                a = dns_response(0, name, qt, rcode=3, soa=True)[2:]
            else:
                a = dns_response(0, name, qt, addrs=addrs, ttl=3600, aa=name.endswith(DOMAIN))[2:]
            self.dns_t.append((q, wsum(q), a, wsum(a)))
        self.ntp_t = []
        for k in range(64):
            ts = (DEFAULT_START + 2208988800 + k * 97) << 32 | rng.getrandbits(32)
            req = bytes([0xE3, 0, 6, 0xE9]) + b'\0' * 36 + ts.to_bytes(8, 'big')
            resp = (bytes([0x24, 2, 6, 0xE9]) + struct.pack('!II', 0x120, 0x2A0) + bytes([10, 20, 0, 1]) +
                    ts.to_bytes(8, 'big') + ts.to_bytes(8, 'big') + (ts + 3000).to_bytes(8, 'big') +
                    (ts + 9000).to_bytes(8, 'big'))
            self.ntp_t.append((req, wsum(req), resp, wsum(resp)))
        self.syslog_t = []
        for k in range(64):
            msg = SYSLOG_MSGS[k % len(SYSLOG_MSGS)].format(p=1 + (k * 7) % 48)
            line = ('<189>%d: sw-core-01: %s' % (100000 + k * 7919, msg)).encode()
            self.syslog_t.append((line, wsum(line)))
        self.syslog_path = Path(self.srv_mac['switch'], self.srv_mac['syslog'], NOISE_SERVERS['switch'],
                                NOISE_SERVERS['syslog'], 255)
        m = ('M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\n'
             'MX: 1\r\nST: urn:dial-multiscreen-org:service:dial:1\r\n'
             'USER-AGENT: Microsoft Edge/122.0.2365.80 Windows\r\n\r\n').encode()
        self.ssdp_t = (m, wsum(m))
        types = [(self.bulk_tls, 0.30, 2600), (self.rtp, 0.40, 800), (self.http, 0.07, 13),
                 (self.tls_short, 0.06, 28), (self.dns, 0.06, 2), (self.arp, 0.03, 2),
                 (self.ntp, 0.02, 2), (self.syslog, 0.02, 1), (self.ssdp, 0.01, 1),
                 (self.dhcp, 0.015, 3)]
        ws = [s / n for _, s, n in types]
        tot = sum(ws)
        acc, self.cum = 0.0, []
        for (g, _, _), x in zip(types, ws):
            acc += x / tot
            self.cum.append((acc, g))
        self.lanes = [self.new_conv() for _ in range(self.LANES)]

    def new_conv(self):
        """Start a conversation of a random type; returns its next() method."""
        x = self.r.random()
        for c, g in self.cum:
            if x < c:
                break
        return g().__next__

    def sample_mean(self, count):
        """Mean pcap record size of `count` noise packets (for --target-bytes)."""
        tot = 0
        lanes, rnd = self.lanes, self.r.random
        for _ in range(count):
            j = int(rnd() * self.LANES)
            try:
                fr = lanes[j]()
            except StopIteration:
                lanes[j] = self.new_conv()
                fr = lanes[j]()
            tot += 16 + len(fr)
        return tot / count

    def pc(self):
        return self.pcs[int(self.r.random() * self.npc)]

    def paths(self, pcmac, pcip, srv):
        key = (pcip, srv)
        p = self.pcache.get(key)
        if p is None:
            sip, smac = NOISE_SERVERS[srv], self.srv_mac[srv]
            p = self.pcache[key] = (Path(pcmac, smac, pcip, sip, 128), Path(smac, pcmac, sip, pcip, 128))
        return p

    def conn(self, srv, port):
        r = self.r
        mac, ip = self.pc()
        cp, sp = self.paths(mac, ip, srv)
        return TCP(cp, sp, 49152 + r.getrandbits(14), port, r.getrandbits(32), r.getrandbits(32),
                   r.getrandbits(16), r.getrandbits(16), 1026, 1026)

    @staticmethod
    def send(conn, to_s, data):
        segs = split(data)
        n = len(segs)
        for k, sg in enumerate(segs):
            fl = PA if k == n - 1 else ACK
            yield conn.c(sg, fl) if to_s else conn.s(sg, fl)
            if k & 1 and k < n - 1:
                yield conn.s(b'', ACK) if to_s else conn.c(b'', ACK)

    def handshake(self, conn, srv):
        (chp, chs), (sfp, sidl, sfs) = self.tls[srv]
        take = self.w.pool.take
        r = self.r
        yield conn.syn()
        yield conn.synack()
        yield conn.c(b'', ACK)
        yield conn.c(chp + take(r, 32) + chs)
        yield from self.send(conn, False, sfp + take(r, 32) + sidl + take(r, 32) + sfs)
        yield conn.c(tls_rec(22, hs_msg(16, b'\x01\x00' + take(r, 256))) + CCS + tls_rec(22, take(r, 40)))
        yield conn.s(CCS + tls_rec(22, take(r, 40)))

    def teardown(self, conn, tls=True):
        if tls:
            yield conn.c(tls_rec(21, self.w.pool.take(self.r, 26)))
        yield conn.c(b'', FIN | ACK)
        yield conn.s(b'', FIN | ACK)
        yield conn.c(b'', ACK)

    def bulk_tls(self):
        r = self.r
        conn = self.conn('backup', 443)
        yield from self.handshake(conn, 'backup')
        n = 300 + int(r.random() * 3000)
        bulk = self.bulk
        upload = r.random() < 0.3
        yield conn.c(tls_rec(23, self.w.pool.take(r, 420)))
        # the data phase, inlined for speed: one side sends full segments, the
        # other ACKs every second one
        if upload:
            P, Q, pa, pb = conn.cp, conn.sp, conn.cport, conn.sport
            seq, ack, ida, idb, wa, wb = conn.cseq, conn.sseq, conn.cid, conn.sid, conn.cwin, conn.swin
        else:
            P, Q, pa, pb = conn.sp, conn.cp, conn.sport, conn.cport
            seq, ack, ida, idb, wa, wb = conn.sseq, conn.cseq, conn.sid, conn.cid, conn.swin, conn.cwin
        pack = _IPTCP.pack
        offf = (20 << 10) | ACK
        tl = 40 + MSS
        dconst = P.pb_tcp + 20 + MSS + pa + pb + (ack >> 16) + (ack & 0xFFFF) + offf + wa
        aconst = Q.pb_tcp + 20 + pb + pa + (ack >> 16) + (ack & 0xFFFF) + offf + wb
        ipd, ipa = P.ipb_tcp + tl, Q.ipb_tcp + 40
        pe, ps_, pd, pt = P.eth, P.src, P.dst, P.ttl
        qe, qs, qd, qt = Q.eth, Q.src, Q.dst, Q.ttl
        for k in range(n):
            p, psum = bulk[k & 7]
            yield pe + pack(0x45, 0, tl, ida, 0x4000, pt, 6, 65534 - (ipd + ida) % 65535, ps_, pd,
                            pa, pb, seq, ack, offf, wa,
                            65534 - (dconst + psum + (seq >> 16) + (seq & 0xFFFF)) % 65535, 0) + p
            ida = (ida + 1) & 0xFFFF
            seq = (seq + MSS) & M32
            if k & 1:
                yield qe + pack(0x45, 0, 40, idb, 0x4000, qt, 6, 65534 - (ipa + idb) % 65535, qs, qd,
                                pb, pa, ack, seq, offf, wb,
                                65534 - (aconst + (seq >> 16) + (seq & 0xFFFF)) % 65535, 0)
                idb = (idb + 1) & 0xFFFF
        if upload:
            conn.cseq, conn.cid, conn.sid = seq, ida, idb
        else:
            conn.sseq, conn.sid, conn.cid = seq, ida, idb
        yield from self.teardown(conn)

    def tls_short(self):
        r = self.r
        srv = ('intranet', 'mail', 'wsus')[int(r.random() * 3)]
        conn = self.conn(srv, 443)
        yield from self.handshake(conn, srv)
        take = self.w.pool.take
        for _ in range(1 + int(r.random() * 4)):
            yield conn.c(tls_rec(23, take(r, 300 + int(r.random() * 700))))
            yield from self.send(conn, False, tls_rec(23, take(r, 200 + int(r.random() * 9000))))
            yield conn.c(b'', ACK)
        yield from self.teardown(conn)

    def http(self):
        r = self.r
        srv = ('intranet', 'intranet', 'wsus', 'printer')[int(r.random() * 4)]
        host = {'intranet': 'intranet.contoso.test', 'wsus': 'wsus.contoso.test',
                'printer': 'printer-2f.contoso.test'}[srv]
        conn = self.conn(srv, 80)
        yield conn.syn()
        yield conn.synack()
        yield conn.c(b'', ACK)
        for _ in range(1 + int(r.random() * 3)):
            path = HTTP_PAGES[int(r.random() * len(HTTP_PAGES))]
            yield conn.c(('GET %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: Mozilla/5.0 (Windows NT 10.0; '
                          'Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 '
                          'Safari/537.36\r\nAccept: text/html,*/*\r\nAccept-Encoding: identity\r\n'
                          'Connection: keep-alive\r\n\r\n' % (path, host)).encode())
            x = r.random()
            if srv == 'printer' and x < 0.5:
                body = b'<html><body>401 Unauthorized</body></html>\n'
                hdr = ('HTTP/1.1 401 Unauthorized\r\nServer: HP HTTP Server\r\n'
                       'WWW-Authenticate: Basic realm="HP LaserJet"\r\nContent-Type: text/html\r\n'
                       'Content-Length: %d\r\n\r\n' % len(body))
            elif x < 0.12:
                body = b''
                hdr = 'HTTP/1.1 304 Not Modified\r\nServer: Microsoft-IIS/10.0\r\nETag: "1d3a9"\r\n\r\n'
            elif x < 0.2:
                body = b'<html><body><h1>404 - File or directory not found.</h1></body></html>\n'
                hdr = ('HTTP/1.1 404 Not Found\r\nServer: Microsoft-IIS/10.0\r\nContent-Type: text/html\r\n'
                       'Content-Length: %d\r\n\r\n' % len(body))
            elif x < 0.26:
                body = b'<html><body>Service Unavailable</body></html>\n'
                hdr = ('HTTP/1.1 503 Service Unavailable\r\nServer: Microsoft-HTTPAPI/2.0\r\n'
                       'Content-Type: text/html\r\nContent-Length: %d\r\n\r\n' % len(body))
            else:
                n = 200 + int(r.random() * 7000)
                body = b'<html><head><title>Contoso</title></head><body>\n' + self.filler[:n] + b'</body></html>\n'
                hdr = ('HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n'
                       'Server: Microsoft-IIS/10.0\r\nX-Powered-By: ASP.NET\r\n'
                       'Content-Length: %d\r\n\r\n' % len(body))
            yield from self.send(conn, False, hdr.encode() + body)
            yield conn.c(b'', ACK)
        yield from self.teardown(conn, False)

    def rtp(self):
        r = self.r
        mac, ip = self.pc()
        cp, sp = self.paths(mac, ip, 'mediagw')
        cport = 50000 + 2 * int(r.random() * 2000)
        sport = 40000 + 2 * int(r.random() * 2000)
        cs, ss = r.getrandbits(32), r.getrandbits(32)
        cq, sq = r.getrandbits(16), r.getrandbits(16)
        cts, sts = r.getrandbits(32), r.getrandbits(32)
        cid, sid = r.getrandbits(16), r.getrandbits(16)
        voice = self.voice
        pack = _IPUDPRTP.pack
        ul = 8 + 12 + 160
        tl = 20 + ul
        # constant parts of the IP and UDP checksums, per direction
        ipc, ips = cp.ipb_udp + tl, sp.ipb_udp + tl
        uc = cp.pb_udp + 2 * ul + cport + sport + 0x8000 + (cs >> 16) + (cs & 0xFFFF)
        us = sp.pb_udp + 2 * ul + cport + sport + 0x8000 + (ss >> 16) + (ss & 0xFFFF)
        ce, csrc, cdst, cttl = cp.eth, cp.src, cp.dst, cp.ttl
        se, ssrc, sdst, sttl = sp.eth, sp.src, sp.dst, sp.ttl
        for k in range(150 + int(r.random() * 1300)):
            v, vs = voice[k & 7]
            if k & 1:
                yield se + pack(0x45, 0, tl, sid, 0, sttl, 17, 65534 - (ips + sid) % 65535, ssrc, sdst,
                                sport, cport, ul,
                                0xFFFF - (us + sq + (sts >> 16) + (sts & 0xFFFF) + vs) % 65535,
                                0x80, 0, sq, sts, ss) + v
                sq = (sq + 1) & 0xFFFF
                sts = (sts + 160) & M32
                sid = (sid + 1) & 0xFFFF
            else:
                yield ce + pack(0x45, 0, tl, cid, 0, cttl, 17, 65534 - (ipc + cid) % 65535, csrc, cdst,
                                cport, sport, ul,
                                0xFFFF - (uc + cq + (cts >> 16) + (cts & 0xFFFF) + vs) % 65535,
                                0x80, 0, cq, cts, cs) + v
                cq = (cq + 1) & 0xFFFF
                cts = (cts + 160) & M32
                cid = (cid + 1) & 0xFFFF

    def dns(self):
        r = self.r
        mac, ip = self.pc()
        cp, sp = self.paths(mac, ip, 'dns')
        q, qs, a, as_ = self.dns_t[int(r.random() * len(self.dns_t))]
        qid, port = r.getrandbits(16), 49152 + r.getrandbits(14)
        yield udp_frame(cp, r.getrandbits(16), port, 53, _U16.pack(qid) + q, qid + qs)
        yield udp_frame(sp, r.getrandbits(16), 53, port, _U16.pack(qid) + a, qid + as_)

    def arp(self):
        mac, ip = self.pc()
        gm, gi = self.srv_mac['gw'], NOISE_SERVERS['gw']
        yield arp_frame(1, gm, gi, mac, ip)
        yield arp_frame(2, mac, ip, gm, gi)

    def ntp(self):
        r = self.r
        mac, ip = self.pc()
        cp, sp = self.paths(mac, ip, 'ntp')
        req, rqs, resp, rss = self.ntp_t[int(r.random() * len(self.ntp_t))]
        yield udp_frame(cp, r.getrandbits(16), 123, 123, req, rqs)
        yield udp_frame(sp, r.getrandbits(16), 123, 123, resp, rss)

    def syslog(self):
        r = self.r
        line, ls = self.syslog_t[int(r.random() * len(self.syslog_t))]
        yield udp_frame(self.syslog_path, r.getrandbits(16), 514, 514, line, ls)

    def ssdp(self):
        r = self.r
        mac, ip = self.pc()
        key = (ip, 'ssdp')
        p = self.pcache.get(key)
        if p is None:
            p = self.pcache[key] = Path(mac, bytes.fromhex('01005e7ffffa'), ip, bytes([239, 255, 255, 250]), 4)
        m, ms = self.ssdp_t
        yield udp_frame(p, r.getrandbits(16), 49152 + r.getrandbits(14), 1900, m, ms)

    def dhcp(self):
        r = self.r
        opt, dhcp_msg = dhcp_option, bootp
        mac, ip = self.pc()
        vend = DHCP_VENDORS[int(r.random() * len(DHCP_VENDORS))]
        xid = r.getrandbits(32)
        srv = NOISE_SERVERS['dns']
        smac = self.srv_mac['dns']
        cid = opt(61, b'\x01' + mac)
        if vend == b'MSFT 5.0' and r.random() < 0.5:
            # Windows PC refreshing its options with DHCPINFORM (no Lync vendor class)
            up = Path(mac, BCAST_MAC, ip, BCAST_IP, 128)
            yield udp_frame(up, r.getrandbits(16), 68, 67, dhcp_msg(
                1, xid, mac, ciaddr=ip, options=opt(53, b'\x08') + cid + opt(12, b'PC-%d' % ip[3]) +
                opt(60, vend) + opt(55, bytes([1, 15, 3, 6, 44, 46, 47, 31, 33, 121, 249, 252, 43])) + b'\xff'))
            down = Path(smac, mac, srv, ip, 128)
            yield udp_frame(down, r.getrandbits(16), 67, 68, dhcp_msg(
                2, xid, mac, ciaddr=ip, options=opt(53, b'\x05') + opt(54, srv) +
                opt(1, bytes([255, 255, 0, 0])) + opt(15, DOMAIN.encode()) + opt(3, NOISE_SERVERS['gw']) +
                opt(6, srv) + b'\xff'))
            return
        zero = b'\0' * 4
        up = Path(mac, BCAST_MAC, zero, BCAST_IP, 128)
        down = Path(smac, BCAST_MAC, srv, BCAST_IP, 128)
        common = opt(61, b'\x01' + mac) + opt(60, vend) + opt(55, bytes([1, 3, 6, 15, 28, 51, 58, 59]))
        srvopts = (opt(54, srv) + opt(51, (86400).to_bytes(4, 'big')) + opt(1, bytes([255, 255, 0, 0])) +
                   opt(3, NOISE_SERVERS['gw']) + opt(6, srv) + opt(15, DOMAIN.encode()) + b'\xff')
        yield udp_frame(up, r.getrandbits(16), 68, 67, dhcp_msg(
            1, xid, mac, options=opt(53, b'\x01') + common + b'\xff', flags=0x8000))
        yield udp_frame(down, r.getrandbits(16), 67, 68, dhcp_msg(
            2, xid, mac, yiaddr=ip, siaddr=srv, options=opt(53, b'\x02') + srvopts, flags=0x8000))
        yield udp_frame(up, r.getrandbits(16), 68, 67, dhcp_msg(
            1, xid, mac, options=opt(53, b'\x03') + common + opt(50, ip) + opt(54, srv) + b'\xff',
            flags=0x8000))
        yield udp_frame(down, r.getrandbits(16), 67, 68, dhcp_msg(
            2, xid, mac, yiaddr=ip, siaddr=srv, options=opt(53, b'\x05') + srvopts, flags=0x8000))


# --------------------------------------------------------------------------
# Planning and writing

class Writer:
    """Writes chunks from a background thread, so that the disk works while
    Python builds the next frames (file writes release the GIL)."""

    def __init__(self, f):
        self.f = f
        self.q = queue.Queue(maxsize=16)
        self.err = None
        self.th = threading.Thread(target=self.run, daemon=True)
        self.th.start()

    def run(self):
        while True:
            b = self.q.get()
            if b is None:
                return
            if self.err is None:
                try:
                    self.f.write(b)
                except BaseException as e:      # reported by put() / close()
                    self.err = e

    def put(self, b):
        if self.err is not None:
            raise self.err
        self.q.put(b)

    def close(self):
        self.q.put(None)
        self.th.join()
        self.f.close()
        if self.err is not None:
            raise self.err


def parse_mix(s):
    w = {k: 0.0 for k in SCENARIOS}
    for item in s.split(','):
        item = item.strip()
        if not item:
            continue
        if '=' not in item:
            raise ValueError('mix item %r: expected name=weight' % item)
        k, v = item.split('=', 1)
        k = k.strip().lower().replace('-', '_').replace(' ', '_')
        k = ALIASES.get(k, k)
        if k not in w:
            raise ValueError('unknown outcome %r (known: %s)' % (k, ', '.join(SCENARIOS)))
        w[k] += float(v)
        if float(v) < 0:
            raise ValueError('negative weight for %r' % k)
    if sum(w.values()) <= 0:
        raise ValueError('the mix has no positive weight')
    return w


def allocate(weights, n):
    """Largest-remainder split of n phones over the weights (exact counts)."""
    tot = sum(weights.values())
    raw = [(k, weights[k] * n / tot) for k in SCENARIOS]
    cnt = {k: int(x) for k, x in raw}
    rest = n - sum(cnt.values())
    for k, x in sorted(raw, key=lambda kx: (-(kx[1] - int(kx[1])), SCENARIOS.index(kx[0])))[:rest]:
        cnt[k] += 1
    return cnt


def size(s):
    s = s.strip()
    mult = {'k': 10**3, 'm': 10**6, 'g': 10**9, 'ki': 2**10, 'mi': 2**20, 'gi': 2**30}
    low = s.lower().rstrip('b')
    for suf in ('ki', 'mi', 'gi', 'k', 'm', 'g'):
        if low.endswith(suf):
            return int(float(low[:-len(suf)]) * mult[suf])
    return int(float(low))


def cert_offset(world, i, mode, seed):
    """Time (us) from a phone's start to the first frame of its answer to
    GetAndPublishCert, were it to sign in: a phone's timing does not depend on
    when it starts."""
    ph = Phone(world, i, 'signed_in', mode, 0, seed)
    ph.build()
    return ph.pk[ph.cert_idx][0]


def build_phone(world, i, sc, mode, start, seed, t_end):
    """Build a phone: returns (packets, key index, user_visible)."""
    inner = 'signed_in' if sc == 'incomplete' else sc
    ph = Phone(world, i, inner, mode, start, seed)
    ph.build()
    pk = ph.pk
    if sc == 'incomplete':
        pk = [p for p in pk if p[0] <= t_end]
        key = len(pk) - 1
        if len(pk) > ph.cert_idx:
            raise AssertionError('incomplete phone %d holds its certificate' % i)
    else:
        key = ph.key
        if pk[-1][0] - start > BOUND_S[sc] * 1000000:
            raise AssertionError('phone %d (%s) lasts longer than its bound' % (i, sc))
    vis = 0 <= ph.user_idx < len(pk)
    return pk, key, vis, ph


def main(argv=None):
    ap = argparse.ArgumentParser(
        description='Write a synthetic pcap of Lync/SfB phones signing in with extension + PIN, '
                    'with background noise, and a ground-truth JSON.')
    ap.add_argument('--phones', type=int, default=10, help='number of phones (1..100000)')
    ap.add_argument('--mix', default=DEFAULT_MIX,
                    help='outcome weights, e.g. signed_in=60,pin_rejected=15 (names: %s; '
                         'aliases: lockout=auth_failed, hung=no_response). Default: %s'
                         % (', '.join(SCENARIOS), DEFAULT_MIX))
    ap.add_argument('--seed', type=int, default=1, help='random seed (>= 0); same seed, same bytes')
    ap.add_argument('--noise-ratio', type=float, default=1.0,
                    help='background packets per sign-in packet (default 1.0)')
    ap.add_argument('--http', choices=('clear', 'tls', 'both'), default='clear',
                    help='web service traffic: clear HTTP on port 80 (as if decrypted), '
                         'TLS 1.2 on 443, or a per-phone mix')
    ap.add_argument('--target-packets', type=size, default=0,
                    help='pad with noise to at least this many packets')
    ap.add_argument('--target-bytes', type=size, default=0,
                    help='pad with noise to at least this file size (suffixes k, M, G = 10^3..; '
                         'Ki, Mi, Gi = 2^10..)')
    ap.add_argument('--window', type=float, default=None,
                    help='seconds over which phones start (default: max(20, 0.06 * phones), at most 3600)')
    ap.add_argument('--start-time', type=float, default=DEFAULT_START,
                    help='capture start, seconds since the epoch (default 2024-03-12 08:00:00 UTC)')
    ap.add_argument('-o', '--output', required=True, help='output pcap file')
    ap.add_argument('--truth', help='ground-truth JSON file')
    a = ap.parse_args(argv)
    if not 1 <= a.phones <= 100000:
        ap.error('--phones must be between 1 and 100000')
    if a.seed < 0:
        ap.error('--seed must be >= 0')
    if a.noise_ratio < 0:
        ap.error('--noise-ratio must be >= 0')
    try:
        weights = parse_mix(a.mix)
    except ValueError as e:
        ap.error('--mix: %s' % e)
    window = a.window if a.window is not None else max(20.0, min(3600.0, 0.06 * a.phones))
    if window <= 0:
        ap.error('--window must be > 0')
    try:
        return generate(a, weights, window)
    except OSError as e:
        sys.stderr.write('lyncgen: %s: %s\n' % (getattr(e, 'filename', None) or a.output, e.strerror or e))
        return 2


def generate(a, weights, window):
    t_wall = time.time()
    seed = a.seed
    rng = random.Random(seed)
    n = a.phones
    # the lab's /24 while the phones fit in it, else a /16
    world = World(seed, bytes([255, 255, 255, 0]) if n <= 244 else bytes([255, 255, 0, 0]))
    counts = allocate(weights, n)
    scen = []
    for k in SCENARIOS:
        scen += [k] * counts[k]
    rng.shuffle(scen)
    if a.http == 'both':
        modes = ['tls' if rng.random() < 0.5 else 'clear' for _ in range(n)]
    else:
        modes = [a.http] * n
    for i in range(n):
        if scen[i] == 'tls_failure':
            modes[i] = 'tls'        # the handshake fails: there is no clear text to show
    T0 = int(a.start_time * 1000000)
    first = T0 + 500000
    W = int(window * 1000000)
    starts = [0] * n
    t_end = first
    max_regular_start = first
    for i in range(n):
        if scen[i] != 'incomplete':
            s = first + int(rng.random() * W)
            starts[i] = s
            max_regular_start = max(max_regular_start, s)
            t_end = max(t_end, s + BOUND_S[scen[i]] * 1000000)
    t_end = max(t_end, max_regular_start + 3000000)
    for i in range(n):
        if scen[i] == 'incomplete':
            # 0.15 to 2.8 s before the end, but late enough that the capture
            # ends before the answer to GetAndPublishCert (the certificate and
            # SIP would count as signed in)
            span = min(2650000, cert_offset(world, i, modes[i], seed) - 150000)
            starts[i] = t_end - 150000 - int(rng.random() * span)
    order = sorted(range(n), key=lambda i: (starts[i], i))

    # estimate the sign-in traffic from a few sample phones per (scenario, mode);
    # the estimate is replaced by the real size of each phone as it is built
    samples = {}
    est = [None] * n
    for i in range(n):
        key = (scen[i], modes[i])
        if key not in samples:
            tot_p = tot_b = 0
            for k in range(3):
                pk, _, _, _ = build_phone(world, 100000 + k, scen[i], modes[i], T0, seed + 977,
                                          T0 + 700000)
                tot_p += len(pk)
                tot_b += sum(16 + len(f) for _, f in pk)
            samples[key] = (tot_p / 3, tot_b / 3)
        est[i] = samples[key]
    sign_p = sum(e[0] for e in est)
    sign_b = sum(e[1] for e in est)
    noise = Noise(random.Random(seed * 31 + 5), world)
    mean_noise = 500.0
    if a.target_bytes:
        mean_noise = Noise(random.Random(seed * 31 + 6), world).sample_mean(20000)

    def noise_goal():
        """(noise packets, noise bytes) wanted in the whole capture."""
        g = int(a.noise_ratio * sign_p)
        if a.target_packets:
            g = max(g, int(a.target_packets - sign_p))
        gb = int(a.target_bytes - 24 - sign_b) if a.target_bytes else 0
        return max(g, 0), max(gb, 0)

    noise_total, noise_bytes = noise_goal()
    noise_rb = 0                        # noise bytes written (records with their headers)

    # truth bookkeeping
    first_f = [0] * n
    key_f = [0] * n
    last_f = [0] * n
    visible = [False] * n

    out = Writer(open(a.output, 'wb'))
    out.put(struct.pack('<IHHiIII', 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
    buf = []
    bw = buf.append
    rec = _REC.pack
    nbytes = 24
    npk = 0
    nw = 0
    nsign = 0
    lanes = noise.lanes
    L = len(lanes)
    nr = noise.r.random
    new_conv = noise.new_conv
    tty = sys.stderr.isatty()
    last_prog = time.time()
    span = max(1, t_end - T0)
    heap = []
    push, pop = heapq.heappush, heapq.heappop
    gseq = 0
    nxt_ph = 0
    last_t = T0
    INF = 1 << 62

    def flush():
        out.put(b''.join(buf))
        buf.clear()

    def emit_noise(cnt, ta, tb):
        """cnt noise packets with times spread over (ta, tb], in short bursts
        from one conversation at a time."""
        nonlocal nbytes, npk, noise_rb
        if cnt <= 0:
            return ta
        step = (tb - ta) / cnt
        b = 0
        t = ta
        k = 0
        while k < cnt:
            j = int(nr() * L)
            nx = lanes[j]
            stop = k + 1 + int(nr() * 6)
            if stop > cnt:
                stop = cnt
            while k < stop:
                t = ta + int(step * (k + nr()))
                try:
                    fr = nx()
                except StopIteration:
                    nx = lanes[j] = new_conv()
                    fr = nx()
                ln = len(fr)
                s = t // 1000000
                bw(rec(s, t - s * 1000000, ln, ln))
                bw(fr)
                b += ln
                k += 1
            if len(buf) > 8192:
                flush()
        nbytes += b + 16 * cnt
        noise_rb += b + 16 * cnt
        npk += cnt
        return t

    def mean():
        return noise_rb / nw if nw > 5000 else mean_noise

    while True:
        top = heap[0][0] if heap else INF
        while nxt_ph < n and starts[order[nxt_ph]] <= top:
            i = order[nxt_ph]
            nxt_ph += 1
            sc = scen[i]
            pk, key, vis, _ = build_phone(world, i, sc, modes[i], starts[i], seed, t_end)
            visible[i] = vis
            last = len(pk) - 1
            pb = 0
            for k, (t, fr) in enumerate(pk):
                tag = (1 if k == 0 else 0) | (2 if k == key else 0) | (4 if k == last else 0)
                push(heap, (t, gseq, fr, i, tag))
                gseq += 1
                pb += 16 + len(fr)
            sign_p += len(pk) - est[i][0]
            sign_b += pb - est[i][1]
            noise_total, noise_bytes = noise_goal()
            top = heap[0][0]
        if not heap:
            break
        t, _, fr, i, tag = pop(heap)
        due = noise_total * (t - T0) // span
        if noise_bytes:
            need = noise_bytes * (t - T0) // span - noise_rb
            if need > 0:
                due = max(due, nw + int(need / mean()) + 1)
        if due > nw:
            emit_noise(due - nw, last_t, t)
            nw = due
        ln = len(fr)
        s = t // 1000000
        bw(rec(s, t - s * 1000000, ln, ln))
        bw(fr)
        nbytes += 16 + ln
        npk += 1
        nsign += 1
        if tag:
            if tag & 1:
                first_f[i] = npk
            if tag & 2:
                key_f[i] = npk
            if tag & 4:
                last_f[i] = npk
        last_t = t
        if len(buf) > 8192:
            flush()
            if tty and time.time() - last_prog > 0.5:
                last_prog = time.time()
                sys.stderr.write('\r%d/%d phones, %d packets, %.1f MB   ' %
                                 (nxt_ph, n, npk, nbytes / 1e6))
    # the rest of the noise up to the end of the capture, then exact padding
    rest = noise_total - nw
    if noise_bytes > noise_rb:
        rest = max(rest, int((noise_bytes - noise_rb) / mean()))
    if rest > 0:
        last_t = emit_noise(rest, last_t, max(last_t, t_end))
        nw += rest
    while ((a.target_packets and npk < a.target_packets) or
           (a.target_bytes and nbytes < a.target_bytes)):
        extra = max(1, a.target_packets - npk,
                    int((a.target_bytes - nbytes) / mean()) if a.target_bytes else 0)
        last_t = emit_noise(extra, last_t, last_t + extra * 20)
        nw += extra
    flush()
    out.close()
    elapsed = time.time() - t_wall
    if tty:
        sys.stderr.write('\r%d phones, %d packets (%d sign-in), %.1f MB in %.1f s (%.0f packets/s)\n' %
                         (n, npk, nsign, nbytes / 1e6, elapsed, npk / max(elapsed, 1e-9)))
    if a.truth:
        phones = []
        for i in range(n):
            mac, ip = phone_addr(i)
            phones.append({
                'mac': ':'.join('%02x' % b for b in mac),
                'ip': '.'.join(str(b) for b in ip),
                'user': str(FIRST_USER + i),
                'outcome': OUTCOME[scen[i]],
                'scenario': scen[i],
                'http': modes[i],
                'first_frame': first_f[i],
                'key_frame': key_f[i],
                'key_kind': KEY_KIND[scen[i]],
                'last_frame': last_f[i],
                'start': round(starts[i] / 1e6, 6),
                'user_visible': visible[i],
            })
        doc = {'seed': a.seed, 'generator': 'lyncgen', 'capture': a.output.replace('\\', '/').split('/')[-1],
               'phones_count': n, 'http': a.http, 'mix': {k: counts[k] for k in SCENARIOS if counts[k]},
               'packets': npk, 'signin_packets': nsign, 'noise_packets': npk - nsign,
               'bytes': nbytes, 'start': T0 / 1e6, 'end': last_t / 1e6,
               'server': {'ip': '10.9.0.1', 'mac': ':'.join('%02x' % b for b in SERVER_MAC),
                          'web_fqdn': POOL_FQDN, 'sip_fqdn': SIP_FQDN},
               'phones': phones}
        with open(a.truth, 'w') as f:
            json.dump(doc, f, indent=1)
            f.write('\n')
    return 0


if __name__ == '__main__':
    try:
        sys.exit(main())
    except BrokenPipeError:
        sys.exit(1)

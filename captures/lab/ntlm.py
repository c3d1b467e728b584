# SPDX-License-Identifier: GPL-2.0-or-later
"""The server's side of NTLM over HTTP (MS-NLMP), as IIS runs it for the
WebTicket service's WinNegotiate port: the CHALLENGE_MESSAGE with target
info, and the NTLMv2 response of the AUTHENTICATE_MESSAGE checked against
the account's password.  MD4 from pycryptodome (python3-pycryptodome):
Debian 12's OpenSSL 3 keeps MD4 in its legacy provider, out of hashlib's
reach.  HMAC-MD5 from hashlib."""
import hashlib
import hmac
import struct

from Cryptodome.Hash import MD4

SIGNATURE = b"NTLMSSP\0"
NEGOTIATE, CHALLENGE, AUTHENTICATE = 1, 2, 3

# MS-NLMP 2.2.2.5
NEGOTIATE_UNICODE = 0x00000001
REQUEST_TARGET = 0x00000004
NEGOTIATE_SIGN = 0x00000010
NEGOTIATE_NTLM = 0x00000200
NEGOTIATE_ALWAYS_SIGN = 0x00008000
TARGET_TYPE_DOMAIN = 0x00010000
NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000
NEGOTIATE_TARGET_INFO = 0x00800000
NEGOTIATE_VERSION = 0x02000000
NEGOTIATE_128 = 0x20000000
NEGOTIATE_KEY_EXCH = 0x40000000
NEGOTIATE_56 = 0x80000000
# What an IIS front end grants of what the client asks for (connection-based NTLM).
GRANTABLE = (NEGOTIATE_UNICODE | REQUEST_TARGET | NEGOTIATE_SIGN | NEGOTIATE_NTLM | NEGOTIATE_ALWAYS_SIGN
             | NEGOTIATE_EXTENDED_SESSIONSECURITY | NEGOTIATE_VERSION | NEGOTIATE_128 | NEGOTIATE_KEY_EXCH
             | NEGOTIATE_56)

# MS-NLMP 2.2.2.1 AV_PAIR ids
AV_EOL, AV_NB_COMPUTER, AV_NB_DOMAIN, AV_DNS_COMPUTER, AV_DNS_DOMAIN, AV_TIMESTAMP = 0, 1, 2, 3, 4, 7
WINDOWS_VERSION = bytes([6, 3]) + struct.pack("<H", 9600) + b"\0\0\0\x0f"  # Windows Server 2012 R2, NTLMSSP rev 15


class Error(ValueError):
    """A message that is not the NTLM message it should be."""


def message_type(token):
    """The NTLM message type of a decoded token, or 0."""
    if len(token) < 12 or not token.startswith(SIGNATURE):
        return 0
    return struct.unpack_from("<I", token, 8)[0]


def _utf16(s):
    return s.encode("utf-16-le")


def _av(av_id, value):
    return struct.pack("<HH", av_id, len(value)) + value


def filetime(t):
    """Seconds since the epoch as a FILETIME (100 ns since 1601)."""
    return int((t + 11644473600) * 10_000_000)


def challenge(negotiate_token, server_challenge, t, domain, computer, dns_domain):
    """The CHALLENGE_MESSAGE answering a NEGOTIATE_MESSAGE."""
    if message_type(negotiate_token) != NEGOTIATE or len(negotiate_token) < 16:
        raise Error("not an NTLM NEGOTIATE_MESSAGE")
    asked = struct.unpack_from("<I", negotiate_token, 12)[0]
    flags = (asked & GRANTABLE) | NEGOTIATE_UNICODE | NEGOTIATE_NTLM | NEGOTIATE_ALWAYS_SIGN \
        | NEGOTIATE_TARGET_INFO | TARGET_TYPE_DOMAIN | NEGOTIATE_EXTENDED_SESSIONSECURITY
    if flags & NEGOTIATE_128:
        flags &= ~NEGOTIATE_56
    target = _utf16(domain)
    info = b"".join([_av(AV_NB_DOMAIN, target), _av(AV_NB_COMPUTER, _utf16(computer)),
                     _av(AV_DNS_DOMAIN, _utf16(dns_domain)),
                     _av(AV_DNS_COMPUTER, _utf16(f"{computer.lower()}.{dns_domain}")),
                     _av(AV_TIMESTAMP, struct.pack("<Q", filetime(t))), _av(AV_EOL, b"")])
    offset = 56  # the fixed part, Version included
    return b"".join([SIGNATURE, struct.pack("<I", CHALLENGE),
                     struct.pack("<HHI", len(target), len(target), offset), struct.pack("<I", flags),
                     server_challenge, b"\0" * 8,
                     struct.pack("<HHI", len(info), len(info), offset + len(target)),
                     WINDOWS_VERSION, target, info])


def _field(token, at):
    length, _, offset = struct.unpack_from("<HHI", token, at)
    if offset + length > len(token):
        raise Error("an AUTHENTICATE_MESSAGE field runs past its end")
    return token[offset:offset + length]


def authenticate(token):
    """(domain, user, workstation, nt_response) of an AUTHENTICATE_MESSAGE."""
    if message_type(token) != AUTHENTICATE or len(token) < 64:
        raise Error("not an NTLM AUTHENTICATE_MESSAGE")
    flags = struct.unpack_from("<I", token, 60)[0]
    text = (lambda b: b.decode("utf-16-le")) if flags & NEGOTIATE_UNICODE else (lambda b: b.decode("latin-1"))
    return text(_field(token, 28)), text(_field(token, 36)), text(_field(token, 44)), _field(token, 20)


def ntowf_v2(password, user, domain):
    """MS-NLMP 3.3.2 NTOWFv2."""
    key = MD4.new(_utf16(password)).digest()
    return hmac.new(key, _utf16(user.upper() + domain), hashlib.md5).digest()


def verify_v2(nt_response, server_challenge, password, user, domain):
    """Whether an NTLMv2 response (NTProofStr, then the client's blob) was
    made with this password for this challenge."""
    if len(nt_response) <= 24:
        return False  # NTLMv1: refused, as a pool with LmCompatibilityLevel 5 does
    proof = hmac.new(ntowf_v2(password, user, domain), server_challenge + nt_response[16:], hashlib.md5).digest()
    return hmac.compare_digest(proof, nt_response[:16])

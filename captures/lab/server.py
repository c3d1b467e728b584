#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Lab imitation of a Lync 2013 front end: the web services a phone uses to
sign in with extension and PIN (HTTPS, port 443) and a SIP registrar (TLS,
port 5061).  See WIRE.md for what goes on the wire and why.

TLS is real (Python ssl, TLS 1.2 as on a Lync 2013 pool; --tls10 also
accepts a legacy phone's TLS 1.0 with RSA key exchange, --tls13 a current
phone's TLS 1.3) and every session's
secrets go to an NSS key log, so the captures decrypt.  Plain HTTP on port 80
serves the root-chain download (--no-port80: nothing listens, the phone's SYN
gets a RST).  The SIP registrar challenges REGISTER and runs TLS-DSK with the
phone's new certificate.  Behaviour per run:
  --mode normal              good PIN -> web ticket -> certificate -> registered
  --mode hung                the credentialed IssueToken (PIN, or NTLM's AUTHENTICATE_MESSAGE)
                             is read and never answered
  --mode server-error        the credentialed IssueToken gets a 500 SOAP fault (lab-only id)
  --mode lockout             after --lock-after wrong PINs the account is locked
  --mode not-sip-enabled     the credentialed IssueToken gets 403 with 28000
  --mode windows-auth-error  the credentialed IssueToken gets 500 with 28001
  --mode register-rejected   certificate issued, then REGISTER ends in 403 (ms-diagnostics)
  --mode dsk-refused         the registrar does not trust the CA of the client's certificate:
                             TLS-DSK ends in OpenSSL's alert, carried in a 401's gssapi-data (U)
--mode-for EXT=MODE overrides the mode for one extension or user (several phones).
A user/password client (pidgin-sipe) gets its ticket at the WinNegotiate port
by NTLM (ntlm.py): --password is every account's.  Once TLS-DSK is done, every
SIP answer on that connection is signed with its server key (MS-SIPAE), as
the registrar's are; requests other than REGISTER get a minimal 200.
How the web services are offered and written:
  --http-port PORT     also serve them as plain HTTP (no TLS) on PORT; the mex
                       documents then name http://pool01.contoso.test:PORT/...
  --chunk-size BYTES   write the responses named by --chunk in pieces of BYTES
                       (one TLS record, or one TCP segment, each), --chunk-pause
                       seconds apart; default: every response in one write
  --gzip               answer a request that accepts gzip with its body gzipped
                       and sent chunked (IIS dynamic compression)
"""
import argparse
import base64
import binascii
import gzip
import os
import re
import socket
import socketserver
import ssl
import struct
import subprocess
import tempfile
import threading
import time
import warnings

import lync_wire as wire
import ntlm
from lync_wire import BASE_URL as BASE, CERTPROV_PATH as CERTPROV, PIN_PATH, POOL_FQDN as FQDN

# Responses --chunk can name (the kinds Lab.handle returns).
RESPONSE_KINDS = ("certchain", "certprov-mex", "webticket-mex", "issue-token", "cert", "other")
MODES = ["normal", "hung", "server-error", "lockout", "not-sip-enabled", "windows-auth-error", "register-rejected",
         "sip-flap", "dsk-refused"]
LEGACY_CIPHERS = "ECDHE+AESGCM:AES128-SHA:@SECLEVEL=0"  # --tls10: TLS_RSA_WITH_AES_128_CBC_SHA too


def log(msg):
    print(f"server: {msg}", flush=True)


def message(response):
    """One write per response (unless --chunk-size): one TLS record."""
    head, body = response
    return head + body


class Lab:
    """Accounts and behaviour shared by all connections."""

    def __init__(self, args):
        self.args = args
        self.modes = dict(m.split("=", 1) for m in args.mode_for)
        self.failures = {}
        self.lock = threading.Lock()
        # The CA chain the root-chain download hands out: certs-only PKCS#7.
        self.chain = subprocess.run(["openssl", "crl2pkcs7", "-nocrl", "-certfile", args.ca_cert, "-outform", "DER"],
                                    check=True, capture_output=True).stdout

    def mode(self, ext):
        return self.modes.get(ext, self.args.mode)

    def handle(self, method, path, headers, body, base=BASE, conn=None):
        """Returns the kind of response (RESPONSE_KINDS) and its bytes, or
        None for bytes to never answer.  base: scheme://host[:port] of the
        listener that got the request, named in the mex documents; conn: the
        connection's own state (NTLM authenticates a connection)."""
        lpath = path.lower()
        if method == "GET" and lpath == wire.CERTCHAIN_PATH.lower():
            return "certchain", message(wire.certchain(self.chain, time.time()))
        if method == "GET" and lpath == (CERTPROV + "/mex").lower():
            return "certprov-mex", message(wire.soap_ok(wire.certprov_mex(base), time.time()))
        if method == "GET" and lpath == (wire.WEBTICKET_PATH + "/mex").lower():
            return "webticket-mex", message(wire.soap_ok(wire.webticket_mex(base), time.time()))
        if method == "POST" and lpath == PIN_PATH.lower():
            return "issue-token", self.issue_token(headers, body, base)
        if method == "POST" and lpath == wire.WEBTICKET_PATH.lower():
            return "issue-token", self.win_negotiate(headers, body, base, {} if conn is None else conn)
        if method == "POST" and lpath == CERTPROV.lower():
            return "cert", self.get_and_publish_cert(body)
        return "other", message(wire.response(404, b"", "text/html", time.time()))

    def issue_token(self, headers, body, base=BASE):
        auth = headers.get("authorization", "")
        if not auth.lower().startswith("basic "):
            return message(wire.unauthorized(time.time()))  # the challenge: no diagnostics
        ext, _, pin = base64.b64decode(auth[6:]).decode().partition(":")
        mode = self.mode(ext)
        log(f"IssueToken for {ext} (mode {mode})")
        if mode == "hung":
            return None
        if mode == "server-error":
            return message(wire.server_error(time.time()))
        if mode == "not-sip-enabled":
            return message(wire.not_sip_enabled(time.time()))
        if mode == "windows-auth-error":
            return message(wire.windows_auth_error(time.time()))
        with self.lock:
            locked = mode == "lockout" and self.failures.get(ext, 0) >= self.args.lock_after
            if not locked and pin != self.args.pin:
                self.failures[ext] = self.failures.get(ext, 0) + 1
        if locked:
            return message(wire.locked(time.time()))
        if pin != self.args.pin:
            return message(wire.invalid_pin(time.time()))
        return message(wire.soap_ok(self.ticket(ext, body.decode(), base), time.time()))

    def tls_dsk_server_key(self, client_random, server_random):
        """MS-SIPAE 3.2.5.1: PRF(master secret, "client EAP encryption",
        client random + server random), 128 bytes; the server key is the
        last 32.  The master secret from the TLS-DSK key log, the PRF from
        OpenSSL's TLS1-PRF (TLS 1.0: MD5 and SHA-1)."""
        wanted = client_random.hex()
        with open(self.dsk_keylog) as f:
            master = next(line.split()[2] for line in f
                          if line.startswith("CLIENT_RANDOM ") and line.split()[1].lower() == wanted)
        seed = b"client EAP encryption" + client_random + server_random
        out = subprocess.run(["openssl", "kdf", "-keylen", "128", "-kdfopt", "digest:MD5-SHA1",
                              "-kdfopt", "hexsecret:" + master, "-kdfopt", "hexseed:" + seed.hex(), "TLS1-PRF"],
                             check=True, capture_output=True, text=True).stdout
        return bytes.fromhex(out.strip().replace(":", ""))[96:128]

    def win_negotiate(self, headers, body, base, conn):
        """IssueToken at the WinNegotiate port: NTLM, one connection for all
        its legs (offer, CHALLENGE_MESSAGE, then the ticket or a new offer)."""
        scheme, _, token = headers.get("authorization", "").partition(" ")
        if scheme.lower() != "ntlm" or not token:
            return message(wire.ntlm_unauthorized(time.time()))
        try:
            raw = base64.b64decode(token, validate=True)
            if ntlm.message_type(raw) == ntlm.NEGOTIATE:
                conn["challenge"] = os.urandom(8)
                return message(wire.ntlm_unauthorized(time.time(), ntlm.challenge(
                    raw, conn["challenge"], time.time(), wire.NTLM_DOMAIN, wire.FRONT_END, wire.DOMAIN)))
            domain, user, workstation, nt_response = ntlm.authenticate(raw)
        except (ntlm.Error, binascii.Error, UnicodeDecodeError) as e:
            log(f"NTLM: {e}: offered again")
            return message(wire.ntlm_unauthorized(time.time()))
        mode = self.mode(user)
        log(f"IssueToken (NTLM) for {domain}\\{user} from {workstation} (mode {mode})")
        if mode == "hung":
            return None
        challenge = conn.pop("challenge", None)
        if challenge is None or not ntlm.verify_v2(nt_response, challenge, self.args.password, user, domain):
            log(f"NTLM: wrong password for {domain}\\{user}")
            return message(wire.ntlm_unauthorized(time.time()))
        return message(wire.soap_ok(self.ticket(user, body.decode(), base), time.time()))

    @staticmethod
    def ticket(ext, request, base=BASE):
        context = re.search(r'Context="([^"]*)"', request)
        entropy = re.search(r"<wst:BinarySecret>([^<]*)<", request)
        applies = re.search(r"<wsa:Address>([^<]*)<", request)
        return wire.ticket(context.group(1) if context else "", ext, entropy.group(1) if entropy else ext,
                           time.time(), base, applies.group(1) if applies else None)

    def get_and_publish_cert(self, body):
        text = body.decode()
        csr = re.search(r"<wsse:BinarySecurityToken[^>]*>([^<]*)<", text)
        entity = re.search(r'Entity="([^"]*)"', text)
        request_id = re.search(r"<wstep:RequestID>([^<]*)<", text)
        cert = self.sign(base64.b64decode(csr.group(1)), entity.group(1))
        # Publishing (into the user's AD object) takes a while on a real pool.
        time.sleep(wire.PUBLISH_TIME)
        log(f"GetAndPublishCert for {entity.group(1)}: issued {len(cert)}-byte certificate")
        return message(wire.soap_ok(wire.cert_response(cert, request_id.group(1) if request_id else ""),
                                    time.time()))

    def sign(self, csr_der, entity):
        """Issues a real certificate for the phone's CSR from the lab CA."""
        with tempfile.NamedTemporaryFile(suffix=".csr") as csr:
            csr.write(csr_der)
            csr.flush()
            return subprocess.run(
                ["openssl", "x509", "-req", "-inform", "DER", "-in", csr.name,
                 "-CA", self.args.ca_cert, "-CAkey", self.args.ca_key,
                 "-set_serial", "0x%016x" % wire.cert_serial(entity), "-days", str(wire.CERT_DAYS),
                 "-outform", "DER"],
                check=True, capture_output=True).stdout


def read_message(f):
    """Start line + headers (+ body by Content-Length) of HTTP or SIP."""
    start = f.readline()
    if not start.strip():
        return None
    lines = []
    while line := f.readline().decode("latin-1").rstrip("\r\n"):
        lines.append(line)
    headers = wire.header_fields(lines)
    body = f.read(int(headers.get("content-length", "0")))
    return start.decode("latin-1").strip(), headers, body


def gzip_chunked(response):
    """The answer with its body gzipped (mtime 0: the same bytes every run) and
    sent chunked, as IIS dynamic compression does: Content-Length or the
    plain chunking replaced by the two codings."""
    head, body = response.split(b"\r\n\r\n", 1)
    if not body:
        return response
    lines = head.split(b"\r\n")
    if any(line.lower() == b"transfer-encoding: chunked" for line in lines):
        body = wire.dechunked(body)
    lines = [line for line in lines
             if not line.lower().startswith((b"content-length:", b"transfer-encoding:"))]
    lines += [b"Content-Encoding: gzip", b"Transfer-Encoding: chunked"]
    return b"\r\n".join(lines) + b"\r\n\r\n" + wire.chunked(gzip.compress(body, mtime=0))


def legacy_hello(sock):
    """Whether the ClientHello waiting on sock offers less than TLS 1.2 (its
    client_version; such phones send no supported_versions)."""
    want = 11  # record header, handshake header, client_version
    deadline = time.time() + 5
    while len(head := sock.recv(want, socket.MSG_PEEK)) < want and head and time.time() < deadline:
        time.sleep(0.01)
    return len(head) == want and head[0] == 22 and head[5] == 1 and (head[9] << 8 | head[10]) < 0x0303


class TLSHandler(socketserver.BaseRequestHandler):
    """TLS on the accepted connection, or plain TCP when server.tls is None."""

    def handle(self):
        peer = self.client_address[0]
        if self.server.tls is None:
            tls = self.request
        elif self.server.lab.args.reset_legacy_tls and legacy_hello(self.request):
            # SChannel with TLS 1.0 and 1.1 turned off: a reset, no alert.
            log(f"{peer}: ClientHello without TLS 1.2: connection reset")
            self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.request.close()  # now: socketserver's own close would send a FIN first
            return
        else:
            try:
                tls = self.server.tls.wrap_socket(self.request, server_side=True)
            except (ssl.SSLError, OSError) as e:
                log(f"{peer}: TLS handshake failed: {e}")
                return
        try:
            self.serve(tls, tls.makefile("rb"), peer)
        except (ssl.SSLError, OSError) as e:
            log(f"{peer}: connection ended: {e}")
        finally:
            tls.close()


class WebHandler(TLSHandler):
    def serve(self, tls, f, peer):
        conn = {}
        while (msg := read_message(f)) is not None:
            start, headers, body = msg
            method, path, _ = start.split(" ", 2)
            log(f"{peer}: {method} {path}")
            kind, response = self.server.lab.handle(method, path, headers, body, self.server.base, conn)
            if response is None:
                log(f"{peer}: hung: reading on, never answering")
                while tls.recv(4096):
                    pass
                return
            args = self.server.lab.args
            if args.gzip and "gzip" in headers.get("accept-encoding", ""):
                response = gzip_chunked(response)
            if args.chunk_size and kind in args.chunk:
                # Several writes, a pause apart: each leaves as its own TLS
                # record (TCP segment in plain HTTP), each ACKed before the next.
                tls.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                pieces = [response[i:i + args.chunk_size] for i in range(0, len(response), args.chunk_size)]
                log(f"{peer}: {kind} response in {len(pieces)} writes of up to {args.chunk_size} bytes")
                for i, piece in enumerate(pieces):
                    if i:
                        time.sleep(args.chunk_pause)
                    tls.sendall(piece)
            else:
                tls.sendall(response)


def one_record(flight):
    """The server's TLS-DSK flight as one handshake record, as SChannel
    writes it (pidgin-sipe's parser takes no other shape); OpenSSL writes one
    record per message.  Other flights (ChangeCipherSpec, then the encrypted
    Finished) stay as they are."""
    records, at = [], 0
    while at + 5 <= len(flight):
        length = struct.unpack_from(">H", flight, at + 3)[0]
        records.append(flight[at:at + 5 + length])
        at += 5 + length
    if len(records) < 2 or any(r[0] != 22 for r in records):
        return flight
    body = b"".join(r[5:] for r in records)
    return flight[:3] + struct.pack(">H", len(body)) + body


def hello_random(flight):
    """The random of the Client- or ServerHello opening a flight."""
    return flight[11:43]


class SipHandler(TLSHandler):
    """REGISTER as Lync's registrar answers it: 401 offering NTLM, Kerberos
    and TLS-DSK; the TLS-DSK handshake (a TLS 1.0 handshake whose bytes
    travel base64 in gssapi-data, the client presenting its new certificate);
    then 200 OK with Authentication-Info, or 403 (--mode register-rejected).
    After the handshake every answer is signed with its server key.
    --mode sip-flap: the connection is closed at the first REGISTER, unanswered,
    as a registrar that keeps dropping the phone's connections does."""

    def serve(self, tls, f, peer):
        received = peer.removeprefix("::ffff:")
        dsk = None  # the TLS-DSK handshake of this connection
        randoms = []  # its client and server randoms
        server_key = None
        snum = 0
        incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
        lab = self.server.lab
        while (msg := read_message(f)) is not None:
            start, headers, _ = msg
            log(f"{peer}: SIP {start} (CSeq {headers.get('cseq', '')})")
            user = headers.get("from", "").split("sip:", 1)[-1].split("@", 1)[0]
            if lab.mode(user) == "sip-flap":
                log(f"{peer}: SIP connection closed unanswered (--mode sip-flap)")
                return
            creds = wire.auth_params(headers.get("authorization", ""))
            if not start.startswith("REGISTER "):
                answer = wire.sip_ok(headers, received)
            elif "gssapi-data" in creds:
                hello = base64.b64decode(creds["gssapi-data"])
                if dsk is None:
                    context = self.server.dsk_refusing if lab.mode(user) == "dsk-refused" else self.server.dsk_context
                    dsk = context.wrap_bio(incoming, outgoing, server_side=True)
                    randoms.append(hello_random(hello))
                incoming.write(hello)
                try:
                    dsk.do_handshake()
                except ssl.SSLWantReadError:
                    pass
                except ssl.SSLError as e:
                    log(f"{peer}: TLS-DSK handshake failed for {user}: {e.reason}")
                flight = outgoing.read()
                if len(randoms) == 1:
                    randoms.append(hello_random(flight))
                answer = wire.sip_register_gssapi(headers, received, self.opaque(headers),
                                                  base64.b64encode(one_record(flight)).decode())
            elif "response" in creds and dsk is not None:
                peer_cert = dsk.getpeercert()
                log(f"{peer}: TLS-DSK done for {user} ({dsk.version()}, {dsk.cipher()[0]}, "
                    f"certificate {dict(x[0] for x in peer_cert['subject'])['commonName'] if peer_cert else None})")
                server_key = lab.tls_dsk_server_key(*randoms)
                if lab.mode(user) == "register-rejected":
                    answer = wire.sip_register_rejected(headers, received)
                else:
                    answer = wire.sip_register_ok(headers, received)
            else:
                answer = wire.sip_register_challenge(headers, received)
            if server_key is not None:
                snum += 1
                answer = wire.sip_signed(answer, {
                    "opaque": self.opaque(headers), "qop": "auth", "realm": wire.SIP_REALM,
                    "targetname": wire.SIP_FQDN, "srand": wire.stable_id("srand", headers.get("call-id", ""))[:8],
                    "snum": str(snum)}, server_key)
            tls.sendall(answer.encode())

    @staticmethod
    def opaque(headers):
        return wire.stable_id("opaque", headers.get("call-id", ""))[:8].upper()


class Server(socketserver.ThreadingTCPServer):
    address_family = socket.AF_INET6  # dual-stack: IPv4 arrives as ::ffff:a.b.c.d
    allow_reuse_address = True
    daemon_threads = True


def dsk_context(args, trust, keylog):
    """TLS-DSK inside SIP: TLS 1.0 as in MS-SIPAE (AES128-SHA: no RC4 in
    OpenSSL 3), the client's certificate required and checked against trust."""
    dsk = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    dsk.minimum_version = dsk.maximum_version = ssl.TLSVersion.TLSv1
    dsk.set_ciphers("AES128-SHA:@SECLEVEL=0")
    dsk.options |= ssl.OP_NO_TICKET
    dsk.load_cert_chain(args.cert, args.key)
    dsk.verify_mode = ssl.CERT_REQUIRED
    dsk.load_verify_locations(trust)
    dsk.keylog_filename = keylog
    return dsk


def main():
    warnings.filterwarnings("ignore", category=DeprecationWarning)  # TLS 1.0 is deprecated: on purpose
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cert", required=True, help="server certificate chain (PEM)")
    p.add_argument("--key", required=True)
    p.add_argument("--ca-cert", required=True, help="lab CA that signs phone certificates")
    p.add_argument("--ca-key", required=True)
    p.add_argument("--keylog", required=True, help="NSS key log to write")
    p.add_argument("--mode", default="normal", choices=MODES)
    p.add_argument("--mode-for", action="append", default=[], metavar="EXT=MODE")
    p.add_argument("--pin", default=wire.GOOD_PIN, help="every account's PIN")
    p.add_argument("--password", default=wire.GOOD_PASSWORD, help="every account's password (NTLM)")
    p.add_argument("--lock-after", type=int, default=wire.LOCK_AFTER, help="wrong PINs before lockout")
    p.add_argument("--http-port", type=int, help="also serve the web services as plain HTTP on this port")
    p.add_argument("--no-port80", action="store_true", help="no root-chain download: nothing listens on port 80")
    p.add_argument("--tls10", action="store_true",
                   help="also accept TLS 1.0 with RSA key exchange (a legacy phone)")
    p.add_argument("--reset-legacy-tls", action="store_true",
                   help="reset a connection whose ClientHello offers less than TLS 1.2, as SChannel does")
    p.add_argument("--ciphers", help="allow only these OpenSSL cipher suites on 443 (a hardened pool)")
    p.add_argument("--weak-cert", action="store_true",
                   help="serve a certificate that OpenSSL's default security level refuses (SHA-1, RSA 1024), "
                        "as an old pool does")
    p.add_argument("--tls13", action="store_true",
                   help="also accept TLS 1.3 (a pool behind a current load balancer or proxy)")
    p.add_argument("--chunk-size", type=int, default=0, metavar="BYTES",
                   help="write the --chunk responses in pieces of this size (default: one write)")
    p.add_argument("--chunk", default="certprov-mex,webticket-mex,cert", metavar="KIND,...",
                   help="responses to write in pieces: " + ", ".join(RESPONSE_KINDS) + " (default %(default)s)")
    p.add_argument("--chunk-pause", type=float, default=0.05, metavar="SECONDS",
                   help="pause between the pieces (default %(default)s)")
    p.add_argument("--gzip", action="store_true",
                   help="gzip the bodies of answers to requests that accept it, sent chunked")
    args = p.parse_args()
    args.chunk = set(args.chunk.split(","))
    if args.chunk - set(RESPONSE_KINDS):
        p.error(f"--chunk: unknown kind(s) {','.join(sorted(args.chunk - set(RESPONSE_KINDS)))}")

    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.maximum_version = ssl.TLSVersion.TLSv1_3 if args.tls13 else ssl.TLSVersion.TLSv1_2
    if args.tls10:
        tls.minimum_version = ssl.TLSVersion.TLSv1
        tls.set_ciphers(LEGACY_CIPHERS)
    else:
        tls.minimum_version = ssl.TLSVersion.TLSv1_2
    tls.options |= ssl.OP_NO_TICKET  # keeps handshakes short and the captures small
    if args.weak_cert:
        tls.set_ciphers("DEFAULT:@SECLEVEL=0")
    elif args.ciphers:
        tls.set_ciphers(args.ciphers)
    tls.load_cert_chain(args.cert, args.key)
    tls.keylog_filename = args.keylog
    # The TLS-DSK secrets apart from the capture's key log: they decrypt nothing on the wire.
    dsk_keys = tempfile.NamedTemporaryFile(prefix="lab-tls-dsk-", suffix=".keys")
    # --mode dsk-refused: trusts only the pool's own certificate, which issued no client's.
    dsk, refusing = (dsk_context(args, trust, dsk_keys.name) for trust in (args.ca_cert, args.cert))

    lab = Lab(args)
    lab.dsk_keylog = dsk_keys.name
    listeners = [(443, WebHandler, tls, BASE), (5061, SipHandler, tls, BASE)]
    if not args.no_port80:
        listeners.insert(0, (80, WebHandler, None, f"http://{FQDN}"))
    if args.http_port:
        plain_base = f"http://{FQDN}" + ("" if args.http_port == 80 else f":{args.http_port}")
        listeners.insert(0, (args.http_port, WebHandler, None, plain_base))
    servers = []
    for port, handler, ctx, base in listeners:  # all listen before the first serves
        srv = Server(("::", port), handler)
        srv.tls, srv.lab, srv.base, srv.dsk_context, srv.dsk_refusing = ctx, lab, base, dsk, refusing
        servers.append(srv)
    for srv in servers:
        threading.Thread(target=srv.serve_forever, daemon=True).start()
    log(f"listening on {' and '.join(str(port) for port, *_ in listeners)}, mode {args.mode} {' '.join(args.mode_for)}"
        + (f", {','.join(sorted(args.chunk))} in {args.chunk_size}-byte writes" if args.chunk_size else ""))
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Lab desk phone: signs in to a Lync pool with extension and PIN, the way a
third-party Lync phone does (see WIRE.md):

  DHCPINFORM (option 60 vendor class, 55 = 1,42,43,120) -> DHCPACK with option 43
  -> DNS for the web services FQDN -> the root chain over plain HTTP on port
  80 -> HTTPS: CertProv mex, WebTicket mex, IssueToken (challenge, then Basic
  extension:PIN), GetAndPublishCert -> DNS for the option 120 SIP server
  -> TLS 5061 REGISTER: challenge, TLS-DSK with the new certificate, 200.

The phone trusts the CA chain it downloaded on port 80 (--trust: only that
file instead); without it, TLS fails with unknown_ca.  --tls10 makes it a
legacy phone: TLS 1.0 with TLS_RSA_WITH_AES_128_CBC_SHA only.
--provisioned URL SIP-HOST skips DHCP (a phone behind a router whose DHCP
server the capture does not see).

The web services are reached the way option 43 says: scheme (sub-option 2,
"https" or plain "http") and port (sub-option 4).  --split post|credentials
writes the head and the body of every POST (or only of those with
credentials) separately, a pause apart: two TLS records, or two or more TCP
segments in plain HTTP.

It logs to stdout and ends with "result: <outcome>" in the contract's
vocabulary.  Its ids, GUIDs and source ports are derived from its MAC, not
drawn at random, so that reruns send the same messages.
"""
import argparse
import base64
import gzip
import http.client
import logging
import os
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import warnings
import xml.etree.ElementTree as ET

import lync_wire as wire
from lync_wire import CERTPROV_PORT, CONNECT_TIMEOUT, DHCP_TRIES, DHCP_WAIT, HTTP_TIMEOUT

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
warnings.filterwarnings("ignore", category=DeprecationWarning)  # TLS 1.0 (--tls10, TLS-DSK): on purpose
LEGACY_CIPHERS = "AES128-SHA:@SECLEVEL=0"  # TLS_RSA_WITH_AES_128_CBC_SHA
BOOTP = DHCP = None  # scapy's, loaded by load_scapy() for phones that use DHCP


def load_scapy():
    """scapy parses the DHCPACK; importing it takes a second, so it happens
    before --start-at and only when DHCP is used (twenty phones start faster)."""
    global BOOTP, DHCP
    from scapy.layers.dhcp import BOOTP, DHCP  # noqa: F811

DNS_TRIES, DNS_WAIT = 2, 2.0
# wire.STEP: the pause before each DNS query, HTTP request and SIP connection,
# so that several phones interleave step by step, the same way in every run.
SPLIT_PAUSE = 0.05  # --split: between a POST's head and its body (the head is ACKed first)
SIP_RECONNECT_PAUSE = 2.0  # --sip-reconnects: before connecting to the registrar again
WSDL = "{http://schemas.xmlsoap.org/wsdl/}"


class Done(Exception):
    """Ends the sign-in with an outcome (contract vocabulary) and a cause."""

    def __init__(self, outcome, cause):
        super().__init__(cause)
        self.outcome = outcome


class Phone:
    def __init__(self, a):
        self.a = a
        self.mac = bytes.fromhex(a.mac.replace(":", ""))
        self.domain = wire.DOMAIN
        # Source ports: one block per phone, so reruns reuse the same numbers.
        self.next_port = 50000 + 100 * self.mac[-1]
        self.conn = None  # the kept-alive HTTP(S) connection to the pool
        self.pool_host = self.pool_addr = self.csr = None
        self.chain = None  # PEM of the CA chain from the root-chain download
        self.cert_der = None  # the certificate GetAndPublishCert issued
        self.keydir = tempfile.mkdtemp(prefix="lab-phone-")  # the user key, for TLS-DSK
        self.pool_scheme, self.pool_port = "https", 443  # from option 43 (sub-options 2, 4)

    def log(self, msg):
        print(f"phone {self.a.mac} ({self.a.ext}): {msg}", flush=True)

    def port(self):
        self.next_port += 1
        return self.next_port

    # ---- DHCP ------------------------------------------------------------
    def dhcp_inform(self):
        xid = wire.dhcp_xid(self.mac)
        prl = [1, 42, 43, 120] if self.a.vendor_class == "MS-UC-Client" else [1, 43]
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, self.a.iface.encode())
        s.bind(("", 68))
        start = time.monotonic()
        for attempt in range(1, DHCP_TRIES + 1):
            raw = wire.dhcp_inform(xid, self.mac, socket.inet_aton(self.a.ip), int(time.monotonic() - start),
                                   self.a.vendor_class, prl)
            s.sendto(raw, ("255.255.255.255", 67))
            self.log(f"DHCPINFORM sent, vendor class {self.a.vendor_class} (try {attempt}/{DHCP_TRIES})")
            deadline = time.monotonic() + DHCP_WAIT
            while (left := deadline - time.monotonic()) > 0:
                s.settimeout(left)
                try:
                    data = s.recv(1500)
                except socket.timeout:
                    break
                ack = BOOTP(data)
                if ack.op == 2 and ack.xid == xid and DHCP in ack:
                    s.close()
                    return {o[0]: o[1] for o in ack[DHCP].options if isinstance(o, tuple)}
        s.close()
        raise Done("no_provisioning", f"no DHCP answer to {DHCP_TRIES} INFORMs")

    def option43(self, opts):
        """Sub-options of option 43; a truncated one means no provisioning."""
        if opts.get("message-type") != 5:
            raise Done("no_provisioning", f"DHCP answer type {opts.get('message-type')}, not ACK")
        raw = opts.get("vendor_specific")
        if raw is None:
            raise Done("no_provisioning", "DHCPACK without option 43: no provisioning URL")
        sub, i = {}, 0
        while i < len(raw) and raw[i] != 255:
            if raw[i] == 0:  # PAD
                i += 1
                continue
            if i + 1 >= len(raw) or i + 2 + raw[i + 1] > len(raw):
                raise Done("no_provisioning", f"option 43 sub-option {raw[i]} runs past the end "
                           f"({len(raw)} bytes): PIN sign-in not offered")
            sub[raw[i]] = raw[i + 2:i + 2 + raw[i + 1]]
            i += 2 + raw[i + 1]
        if 10 in sub:
            self.log(f"option 43: voice VLAN {int.from_bytes(sub[10], 'big')}")
        return sub

    def certprov_url(self, sub):
        if not all(k in sub for k in (2, 3, 4, 5)):
            raise Done("no_provisioning", f"option 43 lacks sub-options {sorted({2, 3, 4, 5} - set(sub))}")
        url = "{}://{}:{}{}".format(*(sub[k].decode() for k in (2, 3, 4, 5)))
        self.log(f"option 43: CertProv URL {url}")
        return url

    def option120(self, raw):
        """RFC 3361 encoding 0: the first name, in DNS label form.  A value
        that starts with neither encoding byte (0 names, 1 addresses) is taken
        as a plain ASCII name, as some deployments configure it."""
        if not raw:
            return None
        if raw[0] > 1:
            self.log("option 120 is a plain ASCII name, not RFC 3361")
            return raw.decode("ascii").rstrip("\0")
        if raw[0] != 0:
            return None
        labels, i = [], 1
        while i < len(raw) and raw[i]:
            labels.append(raw[i + 1:i + 1 + raw[i]].decode())
            i += 1 + raw[i]
        return ".".join(labels)

    # ---- DNS -------------------------------------------------------------
    def resolve(self, name):
        time.sleep(wire.STEP)
        qtype = 28 if self.a.ip6 else 1
        query = wire.dns_query(wire.dns_id(self.mac, name), name, qtype)
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind((self.a.ip, self.port()))
        s.settimeout(DNS_WAIT)
        try:
            for _ in range(DNS_TRIES):
                s.sendto(query, (self.a.dns, 53))
                self.log(f"DNS query {name} type {qtype}")
                try:
                    data = s.recv(1500)
                except socket.timeout:
                    continue
                if data[:2] != query[:2]:
                    continue
                rcode = data[3] & 0xF
                addrs = self.dns_answers(data, qtype)
                if rcode == 3:
                    raise Done("dns_failure", f"NXDOMAIN for {name}")
                if not addrs:
                    raise Done("dns_failure", f"no address for {name} (rcode {rcode})")
                self.log(f"DNS {name} -> {addrs[0]}")
                return addrs[0]
        finally:
            s.close()
        raise Done("dns_failure", f"no DNS answer for {name}")

    @staticmethod
    def dns_answers(data, qtype):
        def skip_name(i):
            while data[i]:
                if data[i] >= 0xC0:
                    return i + 2
                i += 1 + data[i]
            return i + 1
        ancount = struct.unpack("!H", data[6:8])[0]
        i = skip_name(12) + 4
        addrs = []
        for _ in range(ancount):
            i = skip_name(i)
            rtype, _, _, rdlen = struct.unpack("!HHIH", data[i:i + 10])
            if rtype == qtype:
                family = socket.AF_INET6 if qtype == 28 else socket.AF_INET
                addrs.append(socket.inet_ntop(family, data[i + 10:i + 10 + rdlen]))
            i += 10 + rdlen
        return addrs

    # ---- the root chain, over plain HTTP on port 80 ------------------------
    def root_chain(self):
        """GET the CA chain from CertProv over plain HTTP (port 80), as phones
        do before they can trust the pool; refused or unanswered: no chain."""
        time.sleep(wire.STEP)
        src = self.a.ip6 if self.a.ip6 else self.a.ip
        try:
            sock = socket.create_connection((self.pool_addr, 80), wire.STEP * 10, source_address=(src, self.port()))
        except OSError as e:
            self.log(f"root chain: port 80 of {self.pool_host}: {e}")
            return
        with sock:
            sock.sendall(wire.request_head("GET", wire.CERTCHAIN_PATH, self.pool_host))
            self.log(f"HTTP GET {wire.CERTCHAIN_PATH} (port 80)")
            resp = http.client.HTTPResponse(sock, method="GET")
            resp.begin()
            data = resp.read()
        self.log(f"root chain: HTTP {resp.status} ({len(data)} bytes {resp.headers.get('Content-Type')})")
        if resp.status == 200:
            self.chain = subprocess.run(["openssl", "pkcs7", "-inform", "DER", "-print_certs"], input=data,
                                        check=True, capture_output=True).stdout.decode()

    # ---- TLS / HTTPS -----------------------------------------------------
    def trust(self, ctx):
        """What the phone trusts: --trust, else the downloaded chain, else nothing."""
        if self.a.trust:
            ctx.load_verify_locations(cafile=self.a.trust)
        elif self.chain:
            ctx.load_verify_locations(cadata=self.chain)

    def tls_connect(self, host, addr, port):
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        if self.a.tls10:
            ctx.minimum_version = ctx.maximum_version = ssl.TLSVersion.TLSv1
            ctx.set_ciphers(LEGACY_CIPHERS)
        else:
            ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        if self.a.ciphers:  # a phone of TLS 1.2 and these suites only
            ctx.maximum_version = ssl.TLSVersion.TLSv1_2
            ctx.set_ciphers(self.a.ciphers)
        self.trust(ctx)
        sock = self.connect(addr, port)
        tls = ctx.wrap_socket(sock, server_hostname=host, do_handshake_on_connect=False)
        try:
            tls.do_handshake()
        except ssl.SSLCertVerificationError as e:
            # The alert is sent; closing only later lets the server's FIN come
            # first in every run (closing at once would race it).
            time.sleep(wire.STEP)
            tls.close()
            why = "" if self.a.trust or self.chain else " (no root chain: the port 80 download failed)"
            raise Done("tls_failure", f"server certificate of {host} rejected: {e.verify_message}{why}")
        except ssl.SSLError as e:
            tls.close()
            raise Done("tls_failure", f"TLS handshake with {host} failed: {e.reason or e}")
        except OSError as e:
            tls.close()
            raise Done("tls_failure", f"TLS handshake with {host} ended: {e.strerror or e}")
        self.log(f"TLS to {host}:{port} established ({tls.version()}, {tls.cipher()[0]})")
        return tls

    def connect(self, addr, port):
        """TCP to the pool; given up after CONNECT_TIMEOUT, or at once when refused."""
        src = self.a.ip6 if self.a.ip6 else self.a.ip
        try:
            sock = socket.create_connection((addr, port), CONNECT_TIMEOUT, source_address=(src, self.port()))
        except socket.timeout:
            raise Done("connect_failed", f"no answer from {addr}:{port} in {CONNECT_TIMEOUT:.0f} s")
        except OSError as e:
            raise Done("connect_failed", f"connection to {addr}:{port} refused: {e.strerror or e}")
        sock.settimeout(HTTP_TIMEOUT)
        return sock

    def tcp_connect(self, addr, port):
        """Plain HTTP (option 43 said "http"): TCP only."""
        sock = self.connect(addr, port)
        self.log(f"TCP to {self.pool_host}:{port} established (plain HTTP, no TLS)")
        return sock

    def http(self, method, url, body=b"", headers=None):
        """One request on the kept-alive HTTP(S) connection to the pool.  Head
        and body go out in one write, so in one TLS record, unless --split
        asks for two writes."""
        if self.conn is None:
            if self.pool_scheme == "http":
                self.conn = self.tcp_connect(self.pool_addr, self.pool_port)
            else:
                self.conn = self.tls_connect(self.pool_host, self.pool_addr, self.pool_port)
            if self.a.split:
                self.conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        time.sleep(wire.STEP)
        path = urllib.parse.urlsplit(url).path
        host = self.pool_host
        if self.pool_port != {"http": 80, "https": 443}[self.pool_scheme]:
            host += f":{self.pool_port}"
        if self.a.accept_gzip:
            headers = {**(headers or {}), "Accept-Encoding": "gzip"}
        head = wire.request_head(method, path, host, headers, body)
        split = method == "POST" and body and (
            self.a.split == "post" or (self.a.split == "credentials" and "Authorization" in (headers or {})))
        if split:
            self.conn.sendall(head)
            time.sleep(SPLIT_PAUSE)
            self.conn.sendall(body)
        else:
            self.conn.sendall(head + body)
        self.log(f"HTTP {method} {path}" + (" (head and body in two writes)" if split else ""))
        resp = http.client.HTTPResponse(self.conn, method=method)
        try:
            resp.begin()
            data = resp.read()
        except socket.timeout:
            raise Done("no_response", f"no response to {method} {path} in {HTTP_TIMEOUT:.0f} s")
        if resp.headers.get("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
            self.log(f"HTTP {resp.status} {resp.reason} ({len(data)} bytes, gzip, chunked)")
        else:
            self.log(f"HTTP {resp.status} {resp.reason} ({len(data)} bytes)")
        return resp.status, resp.headers, data

    def soap(self, url, action, body, auth=None):
        return self.http("POST", url, body.encode(), wire.soap_headers(action, auth))

    def mex(self, url):
        status, _, data = self.http("GET", url + "/mex")
        if status != 200:
            raise Done("server_error" if status >= 500 else "unknown", f"{url}/mex answered {status}")
        return ET.fromstring(data)

    @staticmethod
    def port_address(wsdl, name):
        for port in wsdl.iter(WSDL + "port"):
            if port.get("name", "").lower() == name.lower():
                for child in port:
                    if child.tag.endswith("address"):
                        return child.get("location")
        return None

    # ---- the sign-in -----------------------------------------------------
    def issue_token(self, pin_url, certprov_url):
        rst = wire.issue_token_request(self.mac, self.a.ext, certprov_url)
        status, headers, _ = self.soap(pin_url, wire.ACTION_ISSUE, rst)
        if status == 401 and "basic" in headers.get("WWW-Authenticate", "").lower():
            self.log("challenged for Basic credentials: sending extension and PIN")
        for attempt in range(1, self.a.attempts + 1):
            status, headers, data = self.soap(pin_url, wire.ACTION_ISSUE, rst, f"{self.a.ext}:{self.a.pin}")
            if status == 200:
                return data.decode()
            if status >= 500:
                raise Done("server_error", f"IssueToken answered {status}")
            diag = headers.get("X-Ms-diagnostics", "")
            self.log(f"PIN attempt {attempt} rejected: {diag or status}")
            if not diag.startswith(f"{wire.INVALID_PIN_ID};"):
                raise Done("auth_failed", f"IssueToken answered {status}: {diag}")
        raise Done("pin_rejected", f"PIN rejected {self.a.attempts} time(s) (28003)")

    def get_cert(self, certprov_url, rstr):
        wsu = "{http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd}"
        lifetime = ET.fromstring(rstr).find(".//{http://docs.oasis-open.org/ws-sx/ws-trust/200512}Lifetime")
        created, expires = lifetime.find(wsu + "Created").text, lifetime.find(wsu + "Expires").text
        body = wire.get_and_publish_cert_request(self.mac, self.a.ext, certprov_url, created, expires,
                                                 wire.assertion(rstr), self.csr)
        status, _, data = self.soap(certprov_url, wire.ACTION_CERT, body)
        if status != 200:
            raise Done("server_error" if status >= 500 else "auth_failed", f"GetAndPublishCert answered {status}")
        cert = ET.fromstring(data).find(".//{http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd}BinarySecurityToken")
        self.cert_der = base64.b64decode(cert.text)
        self.log(f"certificate issued ({len(self.cert_der)} bytes DER)")

    def register(self, sip_host):
        """REGISTER over TLS; a connection the registrar closes unanswered is
        opened again, up to --sip-reconnects times, as phones keep trying."""
        addr = self.resolve(sip_host)
        for attempt in range(self.a.sip_reconnects + 1):
            try:
                return self.register_once(sip_host, addr)
            except Done as d:
                if d.outcome != "sip_closed" or attempt == self.a.sip_reconnects:
                    raise Done("sip_rejected", str(d)) if d.outcome == "sip_closed" else d
                self.log(f"{d}; connecting again")
                time.sleep(SIP_RECONNECT_PAUSE)

    def register_once(self, sip_host, addr):
        time.sleep(wire.STEP)
        tls = self.tls_connect(sip_host, addr, 5061)
        local = tls.getsockname()
        host = f"[{local[0]}]" if ":" in local[0] else local[0]
        f = tls.makefile("rb")

        def register(cseq, authorization=None):
            tls.sendall(wire.sip_register(self.mac, self.a.ext, host, local[1], cseq, authorization).encode())
            start = f.readline().decode().strip()
            lines = []
            while line := f.readline().decode().rstrip("\r\n"):
                lines.append(line)
            self.log(f"SIP REGISTER (CSeq {cseq}) -> {start}")
            challenges = [v.strip() for k, _, v in (x.partition(":") for x in lines)
                          if k.strip().lower() == "www-authenticate"]
            return start, wire.header_fields(lines), challenges

        try:
            status, _, challenges = register(1)
            if status == "":
                raise Done("sip_closed", "the registrar closed the SIP connection without an answer")
            offer = next((c for c in challenges if c.startswith("TLS-DSK")), None)
            if " 401 " not in status or offer is None:
                raise Done("sip_rejected", f"REGISTER answered {status!r}, no TLS-DSK offered")
            params = wire.auth_params(offer)
            self.log(f"TLS-DSK offered, sts-uri {params.get('sts-uri')}")
            incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
            dsk = self.tls_dsk_context().wrap_bio(incoming, outgoing)
            cseq, opaque = 1, None
            while True:
                try:
                    dsk.do_handshake()
                    break
                except ssl.SSLWantReadError:
                    pass
                cseq += 1
                cred = {"qop": "auth", "realm": params["realm"], "targetname": params["targetname"],
                        "gssapi-data": base64.b64encode(outgoing.read()).decode(), "version": "4"}
                if opaque:
                    cred = {"opaque": opaque, **cred}
                status, _, challenges = register(cseq, wire.tls_dsk(cred))
                answer = wire.auth_params(challenges[0]) if challenges else {}
                if " 401 " not in status or "gssapi-data" not in answer:
                    raise Done("sip_rejected", f"REGISTER answered {status!r} during TLS-DSK")
                opaque = answer.get("opaque")
                incoming.write(base64.b64decode(answer["gssapi-data"]))
            self.log(f"TLS-DSK handshake done ({dsk.version()}, {dsk.cipher()[0]})")
            status, headers, _ = register(cseq + 1, wire.tls_dsk({
                "qop": "auth", "opaque": opaque, "realm": params["realm"], "targetname": params["targetname"],
                "crand": wire.derive("crand", self.mac, 4).hex(), "cnum": "1",
                "response": wire.derive("response", self.mac, 16).hex()}))
        finally:
            tls.close()
        if " 200 " not in status + " ":
            raise Done("sip_rejected", f"REGISTER answered {status!r}: {headers.get('ms-diagnostics', '')}")
        self.log(f"registered; Authentication-Info: {headers.get('authentication-info', '')[:60]}...")

    def tls_dsk_context(self):
        """TLS-DSK: a TLS 1.0 handshake presenting the certificate CertProv issued."""
        cert = os.path.join(self.keydir, "user.pem")
        with open(cert, "w") as out:
            out.write(ssl.DER_cert_to_PEM_cert(self.cert_der))
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.minimum_version = ctx.maximum_version = ssl.TLSVersion.TLSv1
        ctx.set_ciphers(LEGACY_CIPHERS)
        ctx.check_hostname = False
        self.trust(ctx)
        ctx.load_cert_chain(cert, os.path.join(self.keydir, "user.key"))
        return ctx

    def run(self):
        # The key pair for the user certificate, made before the sign-in (a
        # phone makes it at boot), so that key generation time never shifts
        # the packets.  The lab phone never uses the key itself.
        if not self.a.dhcp_only:
            self.csr = subprocess.run(["openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout",
                                       os.path.join(self.keydir, "user.key"), "-subj", f"/CN={self.a.ext}@{self.domain}",
                                       "-outform", "DER"], check=True, capture_output=True).stdout
        if not self.a.provisioned:
            load_scapy()
        if self.a.start_at:
            time.sleep(max(0.0, self.a.start_at - time.time()))
        if self.a.provisioned:
            certprov_url, sip_host = self.a.provisioned
            self.log(f"provisioned without DHCP: CertProv URL {certprov_url}")
        else:
            opts = self.dhcp_inform()
            self.log(f"DHCPACK from {opts.get('server_id')}, NTP {opts.get('NTP_server')}")
            sub = self.option43(opts)
            if self.a.vendor_class == "CPE-OCPHONE":
                raise Done("incomplete", "voice VLAN learned; a Lync Phone Edition would now move to it")
            certprov_url = self.certprov_url(sub)
            sip_host = self.option120(opts.get(120))
        self.log(f"option 120: SIP server {sip_host}")
        if self.a.dhcp_only:
            raise Done("incomplete", "provisioning learned; this run stops after DHCP")
        parts = urllib.parse.urlsplit(certprov_url)
        self.pool_host = parts.hostname
        self.pool_scheme = parts.scheme.lower()
        if self.pool_scheme not in ("http", "https"):
            raise Done("no_provisioning", f"option 43 scheme {parts.scheme!r} is neither https nor http")
        self.pool_port = parts.port or {"http": 80, "https": 443}[self.pool_scheme]
        self.pool_addr = self.resolve(self.pool_host)
        self.root_chain()
        try:
            certprov = self.mex(certprov_url)
            policy = next(p for p in certprov.iter("{http://schemas.xmlsoap.org/ws/2004/09/policy}Policy")
                          if p.get("{http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd}Id")
                          == CERTPROV_PORT + "_policy")
            issuer = next(e.text for e in policy.iter("{http://www.w3.org/2005/08/addressing}Address"))
            cert_url = self.port_address(certprov, CERTPROV_PORT)
            pin_url = self.port_address(self.mex(issuer), "WebTicketServicePin")
            self.log(f"web ticket issuer {issuer}, PIN port {pin_url}")
            rstr = self.issue_token(pin_url, cert_url)
            self.log("web ticket received")
            self.get_cert(cert_url, rstr)
        finally:
            if self.conn:
                self.conn.close()
        self.register(sip_host)
        raise Done("signed_in", "registered")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--mac", required=True)
    p.add_argument("--ip", required=True, help="the phone's IPv4 address (it already has a lease)")
    p.add_argument("--ip6", help="sign in over IPv6 from this address (AAAA lookups)")
    p.add_argument("--iface", default="eth0")
    p.add_argument("--dns", default="10.9.0.1")
    p.add_argument("--ext", default="1234")
    p.add_argument("--pin", default=wire.GOOD_PIN)
    p.add_argument("--attempts", type=int, default=1, help="PIN tries before the user gives up")
    p.add_argument("--vendor-class", default=wire.VENDOR_CLASS)
    p.add_argument("--dhcp-only", action="store_true")
    p.add_argument("--trust", help="trust only these CA certificates (PEM), not the downloaded chain")
    p.add_argument("--tls10", action="store_true", help="a legacy phone: TLS 1.0, RSA key exchange only")
    p.add_argument("--ciphers", help="offer TLS 1.2 with these OpenSSL cipher suites only (e.g. AES128-SHA)")
    p.add_argument("--provisioned", nargs=2, metavar=("CERTPROV-URL", "SIP-HOST"),
                   help="skip DHCP: provisioned by a DHCP server the capture does not see")
    p.add_argument("--start-at", type=float, help="begin at this time (seconds since the epoch)")
    p.add_argument("--split", choices=["post", "credentials"],
                   help="write head and body of every POST (or of those with credentials) "
                        "separately, TCP_NODELAY, %.2f s apart" % SPLIT_PAUSE)
    p.add_argument("--accept-gzip", action="store_true", help="offer Accept-Encoding: gzip")
    p.add_argument("--sip-reconnects", type=int, default=0, metavar="N",
                   help="connect to the registrar again up to N times when it closes unanswered")
    a = p.parse_args()
    phone = Phone(a)
    try:
        phone.run()
    except Done as d:
        phone.log(f"{d}")
        print(f"result: {d.outcome}", flush=True)
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write small captures of situations field captures really contain, one per
file, for both front ends (tests/tool/test_field.py, tests/plugin/test_field.py,
and the agreement test):

  field-http-404.pcap        a 404 to IssueToken: the URL, not the PIN (http_error)
  field-undocumented-id.pcap a 401 with an id outside the documented table (28032)
  field-multi-diag.pcap      one X-Ms-diagnostics header with two entries; 28003 decides
  field-no-request.pcap      a 401 28003 whose request is not in the capture
  field-pipelining.pcap      two requests in one segment, answered in order
  field-gave-up.pcap         no answer, then the phone closes after 3 s: no_response
  field-cut-off.pcap         no answer, the capture ends 3 s later: incomplete
  field-http10-close.pcap    an HTTP/1.0 401 whose body ends with the connection
  field-pxe-option43.pcap    PXE and other vendors' option 43: not Lync at all
  field-long-head.pcap       a 401 28003 whose head runs past 16 KB: still an answer
  field-dhcp-conflict.pcap   three DHCP servers answer one INFORM differently; the phone
                             follows the stale one and its pool name does not resolve
  field-long-reason.pcap     a 401 whose X-Ms-diagnostics is 28003 with a 100 KB reason:
                             still the PIN
  field-out-of-order.pcap    the IssueToken with the PIN in three segments, the last sent
                             first; its 401 28003 is WebTicket's
  field-proxy-502.pcap       IIS ARR in front of the pool answers 502: a proxy, not a front end
  field-proxy-504.pcap       nginx answers 504 (Server: nginx, Via): a proxy as well
  field-httpsys-503.pcap     the front end's HTTP.sys answers 503 (application pool stopped):
                             the web service failing, not a proxy
  field-redirect-302.pcap    a web proxy answers the IssueToken with a 302 to its login page
  field-hostile-strings.pcap two phones whose strings anyone on the path could choose: user
                             names, URIs and User-Agents with ANSI/OSC escapes, C1 bytes and
                             spreadsheet formulas, and 401 reasons with <script> and a
                             source far too long to show

Crafted with scapy: HTTP in clear text on port 80, as a decrypted capture
shows it. Deterministic: fixed addresses, ports, sequence numbers and times.

Usage: make-field-situations.py OUTDIR
"""
import base64
import os
import sys

from scapy.all import BOOTP, DHCP, DNS, DNSQR, Ether, IP, TCP, UDP, Raw, wrpcap

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "captures", "lab"))
import lync_wire  # noqa: E402  (the lab's option 43/120 encodings)

PHONE, SERVER = "10.9.0.11", "10.9.0.1"
PHONE_MAC, SERVER_MAC = "00:04:f2:00:00:01", "02:00:0a:09:00:01"
T0 = 1795615000.0
SOAP_ISSUE = "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue"


def request(path="/WebTicket/WebTicketService.svc/pin", credentials=True, headers=()):
    body = "<s:Envelope><s:Body><RequestSecurityToken/></s:Body></s:Envelope>"
    lines = ["POST %s HTTP/1.1" % path, "Host: pool01.contoso.test",
             "Content-Type: text/xml; charset=utf-8", "SOAPAction: \"%s\"" % SOAP_ISSUE] + list(headers)
    if credentials is True:
        lines.append("Authorization: Basic MTIzNDoxMjM0NTY=")  # 1234:123456
    elif credentials:
        lines.append("Authorization: Basic " + base64.b64encode(credentials.encode()).decode())
    lines.append("Content-Length: %d" % len(body))
    return "\r\n".join(lines) + "\r\n\r\n" + body


def response(status, headers=(), body="", version="HTTP/1.1", length=True):
    lines = ["%s %s" % (version, status), "Server: Microsoft-IIS/8.0"] + list(headers)
    if length:
        lines.append("Content-Length: %d" % len(body))
    return "\r\n".join(lines) + "\r\n\r\n" + body


def diag(value):
    return ["WWW-Authenticate: Basic realm=\"LYNC\"", "X-Ms-diagnostics: " + value]


def segments(text, mss=1400):
    data = text.encode()
    return [data[i:i + mss] for i in range(0, len(data), mss)]


def answered_in_pieces(sport, reply):
    """The IssueToken with the PIN, and a reply too long for one segment."""
    c = Connection(sport, T0)
    c.send("c", request())
    for i, chunk in enumerate(segments(reply)):
        c.segment("s", "PA", chunk, 0.05 if i == 0 else 0.001)
    c.close()
    return c.pkts


def long_head():
    return answered_in_pieces(50105, response("401 Unauthorized", diag("28003;reason=\"The pin is invalid.\"") +
                                              ["X-Padding: " + "A" * 20000]))


def long_reason():
    return answered_in_pieces(50106, response("401 Unauthorized", diag(
        "28003;source=\"pool01.contoso.test\";reason=\"" + "A" * 100000 + "\"")))


def out_of_order():
    c = Connection(50107, T0)
    pieces = segments(request(), mss=120)[:3]
    pieces[2] += request().encode()[360:]
    first = c.cseq
    sent = []
    for piece in pieces:
        c.segment("c", "PA", piece)
        sent.append(c.pkts.pop())
    c.pkts += [sent[2], sent[0], sent[1]]
    assert sent[0][TCP].seq == first
    c.send("s", response("401 Unauthorized", diag("28003;reason=\"The pin is invalid.\"")), 0.05)
    c.close()
    return c.pkts


class Connection:
    """One TCP connection of the phone to the web server, packet by packet."""

    def __init__(self, sport, t, handshake=True, phone=PHONE, mac=PHONE_MAC):
        self.sport, self.t = sport, t
        self.phone, self.mac = phone, mac
        self.cseq, self.sseq = 1000, 5000
        self.pkts = []
        if handshake:
            self.segment("c", "S", b"")
            self.segment("s", "SA", b"")
            self.segment("c", "A", b"")

    def segment(self, side, flags, data, gap=0.001):
        self.t += gap
        if side == "c":
            p = Ether(src=self.mac, dst=SERVER_MAC) / IP(src=self.phone, dst=SERVER) / \
                TCP(sport=self.sport, dport=80, flags=flags, seq=self.cseq, ack=self.sseq)
        else:
            p = Ether(src=SERVER_MAC, dst=self.mac) / IP(src=SERVER, dst=self.phone) / \
                TCP(sport=80, dport=self.sport, flags=flags, seq=self.sseq, ack=self.cseq)
        if data:
            p = p / Raw(data)
        p.time = self.t
        self.pkts.append(p)
        step = len(data) + (1 if ("S" in flags or "F" in flags) else 0)
        if side == "c":
            self.cseq += step
        else:
            self.sseq += step

    def send(self, side, text, gap=0.001):
        self.segment(side, "PA", text.encode() if isinstance(text, str) else text, gap)

    def close(self, first="c", gap=0.001):
        other = "s" if first == "c" else "c"
        self.segment(first, "FA", b"", gap)
        self.segment(other, "FA", b"")
        self.segment(first, "A", b"")


def exchange(reply, req=None):
    c = Connection(50100, T0)
    c.send("c", req if req is not None else request())
    c.send("s", reply, 0.05)
    c.close()
    return c.pkts


def no_request():
    """The capture starts after the request: only the answer and the close."""
    c = Connection(50101, T0, handshake=False)
    c.send("s", response("401 Unauthorized", diag("28003;source=\"pool01.contoso.test\";reason=\"The pin is invalid.\"")))
    c.close("s")
    return c.pkts


def pipelining():
    c = Connection(50102, T0)
    mex = "GET /CertProv/CertProvisioningService.svc/mex HTTP/1.1\r\nHost: pool01.contoso.test\r\n\r\n"
    # Two requests in one segment: the metadata, then the token with the PIN.
    c.send("c", mex + request())
    c.send("s", response("200 OK", ["Content-Type: text/xml"], "<wsdl:definitions/>"), 0.05)
    c.send("s", response("401 Unauthorized", diag("28003;reason=\"The pin is invalid.\"")), 0.01)
    c.close()
    return c.pkts


def unanswered(close_after):
    c = Connection(50103, T0)
    c.send("c", request())
    if close_after is not None:
        c.close("c", close_after)
    else:
        # Other traffic goes on for 3 s: the capture just ends.
        p = Ether(src=PHONE_MAC, dst=SERVER_MAC) / IP(src=PHONE, dst=SERVER) / UDP(sport=50000, dport=9) / Raw(b"x")
        p.time = c.t + 3.0
        c.pkts.append(p)
    return c.pkts


def http10_close():
    c = Connection(50104, T0)
    c.send("c", request())
    c.send("s", response("401 Unauthorized", diag("28003;reason=\"The pin is invalid.\""),
                         "<html>401</html>", version="HTTP/1.0", length=False), 0.05)
    c.close("s", 0.2)
    return c.pkts


def dhcp(msg_type, xid, options, op, src, dst, t, mac=PHONE_MAC):
    sport, dport = (68, 67) if op == 1 else (67, 68)
    p = Ether(src=mac if op == 1 else SERVER_MAC, dst="ff:ff:ff:ff:ff:ff") / IP(src=src, dst=dst) / \
        UDP(sport=sport, dport=dport) / \
        BOOTP(op=op, xid=xid, chaddr=bytes.fromhex(mac.replace(":", "")) + b"\0" * 10) / \
        DHCP(options=[("message-type", msg_type)] + options + ["end"])
    p.time = t
    return p


def pxe():
    # PXE boot menu (sub-option 10 is the menu prompt, like CPE-OCPHONE's VLAN id), and an
    # Aruba AP's controller address: neither is Lync provisioning.
    menu = bytes([6, 1, 8, 10, 4, 0]) + b"PXE" + bytes([255])
    aruba = b"10.9.0.200"
    return [
        dhcp("discover", 0x11111111, [("vendor_class_id", b"PXEClient:Arch:00000:UNDI:002001")],
             1, "0.0.0.0", "255.255.255.255", T0),
        dhcp("offer", 0x11111111, [("vendor_class_id", b"PXEClient"), ("vendor_specific", menu)],
             2, SERVER, "255.255.255.255", T0 + 0.01),
        dhcp("inform", 0x22222222, [("vendor_class_id", b"ArubaAP")], 1, "10.9.0.50", SERVER, T0 + 1,
             mac="00:0b:86:00:00:01"),
        dhcp("ack", 0x22222222, [("vendor_specific", aruba)], 2, SERVER, "10.9.0.50", T0 + 1.01,
             mac="00:0b:86:00:00:01"),
        # An ACK with a VLAN-looking option 43 to a request not in the capture, without option 60.
        dhcp("ack", 0x33333333, [("vendor_specific", bytes([10, 2, 0, 5]))], 2, SERVER, "10.9.0.60",
             T0 + 2, mac="00:0b:86:00:00:02"),
    ]


def dhcp_conflict():
    # The right scope, a stale one that still names the old pool, and a rogue server without
    # option 43; the phone looks up the old pool's name, so it followed the stale answer.
    inform = [("vendor_class_id", b"MS-UC-Client"), ("param_req_list", [1, 43, 120])]

    def provisioning(pool):
        subs = ((5, lync_wire.CERTPROV_PATH), (4, "443"), (3, pool), (2, "https"), (1, "MS-UC-Client"))
        return [("vendor_specific", lync_wire.option43(subs)), (120, lync_wire.option120("sip." + pool))]

    def answer(server, options, t):
        return dhcp("ack", 0x44444444, options, 2, server, PHONE, t)

    query = Ether(src=PHONE_MAC, dst=SERVER_MAC) / IP(src=PHONE, dst=SERVER) / UDP(sport=40000, dport=53) / \
        DNS(id=0x4444, rd=1, qd=DNSQR(qname="oldpool.contoso.test"))
    query.time = T0 + 1.0
    nxdomain = Ether(src=SERVER_MAC, dst=PHONE_MAC) / IP(src=SERVER, dst=PHONE) / UDP(sport=53, dport=40000) / \
        DNS(id=0x4444, qr=1, rd=1, ra=1, rcode=3, qd=DNSQR(qname="oldpool.contoso.test"))
    nxdomain.time = T0 + 1.01
    return [
        dhcp("inform", 0x44444444, inform, 1, PHONE, "255.255.255.255", T0),
        answer("10.9.0.1", provisioning("pool01.contoso.test"), T0 + 0.01),
        answer("10.9.0.2", provisioning("oldpool.contoso.test"), T0 + 0.02),
        answer("10.9.0.3", [], T0 + 0.03),
        query, nxdomain,
    ]


# What an attacker on the path puts into strings: an OSC that sets the terminal's
# title, a CSI that clears it, C1 controls (UTF-8 and bare), markup, and formulas.
OSC, CLEAR = "\x1b]0;owned\x07", "\x1b[2J"


def hostile_strings():
    phones = [
        # A formula for a user name (DDE, no colon: Basic splits there), an OSC in the User-Agent.
        ("10.9.0.11", "00:04:f2:00:00:01", "=cmd|' /C calc'!A0",
         "/WebTicket/WebTicketService.svc/pin?" + CLEAR, "Polycom/5.9 " + OSC + "VVX",
         ("28003;source=\"" + "\x1b[31m" * 600 + "\";reason=\"The pin is " + OSC + "invalid" + CLEAR +
          " <script>alert(1)</script>\"")),
        # Escapes in the user name, C1 CSI in the reason, and a reason that starts like a formula.
        ("10.9.0.12", "00:04:f2:00:00:02", CLEAR + "+1234",
         "/WebTicket/WebTicketService.svc/pin", "Yealink\xc2\x9b" "31m",
         "28003;reason=\"-2+3 \xc2\x9b" "31m" + OSC + "\""),
    ]
    pkts = []
    for i, (ip, mac, user, path, agent, value) in enumerate(phones):
        c = Connection(50110 + i, T0 + i, phone=ip, mac=mac)
        # latin-1: each character is the byte written ("\xc2\x9b" is C1 CSI in UTF-8)
        c.send("c", request(path, credentials=user + ":123456", headers=["User-Agent: " + agent]).encode("latin-1"))
        reply = response("401 Unauthorized", diag(value), "<html><script>alert(1)</script></html>")
        c.send("s", reply.encode("latin-1"), 0.05)
        c.close()
        pkts += c.pkts
    # A bare C1 CSI byte (not UTF-8) in one more reason.
    c = Connection(50112, T0 + 2, phone="10.9.0.12", mac="00:04:f2:00:00:02")
    c.send("c", request("/WebTicket/WebTicketService.svc/pin", credentials=CLEAR + "+1234:123456"))
    c.send("s", response("401 Unauthorized", diag("28003;reason=\"bare \x9b" "2J C1\"")).encode("latin-1"), 0.05)
    c.close()
    return pkts + c.pkts


ARR_502 = ("<html><head><title>502 - Web server received an invalid response while acting as a gateway or "
           "proxy server.</title></head><body><h1>Server Error</h1></body></html>")


def response_from(status, headers, body):
    """An answer in another server's words than IIS 8.0's (response() adds IIS's Server)."""
    lines = ["HTTP/1.1 %s" % status] + list(headers) + ["Content-Length: %d" % len(body)]
    return "\r\n".join(lines) + "\r\n\r\n" + body


CAPTURES = {
    # A reverse proxy that does not publish the web ticket service.
    "field-http-404.pcap": lambda: exchange(response("404 Not Found", ["Content-Type: text/html"], "<html>404</html>")),
    "field-undocumented-id.pcap": lambda: exchange(response("401 Unauthorized", diag(
        "28032;source=\"pool01.contoso.test\";reason=\"Something the table does not list.\""))),
    "field-multi-diag.pcap": lambda: exchange(response("401 Unauthorized", diag(
        "28020;reason=\"Final handshake failed\", 28003;reason=\"The pin is invalid.\""))),
    "field-no-request.pcap": no_request,
    "field-pipelining.pcap": pipelining,
    "field-gave-up.pcap": lambda: unanswered(3.0),
    "field-cut-off.pcap": lambda: unanswered(None),
    "field-http10-close.pcap": http10_close,
    "field-pxe-option43.pcap": pxe,
    "field-long-head.pcap": long_head,
    "field-dhcp-conflict.pcap": dhcp_conflict,
    "field-long-reason.pcap": long_reason,
    "field-out-of-order.pcap": out_of_order,
    "field-hostile-strings.pcap": hostile_strings,
    "field-proxy-502.pcap": lambda: exchange(response_from("502 Bad Gateway", [
        "Content-Type: text/html", "Server: Microsoft-IIS/10.0", "X-Powered-By: ARR/3.0", "X-Powered-By: ASP.NET"],
        ARR_502)),
    "field-proxy-504.pcap": lambda: exchange(response_from("504 Gateway Time-out", [
        "Server: nginx/1.22.1", "Content-Type: text/html", "Via: 1.1 rp01.contoso.test"],
        "<html><body><h1>504 Gateway Time-out</h1></body></html>")),
    "field-httpsys-503.pcap": lambda: exchange(response_from("503 Service Unavailable", [
        "Content-Type: text/html; charset=us-ascii", "Server: Microsoft-HTTPAPI/2.0"],
        "<HTML><BODY><h2>Service Unavailable</h2></BODY></HTML>")),
    "field-redirect-302.pcap": lambda: exchange(response_from("302 Found", [
        "Location: https://proxy.contoso.test/login?url=http%3A%2F%2Fpool01.contoso.test%2FWebTicket",
        "Server: BlueCoat-Security-Appliance", "Content-Type: text/html"],
        "<html><body>Authentication required</body></html>")),
}


def main():
    out = sys.argv[1]
    for name, make in CAPTURES.items():
        wrpcap(os.path.join(out, name), make())


if __name__ == "__main__":
    main()

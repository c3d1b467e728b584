#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Write malformed-diagnostics.pcap: clear-text WebTicket exchanges whose
responses carry malformed X-Ms-diagnostics, Warning and SOAP fault data.

Crafted on purpose: no real server sends these, and the plugin must survive
them. Deterministic: fixed addresses, ports, sequence numbers and times.

Usage: make-malformed.py OUT.pcap
"""
import sys

from scapy.all import Ether, IP, TCP, Raw, wrpcap

PHONE, SERVER = "10.9.0.11", "10.9.0.1"
PHONE_MAC, SERVER_MAC = "00:04:f2:00:00:01", "02:00:0a:09:00:01"
MSS = 1400

REQUEST = (
    "POST /WebTicket/WebTicketService.svc/pin HTTP/1.1\r\n"
    "Host: pool01.contoso.test\r\n"
    "Content-Type: text/xml; charset=utf-8\r\n"
    "SOAPAction: \"http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue\"\r\n"
    "Authorization: Basic MTIzNDoxMjM0NTY=\r\n"
    "Content-Length: 0\r\n\r\n"
)

BAD_RESPONSES = [
    # Quoted string never closed.
    ["X-Ms-diagnostics: 28003;source=\"pool01\";reason=\"The pin is inval"],
    # Id that is not a number, and a parameter without '='.
    ["X-Ms-diagnostics: 28x03;reason=\"x\";faultcode"],
    # A 20 kB reason, spread over many TCP segments.
    ["X-Ms-diagnostics: 28003;reason=\"" + "A" * 20000 + "\""],
    # Many values in one header, escapes, and a broken Warning.
    ["X-Ms-diagnostics: " + ",".join("%d;reason=\"r\\\"%d\"" % (1000 + i, i) for i in range(12)),
     "Warning: 120 \"InvalidPin"],
    # Empty value, id too large for 32 bits.
    ["X-Ms-diagnostics: ", "X-Ms-diagnostics: 99999999999999999999;reason=\"big\""],
]


def response(headers, status="401 Unauthorized", body=""):
    lines = ["HTTP/1.1 " + status, "WWW-Authenticate: Basic realm=\"LYNC\""] + headers
    lines.append("Content-Length: %d" % len(body))
    return "\r\n".join(lines) + "\r\n\r\n" + body


def segments(data):
    return [data[i:i + MSS] for i in range(0, len(data), MSS)]


def conversation(sport, request, reply, t0):
    """A whole TCP connection: handshake, request, reply, close."""
    c = Ether(src=PHONE_MAC, dst=SERVER_MAC) / IP(src=PHONE, dst=SERVER)
    s = Ether(src=SERVER_MAC, dst=PHONE_MAC) / IP(src=SERVER, dst=PHONE)
    cseq, sseq = 1000, 5000
    pkts = [c / TCP(sport=sport, dport=80, flags="S", seq=cseq),
            s / TCP(sport=80, dport=sport, flags="SA", seq=sseq, ack=cseq + 1),
            c / TCP(sport=sport, dport=80, flags="A", seq=cseq + 1, ack=sseq + 1)]
    cseq += 1
    sseq += 1
    for chunk in segments(request.encode()):
        pkts.append(c / TCP(sport=sport, dport=80, flags="PA", seq=cseq, ack=sseq) / Raw(chunk))
        cseq += len(chunk)
    for chunk in segments(reply.encode()):
        pkts.append(s / TCP(sport=80, dport=sport, flags="PA", seq=sseq, ack=cseq) / Raw(chunk))
        sseq += len(chunk)
    pkts += [c / TCP(sport=sport, dport=80, flags="FA", seq=cseq, ack=sseq),
             s / TCP(sport=80, dport=sport, flags="FA", seq=sseq, ack=cseq + 1),
             c / TCP(sport=sport, dport=80, flags="A", seq=cseq + 1, ack=sseq + 1)]
    for i, p in enumerate(pkts):
        p.time = t0 + i * 0.001
    return pkts


def main():
    out = sys.argv[1]
    broken_fault = ("<s:Envelope><s:Body><s:Fault><faultcode>a:X</faultcode><detail>"
                    "<ErrorId>notanumber</ErrorId><Reason>unclosed")
    replies = [response(h) for h in BAD_RESPONSES]
    replies.append(response([], "500 Internal Server Error", broken_fault))
    pkts = []
    for i, reply in enumerate(replies):
        pkts += conversation(50000 + i, REQUEST, reply, 1700000000 + i)
    wrpcap(out, pkts)


if __name__ == "__main__":
    main()

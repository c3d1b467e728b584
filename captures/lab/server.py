#!/usr/bin/python3
"""Lab imitation of a Lync 2013 front end: the web services a phone uses to
sign in with extension and PIN (HTTPS, port 443) and a SIP registrar (TLS,
port 5061).  See WIRE.md for what goes on the wire and why.

TLS is real (Python ssl, TLS 1.2 as on a Lync 2013 pool) and every session's
secrets go to an NSS key log, so the captures decrypt.  Behaviour per run:
  --mode normal        good PIN -> web ticket -> certificate
  --mode hung          the credentialed IssueToken is read and never answered
  --mode server-error  the credentialed IssueToken gets a 500 SOAP fault
  --mode lockout       after --lock-after wrong PINs the account is locked
--mode-for EXT=MODE overrides the mode for one extension (several phones).
How the web services are offered and written:
  --http-port PORT     also serve them as plain HTTP (no TLS) on PORT; the mex
                       documents then name http://pool01.contoso.test:PORT/...
  --chunk-size BYTES   write the responses named by --chunk in pieces of BYTES
                       (one TLS record, or one TCP segment, each), --chunk-pause
                       seconds apart; default: every response in one write
"""
import argparse
import base64
import email.utils
import hashlib
import re
import socket
import socketserver
import ssl
import subprocess
import tempfile
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone

FQDN = "pool01.contoso.test"
DOMAIN = "contoso.test"
BASE = f"https://{FQDN}"
CERTPROV = "/CertProv/CertProvisioningService.svc"
WEBTICKET = "/WebTicket/WebTicketService.svc"
PIN_PORT_PATH = WEBTICKET + "/pin"  # lab choice: the real path is not documented (WIRE.md)
ACTION_ISSUE = "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue"
ACTION_ISSUE_FINAL = "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RSTRC/IssueFinal"
ACTION_CERT = "http://schemas.microsoft.com/OCS/AuthWebServices/GetAndPublishCert"
CERTPROV_PORT = "CertProvisioningServiceWebTicketProof_SHA1"  # port name pidgin-sipe asks for
LOCKED_ID = 28099          # ASSUMED id: Microsoft does not document the lockout id
SERVER_ERROR_ID = 28098    # ASSUMED id for the lab's 500 fault
PUBLISH_TIME = 0.3         # seconds GetAndPublishCert takes
# Responses --chunk can name (the kinds Lab.handle returns).
RESPONSE_KINDS = ("certprov-mex", "webticket-mex", "issue-token", "cert", "other")

NS = ('xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" '
      'xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" '
      'xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl" '
      'xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" '
      'xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" '
      'xmlns:sp="http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702" '
      'xmlns:wsa="http://www.w3.org/2005/08/addressing" '
      'xmlns:wst="http://docs.oasis-open.org/ws-sx/ws-trust/200512"')

CERTPROV_MEX = f"""<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions name="CertProvisioningService" targetNamespace="http://schemas.microsoft.com/OCS/AuthWebServices/" xmlns:tns="http://schemas.microsoft.com/OCS/AuthWebServices/" {NS}>
 <wsp:Policy wsu:Id="{CERTPROV_PORT}_policy">
  <wsp:ExactlyOne>
   <wsp:All>
    <sp:TransportBinding><wsp:Policy><sp:TransportToken><wsp:Policy><sp:HttpsToken/></wsp:Policy></sp:TransportToken></wsp:Policy></sp:TransportBinding>
    <sp:SignedSupportingTokens>
     <wsp:Policy>
      <sp:IssuedToken sp:IncludeToken="http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702/IncludeToken/AlwaysToRecipient">
       <sp:Issuer><wsa:Address>{{BASE}}{WEBTICKET}</wsa:Address></sp:Issuer>
       <sp:RequestSecurityTokenTemplate><wst:TokenType>http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1</wst:TokenType></sp:RequestSecurityTokenTemplate>
      </sp:IssuedToken>
     </wsp:Policy>
    </sp:SignedSupportingTokens>
   </wsp:All>
  </wsp:ExactlyOne>
 </wsp:Policy>
 <wsdl:portType name="ICertProvisioningService">
  <wsdl:operation name="GetAndPublishCert"><wsdl:input wsaw:Action="{ACTION_CERT}"/></wsdl:operation>
 </wsdl:portType>
 <wsdl:binding name="{CERTPROV_PORT}" type="tns:ICertProvisioningService">
  <wsp:PolicyReference URI="#{CERTPROV_PORT}_policy"/>
  <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
  <wsdl:operation name="GetAndPublishCert"><soap:operation soapAction="{ACTION_CERT}" style="document"/></wsdl:operation>
 </wsdl:binding>
 <wsdl:service name="CertProvisioningService">
  <wsdl:port name="{CERTPROV_PORT}" binding="tns:{CERTPROV_PORT}"><soap:address location="{{BASE}}{CERTPROV}"/></wsdl:port>
 </wsdl:service>
</wsdl:definitions>
"""

# Port names are Microsoft's; the paths of all but the PIN port follow the notes.
WEBTICKET_PORTS = [("WebTicketServiceWinNegotiate", ""), ("WebTicketServiceAuth", "/Auth"),
                   ("WebTicketServiceCert", "/Cert"), ("WebTicketServicePin", "/pin"),
                   ("WebTicketServiceAnon", "/Anon")]
WEBTICKET_MEX = (
    f"""<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions name="WebTicketService" targetNamespace="urn:component:Microsoft.Rtc.WebAuthentication.2010" xmlns:tns="urn:component:Microsoft.Rtc.WebAuthentication.2010" {NS}>
 <wsdl:portType name="IWebTicketService">
  <wsdl:operation name="IssueToken"><wsdl:input wsaw:Action="{ACTION_ISSUE}"/><wsdl:output wsaw:Action="{ACTION_ISSUE_FINAL}"/></wsdl:operation>
 </wsdl:portType>
"""
    + "".join(f""" <wsdl:binding name="{name}" type="tns:IWebTicketService">
  <soap:binding transport="http://schemas.xmlsoap.org/soap/http"/>
  <wsdl:operation name="IssueToken"><soap:operation soapAction="{ACTION_ISSUE}" style="document"/></wsdl:operation>
 </wsdl:binding>
""" for name, _ in WEBTICKET_PORTS)
    + ' <wsdl:service name="WebTicketService">\n'
    + "".join(f'  <wsdl:port name="{name}" binding="tns:{name}"><soap:address location="{{BASE}}{WEBTICKET}{path}"/></wsdl:port>\n'
              for name, path in WEBTICKET_PORTS)
    + " </wsdl:service>\n</wsdl:definitions>\n")

# What IIS sends with a 401 (custom errors on, no detail).
IIS_401_HTML = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"/>
<title>401 - Unauthorized: Access is denied due to invalid credentials.</title>
</head>
<body>
<div id="header"><h1>Server Error</h1></div>
<div id="content">
 <div class="content-container"><fieldset>
  <h2>401 - Unauthorized: Access is denied due to invalid credentials.</h2>
  <h3>You do not have permission to view this directory or page using the credentials that you supplied.</h3>
 </fieldset></div>
</div>
</body>
</html>
"""

RSTR = """<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:a="http://www.w3.org/2005/08/addressing" xmlns:u="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">
 <s:Header><a:Action s:mustUnderstand="1">{action}</a:Action></s:Header>
 <s:Body>
  <trust:RequestSecurityTokenResponseCollection xmlns:trust="http://docs.oasis-open.org/ws-sx/ws-trust/200512">
   <trust:RequestSecurityTokenResponse Context="{context}">
    <trust:TokenType>http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1</trust:TokenType>
    <trust:RequestedSecurityToken>
     <saml:Assertion MajorVersion="1" MinorVersion="1" AssertionID="{assertion_id}" Issuer="URI:{base}{webticket}" IssueInstant="{created}" xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion">
      <saml:Conditions NotBefore="{created}" NotOnOrAfter="{expires}"><saml:AudienceRestrictionCondition><saml:Audience>{applies_to}</saml:Audience></saml:AudienceRestrictionCondition></saml:Conditions>
      <saml:AuthenticationStatement AuthenticationMethod="urn:oasis:names:tc:SAML:1.0:am:password" AuthenticationInstant="{created}">
       <saml:Subject><saml:NameIdentifier Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">sip:{user}@{domain}</saml:NameIdentifier></saml:Subject>
      </saml:AuthenticationStatement>
     </saml:Assertion>
    </trust:RequestedSecurityToken>
    <trust:RequestedProofToken><trust:ComputedKey>http://docs.oasis-open.org/ws-sx/ws-trust/200512/CK/PSHA1</trust:ComputedKey></trust:RequestedProofToken>
    <trust:Entropy><trust:BinarySecret>{entropy}</trust:BinarySecret></trust:Entropy>
    <trust:Lifetime><u:Created>{created}</u:Created><u:Expires>{expires}</u:Expires></trust:Lifetime>
    <trust:KeySize>256</trust:KeySize>
   </trust:RequestSecurityTokenResponse>
  </trust:RequestSecurityTokenResponseCollection>
 </s:Body>
</s:Envelope>
"""

CERT_RESPONSE = """<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
 <s:Body>
  <GetAndPublishCertResponse xmlns="http://schemas.microsoft.com/OCS/AuthWebServices/">
   <RequestSecurityTokenResponse xmlns="http://docs.oasis-open.org/ws-sx/ws-trust/200512/">
    <TokenType>http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3</TokenType>
    <DispositionMessage xmlns="http://schemas.microsoft.com/windows/pki/2009/01/enrollment">Issued</DispositionMessage>
    <RequestedSecurityToken>
     <BinarySecurityToken ValueType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3" EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd#Base64Binary" xmlns="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">{cert}</BinarySecurityToken>
    </RequestedSecurityToken>
    <RequestID xmlns="http://schemas.microsoft.com/windows/pki/2009/01/enrollment">{request_id}</RequestID>
   </RequestSecurityTokenResponse>
  </GetAndPublishCertResponse>
 </s:Body>
</s:Envelope>
"""

# WCF's own text for an unhandled exception, with the Lync diagnostics detail.
SOAP_FAULT = """<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
 <s:Body>
  <s:Fault>
   <faultcode xmlns:a="http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher">a:InternalServiceFault</faultcode>
   <faultstring xml:lang="en-US">The server was unable to process the request due to an internal error.</faultstring>
   <detail>
    <OCSDiagnosticsFault xmlns="urn:component:Microsoft.Rtc.WebAuthentication.2010" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
     <Ms-Diagnostics-Fault><ErrorId>{error_id}</ErrorId><Reason>{reason}</Reason></Ms-Diagnostics-Fault>
    </OCSDiagnosticsFault>
   </detail>
  </s:Fault>
 </s:Body>
</s:Envelope>
"""


def with_base(template, base):
    """A mex document naming the service at base (scheme://host[:port])."""
    return template.replace("{BASE}", base)


def log(msg):
    print(f"server: {msg}", flush=True)


def stable_id(*parts):
    """GUIDs derived from their inputs, so that reruns write the same bytes."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "|".join(parts)))


def xml_time(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def http_response(status, reason, body, content_type, extra=()):
    headers = [f"HTTP/1.1 {status} {reason}", "Cache-Control: private",
               f"Content-Type: {content_type}", "Server: Microsoft-IIS/8.5",
               *extra, "X-Powered-By: ASP.NET", f"X-MS-Server-Fqdn: {FQDN}",
               "Date: " + email.utils.formatdate(usegmt=True),
               f"Content-Length: {len(body)}"]
    # One write per response (unless --chunk-size): one TLS record.
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


def unauthorized(diagnostics=None, warning=None):
    extra = ['WWW-Authenticate: Basic realm="LYNC"']
    if diagnostics:
        extra.append(f"X-Ms-diagnostics: {diagnostics}")
    if warning:
        extra.append(f'Warning: 120 {FQDN} "{warning}"')
    return http_response(401, "Unauthorized", IIS_401_HTML.encode(), "text/html", extra)


def diag(code, reason, fault="wsse:FailedAuthentication"):
    return f'{code};source="{FQDN}";reason="{reason}";faultcode="{fault}"'


def soap_ok(xml):
    return http_response(200, "OK", xml.encode(), "text/xml; charset=utf-8")


class Lab:
    """Accounts and behaviour shared by all connections."""

    def __init__(self, args):
        self.args = args
        self.modes = dict(m.split("=", 1) for m in args.mode_for)
        self.failures = {}
        self.lock = threading.Lock()

    def mode(self, ext):
        return self.modes.get(ext, self.args.mode)

    def handle(self, method, path, headers, body, base=BASE):
        """Returns the kind of response (RESPONSE_KINDS) and its bytes, or
        None for bytes to never answer.  base: scheme://host[:port] of the
        listener that got the request, named in the mex documents."""
        lpath = path.lower()
        if method == "GET" and lpath == (CERTPROV + "/mex").lower():
            return "certprov-mex", soap_ok(with_base(CERTPROV_MEX, base))
        if method == "GET" and lpath == (WEBTICKET + "/mex").lower():
            return "webticket-mex", soap_ok(with_base(WEBTICKET_MEX, base))
        if method == "POST" and lpath == PIN_PORT_PATH.lower():
            return "issue-token", self.issue_token(headers, body, base)
        if method == "POST" and lpath == CERTPROV.lower():
            return "cert", self.get_and_publish_cert(body)
        return "other", http_response(404, "Not Found", b"", "text/html")

    def issue_token(self, headers, body, base=BASE):
        auth = headers.get("authorization", "")
        if not auth.lower().startswith("basic "):
            return unauthorized()  # the challenge: no diagnostics
        ext, _, pin = base64.b64decode(auth[6:]).decode().partition(":")
        mode = self.mode(ext)
        log(f"IssueToken for {ext} (mode {mode})")
        if mode == "hung":
            return None
        if mode == "server-error":
            fault = SOAP_FAULT.format(error_id=SERVER_ERROR_ID,
                                      reason="The data store is unavailable (lab-assumed id).")
            return http_response(500, "Internal Server Error", fault.encode(), "text/xml; charset=utf-8")
        with self.lock:
            locked = mode == "lockout" and self.failures.get(ext, 0) >= self.args.lock_after
            if not locked and pin != self.args.pin:
                self.failures[ext] = self.failures.get(ext, 0) + 1
        if locked:
            return unauthorized(diag(LOCKED_ID, "The account is locked (lab-assumed id)."))
        if pin != self.args.pin:
            return unauthorized(diag(28003, "The pin is invalid."), "InvalidPin")
        return soap_ok(self.ticket(ext, body.decode(), base))

    def ticket(self, ext, request, base=BASE):
        now = datetime.now(timezone.utc)
        context = re.search(r'Context="([^"]*)"', request)
        entropy = re.search(r"<wst:BinarySecret>([^<]*)<", request)
        applies = re.search(r"<wsa:Address>([^<]*)<", request)
        seed = entropy.group(1) if entropy else ext
        return RSTR.format(
            action=ACTION_ISSUE_FINAL, context=context.group(1) if context else "",
            assertion_id="SamlSecurityToken-" + stable_id("assertion", ext, seed),
            base=base, webticket=WEBTICKET, user=ext, domain=DOMAIN,
            applies_to=applies.group(1) if applies else base + CERTPROV,
            created=xml_time(now), expires=xml_time(now + timedelta(hours=8)),
            entropy=base64.b64encode(hashlib.sha256(("server" + seed).encode()).digest()).decode())

    def get_and_publish_cert(self, body):
        text = body.decode()
        csr = re.search(r"<wsse:BinarySecurityToken[^>]*>([^<]*)<", text)
        entity = re.search(r'Entity="([^"]*)"', text)
        request_id = re.search(r"<wstep:RequestID>([^<]*)<", text)
        cert = self.sign(base64.b64decode(csr.group(1)), entity.group(1))
        # Publishing (into the user's AD object) takes a while on a real pool.
        time.sleep(PUBLISH_TIME)
        log(f"GetAndPublishCert for {entity.group(1)}: issued {len(cert)}-byte certificate")
        return soap_ok(CERT_RESPONSE.format(cert=base64.b64encode(cert).decode(),
                                            request_id=request_id.group(1) if request_id else ""))

    def sign(self, csr_der, entity):
        """Issues a real certificate for the phone's CSR from the lab CA."""
        serial = "0x" + hashlib.sha256(entity.encode()).hexdigest()[:16]
        with tempfile.NamedTemporaryFile(suffix=".csr") as csr:
            csr.write(csr_der)
            csr.flush()
            return subprocess.run(
                ["openssl", "x509", "-req", "-inform", "DER", "-in", csr.name,
                 "-CA", self.args.ca_cert, "-CAkey", self.args.ca_key,
                 "-set_serial", serial, "-days", "30", "-outform", "DER"],
                check=True, capture_output=True).stdout


def read_message(f):
    """Start line + headers (+ body by Content-Length) of HTTP or SIP."""
    start = f.readline()
    if not start.strip():
        return None
    headers = {}
    while True:
        line = f.readline().decode("latin-1").rstrip("\r\n")
        if not line:
            break
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = f.read(int(headers.get("content-length", "0")))
    return start.decode("latin-1").strip(), headers, body


class TLSHandler(socketserver.BaseRequestHandler):
    """TLS on the accepted connection, or plain TCP when server.tls is None."""

    def handle(self):
        peer = self.client_address[0]
        if self.server.tls is None:
            tls = self.request
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
        while (msg := read_message(f)) is not None:
            start, headers, body = msg
            method, path, _ = start.split(" ", 2)
            log(f"{peer}: {method} {path}")
            kind, response = self.server.lab.handle(method, path, headers, body, self.server.base)
            if response is None:
                log(f"{peer}: hung: reading on, never answering")
                while tls.recv(4096):
                    pass
                return
            args = self.server.lab.args
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


class SipHandler(TLSHandler):
    def serve(self, tls, f, peer):
        while (msg := read_message(f)) is not None:
            start, headers, _ = msg
            log(f"{peer}: SIP {start}")
            # Lab simplification: REGISTER is accepted at once (no TLS-DSK round).
            to_tag = stable_id("to-tag", headers.get("call-id", ""))[:8]
            answer = ["SIP/2.0 200 OK",
                      f"Via: {headers.get('via', '')};received={peer.removeprefix('::ffff:')}",
                      f"From: {headers.get('from', '')}",
                      f"To: {headers.get('to', '')};tag={to_tag}",
                      f"Call-ID: {headers.get('call-id', '')}",
                      f"CSeq: {headers.get('cseq', '')}",
                      f"Contact: {headers.get('contact', '')};expires=3600",
                      "Expires: 3600", "Server: RTC/5.0", "Content-Length: 0"]
            tls.sendall(("\r\n".join(answer) + "\r\n\r\n").encode())


class Server(socketserver.ThreadingTCPServer):
    address_family = socket.AF_INET6  # dual-stack: IPv4 arrives as ::ffff:a.b.c.d
    allow_reuse_address = True
    daemon_threads = True


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--cert", required=True, help="server certificate chain (PEM)")
    p.add_argument("--key", required=True)
    p.add_argument("--ca-cert", required=True, help="lab CA that signs phone certificates")
    p.add_argument("--ca-key", required=True)
    p.add_argument("--keylog", required=True, help="NSS key log to write")
    p.add_argument("--mode", default="normal", choices=["normal", "hung", "server-error", "lockout"])
    p.add_argument("--mode-for", action="append", default=[], metavar="EXT=MODE")
    p.add_argument("--pin", default="123456", help="every account's PIN")
    p.add_argument("--lock-after", type=int, default=3, help="wrong PINs before lockout")
    p.add_argument("--http-port", type=int, help="also serve the web services as plain HTTP on this port")
    p.add_argument("--chunk-size", type=int, default=0, metavar="BYTES",
                   help="write the --chunk responses in pieces of this size (default: one write)")
    p.add_argument("--chunk", default="certprov-mex,webticket-mex,cert", metavar="KIND,...",
                   help="responses to write in pieces: " + ", ".join(RESPONSE_KINDS) + " (default %(default)s)")
    p.add_argument("--chunk-pause", type=float, default=0.05, metavar="SECONDS",
                   help="pause between the pieces (default %(default)s)")
    args = p.parse_args()
    args.chunk = set(args.chunk.split(","))
    if args.chunk - set(RESPONSE_KINDS):
        p.error(f"--chunk: unknown kind(s) {','.join(sorted(args.chunk - set(RESPONSE_KINDS)))}")

    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    tls.minimum_version = tls.maximum_version = ssl.TLSVersion.TLSv1_2
    tls.options |= ssl.OP_NO_TICKET  # keeps handshakes short and the captures small
    tls.load_cert_chain(args.cert, args.key)
    tls.keylog_filename = args.keylog

    lab = Lab(args)
    listeners = [(443, WebHandler, tls, BASE), (5061, SipHandler, tls, BASE)]
    if args.http_port:
        plain_base = f"http://{FQDN}" + ("" if args.http_port == 80 else f":{args.http_port}")
        listeners.insert(0, (args.http_port, WebHandler, None, plain_base))
    servers = []
    for port, handler, ctx, base in listeners:  # all listen before the first serves
        srv = Server(("::", port), handler)
        srv.tls, srv.lab, srv.base = ctx, lab, base
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

# SPDX-License-Identifier: GPL-2.0-or-later
"""What the lab and the generator put on the wire, in one place.

The lab's server (server.py) and phone (phone.py) and the synthetic capture
generator (../gen/lyncgen.py) all build their messages here, so that the
generator's conversations stay those of the lab byte for byte: names and
paths, the Lync web services' HTTP answers (IIS headers, WSDL documents, the
SAML web ticket, the certificate, the 401 with 28003, the 500 SOAP fault),
the phone's requests, SIP REGISTER and its 200 OK, the phone's DHCPINFORM
and DNS query, option 43 and 120 as dnsmasq writes them, and the ids a phone
derives from its MAC.  What goes on the wire, and why: WIRE.md.

Standard library only (the generator needs nothing else).  Times are
seconds since the epoch (int or float; the fraction is dropped on the wire).
"""
import base64
import hashlib
import hmac
import struct
import time
import uuid

# ---- names (WIRE.md "Addresses and names") ---------------------------------
DOMAIN = "contoso.test"
POOL_FQDN = "pool01.contoso.test"
SIP_FQDN = "sip.contoso.test"
CERTPROV_PATH = "/CertProv/CertProvisioningService.svc"
WEBTICKET_PATH = "/WebTicket/WebTicketService.svc"
PIN_PATH = WEBTICKET_PATH + "/pin"  # lab choice: the real path is not documented (WIRE.md)
# The root-chain download over plain HTTP on port 80 (the pool's
# CAHandlerInternalAnonUri): the suffix is the lab's choice (U) (WIRE.md).
CERTCHAIN_PATH = CERTPROV_PATH + "/certchain"
BASE_URL = "https://" + POOL_FQDN
GOOD_PIN = "123456"
WRONG_PIN = "654321"
# User/password sign-ins (the WinNegotiate port, NTLM): the lab's domain and front end.
NTLM_DOMAIN = "CONTOSO"
FRONT_END = "FE01"
GOOD_PASSWORD = "Lab-Passw0rd"
USER_AGENT = "lyncprov-lab-phone/1.0"
VENDOR_CLASS = "MS-UC-Client"

ACTION_ISSUE = "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RST/Issue"
ACTION_ISSUE_FINAL = "http://docs.oasis-open.org/ws-sx/ws-trust/200512/RSTRC/IssueFinal"
ACTION_CERT = "http://schemas.microsoft.com/OCS/AuthWebServices/GetAndPublishCert"
CERTPROV_PORT = "CertProvisioningServiceWebTicketProof_SHA1"  # port name pidgin-sipe asks for

INVALID_PIN_ID = 28003
INVALID_PIN_REASON = "The pin is invalid."
INVALID_PIN_WARNING = "InvalidPin"
# Documented ids (MS-OCAUTHWS 3.2.4.1, protocol-notes "Field facts").
NOT_SIP_ENABLED_ID = 28000
NOT_SIP_ENABLED_REASON = "User is not SIP enabled."
WINDOWS_AUTH_ERROR_ID = 28001
WINDOWS_AUTH_ERROR_REASON = "Internal error while processing Integrated Windows authentication or authorization."
# LAB-ONLY ids, deliberately outside Lync's 28000-28999 block so that nothing
# learned from lab output can pass them for real ones (WIRE.md).
LOCKED_ID = 90099          # lab-only: Microsoft does not document the lockout id
LOCKED_REASON = "The account is locked (lab-only id)."
SERVER_ERROR_ID = 90098    # lab-only id for the lab's 500 fault
SERVER_ERROR_REASON = "The data store is unavailable (lab-only id)."
# SIP (protocol-notes "Field facts"): the registrar's realm and a rejection.
SIP_REALM = "SIP Communications Service"
SIP_NOT_ENABLED = '4005;reason="Destination URI either not enabled for SIP or does not exist"'

LOCK_AFTER = 3             # wrong PINs before the lockout

# ---- timing of the lab phone and server ------------------------------------
STEP = 0.3            # the phone's pause before each DNS query, HTTP request and SIP connection
PUBLISH_TIME = 0.3    # seconds GetAndPublishCert takes on the server
HTTP_TIMEOUT = 30.0   # then the phone gives up on the web service
CONNECT_TIMEOUT = 8.0 # and on a connection nothing answers: SYNs at 0, 1, 3 and 7 s
DHCP_TRIES, DHCP_WAIT = 3, 4.0   # INFORMs, seconds apart
TICKET_LIFETIME = 8 * 3600       # the web ticket's
CERT_DAYS = 30                   # the phone certificate's validity


# ---- ids the phone derives from its MAC (bytes), so reruns send the same ---
def derive(what, mac, n=32):
    return hashlib.sha256(what.encode() + mac).digest()[:n]


def guid(what, mac):
    """The phone's GUIDs: Context, DeviceId, RequestID."""
    return str(uuid.UUID(bytes=derive(what, mac, 16), version=4))


def dhcp_xid(mac):
    return int.from_bytes(derive("xid", mac, 4), "big")


def dns_id(mac, name):
    return int.from_bytes(derive("dns" + name, mac, 2), "big")


def entropy(mac):
    """The phone's IssueToken entropy (BinarySecret), base64."""
    return base64.b64encode(derive("entropy", mac)).decode()


def stable_id(*parts):
    """The server's GUIDs, derived from their inputs, so that reruns write the same bytes."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "|".join(parts)))


def cert_serial(entity):
    """Serial number of the certificate issued to entity (user@domain)."""
    return int(hashlib.sha256(entity.encode()).hexdigest()[:16], 16)


# ---- times -------------------------------------------------------------------
_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
_MONS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def http_date(t):
    """The Date header (RFC 7231 IMF-fixdate, what email.utils.formatdate(usegmt=True) writes)."""
    tm = time.gmtime(int(t))
    return "%s, %02d %s %04d %02d:%02d:%02d GMT" % (
        _DAYS[tm.tm_wday], tm.tm_mday, _MONS[tm.tm_mon - 1], tm.tm_year, tm.tm_hour, tm.tm_min, tm.tm_sec)


def xml_time(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(int(t)))


def lifetime(t):
    """(Created, Expires) of a web ticket issued at t."""
    return xml_time(t), xml_time(int(t) + TICKET_LIFETIME)


# ---- the server's documents -------------------------------------------------
NS = ('xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" '
      'xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" '
      'xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl" '
      'xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd" '
      'xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" '
      'xmlns:sp="http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702" '
      'xmlns:wsa="http://www.w3.org/2005/08/addressing" '
      'xmlns:wst="http://docs.oasis-open.org/ws-sx/ws-trust/200512"')


def certprov_mex(base=BASE_URL):
    """The CertProv WSDL naming the service at base (scheme://host[:port])."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions name="CertProvisioningService" targetNamespace="http://schemas.microsoft.com/OCS/AuthWebServices/" xmlns:tns="http://schemas.microsoft.com/OCS/AuthWebServices/" {NS}>
 <wsp:Policy wsu:Id="{CERTPROV_PORT}_policy">
  <wsp:ExactlyOne>
   <wsp:All>
    <sp:TransportBinding><wsp:Policy><sp:TransportToken><wsp:Policy><sp:HttpsToken/></wsp:Policy></sp:TransportToken></wsp:Policy></sp:TransportBinding>
    <sp:SignedSupportingTokens>
     <wsp:Policy>
      <sp:IssuedToken sp:IncludeToken="http://docs.oasis-open.org/ws-sx/ws-securitypolicy/200702/IncludeToken/AlwaysToRecipient">
       <sp:Issuer><wsa:Address>{base}{WEBTICKET_PATH}</wsa:Address></sp:Issuer>
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
  <wsdl:port name="{CERTPROV_PORT}" binding="tns:{CERTPROV_PORT}"><soap:address location="{base}{CERTPROV_PATH}"/></wsdl:port>
 </wsdl:service>
</wsdl:definitions>
"""


# Port names are Microsoft's; the paths of all but the PIN port follow the notes.
WEBTICKET_PORTS = [("WebTicketServiceWinNegotiate", ""), ("WebTicketServiceAuth", "/Auth"),
                   ("WebTicketServiceCert", "/Cert"), ("WebTicketServicePin", "/pin"),
                   ("WebTicketServiceAnon", "/Anon")]


def webticket_mex(base=BASE_URL):
    """The WebTicket WSDL naming the service at base (scheme://host[:port])."""
    return (f"""<?xml version="1.0" encoding="utf-8"?>
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
            + "".join(f'  <wsdl:port name="{name}" binding="tns:{name}"><soap:address location="{base}{WEBTICKET_PATH}{path}"/></wsdl:port>\n'
                      for name, path in WEBTICKET_PORTS)
            + " </wsdl:service>\n</wsdl:definitions>\n")


# What IIS 8.0 sends with a 401 (custom errors, no detail): text/html;
# charset=utf-8, 4897 bytes as in the field (protocol-notes "Field facts").
IIS_401_SIZE = 4897


def iis_error_page(title, heading, text, size=None):
    """An IIS error page; size: padded with blank lines before </body> to that many bytes."""
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8"/>
<title>{title}</title>
<style type="text/css">
<!--
body{{margin:0;font-size:.7em;font-family:Verdana, Arial, Helvetica, sans-serif;background:#EEEEEE;}}
fieldset{{padding:0 15px 10px 15px;}}
h1{{font-size:2.4em;margin:0;color:#FFF;}}
h2{{font-size:1.7em;margin:0;color:#CC0000;}}
h3{{font-size:1.2em;margin:10px 0 0 0;color:#000000;}}
#header{{width:96%;margin:0 0 0 0;padding:6px 2% 6px 2%;font-family:"trebuchet MS", Verdana, sans-serif;color:#FFF;
background-color:#555555;}}
#content{{margin:0 0 0 2%;position:relative;}}
.content-container{{background:#FFF;width:96%;margin-top:8px;padding:10px;position:relative;}}
-->
</style>
</head>
<body>
<div id="header"><h1>Server Error</h1></div>
<div id="content">
 <div class="content-container"><fieldset>
  <h2>{heading}</h2>
  <h3>{text}</h3>
 </fieldset></div>
</div>
""".encode()
    tail = b"</body>\n</html>\n"
    if size is not None:
        page += b"\n" * max(0, size - len(page) - len(tail))
    return page + tail


IIS_401_HTML = iis_error_page(
    "401 - Unauthorized: Access is denied due to invalid credentials.",
    "401 - Unauthorized: Access is denied due to invalid credentials.",
    "You do not have permission to view this directory or page using the credentials that you supplied.",
    IIS_401_SIZE)
IIS_403_HTML = iis_error_page(
    "403 - Forbidden: Access is denied.", "403 - Forbidden: Access is denied.",
    "You do not have permission to view this directory or page using the credentials that you supplied.")
HTML_TYPE = "text/html; charset=utf-8"


def ticket(context, user, seed, t, base=BASE_URL, applies_to=None):
    """IssueToken's answer: the unsigned SAML web ticket, issued at t for 8
    hours.  seed: the phone's entropy (the ids and the server's entropy
    derive from it); applies_to: the phone's AppliesTo, by default the CertProv URL."""
    created, expires = lifetime(t)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:a="http://www.w3.org/2005/08/addressing" xmlns:u="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">
 <s:Header><a:Action s:mustUnderstand="1">{ACTION_ISSUE_FINAL}</a:Action></s:Header>
 <s:Body>
  <trust:RequestSecurityTokenResponseCollection xmlns:trust="http://docs.oasis-open.org/ws-sx/ws-trust/200512">
   <trust:RequestSecurityTokenResponse Context="{context}">
    <trust:TokenType>http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1</trust:TokenType>
    <trust:RequestedSecurityToken>
     <saml:Assertion MajorVersion="1" MinorVersion="1" AssertionID="SamlSecurityToken-{stable_id("assertion", user, seed)}" Issuer="URI:{base}{WEBTICKET_PATH}" IssueInstant="{created}" xmlns:saml="urn:oasis:names:tc:SAML:1.0:assertion">
      <saml:Conditions NotBefore="{created}" NotOnOrAfter="{expires}"><saml:AudienceRestrictionCondition><saml:Audience>{base + CERTPROV_PATH if applies_to is None else applies_to}</saml:Audience></saml:AudienceRestrictionCondition></saml:Conditions>
      <saml:AuthenticationStatement AuthenticationMethod="urn:oasis:names:tc:SAML:1.0:am:password" AuthenticationInstant="{created}">
       <saml:Subject><saml:NameIdentifier Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified">sip:{user}@{DOMAIN}</saml:NameIdentifier></saml:Subject>
      </saml:AuthenticationStatement>
     </saml:Assertion>
    </trust:RequestedSecurityToken>
    <trust:RequestedProofToken><trust:ComputedKey>http://docs.oasis-open.org/ws-sx/ws-trust/200512/CK/PSHA1</trust:ComputedKey></trust:RequestedProofToken>
    <trust:Entropy><trust:BinarySecret>{base64.b64encode(hashlib.sha256(("server" + seed).encode()).digest()).decode()}</trust:BinarySecret></trust:Entropy>
    <trust:Lifetime><u:Created>{created}</u:Created><u:Expires>{expires}</u:Expires></trust:Lifetime>
    <trust:KeySize>256</trust:KeySize>
   </trust:RequestSecurityTokenResponse>
  </trust:RequestSecurityTokenResponseCollection>
 </s:Body>
</s:Envelope>
"""


def assertion(rstr):
    """The saml:Assertion of a web ticket, as the phone sends it back."""
    return rstr[rstr.index("<saml:Assertion"):rstr.index("</saml:Assertion>") + 17]


def cert_response(cert_der, request_id):
    """GetAndPublishCert's answer holding the issued certificate (DER)."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
 <s:Body>
  <GetAndPublishCertResponse xmlns="http://schemas.microsoft.com/OCS/AuthWebServices/">
   <RequestSecurityTokenResponse xmlns="http://docs.oasis-open.org/ws-sx/ws-trust/200512/">
    <TokenType>http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3</TokenType>
    <DispositionMessage xmlns="http://schemas.microsoft.com/windows/pki/2009/01/enrollment">Issued</DispositionMessage>
    <RequestedSecurityToken>
     <BinarySecurityToken ValueType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3" EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd#Base64Binary" xmlns="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd">{base64.b64encode(cert_der).decode()}</BinarySecurityToken>
    </RequestedSecurityToken>
    <RequestID xmlns="http://schemas.microsoft.com/windows/pki/2009/01/enrollment">{request_id}</RequestID>
   </RequestSecurityTokenResponse>
  </GetAndPublishCertResponse>
 </s:Body>
</s:Envelope>
"""


WCF_DISPATCHER = "http://schemas.microsoft.com/net/2005/12/windowscommunicationfoundation/dispatcher"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"


def soap_fault(error_id=SERVER_ERROR_ID, reason=SERVER_ERROR_REASON, fault_ns=WCF_DISPATCHER,
               fault="InternalServiceFault",
               fault_string="The server was unable to process the request due to an internal error."):
    """A Lync SOAP fault with its diagnostics detail.  By default WCF's own
    text for an unhandled exception; the authentication faults of a real
    server say a:FailedAuthentication in the wsse namespace (protocol-notes)."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
 <s:Body>
  <s:Fault>
   <faultcode xmlns:a="{fault_ns}">a:{fault}</faultcode>
   <faultstring xml:lang="en-US">{fault_string}</faultstring>
   <detail>
    <OCSDiagnosticsFault xmlns="urn:component:Microsoft.Rtc.WebAuthentication.2010" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">
     <Ms-Diagnostics-Fault><ErrorId>{error_id}</ErrorId><Reason>{reason}</Reason></Ms-Diagnostics-Fault>
     <NameValuePairs xmlns:a="http://schemas.microsoft.com/2003/10/Serialization/Arrays"/>
    </OCSDiagnosticsFault>
   </detail>
  </s:Fault>
 </s:Body>
</s:Envelope>
"""


def auth_fault(error_id, reason):
    """The real shape of an authentication fault (a:FailedAuthentication, wsse namespace)."""
    return soap_fault(error_id, reason, WSSE, "FailedAuthentication", reason)


# ---- the server's HTTP answers: (head, body) as bytes ----------------------
XML_TYPE = "text/xml; charset=utf-8"
CERTCHAIN_TYPE = "application/pkcs7-mime"
REASONS = {200: "OK", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error"}
CHUNK_MAX = 0x50d  # largest chunk of a chunked body: a chunk size seen on real servers (protocol-notes)


def chunked(body):
    """body in HTTP/1.1 chunked transfer coding: chunks of up to CHUNK_MAX bytes, then the last chunk."""
    return b"".join(b"%x\r\n" % len(body[i:i + CHUNK_MAX]) + body[i:i + CHUNK_MAX] + b"\r\n"
                    for i in range(0, len(body), CHUNK_MAX)) + b"0\r\n\r\n"


def dechunked(data):
    """The body of a chunked transfer coding (as chunked() writes it)."""
    body, i = b"", 0
    while True:
        eol = data.index(b"\r\n", i)
        size = int(data[i:eol].split(b";")[0], 16)
        if size == 0:
            return body
        body += data[eol + 2:eol + 2 + size]
        i = eol + 2 + size + 2


def correlation_ids(t, status, body):
    """X-MS-Correlation-Id (a number) and client-request-id (a GUID), derived
    from the answer so that reruns and the generator write the same bytes."""
    key = stable_id("correlation", str(int(t)), str(status), str(len(body)))
    return str(int(key[:8], 16)), stable_id("client-request", key)


def response(status, body, content_type, t, extra=(), chunk=None):
    """An answer with IIS 8.0's headers, in the lab's order (WIRE.md); t: the
    Date.  chunk: send the body chunked (default: the services' XML and the
    certificate chain, not IIS's own HTML error pages)."""
    if chunk is None:
        chunk = not content_type.startswith("text/html")
    correlation, client_request = correlation_ids(t, status, body)
    head = [f"HTTP/1.1 {status} {REASONS[status]}", "Cache-Control: private",
            "Transfer-Encoding: chunked" if chunk else f"Content-Length: {len(body)}",
            f"Content-Type: {content_type}", "Server: Microsoft-IIS/8.0",
            *extra, f"X-MS-Server-Fqdn: {POOL_FQDN}", f"X-MS-Correlation-Id: {correlation}",
            f"client-request-id: {client_request}", "X-Powered-By: ASP.NET",
            "Strict-Transport-Security: max-age=31536000; includeSubDomains",
            "X-Content-Type-Options: nosniff", "Date: " + http_date(t)]
    return ("\r\n".join(head) + "\r\n\r\n").encode(), chunked(body) if chunk else body


def diag(code, reason, fault="wsse:FailedAuthentication"):
    """An X-Ms-diagnostics value."""
    return f'{code};source="{POOL_FQDN}";reason="{reason}";faultcode="{fault}"'


def unauthorized(t, diagnostics=None, warning=None):
    """401 with the Basic challenge; without diagnostics, the challenge itself."""
    extra = ['WWW-Authenticate: Basic realm="LYNC"']
    if diagnostics:
        extra.append(f"X-Ms-diagnostics: {diagnostics}")
    if warning:
        extra.append(f'Warning: 120 {POOL_FQDN} "{warning}"')
    return response(401, IIS_401_HTML, HTML_TYPE, t, extra)


def ntlm_unauthorized(t, token=None):
    """401 of the WinNegotiate port: NTLM offered (again, after a refused
    AUTHENTICATE_MESSAGE), or with token the CHALLENGE_MESSAGE leg.  Only
    NTLM: a pool also offers Negotiate, which sends Debian's sipe to Kerberos."""
    value = "NTLM" + (" " + base64.b64encode(token).decode() if token else "")
    return response(401, IIS_401_HTML, HTML_TYPE, t, [f"WWW-Authenticate: {value}"])


def invalid_pin(t):
    """The wrong PIN's 401: 28003 and the InvalidPin warning."""
    return unauthorized(t, diag(INVALID_PIN_ID, INVALID_PIN_REASON), INVALID_PIN_WARNING)


def locked(t):
    """The locked account's 401 (lab-only id, no Warning)."""
    return unauthorized(t, diag(LOCKED_ID, LOCKED_REASON))


def not_sip_enabled(t):
    """IssueToken for a user not enabled for SIP: 403 with 28000 (MS-OCAUTHWS)."""
    return response(403, IIS_403_HTML, HTML_TYPE, t,
                    [f"X-Ms-diagnostics: {diag(NOT_SIP_ENABLED_ID, NOT_SIP_ENABLED_REASON)}"])


def windows_auth_error(t):
    """IssueToken failing inside Windows authentication: 500 with 28001
    (MS-OCAUTHWS), the header and the SOAP fault in the real shape."""
    return response(500, auth_fault(WINDOWS_AUTH_ERROR_ID, WINDOWS_AUTH_ERROR_REASON).encode(), XML_TYPE, t,
                    [f"X-Ms-diagnostics: {diag(WINDOWS_AUTH_ERROR_ID, WINDOWS_AUTH_ERROR_REASON)}"])


def certchain(pkcs7_der, t):
    """The root-chain download's answer: the CA chain as certs-only PKCS#7 (U)."""
    return response(200, pkcs7_der, CERTCHAIN_TYPE, t)


def soap_ok(xml, t):
    return response(200, xml.encode() if isinstance(xml, str) else xml, XML_TYPE, t)


def server_error(t):
    """IssueToken's 500: the SOAP fault, no X-Ms-diagnostics header."""
    return response(500, soap_fault().encode(), XML_TYPE, t)


# ---- the phone's requests ---------------------------------------------------
def request_head(method, path, host=POOL_FQDN, headers=None, body=b""):
    """Request line and headers (up to the blank line); POSTs carry Content-Length."""
    head = [f"{method} {path} HTTP/1.1", f"Host: {host}", f"User-Agent: {USER_AGENT}",
            *(f"{k}: {v}" for k, v in (headers or {}).items())]
    if method == "POST":
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode()


def soap_headers(action, auth=None):
    """A SOAP POST's headers; auth: "extension:PIN" for Basic credentials."""
    headers = {"Content-Type": XML_TYPE, "SOAPAction": f'"{action}"'}
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(auth.encode()).decode()
    return headers


def issue_token_request(mac, user, certprov_url):
    """The phone's IssueToken body (the same with and without credentials)."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:auth="http://schemas.xmlsoap.org/ws/2006/12/authorization" xmlns:wst="http://docs.oasis-open.org/ws-sx/ws-trust/200512">
 <s:Body>
  <wst:RequestSecurityToken Context="{guid('context', mac)}">
   <wst:TokenType>http://docs.oasis-open.org/wss/oasis-wss-saml-token-profile-1.1#SAMLV1.1</wst:TokenType>
   <wst:RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</wst:RequestType>
   <wsp:AppliesTo><wsa:EndpointReference><wsa:Address>{certprov_url}</wsa:Address></wsa:EndpointReference></wsp:AppliesTo>
   <wst:Claims Dialect="urn:component:Microsoft.Rtc.WebAuthentication.2010:authclaims">
    <auth:ClaimType Uri="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/uri" Optional="false"><auth:Value>sip:{user}@{DOMAIN}</auth:Value></auth:ClaimType>
   </wst:Claims>
   <wst:Entropy><wst:BinarySecret>{entropy(mac)}</wst:BinarySecret></wst:Entropy>
   <wst:KeyType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/SymmetricKey</wst:KeyType>
  </wst:RequestSecurityToken>
 </s:Body>
</s:Envelope>
"""


def get_and_publish_cert_request(mac, user, certprov_url, created, expires, saml_assertion, csr_der):
    """The phone's GetAndPublishCert body: the ticket's lifetime and
    assertion, and the CSR (DER) in base64 lines of 76 characters."""
    csr64 = base64.b64encode(csr_der).decode()
    csr64 = "\r\n".join(csr64[i:i + 76] for i in range(0, len(csr64), 76))
    return f"""<?xml version="1.0" encoding="utf-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd" xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">
 <soap:Header>
  <wsa:To>{certprov_url}</wsa:To>
  <wsa:Action>{ACTION_CERT}</wsa:Action>
  <wsse:Security><wsu:Timestamp wsu:Id="timestamp"><wsu:Created>{created}</wsu:Created><wsu:Expires>{expires}</wsu:Expires></wsu:Timestamp>{saml_assertion}</wsse:Security>
 </soap:Header>
 <soap:Body>
  <GetAndPublishCert xmlns="http://schemas.microsoft.com/OCS/AuthWebServices/" xmlns:wst="http://docs.oasis-open.org/ws-sx/ws-trust/200512/" xmlns:wstep="http://schemas.microsoft.com/windows/pki/2009/01/enrollment" DeviceId="{{{guid('device', mac)}}}" Entity="{user}@{DOMAIN}">
   <wst:RequestSecurityToken>
    <wst:TokenType>http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-x509-token-profile-1.0#X509v3</wst:TokenType>
    <wst:RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</wst:RequestType>
    <wsse:BinarySecurityToken ValueType="http://schemas.microsoft.com/OCS/AuthWebServices.xsd#PKCS10" EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd#Base64Binary">
{csr64}</wsse:BinarySecurityToken>
    <wstep:RequestID>{guid('request', mac)}</wstep:RequestID>
   </wst:RequestSecurityToken>
  </GetAndPublishCert>
 </soap:Body>
</soap:Envelope>
"""


# ---- SIP --------------------------------------------------------------------
def sip_register(mac, user, host, port, cseq=1, authorization=None):
    """The phone's REGISTER number cseq from host:port (host in brackets for
    IPv6); authorization: the value of its Authorization header."""
    aor = f"sip:{user}@{DOMAIN}"
    branch = derive('branch', mac, 4).hex() + ("" if cseq == 1 else "%02x" % cseq)
    return "\r\n".join([
        f"REGISTER sip:{DOMAIN} SIP/2.0",
        f"Via: SIP/2.0/TLS {host}:{port};branch=z9hG4bK{branch}",
        "Max-Forwards: 70",
        f"From: <{aor}>;tag={derive('from-tag', mac, 4).hex()}",
        f"To: <{aor}>",
        f"Call-ID: {derive('call-id', mac, 8).hex()}",
        f"CSeq: {cseq} REGISTER",
        f"Contact: <sip:{host}:{port};transport=tls>;+sip.instance=\"<urn:uuid:{guid('device', mac)}>\"",
        f"User-Agent: {USER_AGENT}",
        "Supported: gruu-10, adhoclist, msrtc-event-categories",
        "Event: registration",
        *([f"Authorization: {authorization}"] if authorization else []),
        "Content-Length: 0", "", ""])


def header_fields(lines):
    """Header lines (after the start line) as {lower-case name: value}."""
    headers = {}
    for line in lines:
        if not line:
            break
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers


def auth_params(value):
    """The name=value parameters of an Authorization / WWW-Authenticate value."""
    params = {}
    for part in value.split(" ", 1)[-1].split(","):
        name, _, v = part.strip().partition("=")
        params[name.lower()] = v.strip('"')
    return params


def tls_dsk(params):
    """A TLS-DSK credentials or challenge value from its parameters, in order."""
    return "TLS-DSK " + ", ".join(f'{k}="{v}"' if k != "version" else f"{k}={v}" for k, v in params.items())


def _sip_response(status, reason, headers, received, extra=(), to_tag=True):
    """A registrar's answer to a REGISTER with these headers (header_fields)
    from address received.  Via gets received, ms-received-port (the port in
    the request's Via) and ms-received-cid, as Lync's registrar writes them."""
    via = headers.get("via", "")
    sent_by = via.split(" ", 1)[-1].split(";", 1)[0]
    port = sent_by.rsplit(":", 1)[-1] if ":" in sent_by else "5061"
    cid = stable_id("cid", headers.get("call-id", ""))[:4].upper()
    to = headers.get("to", "")
    if to_tag:
        to += ";tag=" + stable_id("to-tag", headers.get("call-id", ""))[:8]
    return "\r\n".join([
        f"SIP/2.0 {status} {reason}",
        f"Via: {via};received={received};ms-received-port={port};ms-received-cid={cid}",
        f"From: {headers.get('from', '')}",
        f"To: {to}",
        f"Call-ID: {headers.get('call-id', '')}",
        f"CSeq: {headers.get('cseq', '')}",
        *extra, "Server: RTC/5.0", "Content-Length: 0"]) + "\r\n\r\n"


def sip_register_challenge(headers, received):
    """The first REGISTER's 401: NTLM, Kerberos and TLS-DSK offered, the
    latter naming the CertProv service as its sts-uri."""
    return _sip_response(401, "Unauthorized", headers, received, [
        f'WWW-Authenticate: NTLM realm="{SIP_REALM}", targetname="{SIP_FQDN}", version=4',
        f'WWW-Authenticate: Kerberos realm="{SIP_REALM}", targetname="sip/{SIP_FQDN}", version=4',
        f'WWW-Authenticate: TLS-DSK realm="{SIP_REALM}", targetname="{SIP_FQDN}", version=4, '
        f'sts-uri="https://{POOL_FQDN}:443{CERTPROV_PATH}"'])


def sip_register_gssapi(headers, received, opaque, gssapi_data):
    """A 401 of the TLS-DSK exchange carrying the server's TLS handshake bytes (base64)."""
    return _sip_response(401, "Unauthorized", headers, received, ["WWW-Authenticate: " + tls_dsk({
        "opaque": opaque, "gssapi-data": gssapi_data, "targetname": SIP_FQDN, "realm": SIP_REALM,
        "version": "4"})])


def sip_register_ok(headers, received, auth_info=None):
    """The registrar's 200 OK; auth_info: the Authentication-Info value after
    TLS-DSK (the generator's phones register without it)."""
    return _sip_response(200, "OK", headers, received, [
        *([f"Authentication-Info: {auth_info}"] if auth_info else []),
        f"Contact: {headers.get('contact', '')};expires=3600", "Expires: 3600"])


def sip_ok(headers, received):
    """The registrar's minimal 200 to a request other than REGISTER (SUBSCRIBE, SERVICE, ...)."""
    return _sip_response(200, "OK", headers, received)


def _first_header(lines, name):
    return next((v.strip() for n, _, v in (line.partition(":") for line in lines) if n.strip().lower() == name), "")


def _between(value, before, after):
    """The text after the first `before` up to `after` (or the end), as sipe's
    sipmsg_find_part_of_header finds it: "rand=" also matches inside "srand="."""
    at = value.find(before)
    if at < 0:
        return ""
    rest = value[at + len(before):]
    end = rest.find(after)
    return rest if end < 0 else rest[:end]


def _address(value):
    return _between(value, "<", ">") if "<" in value else value.split(";", 1)[0]


def sip_signature_input(message):
    """What MS-SIPAE (version 3 and later) signs of a SIP message, field by
    field as pidgin-sipe 1.25 assembles it (sipe-sign.c,
    sipmsg_breakdown_get_string): the Authentication-Info's protocol, rand,
    num, realm and targetname; Call-ID; CSeq's number and method; From's
    URI and tag; To's URI and tag; P-Asserted-Identity's URIs; Expires; and
    a response's status code."""
    lines = message.split("\r\n\r\n", 1)[0].split("\r\n")
    start, lines = lines[0], lines[1:]
    auth = _first_header(lines, "authentication-info")
    number, _, method = _first_header(lines, "cseq").partition(" ")
    response = start.startswith("SIP/2.0 ")
    if not response:
        method = start.split(" ", 1)[0]
    frm, to = _first_header(lines, "from"), _first_header(lines, "to")
    fields = [auth.split(" ", 1)[0], _between(auth, 'rand="', '"'), _between(auth, 'num="', '"'),
              _between(auth, 'realm="', '"'), _between(auth, 'targetname="', '"'),
              _first_header(lines, "call-id"), number, method, _address(frm), _between(frm, ";tag=", ";"),
              _address(to), _between(to, ";tag=", ";"), "", "", _first_header(lines, "expires")]
    return "".join(f"<{f}>" for f in fields) + (f"<{start.split(' ', 2)[1]}>" if response else "")


def sip_signed(message, params, server_key):
    """message with Authentication-Info: TLS-DSK params and their rspauth,
    HMAC-SHA1 of its signature input with the TLS-DSK server key."""
    head, body = message.split("\r\n\r\n", 1)
    at = head.index("\r\n", head.index("\r\nCSeq:") + 2)

    def with_auth(value):
        return head[:at] + "\r\nAuthentication-Info: " + value + head[at:] + "\r\n\r\n" + body

    unsigned = with_auth(tls_dsk(params))
    mac = hmac.new(server_key, sip_signature_input(unsigned).encode(), hashlib.sha1).hexdigest()
    signed = dict(params)
    signed["rspauth"] = mac
    return with_auth(tls_dsk(signed))


def sip_register_rejected(headers, received):
    """A final 403 to a REGISTER, with the registrar's ms-diagnostics."""
    return _sip_response(403, "Forbidden", headers, received,
                         [f'ms-diagnostics: {SIP_NOT_ENABLED};source="{SIP_FQDN}"'])


# ---- DHCP and DNS -----------------------------------------------------------
def dns_name(name):
    """A name in DNS label form."""
    return b"".join(bytes([len(label)]) + label.encode() for label in name.split(".")) + b"\0"


def dns_query(qid, name, qtype=1):
    """The phone's query: recursion desired, one question (A = 1, AAAA = 28)."""
    return struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0) + dns_name(name) + struct.pack("!HH", qtype, 1)


def dhcp_option(code, value):
    return bytes([code, len(value)]) + value


def bootp(op, xid, mac, ciaddr=b"\0" * 4, yiaddr=b"\0" * 4, siaddr=b"\0" * 4, options=b"", flags=0, secs=0):
    """A BOOTP/DHCP message: fixed fields, magic cookie, then the options as given."""
    return (struct.pack("!BBBBIHH", op, 1, 6, 0, xid, secs, flags) + ciaddr + yiaddr + siaddr +
            b"\0" * 4 + mac + b"\0" * 10 + b"\0" * 192 + b"\x63\x82\x53\x63" + options)


def bootp_pad(b):
    """BOOTP's minimum of 300 bytes, as the lab phone and dnsmasq send."""
    return b + b"\0" * (300 - len(b)) if len(b) < 300 else b


def dhcp_inform(xid, mac, ip, secs=0, vendor_class=VENDOR_CLASS, prl=(1, 42, 43, 120)):
    """The phone's DHCPINFORM (ip: its 4 address bytes): options 53, 61, 60,
    55 (also asking for NTP, 42), END, padded to 300 bytes.  Lync Phone Edition asks with vendor class
    CPE-OCPHONE and 55 = 1, 43."""
    return bootp_pad(bootp(1, xid, mac, ciaddr=ip, secs=secs, options=(
        dhcp_option(53, b"\x08") + dhcp_option(61, b"\x01" + mac) +
        dhcp_option(60, vendor_class.encode()) + dhcp_option(55, bytes(prl)) + b"\xff")))


# Option 43 as dnsmasq writes the lab's "vendor:MS-UC-Client" options: sub-options 5 .. 1.
OPTION43_SUBOPTIONS = ((5, CERTPROV_PATH), (4, "443"), (3, POOL_FQDN), (2, "https"), (1, VENDOR_CLASS))


def option43(suboptions=OPTION43_SUBOPTIONS, end=True):
    return b"".join(dhcp_option(c, v.encode()) for c, v in suboptions) + (b"\xff" if end else b"")


def option120(name=SIP_FQDN):
    """RFC 3361 encoding 0: one name in DNS label form."""
    return b"\0" + dns_name(name)

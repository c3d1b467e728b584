# SPDX-License-Identifier: GPL-2.0-or-later
"""pcap-summarize on the lab's captures (captures/README.md), in both forms:
the .pcapng read without its keys (stripped of its decryption secrets: TLS
metadata only, the encrypted path,
judged by the rules in pcap-summarize(1) "ENCRYPTED CAPTURES") and the
.pdu.pcap of decrypted HTTP (Export PDU), alone and merged with the .pcapng.
Frame numbers are checked against tshark, which decrypts the .pcapng with the
keys embedded in it."""
import json
import re
import unittest

from tool import (capture, events, refused_mixed_link_types, run, summarize, tshark, tshark_first_fields, tshark_frames,
                  without_keys)

MAC = "00:04:f2:00:00:01"


class LabCase(unittest.TestCase):
    def only_phone(self, doc):
        self.assertEqual(len(doc["phones"]), 1, [p["ip"] for p in doc["phones"]])
        return doc["phones"][0]

    def assert_verdict(self, phone, outcome, frame=None, *cause_words):
        self.assertEqual(phone["outcome"], outcome, phone["cause"])
        if frame is not None:
            self.assertEqual(phone["frame"], frame, phone["cause"])
            self.assertIn("frame %d" % frame, phone["cause"])
        for word in cause_words:
            self.assertIn(word, phone["cause"])
        self.assertTrue(phone["advice"])

    def assert_in_time_order(self, phone):
        ts = [e["t"] for e in phone["events"]]
        self.assertEqual(ts, sorted(ts))

    def encrypted(self, name):
        doc, status = summarize(without_keys(name + ".pcapng"))
        phone = self.only_phone(doc)
        self.assertEqual(phone["mac"], MAC)
        self.assertEqual(phone["ip"], "10.9.0.11")
        self.assert_in_time_order(phone)
        return phone, status

    def decrypted(self, name):
        doc, status = summarize(capture(name + ".pdu.pcap"))
        phone = self.only_phone(doc)
        self.assertIsNone(phone["mac"])  # no DHCP in an Export PDU file
        self.assertEqual(phone["user"], "1234")
        return phone, status

    def merged(self, name):
        doc, status = summarize(without_keys(name + ".pcapng"), capture(name + ".pdu.pcap"))
        phone = self.only_phone(doc)
        self.assertEqual(phone["mac"], MAC)
        self.assertEqual({e["capture"] for e in phone["events"]}, {0, 1})
        return phone, status

    def assert_encrypted_exchanges_match_tshark(self, name, phone):
        """Each encrypted answer ends where tshark shows the decrypted HTTP response
        (the root-chain download on port 80 is clear text: not inferred)."""
        plain = set(tshark_frames(capture(name + ".pcapng"), "tcp.port == 80"))
        answers = [e["frame"] for e in events(phone, "http_response") if e["frame"] not in plain]
        self.assertEqual(answers, tshark_frames(capture(name + ".pcapng"), "http.response && !(tcp.port == 80)"))
        for e in events(phone, "http_request") + events(phone, "http_response"):
            if e["frame"] in plain:
                continue
            self.assertIn("inferred", e["detail"])
            self.assertTrue(e.get("inferred"))


class Success(LabCase):
    name = "signin-success"

    def test_encrypted(self):
        phone, status = self.encrypted(self.name)
        sip = tshark_frames(capture(self.name + ".pcapng"), "tcp.srcport == 5061 && tls.handshake.type == 20")
        self.assert_verdict(phone, "signed_in", sip[0], "SIP")
        self.assertEqual(status, 0)
        self.assertEqual([e["frame"] for e in events(phone, "dhcp_ack")], [2])
        self.assertEqual(len(events(phone, "tls_handshake")), 1)
        self.assert_encrypted_exchanges_match_tshark(self.name, phone)

    def test_root_chain_before_tls(self):
        """The CA chain over plain HTTP on port 80 is a step of its own, before the first TLS handshake."""
        phone, _ = self.encrypted(self.name)
        answer = tshark_frames(capture(self.name + ".pcapng"), "http.response && tcp.srcport == 80")
        steps = events(phone, "root_chain")
        self.assertEqual([e["frame"] for e in steps], answer)
        self.assertIn("HTTP 200", steps[0]["detail"])
        request = [e for e in events(phone, "http_request") if e["frame"] < answer[0]]
        self.assertIn("RootChain", request[-1]["detail"])
        self.assertLess(answer[0], events(phone, "tls_handshake")[0]["frame"])

    def test_decrypted(self):
        phone, status = self.decrypted(self.name)
        uri = tshark.differences().response_uri
        cert = tshark_frames(capture(self.name + ".pdu.pcap"),
                             'http.response.code == 200 && %s contains "CertProvisioningService.svc" '
                             '&& !(%s contains "mex")' % (uri, uri))
        self.assertEqual([e["frame"] for e in events(phone, "certificate_issued")], cert)
        self.assertEqual(len(events(phone, "sip_connect")), 1)
        self.assert_verdict(phone, "signed_in")
        self.assertEqual(status, 0)

    def test_challenge_is_not_a_failure(self):
        phone, _ = self.decrypted(self.name)
        challenge = [e for e in events(phone, "http_response") if e["detail"].startswith("401")]
        self.assertEqual(len(challenge), 1)
        self.assertIn("challenge", challenge[0]["detail"])


class WrongPin(LabCase):
    name = "signin-wrong-pin"

    def test_encrypted_is_not_claimed_as_pin(self):
        """Without keys a refused PIN and a server fault look alike: unknown, with the step named."""
        phone, status = self.encrypted(self.name)
        last401 = tshark_frames(capture(self.name + ".pcapng"), "http.response.code == 401")[-1]
        self.assert_verdict(phone, "unknown", last401, "encrypted", "WebTicket")
        self.assertIn("TLS keys", phone["advice"])
        self.assertEqual(status, 1)
        self.assert_encrypted_exchanges_match_tshark(self.name, phone)

    def test_decrypted(self):
        phone, status = self.decrypted(self.name)
        frame = tshark_frames(capture(self.name + ".pdu.pcap"), 'http.response.line contains "28003"')
        self.assertEqual(len(frame), 1)
        self.assert_verdict(phone, "pin_rejected", frame[0], "28003", "The pin is invalid.")
        self.assertEqual(status, 1)

    def test_merged(self):
        phone, status = self.merged(self.name)
        self.assert_verdict(phone, "pin_rejected", None, "28003")
        self.assertEqual(status, 1)
        # The decrypted HTTP replaces the guesses from record sizes.
        self.assertFalse([e for e in phone["events"] if e.get("inferred")])

    def test_pin_masked_unless_asked(self):
        doc, _ = summarize(capture(self.name + ".pdu.pcap"))
        text = str(doc)
        self.assertIn("PIN ****", text)
        self.assertNotIn("654321", text)
        doc, _ = summarize(capture(self.name + ".pdu.pcap"), args=("--show-pin",))
        self.assertIn("PIN 654321", str(doc))


class WrongPinVlan(WrongPin):
    name = "signin-wrong-pin-vlan"


class WrongPinSll2(WrongPin):
    name = "signin-wrong-pin-sll2"


class WebticketHung(LabCase):
    name = "signin-webticket-hung"

    def test_encrypted(self):
        phone, status = self.encrypted(self.name)
        request = tshark_frames(capture(self.name + ".pcapng"), "http.request")[-1]
        self.assert_verdict(phone, "no_response", request, "WebTicket", "in 30.", "inferred")
        self.assertIn("restart", phone["advice"])
        self.assertEqual(status, 1)

    def test_decrypted_alone_is_cut_short(self):
        """The Export PDU file ends with the request: the 30 s of silence are not in it."""
        phone, _ = self.decrypted(self.name)
        self.assert_verdict(phone, "incomplete")

    def test_merged(self):
        phone, status = self.merged(self.name)
        request = tshark_frames(capture(self.name + ".pdu.pcap"), "http.request")[-1]
        self.assert_verdict(phone, "no_response", request, "WebTicket", "in 30.")
        self.assertNotIn("inferred", phone["cause"])
        self.assertEqual(status, 1)


class Locked(LabCase):
    name = "signin-locked"

    def test_encrypted(self):
        """Credentials re-sent after answers: refusals, so auth_failed (inferred)."""
        phone, status = self.encrypted(self.name)
        last401 = tshark_frames(capture(self.name + ".pcapng"), "http.response.code == 401")[-1]
        self.assert_verdict(phone, "auth_failed", last401, "encrypted", "3 time(s)")
        self.assertEqual(status, 1)
        self.assert_encrypted_exchanges_match_tshark(self.name, phone)

    def test_decrypted(self):
        phone, status = self.decrypted(self.name)
        frame = tshark_frames(capture(self.name + ".pdu.pcap"), 'http.response.line contains "90099"')
        self.assert_verdict(phone, "auth_failed", frame[0], "90099")
        self.assertEqual(status, 1)


class ServerError(LabCase):
    name = "signin-server-error"

    def test_encrypted(self):
        phone, status = self.encrypted(self.name)
        last = tshark_frames(capture(self.name + ".pcapng"), "http.response.code == 500")[-1]
        self.assert_verdict(phone, "unknown", last, "encrypted")
        self.assertEqual(status, 1)

    def test_decrypted(self):
        phone, status = self.decrypted(self.name)
        frame = tshark_frames(capture(self.name + ".pdu.pcap"), "http.response.code == 500")
        self.assert_verdict(phone, "server_error", frame[0], "HTTP 500")
        self.assertEqual(status, 1)


class TlsFailure(LabCase):
    name = "signin-tls-failure"

    def test_encrypted(self):
        phone, status = self.encrypted(self.name)
        alert = tshark_frames(capture(self.name + ".pcapng"), "tls.alert_message.level == 2")
        self.assert_verdict(phone, "tls_failure", alert[0], "unknown_ca")
        self.assertNotIn("root-chain", phone["cause"])  # the chain came: not the reason
        self.assertEqual(status, 1)


class Port80Blocked(LabCase):
    name = "signin-port80-blocked"

    def test_encrypted(self):
        """No root chain (port 80 refused): the unknown_ca that follows is blamed on it."""
        phone, status = self.encrypted(self.name)
        path = capture(self.name + ".pcapng")
        alert = tshark_frames(path, "tls.alert_message.level == 2")
        rst = tshark_frames(path, "tcp.srcport == 80 && tcp.flags.reset == 1")
        self.assert_verdict(phone, "tls_failure", alert[0], "unknown_ca", "root-chain", "(frame %d: root chain" % rst[0])
        self.assertEqual([e["frame"] for e in events(phone, "root_chain")], rst)
        self.assertIn("refused", events(phone, "root_chain")[0]["detail"])
        self.assertIn("port 80", phone["advice"])
        self.assertEqual(status, 1)


class Firewall(LabCase):
    """An nft rule in front of the pool's 443: the phone's SYNs dropped, rejected
    with ICMP, rejected with a reset. Each is connect_failed on the frame of what
    came back (the last SYN when nothing did), with advice for that case."""

    def judged(self, name, frame_filter):
        phone, status = self.encrypted(name)
        frame = tshark_frames(capture(name + ".pcapng"), frame_filter)[-1]
        self.assert_verdict(phone, "connect_failed", frame, "10.9.0.1:443")
        self.assertEqual([e["frame"] for e in events(phone, "connect_failed")], [frame])
        self.assertEqual(events(phone, "tls_handshake"), [])
        self.assertIn("TCP 443", phone["advice"])
        self.assertNotIn("certificate", phone["advice"])
        self.assertEqual(status, 1)
        return phone

    def test_dropped(self):
        phone = self.judged("signin-443-dropped", "tcp.dstport == 443 && tcp.flags.syn == 1")
        syns = tshark_frames(capture("signin-443-dropped.pcapng"), "tcp.dstport == 443 && tcp.flags.syn == 1")
        self.assertGreater(len(syns), 1)
        self.assertIn("no answer from 10.9.0.1:443 to %d SYNs" % len(syns), phone["cause"])
        self.assertIn("drops", phone["advice"])

    def test_rejected_with_icmp(self):
        phone = self.judged("signin-443-rejected", "icmp.type == 3")
        self.assertIn("ICMP communication administratively prohibited", phone["cause"])
        self.assertIn("router or firewall", phone["advice"])

    def test_reset(self):
        phone = self.judged("signin-443-reset", "tcp.srcport == 443 && tcp.flags.reset == 1")
        self.assertIn("refused the connection with a reset", phone["cause"])
        self.assertIn("nothing listens", phone["advice"])

    def test_registrar_dropped(self):
        """5061 dropped: the certificate came, and the failure is the SIP step's."""
        name = "signin-5061-dropped"
        doc, status = summarize(capture(name + ".pcapng"))
        phone = self.only_phone(doc)
        syns = tshark_frames(capture(name + ".pcapng"), "tcp.dstport == 5061 && tcp.flags.syn == 1")
        self.assertGreater(len(syns), 1)
        self.assert_verdict(phone, "connect_failed", syns[-1], "SIP: no answer from 10.9.0.1:5061 to %d SYNs" % len(syns))
        self.assertEqual(len(events(phone, "certificate_issued")), 1)
        self.assertIn("TCP 5061", phone["advice"])
        self.assertEqual(status, 1)


class Tls10Refused(LabCase):
    """A TLS 1.0 phone and a pool with TLS 1.0 turned off: the advice is about
    versions and suites, never the certificate, whether the server says so with
    an alert or, as SChannel does, resets at the ClientHello."""

    def judged(self, name, frame_filter, *words):
        phone, status = self.encrypted(name)
        frame = tshark_frames(capture(name + ".pcapng"), frame_filter)[0]
        self.assert_verdict(phone, "tls_failure", frame, *words)
        self.assertIn("TLS 1.0 at most", phone["advice"])
        self.assertIn("not about certificates", phone["advice"])
        self.assertNotIn("trust", phone["advice"])
        self.assertEqual(status, 1)

    def test_alert(self):
        self.judged("signin-tls10-refused", "tls.alert_message.desc == 70", "protocol_version (70) from the server")

    def test_reset(self):
        self.judged("signin-tls10-reset", "tcp.srcport == 443 && tcp.flags.reset == 1",
                    "reset the connection at the phone's ClientHello (TLS 1.0 at most)")


class SuitesRefused(LabCase):
    """A TLS 1.2 phone with only RSA key exchange and CBC suites against a pool that
    keeps ECDHE with AES-GCM: the server's handshake_failure is about the suites,
    and the advice counts the phone's suites as tshark lists them."""
    name = "signin-suites-refused"

    def test_handshake_failure(self):
        phone, status = self.encrypted(self.name)
        path = capture(self.name + ".pcapng")
        [frame] = tshark_frames(path, "tls.alert_message.desc == 40")
        [listed] = tshark_first_fields(path, "tls.handshake.type == 1", "tls.handshake.ciphersuite")
        suites = [s for s in listed if s not in ("0x00ff", "0x5600")]  # signalling values, not suites
        self.assert_verdict(phone, "tls_failure", frame, "handshake_failure (40) from the server")
        self.assertIn("of the %d it offered, none has forward secrecy (ECDHE or DHE) or AES-GCM" % len(suites),
                      phone["advice"])
        self.assertNotIn("certificate", phone["advice"])
        self.assertEqual(status, 1)


class Certificate(LabCase):
    """The phone refuses the pool's certificate: the verdict reads the certificate
    (sent in clear with TLS 1.2) and says what is wrong with it, as tshark shows
    it, or that the phone's clock is, with advice for that and not the others."""

    def judged(self, name, alert, *problems):
        phone, status = self.encrypted(name)
        [event] = events(phone, "tls_alert")
        self.assertEqual(event["certificate"]["problems"], list(problems))
        self.assertIn(event["certificate"]["summary"], phone["cause"])
        path = capture(name + ".pcapng")
        frame = tshark_frames(path, "tls.alert_message.desc == %d" % alert)[0]
        names, dates = tshark_first_fields(path, "tls.handshake.type == 11", "x509ce.dNSName", "x509af.utcTime")
        self.assert_verdict(phone, "tls_failure", frame, "from the phone")
        self.assertEqual(status, 1)
        return phone, names, [d[:10] for d in dates]

    def test_wrong_name(self):
        phone, names, _ = self.judged("signin-cert-wrong-name", 42, "wrong_name")
        self.assertIn("does not name pool01.contoso.test (it names %s)" % ", ".join(names), phone["cause"])
        self.assertIn("subject alternative name", phone["advice"])
        self.assertNotIn("clock", phone["advice"])

    def test_expired(self):
        phone, _, (_, not_after) = self.judged("signin-cert-expired", 45, "expired")
        self.assertIn("expired on %s, before the capture" % not_after, phone["cause"])
        self.assertIn("Renew", phone["advice"])
        self.assertNotIn("clock", phone["advice"])

    def test_phone_clock(self):
        phone, _, (not_before, not_after) = self.judged("signin-phone-clock", 45, "phone_clock")
        self.assertIn("was valid at the capture's time (%s to %s): the phone's clock is wrong" % (not_before, not_after),
                      phone["cause"])
        [types] = tshark_first_fields(capture("signin-phone-clock.pcapng"), "dhcp.option.dhcp == 5", "dhcp.option.type")
        self.assertNotIn("42", types)
        self.assertIn("gave it no NTP servers. Add option 42", phone["advice"])
        self.assertNotIn("Renew", phone["advice"])

    def test_untrusted(self):
        phone, _, _ = self.judged("signin-cert-untrusted", 48, "untrusted")
        [strings] = tshark_first_fields(capture("signin-cert-untrusted.pcapng"), "tls.handshake.type == 11",
                                        "x509sat.uTF8String")
        issuer = [s for s in strings if "CA" in s]
        self.assertEqual(len(issuer), 1, strings)
        self.assertIn("was issued by %s, which is not in the root chain the phone fetched" % issuer[0], phone["cause"])
        self.assertIn("root-chain URL", phone["advice"])

    def test_weak(self):
        phone, _, _ = self.judged("signin-cert-weak", 42, "weak_signature", "weak_key")
        [modulus] = tshark_first_fields(capture("signin-cert-weak.pcapng"), "tls.handshake.type == 11",
                                        "pkcs1.modulus")
        bits = len(modulus[0].removeprefix("00")) * 4
        self.assertIn("is signed with RSA-SHA1; it has a %d-bit key" % bits, phone["cause"])
        self.assertIn("SHA-256", phone["advice"])
        self.assertIn("2048 bits", phone["advice"])

    def test_tls13_decrypted(self):
        """TLS 1.3 encrypts the certificate: read when decrypted, and only then. (OpenSSL's
        client sends its alert before it has handshake keys: in clear.)"""
        name = "signin-tls13-cert-expired"
        path = capture(name + ".pcapng")
        doc, status = summarize(path)
        phone = self.only_phone(doc)
        [frame] = tshark_frames(path, "tls.alert_message.desc == 45")
        _, dates = tshark_first_fields(path, "tls.handshake.type == 11", "x509ce.dNSName", "x509af.utcTime")
        self.assert_verdict(phone, "tls_failure", frame, "certificate_expired (45) from the phone",
                            "expired on %s, before the capture" % dates[-1][:10])
        [event] = events(phone, "tls_alert")
        self.assertEqual(event["certificate"]["problems"], ["expired"])
        self.assertEqual(status, 1)
        doc, _ = summarize(without_keys(name + ".pcapng"))
        phone = self.only_phone(doc)
        [event] = events(phone, "tls_alert")
        self.assertIn("certificate_expired (45) from the phone", event["detail"])
        self.assertNotIn("certificate", event)
        self.assertNotIn("the server's certificate", phone["cause"])

    def test_looks_right(self):
        """The phone trusts another CA: nothing is wrong with the certificate, and the verdict says so."""
        phone, _ = self.encrypted("signin-tls-failure")
        self.assertIn("looks right", phone["cause"])
        self.assertIn("what the phone trusts", phone["advice"])


class Nat(LabCase):
    """Two phones behind a NAT: one address, two users. Decrypted, each user is a
    phone of its own, judged by its own connections, and the wrong PIN is not
    hidden behind the other's sign-in. Encrypted, no user can be seen: one
    phone, as the capture shows it."""
    name = "signin-nat"

    def test_decrypted_per_user(self):
        doc, status = summarize(capture(self.name + ".pcapng"))
        self.assertEqual(status, 1)
        phones = {p["user"]: p for p in doc["phones"]}
        self.assertEqual(sorted(phones), ["1234", "1235"])
        self.assertEqual({p["ip"] for p in phones.values()}, {"10.9.0.254"})
        refused = tshark_frames(capture(self.name + ".pcapng"), 'http.response.code == 401 && '
                                'http.response.line contains "28003"')
        self.assertEqual(len(refused), 1)
        self.assert_verdict(phones["1235"], "pin_rejected", refused[0], "28003")
        self.assertEqual(phones["1234"]["outcome"], "signed_in")
        for phone in phones.values():
            self.assertEqual(phone["users_at_address"], 2)
        # Each keeps its own web service exchange: the other's 28003 is not in the signed-in phone's.
        self.assertNotIn(refused[0], [e["frame"] for e in phones["1234"]["events"]])
        out = run(capture(self.name + ".pcapng")).stdout
        self.assertEqual(out.count("shared: one of 2 users whose credentials came from 10.9.0.254"), 2)

    def test_encrypted_one_phone(self):
        doc, _ = summarize(without_keys(self.name + ".pcapng"))
        phone = self.only_phone(doc)
        self.assertNotIn("users_at_address", phone)


class SipFlap(LabCase):
    """The registrar closes each SIP connection at the phone's first REGISTER and the
    phone connects again: not signed in, with or without the keys; each close is an
    event on the server's FIN, and the cause counts them."""
    name = "signin-sip-flap"

    def check(self, doc):
        phone = self.only_phone(doc)
        fins = tshark_frames(capture(self.name + ".pcapng"), "tcp.srcport == 5061 && tcp.flags.fin == 1")
        self.assertEqual(len(fins), 4)
        self.assert_verdict(phone, "sip_rejected", fins[-1], "closed %d of the phone's SIP connections" % len(fins))
        self.assertEqual([e["frame"] for e in events(phone, "sip_closed")], fins)
        self.assertIn("5061", phone["advice"])
        self.assertNotIn("Get-CsUser", phone["advice"])

    def test_encrypted(self):
        doc, status = summarize(without_keys(self.name + ".pcapng"))
        self.check(doc)
        self.assertEqual(status, 1)

    def test_decrypted(self):
        doc, _ = summarize(capture(self.name + ".pcapng"))
        self.check(doc)


class Proxy(LabCase):
    """A real reverse proxy (nginx) whose front end is down answers the phone's first
    web service request with its own 502: proxy_error, naming its Server header as
    tshark shows it, not the web service's failure."""
    name = "signin-proxy-502"

    def test_nginx_502(self):
        doc, status = summarize(capture(self.name + ".pcapng"))
        phone = self.only_phone(doc)
        [frame] = tshark_frames(capture(self.name + ".pcapng"), "http.response.code == 502")
        [server] = tshark_first_fields(capture(self.name + ".pcapng"), "http.response.code == 502", "http.server")
        self.assertTrue(server[0].startswith("nginx/"), server)
        self.assert_verdict(phone, "proxy_error", frame, "HTTP 502 from CertProv",
                            "not a front end (Server: %s, no X-MS-Server-Fqdn)" % server[0])
        self.assertIn("reverse proxy", phone["advice"])
        self.assertEqual(status, 1)


class OneWay(LabCase):
    """signin-success captured with tcpdump -Q out: only what the phone sent. No
    answer is missing from the sign-in, only from the capture: unknown, naming the
    one-direction capture, and no failure is read into the silence."""
    name = "signin-one-way"

    def test_encrypted(self):
        doc, status = summarize(capture(self.name + ".pcapng"))
        phone = self.only_phone(doc)
        self.assertEqual(phone["mac"], MAC)
        first = tshark_frames(capture(self.name + ".pcapng"), "tcp.dstport == 80 && tcp.flags.syn == 1")[0]
        self.assert_verdict(phone, "unknown", first, "only the phone's side", "10.9.0.1:80")
        self.assertIn("both directions", phone["advice"])
        servers = [re.search(r"connection to (\S+):", e["detail"]).group(1) for e in events(phone, "one_direction")]
        self.assertEqual(servers, ["10.9.0.1:80", "10.9.0.1:443", "10.9.0.1:5061"])
        self.assertEqual(events(phone, "no_response"), [])
        self.assertEqual(events(phone, "connect_failed"), [])
        self.assertEqual(events(phone, "tls_alert"), [])
        self.assertEqual(tshark_frames(capture(self.name + ".pcapng"), "ip.src == 10.9.0.1"), [])
        self.assertEqual(status, 1)


class NotSipEnabled(LabCase):
    name = "signin-not-sip-enabled"

    def test_encrypted(self):
        phone, status = self.encrypted(self.name)
        answer = tshark_frames(capture(self.name + ".pcapng"), "http.response.code == 403")
        self.assert_verdict(phone, "unknown", answer[0], "encrypted", "WebTicket")
        self.assertEqual(status, 1)

    def test_decrypted(self):
        phone, status = self.decrypted(self.name)
        frame = tshark_frames(capture(self.name + ".pdu.pcap"), "http.response.code == 403")
        self.assert_verdict(phone, "auth_failed", frame[0], "HTTP 403", "28000", "User is not SIP enabled.")
        self.assertIn("Enable-CsUser", phone["advice"])
        self.assertEqual(status, 1)


class WindowsAuthError(LabCase):
    name = "signin-windows-auth-error"

    def test_encrypted(self):
        phone, _ = self.encrypted(self.name)
        answer = tshark_frames(capture(self.name + ".pcapng"), "http.response.code == 500")
        self.assert_verdict(phone, "unknown", answer[0], "encrypted")

    def test_decrypted(self):
        phone, status = self.decrypted(self.name)
        frame = tshark_frames(capture(self.name + ".pdu.pcap"), "http.response.code == 500")
        self.assert_verdict(phone, "server_error", frame[0], "HTTP 500", "28001")
        self.assertIn("event log", phone["advice"])
        self.assertEqual(status, 1)


class RegisterRejected(LabCase):
    name = "signin-register-rejected"

    def test_encrypted_cannot_tell(self):
        """Without keys the records show a SIP connection after the certificate: that is all."""
        phone, status = self.encrypted(self.name)
        sip = tshark_frames(capture(self.name + ".pcapng"), "tcp.srcport == 5061 && tls.handshake.type == 20")
        self.assert_verdict(phone, "signed_in", sip[0], "SIP")
        self.assertEqual(status, 0)

    def test_decrypted(self):
        phone, status = self.decrypted(self.name)
        frame = tshark_frames(capture(self.name + ".pdu.pcap"), "sip.Status-Code == 403")
        self.assert_verdict(phone, "sip_rejected", frame[0], "SIP 403 to REGISTER", "4005")
        self.assertEqual([e["frame"] for e in events(phone, "sip_response")],
                         tshark_frames(capture(self.name + ".pdu.pcap"), "sip.Status-Code")[::2])
        self.assertEqual(status, 1)

    def test_merged(self):
        phone, status = self.merged(self.name)
        self.assert_verdict(phone, "sip_rejected", None, "4005")
        self.assertEqual(status, 1)


class LegacyTls10(LabCase):
    """TLS 1.0 with RSA key exchange: the .pdu.pcap was decrypted with the shipped server key."""
    name = "signin-legacy-tls10"

    def test_encrypted(self):
        phone, status = self.encrypted(self.name)
        sip = tshark_frames(capture(self.name + ".pcapng"), "tcp.srcport == 5061 && tls.handshake.type == 2")
        self.assert_verdict(phone, "signed_in")
        self.assertEqual(len(events(phone, "tls_handshake")), 1)
        self.assertEqual(events(phone, "sip_connect")[0]["frame"] >= sip[0], True)
        self.assertEqual(status, 0)

    def test_decrypted_with_the_server_key(self):
        phone, status = self.decrypted(self.name)
        uri = tshark.differences().response_uri
        cert = tshark_frames(capture(self.name + ".pdu.pcap"),
                             'http.response.code == 200 && %s contains "CertProvisioningService.svc" '
                             '&& !(%s contains "mex")' % (uri, uri))
        self.assertEqual([e["frame"] for e in events(phone, "certificate_issued")], cert)
        ok = [e for e in events(phone, "sip_response") if e["detail"] == "SIP 200 to REGISTER (decrypted)"]
        self.assertEqual(len(ok), 1)
        self.assert_verdict(phone, "signed_in", ok[0]["frame"], "REGISTER answered 200")
        self.assertEqual(status, 0)


class MultiInterface(LabCase):
    """Ethernet and Linux cooked interfaces in one pcapng."""
    name = "signin-multi-interface"

    def test_encrypted(self):
        proc = run("--format", "json", without_keys(self.name + ".pcapng"))
        if refused_mixed_link_types(proc):
            self.skipTest("libpcap refuses pcapng files whose interfaces have different link types; "
                          "readable once pcap-summarize reads through libwiretap")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        doc = json.loads(proc.stdout)
        self.assertEqual({p["mac"]: p["outcome"] for p in doc["phones"]},
                         {"00:04:f2:00:00:01": "signed_in", "00:04:f2:00:00:02": "unknown"})

    def test_decrypted(self):
        doc, status = summarize(capture(self.name + ".pdu.pcap"))
        self.assertEqual({p["ip"]: (p["user"], p["outcome"]) for p in doc["phones"]},
                         {"10.9.0.11": ("1234", "signed_in"), "10.9.0.12": ("1235", "pin_rejected")})
        self.assertEqual(status, 1)


class ServerSide(LabCase):
    """Twenty phones behind a router, seen at the front end: one MAC (the router's) for all."""
    name = "signin-server-side"
    wrong_pin = {"10.9.1.17", "10.9.1.24"}

    def test_encrypted_phones_known_by_ip(self):
        doc, status = summarize(without_keys(self.name + ".pcapng"))
        self.assertEqual(len(doc["phones"]), 20)
        self.assertEqual({p["mac"] for p in doc["phones"]}, {None})
        got = {p["ip"]: p["outcome"] for p in doc["phones"]}
        self.assertEqual({ip for ip, o in got.items() if o != "signed_in"}, self.wrong_pin)
        self.assertEqual({got[ip] for ip in self.wrong_pin}, {"unknown"})
        self.assertEqual(status, 1)

    def test_decrypted(self):
        doc, _ = summarize(capture(self.name + ".pdu.pcap"))
        got = {p["ip"]: p["outcome"] for p in doc["phones"]}
        self.assertEqual(len(got), 20)
        self.assertEqual({ip for ip, o in got.items() if o == "pin_rejected"}, self.wrong_pin)
        self.assertEqual({o for ip, o in got.items() if ip not in self.wrong_pin}, {"signed_in"})
        for phone in doc["phones"]:
            if phone["ip"] in self.wrong_pin:
                self.assertIn("28003", phone["cause"])


class DnsFailure(LabCase):
    def test_nxdomain(self):
        phone, status = self.encrypted("signin-dns-failure")
        frame = tshark_frames(capture("signin-dns-failure.pcapng"), "dns.flags.rcode == 3")
        self.assert_verdict(phone, "dns_failure", frame[0], "NXDOMAIN", "pool01.contoso.test")
        self.assertEqual(status, 1)


class NoProvisioning(LabCase):
    def test_ack_without_option43(self):
        phone, status = self.encrypted("signin-no-provisioning")
        self.assert_verdict(phone, "no_provisioning", 2, "option 43")
        self.assertEqual(status, 1)


class Dhcp(LabCase):
    def test_provisioned_then_capture_ends(self):
        phone, _ = self.encrypted("dhcp-ms-uc-client")
        self.assert_verdict(phone, "incomplete")
        self.assertIn("pool01.contoso.test", events(phone, "dhcp_ack")[0]["detail"])

    def test_vlan_answer_is_not_a_failure(self):
        phone, _ = self.encrypted("dhcp-cpe-ocphone")
        self.assert_verdict(phone, "incomplete")
        self.assertIn("VLAN 100", events(phone, "dhcp_ack")[0]["detail"])

    def test_no_reply(self):
        phone, status = self.encrypted("dhcp-no-reply")
        self.assert_verdict(phone, "no_provisioning", 1)
        self.assertEqual(len(events(phone, "dhcp_inform")), 3)
        self.assertEqual(status, 1)

    def test_option120_as_plain_text(self):
        """Option 120 as a plain ASCII name: decoded, and its encoding flagged."""
        phone, _ = self.encrypted("dhcp-option120-ascii")
        self.assert_verdict(phone, "incomplete")
        detail = events(phone, "dhcp_ack")[0]["detail"]
        self.assertIn("SIP server sip.contoso.test", detail)
        self.assertIn("not RFC 3361", detail)
        phone, _ = self.encrypted("dhcp-ms-uc-client")
        self.assertNotIn("RFC 3361", events(phone, "dhcp_ack")[0]["detail"])

    def test_cut_option43(self):
        phone, _ = self.encrypted("dhcp-bad-option43")
        self.assert_verdict(phone, "no_provisioning", 2, "runs past the end")


class MultiPhone(LabCase):
    name = "signin-multi-phone"
    expected = {"00:04:f2:00:00:01": "signed_in", "00:04:f2:00:00:02": "unknown",
                "00:04:f2:00:00:03": "no_response"}

    def assert_own_frames(self, path, phones, key):
        """No event lands on another phone: each event's frame carries that phone's address."""
        for phone in phones:
            own = set(tshark_frames(path, "ip.addr == %s" % phone["ip"]))
            if key == "mac":
                own |= set(tshark_frames(path, "eth.addr == %s" % phone["mac"]))
            for e in phone["events"]:
                if e.get("capture", 0) == 0:
                    self.assertIn(e["frame"], own, (phone["ip"], e))

    def test_encrypted(self):
        doc, status = summarize(without_keys(self.name + ".pcapng"))
        self.assertEqual({p["mac"]: p["outcome"] for p in doc["phones"]}, self.expected)
        self.assertEqual({p["ip"] for p in doc["phones"]}, {"10.9.0.11", "10.9.0.12", "10.9.0.13"})
        self.assert_own_frames(capture(self.name + ".pcapng"), doc["phones"], "mac")
        self.assertEqual(status, 1)

    def test_decrypted(self):
        doc, _ = summarize(capture(self.name + ".pdu.pcap"))
        got = {p["ip"]: (p["user"], p["outcome"]) for p in doc["phones"]}
        self.assertEqual(got, {"10.9.0.11": ("1234", "signed_in"), "10.9.0.12": ("1235", "pin_rejected"),
                               "10.9.0.13": ("1236", "incomplete")})
        self.assert_own_frames(capture(self.name + ".pdu.pcap"), doc["phones"], "ip")

    def test_merged(self):
        doc, _ = summarize(without_keys(self.name + ".pcapng"), capture(self.name + ".pdu.pcap"))
        got = {p["mac"]: (p["user"], p["outcome"]) for p in doc["phones"]}
        self.assertEqual(got, {"00:04:f2:00:00:01": ("1234", "signed_in"),
                               "00:04:f2:00:00:02": ("1235", "pin_rejected"),
                               "00:04:f2:00:00:03": ("1236", "no_response")})

    def test_filters(self):
        doc, status = summarize(capture(self.name + ".pcapng"), args=("--outcome", "signed_in"))
        self.assertEqual([p["mac"] for p in doc["phones"]], ["00:04:f2:00:00:01"])
        self.assertEqual(status, 0)
        doc, status = summarize(capture(self.name + ".pcapng"), args=("--phone", "10.9.0.13"))
        self.assertEqual([p["outcome"] for p in doc["phones"]], ["no_response"])
        self.assertEqual(status, 1)
        doc, _ = summarize(capture(self.name + ".pcapng"), args=("--phone", "00-04-F2-00-00-02"))
        self.assertEqual([p["ip"] for p in doc["phones"]], ["10.9.0.12"])


class Ipv6(LabCase):
    name = "signin-success-ipv6"

    def test_encrypted(self):
        """DHCP over IPv4 and the sign-in over IPv6: one phone, joined by its MAC."""
        phone, status = self.encrypted(self.name)
        sip = tshark_frames(capture(self.name + ".pcapng"), "tcp.srcport == 5061 && tls.handshake.type == 20")
        self.assert_verdict(phone, "signed_in", sip[0])
        self.assertEqual(status, 0)
        self.assertTrue(tshark_frames(capture(self.name + ".pcapng"),
                                      "ipv6 && frame.number == %d" % phone["frame"]))

    def test_decrypted(self):
        doc, status = summarize(capture(self.name + ".pdu.pcap"))
        self.assertEqual([(p["ip"], p["outcome"]) for p in doc["phones"]], [("fd09::11", "signed_in")])
        self.assertEqual(status, 0)


if __name__ == "__main__":
    unittest.main()

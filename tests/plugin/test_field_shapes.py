"""The plugin on the lab scenarios shaped after real servers and field
captures (captures/README.md): the root-chain download on port 80, the
documented ids 28000 and 28001, a REGISTER refused after the certificate, a
legacy phone on TLS 1.0 decrypted with the server's RSA key, two link types
in one pcapng, and twenty phones seen at the front end."""
import os
import shutil
import stat
import tempfile
import unittest

from tshark import booleans, capture, expert_messages, fields, frames_with
from test_http import ERRORS, exchange, one
from test_phones import BLOCK, phones_report

ROOT_CHAIN = "lyncprov.operation == \"RootChain\""


class RootChain(unittest.TestCase):
    capture = "signin-success.pcapng"

    def test_its_own_step_before_tls(self):
        rows = fields(self.capture, "lyncprov.service", "lyncprov.status", "lyncprov.result", "tcp.dstport",
                      display_filter="lyncprov.service && tcp.port == 80")
        self.assertEqual(len(rows), 2)
        request, response = rows
        self.assertEqual(one(request, "tcp.dstport"), "80")
        self.assertEqual(one(request, "lyncprov.service"), "CertProv")
        self.assertEqual(frames_with(self.capture, ROOT_CHAIN), [request["frame"]])
        self.assertEqual(one(response, "lyncprov.status"), "200")
        self.assertIn(response["frame"], frames_with(self.capture, 'lyncprov.result == "OK"'))
        first_hello = frames_with(self.capture, "tls.handshake.type == 1")[0]
        self.assertLess(response["frame"], first_hello)

    def test_chunked_answers_decoded(self):
        """IIS sends the services' bodies chunked: the certificate is still found."""
        _, responses = exchange(self.capture)
        chunked = frames_with(self.capture, "lyncprov.status && http.transfer_encoding == \"chunked\"")
        self.assertIn(responses[-1]["frame"], chunked)
        self.assertEqual(booleans(responses[-1], "lyncprov.certificate_issued"), [True])


class Port80Blocked(unittest.TestCase):
    capture = "signin-port80-blocked.pcapng"

    def test_phone_judged_tls_failure(self):
        blocks = BLOCK.findall(phones_report(capture(self.capture)))
        alert = frames_with(self.capture, "tls.alert_message")
        self.assertEqual([b[3:5] for b in blocks], [("tls_failure", str(alert[0]))])

    def test_refused_then_unknown_ca(self):
        """Port 80 answers with RST, no web service traffic follows, the phone sends unknown_ca."""
        self.assertEqual(frames_with(self.capture, "lyncprov.service"), [])
        rst = frames_with(self.capture, "tcp.srcport == 80 && tcp.flags.reset == 1")
        alert = fields(self.capture, "tls.alert_message.desc", display_filter="tls.alert_message")
        self.assertEqual(len(rst), 1)
        self.assertEqual([one(a, "tls.alert_message.desc") for a in alert], ["48"])
        self.assertLess(rst[0], alert[0]["frame"])


class NotSipEnabled(unittest.TestCase):
    capture = "signin-not-sip-enabled.pcapng"

    def test_403_with_28000(self):
        _, responses = exchange(self.capture)
        refused = responses[-1]
        self.assertEqual(one(refused, "lyncprov.status"), "403")
        self.assertEqual(refused["lyncprov.diag.code"], ["28000"])
        self.assertEqual(refused["lyncprov.diag.reason"], ["User is not SIP enabled."])
        self.assertEqual(frames_with(self.capture, 'lyncprov.result == "authentication failed"'), [refused["frame"]])
        self.assertEqual(frames_with(self.capture, ERRORS), [refused["frame"]])
        self.assertEqual(frames_with(self.capture, "lyncprov.auth_failed"), [refused["frame"]])


class WindowsAuthError(unittest.TestCase):
    capture = "signin-windows-auth-error.pcapng"

    def test_500_with_28001_in_header_and_fault(self):
        _, responses = exchange(self.capture)
        failed = responses[-1]
        self.assertEqual(one(failed, "lyncprov.status"), "500")
        self.assertEqual(set(failed["lyncprov.diag.code"]), {"28001"})
        self.assertIn("a:FailedAuthentication", failed["lyncprov.diag.fault"])
        self.assertEqual(frames_with(self.capture, ERRORS), [failed["frame"]])
        self.assertEqual(frames_with(self.capture, "lyncprov.server_error"), [failed["frame"]])


class RegisterRejected(unittest.TestCase):
    capture = "signin-register-rejected.pcapng"

    def test_certificate_then_sip_403(self):
        _, responses = exchange(self.capture)
        self.assertEqual(booleans(responses[-1], "lyncprov.certificate_issued"), [True])
        self.assertEqual(frames_with(self.capture, ERRORS), [])
        sip = fields(self.capture, "sip.Status-Code", display_filter="sip.Status-Code")
        self.assertEqual([one(r, "sip.Status-Code") for r in sip], ["401", "401", "401", "403"])
        self.assertEqual(frames_with(self.capture, 'sip.msg_hdr contains "ms-diagnostics: 4005;"'), [sip[-1]["frame"]])
        self.assertGreater(sip[-1]["frame"], responses[-1]["frame"])

    def test_phone_judged_sip_rejected(self):
        """The decrypted 403 decides, as pcap-summarize judges it from the .pdu.pcap."""
        blocks = BLOCK.findall(phones_report(capture(self.capture)))
        self.assertEqual(len(blocks), 1)
        forbidden = frames_with(self.capture, "sip.Status-Code == 403")
        self.assertEqual(blocks[0][3:5], ("sip_rejected", str(forbidden[0])))
        self.assertIn("4005", blocks[0][5])

    def test_accepted_register_decides(self):
        """Readable SIP: signed in is the REGISTER's 2xx, named with its frame."""
        blocks = BLOCK.findall(phones_report(capture("signin-success.pcapng")))
        ok = frames_with("signin-success.pcapng", "sip.Status-Code == 200")
        self.assertEqual(blocks[0][3:5], ("signed_in", str(ok[0])))
        self.assertIn("REGISTER answered 200 at frame %d" % ok[0], blocks[0][5])


class LegacyTls10(unittest.TestCase):
    """No key log: only the server's RSA key (captures/keys/) decrypts it."""
    capture = "signin-legacy-tls10.pcapng"

    def setUp(self):
        # tshark runs as an unprivileged user (ws-run): the key must be readable by it.
        self.dir = tempfile.mkdtemp()
        os.chmod(self.dir, 0o755)
        self.key = os.path.join(self.dir, "server.key")
        shutil.copy(capture("keys/signin-legacy-tls10.key"), self.key)
        os.chmod(self.key, stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_nothing_decrypted_without_the_key(self):
        """Without the key: no HTTP over TLS; what the plugin names is inferred from record sizes."""
        self.assertEqual(frames_with(self.capture, "http && !(tcp.port == 80)"), [])
        self.assertEqual(frames_with(self.capture, "lyncprov.service && !(tcp.port == 80) && !lyncprov.inferred"), [])

    def test_decrypted_with_the_server_key(self):
        rsa = ("-o", 'uat:rsa_keys:"%s",""' % self.key)
        hello = fields(self.capture, "tls.handshake.version", "tls.handshake.ciphersuite",
                       display_filter="tls.handshake.type == 2")
        self.assertEqual({(one(r, "tls.handshake.version"), one(r, "tls.handshake.ciphersuite")) for r in hello},
                         {("0x0301", "0x002f")})
        requests, responses = exchange(self.capture, extra=rsa)
        self.assertEqual([one(r, "lyncprov.operation") for r in requests],
                         ["mex", "mex", "IssueToken", "IssueToken", "GetAndPublishCert"])
        self.assertEqual(booleans(responses[-1], "lyncprov.certificate_issued"), [True])
        self.assertEqual(frames_with(self.capture, ERRORS, extra=rsa), [])


class MultiInterface(unittest.TestCase):
    capture = "signin-multi-interface.pcapng"

    def test_both_link_types_decoded(self):
        rows = fields(self.capture, "frame.interface_id", "eth.src", "sll.pkttype", "ip.dst",
                      display_filter="lyncprov.certificate_issued || lyncprov.invalid_pin")
        by_ip = {one(r, "ip.dst"): r for r in rows}
        self.assertEqual(set(by_ip), {"10.9.0.11", "10.9.0.12"})
        self.assertEqual(one(by_ip["10.9.0.11"], "frame.interface_id"), "0")  # Ethernet
        self.assertTrue(by_ip["10.9.0.11"]["eth.src"])
        self.assertEqual(one(by_ip["10.9.0.12"], "frame.interface_id"), "1")  # Linux cooked
        self.assertTrue(by_ip["10.9.0.12"]["sll.pkttype"])
        self.assertIn("WebTicket rejected the PIN: The pin is invalid.",
                      expert_messages(self.capture, by_ip["10.9.0.12"]["frame"]))


class ServerSide(unittest.TestCase):
    """Twenty phones behind a router: every phone frame has the router's MAC."""
    capture = "signin-server-side.pcapng"

    def test_each_phone_by_ip(self):
        rejected = fields(self.capture, "ip.dst", "eth.dst", display_filter="lyncprov.invalid_pin")
        self.assertEqual({one(r, "ip.dst") for r in rejected}, {"10.9.1.17", "10.9.1.24"})
        self.assertEqual({one(r, "eth.dst") for r in rejected}, {"02:00:0a:09:00:fe"})
        issued = fields(self.capture, "ip.dst", display_filter="lyncprov.certificate_issued")
        self.assertEqual(len({one(r, "ip.dst") for r in issued}), 18)
        self.assertFalse({one(r, "ip.dst") for r in issued} & {"10.9.1.17", "10.9.1.24"})
        self.assertEqual(len(frames_with(self.capture, ROOT_CHAIN)), 20)


class ConnectFailed(unittest.TestCase):
    """The firewall captures: an Error expert on the frame the verdict names, and
    the connection's fate as a field; nothing on the root chain that worked."""

    def check(self, name, display_filter, words, port=443):
        frame = frames_with(name, display_filter)[-1]
        self.assertEqual(frames_with(name, "lyncprov.connect_failed"), [frame])
        [message] = [m for m in expert_messages(name, frame) if "10.9.0.1:%d" % port in m]
        self.assertIn(words, message)
        [row] = fields(name, "lyncprov.connection", "lyncprov.phone", display_filter="lyncprov.connection")
        self.assertEqual(one(row, "lyncprov.phone"), "00:04:f2:00:00:01")
        self.assertEqual(one(row, "lyncprov.connection"), message)

    def test_dropped(self):
        self.check("signin-443-dropped.pcapng", "tcp.dstport == 443 && tcp.flags.syn == 1", "no answer")

    def test_rejected(self):
        self.check("signin-443-rejected.pcapng", "icmp.type == 3", "administratively prohibited")

    def test_reset(self):
        self.check("signin-443-reset.pcapng", "tcp.srcport == 443 && tcp.flags.reset == 1", "with a reset")

    def test_registrar_dropped(self):
        self.check("signin-5061-dropped.pcapng", "tcp.dstport == 5061 && tcp.flags.syn == 1", "SIP: no answer", 5061)


class TlsFailed(unittest.TestCase):
    """lyncprov.tls_failure says what the handshake failed on: the version for
    the TLS 1.0 phone, the certificate for the phone that trusts another CA."""
    cases = {
        "signin-tls10-refused.pcapng": ("tls.alert_message.desc == 70", 1),
        "signin-tls10-reset.pcapng": ("tcp.srcport == 443 && tcp.flags.reset == 1", 1),
        "signin-suites-refused.pcapng": ("tls.alert_message.desc == 40", 1),
        "signin-tls-failure.pcapng": ("tls.alert_message.desc == 48", 0),
    }

    def test_failure_class(self):
        for name, (display_filter, cls) in self.cases.items():
            with self.subTest(capture=name):
                frame = frames_with(name, display_filter)[0]
                [row] = fields(name, "lyncprov.tls_failure", display_filter="lyncprov.tls_failed")
                self.assertEqual(row["frame"], frame)
                self.assertEqual(one(row, "lyncprov.tls_failure"), str(cls))


class Certificate(unittest.TestCase):
    """A certificate failure carries what the pool's certificate shows: one
    problem flag set for each capture, and the certificate's own names or
    dates (as tshark's X.509 fields give them) in lyncprov.certificate."""
    flags = ("wrong_name", "expired", "not_yet_valid", "untrusted", "weak_signature", "weak_key", "phone_clock")
    cases = {
        "signin-cert-wrong-name.pcapng": (42, ["wrong_name"], "x509ce.dNSName"),
        "signin-cert-expired.pcapng": (45, ["expired"], "x509af.utcTime"),
        "signin-phone-clock.pcapng": (45, ["phone_clock"], "x509af.utcTime"),
        "signin-cert-untrusted.pcapng": (48, ["untrusted"], "x509sat.uTF8String"),
        "signin-cert-weak.pcapng": (42, ["weak_signature", "weak_key"], "pkcs1.modulus"),
        "signin-tls13-cert-expired.pcapng": (45, ["expired"], "x509af.utcTime"),  # decrypted: TLS 1.3
    }

    @staticmethod
    def shown(x509, values):
        """How the certificate text gives an X.509 field: its not-after day, its key size, or a name."""
        if x509 == "x509af.utcTime":
            return values[-1][:10]
        if x509 == "pkcs1.modulus":
            return "%d-bit key" % (len(values[0].removeprefix("00")) * 4)
        return values[0]

    def test_problems(self):
        names = ["lyncprov.certificate"] + ["lyncprov.certificate." + f for f in self.flags]
        for name, (alert, flags, x509) in self.cases.items():
            with self.subTest(capture=name):
                frame = frames_with(name, "tls.alert_message.desc == %d" % alert)[0]
                [row] = fields(name, *names, display_filter="lyncprov.certificate")
                self.assertEqual(row["frame"], frame)
                set_flags = [f for f in self.flags if booleans(row, "lyncprov.certificate." + f) == [True]]
                self.assertEqual(set_flags, flags)
                [cert] = fields(name, x509, display_filter="tls.handshake.type == 11")
                self.assertIn(self.shown(x509, cert[x509]), one(row, "lyncprov.certificate"))

    def test_none_without_certificate_failure(self):
        self.assertEqual(fields("signin-tls10-refused.pcapng", display_filter="lyncprov.certificate"), [])


class SipClosed(unittest.TestCase):
    """lyncprov.sip_closed on each FIN the registrar sent first, with what became of the connection."""

    def test_on_the_servers_fins(self):
        name = "signin-sip-flap.pcapng"
        fins = frames_with(name, "tcp.srcport == 5061 && tcp.flags.fin == 1")
        rows = fields(name, "lyncprov.connection", display_filter="lyncprov.sip_closed")
        self.assertEqual([r["frame"] for r in rows], fins)
        for row in rows:
            self.assertIn("closed the connection", one(row, "lyncprov.connection"))


class Proxy(unittest.TestCase):
    """nginx's own 502 (its front end down): lyncprov.proxy_error on it, not lyncprov.server_error."""

    def test_nginx_502(self):
        name = "signin-proxy-502.pcapng"
        [frame] = frames_with(name, "http.response.code == 502")
        self.assertEqual(frames_with(name, "lyncprov.proxy_error"), [frame])
        self.assertEqual(frames_with(name, "lyncprov.server_error"), [])


class Verdicts(unittest.TestCase):
    """The plugin's per-phone verdicts (-z lyncprov,phones) are captures/README.md's expected ones."""
    expected = {
        "dhcp-option120-ascii.pcapng": {"incomplete": 1},
        "signin-not-sip-enabled.pcapng": {"auth_failed": 1},
        "signin-windows-auth-error.pcapng": {"server_error": 1},
        "signin-register-rejected.pcapng": {"sip_rejected": 1},
        "signin-port80-blocked.pcapng": {"tls_failure": 1},
        "signin-legacy-tls10.pcapng": {"signed_in": 1},
        "signin-tls13.pcapng": {"signed_in": 1},
        "signin-443-dropped.pcapng": {"connect_failed": 1},
        "signin-443-rejected.pcapng": {"connect_failed": 1},
        "signin-443-reset.pcapng": {"connect_failed": 1},
        "signin-5061-dropped.pcapng": {"connect_failed": 1},
        "signin-tls10-refused.pcapng": {"tls_failure": 1},
        "signin-tls10-reset.pcapng": {"tls_failure": 1},
        "signin-one-way.pcapng": {"unknown": 1},
        "signin-cert-wrong-name.pcapng": {"tls_failure": 1},
        "signin-cert-expired.pcapng": {"tls_failure": 1},
        "signin-phone-clock.pcapng": {"tls_failure": 1},
        "signin-cert-untrusted.pcapng": {"tls_failure": 1},
        "signin-cert-weak.pcapng": {"tls_failure": 1},
        "signin-nat.pcapng": {"signed_in": 1, "pin_rejected": 1},
        "signin-sip-flap.pcapng": {"sip_rejected": 1},
        "signin-proxy-502.pcapng": {"proxy_error": 1},
        "signin-suites-refused.pcapng": {"tls_failure": 1},
        "signin-tls13-cert-expired.pcapng": {"tls_failure": 1},
        "signin-multi-interface.pcapng": {"signed_in": 1, "pin_rejected": 1},
        "signin-server-side.pcapng": {"signed_in": 18, "pin_rejected": 2},
    }

    def test_expected_outcomes(self):
        for name, want in self.expected.items():
            with self.subTest(capture=name):
                got = {}
                for block in BLOCK.findall(phones_report(capture(name))):
                    got[block[3]] = got.get(block[3], 0) + 1
                self.assertEqual(got, want)


if __name__ == "__main__":
    unittest.main()

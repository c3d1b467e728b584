# SPDX-License-Identifier: GPL-2.0-or-later
"""pcap-summarize on pidgin-sipe's captures (captures/lab, CLIENT=sipe): a real
client that signs in with user and password (NTLM at the WebTicket service's
WinNegotiate port), then TLS-DSK with the certificate CertProv issued. Frames
and users are checked against tshark, which decrypts each capture with the
server's key log embedded in it."""
import unittest

from tool import capture, summarize, tshark_first_fields, tshark_frames, without_keys

USER = "sip:alice@contoso.test"


class SipeCase(unittest.TestCase):
    name = None

    def phone(self, path=None):
        doc, status = summarize(path or capture(self.name + ".pcapng"))
        self.assertEqual(len(doc["phones"]), 1, [p["ip"] for p in doc["phones"]])
        return doc["phones"][0], status

    def frames(self, display_filter):
        return tshark_frames(capture(self.name + ".pcapng"), display_filter)

    def events_of(self, phone, kind):
        return [e for e in phone["events"] if e["kind"] == kind]

    def assert_ntlm_legs(self, phone):
        """NTLM's offer and CHALLENGE_MESSAGE are steps: a challenge each, and no refusal."""
        legs = self.frames('http.response.code == 401 && http.www_authenticate contains "NTLM"')
        responses = {e["frame"]: e for e in self.events_of(phone, "http_response")}
        for frame in legs[:2]:
            self.assertIn(frame, responses)
            self.assertEqual(responses[frame]["detail"], "401 challenge")
        requests = [e["detail"] for e in self.events_of(phone, "http_request")]
        self.assertTrue(any(d.endswith(", NTLM handshake") for d in requests), requests)
        self.assertTrue(any(" as CONTOSO\\alice, NTLM credentials" in d for d in requests), requests)
        return legs


class SignIn(SipeCase):
    """A good password: the ticket after NTLM's three legs, the certificate, then
    REGISTER's 200 on the SIP connection sipe opened before all that."""
    name = "sipe-signin"

    def test_signed_in_by_register_200(self):
        phone, status = self.phone()
        self.assertEqual(status, 0)
        self.assertEqual(phone["outcome"], "signed_in")
        self.assertEqual(phone["user"], USER)
        ok = self.frames("sip.Status-Code == 200")
        self.assertEqual(len(ok), 2)  # the registration, then the unregistering at sign-off
        self.assertEqual(phone["frame"], ok[0])
        self.assertIn("REGISTER answered 200 at frame %d" % ok[0], phone["cause"])
        self.assertIn("; user and password (NTLM)", phone["cause"])
        self.assertNotIn("not in the capture", phone["cause"])
        agent = tshark_first_fields(capture(self.name + ".pcapng"), "http.request", "http.user_agent")[0][0]
        self.assertTrue(agent.startswith("Purple/"), agent)
        self.assertIn("a desktop client (%s), not a desk phone" % agent, phone["cause"])

        self.assert_ntlm_legs(phone)
        # The SIP connection came before the certificate: the same registration.
        connect = self.events_of(phone, "sip_connect")[0]
        certificate = self.events_of(phone, "certificate_issued")[0]
        self.assertLess(connect["frame"], certificate["frame"])

    def test_desk_phone_is_no_desktop_client(self):
        doc, _ = summarize(capture("signin-success.pcapng"))
        self.assertNotIn("desktop", doc["phones"][0]["cause"])

    def test_encrypted_sip_connection_still_up(self):
        phone, _ = self.phone(without_keys(self.name + ".pcapng"))
        self.assertEqual(phone["outcome"], "signed_in", phone["cause"])
        self.assertIn("SIP TLS connection at frame", phone["cause"])


class WrongPassword(SipeCase):
    """A wrong password: the 401 to NTLM's AUTHENTICATE_MESSAGE is the refusal, with
    advice about the account, not the PIN."""
    name = "sipe-wrong-password"

    def test_password_refused(self):
        phone, status = self.phone()
        self.assertEqual(status, 1)
        legs = self.assert_ntlm_legs(phone)
        self.assertEqual(len(legs), 3)
        self.assertEqual(phone["outcome"], "auth_failed", phone["cause"])
        self.assertEqual(phone["frame"], legs[2])
        self.assertIn("frame %d: the NTLM credentials were refused" % legs[2], phone["cause"])
        self.assertIn("password", phone["advice"])
        self.assertNotIn("PIN", phone["advice"])

    def test_client_close_is_no_registrar_refusal(self):
        phone, _ = self.phone()
        closes = self.events_of(phone, "sip_closed")
        self.assertEqual(len(closes), 1)
        self.assertIn("the phone closed its connection", closes[0]["detail"])


class WebTicketHung(SipeCase):
    """The web ticket service reads the AUTHENTICATE_MESSAGE and never answers."""
    name = "sipe-webticket-hung"

    def test_no_response_at_the_credentials(self):
        phone, status = self.phone()
        self.assertEqual(status, 1)
        self.assert_ntlm_legs(phone)
        posts = self.frames('http.request.method == "POST"')
        self.assertEqual(phone["outcome"], "no_response", phone["cause"])
        self.assertEqual(phone["frame"], posts[-1])
        self.assertIn("WebTicket", phone["cause"])


class DskRefused(SipeCase):
    """The registrar refuses TLS-DSK (its unknown_ca alert in the 401's gssapi-data);
    sipe closes its SIP connection: not signed in, though the certificate came."""
    name = "sipe-dsk-refused"

    def test_not_signed_in(self):
        phone, status = self.phone()
        self.assertEqual(status, 1)
        challenges = self.frames("sip.Status-Code == 401")
        self.assertEqual(phone["outcome"], "sip_rejected", phone["cause"])
        self.assertEqual(phone["frame"], challenges[-1])
        self.assertIn("SIP 401 to REGISTER at frame %d" % challenges[-1], phone["cause"])
        self.assertIn("closed its SIP connection", phone["cause"])
        self.assertIn("TLS-DSK", phone["advice"])
        self.assertEqual(len(self.events_of(phone, "certificate_issued")), 1)


if __name__ == "__main__":
    unittest.main()

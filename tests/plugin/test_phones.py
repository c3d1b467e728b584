# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin judging whole phones: -z lyncprov,phones, and encrypted sign-ins without keys."""
import os
import re
import sys
import tempfile
import unittest

from tshark import capture, expert_messages, fields, frames_with, tshark

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "agreement"))
import agree  # noqa: E402  (the pcapng secrets stripper)

BLOCK = re.compile(r"^phone=(\S+) ip=(\S+) user=(.*?) outcome=(\S+) frame=(\d+)\n"
                   r"    cause:  (.+)\n    advice: (.+)$", re.M)


def phones_report(path):
    return tshark("-r", path, "-2", "-q", "-z", "lyncprov,phones")


class Report(unittest.TestCase):
    def test_wrong_pin_block(self):
        out = phones_report(capture("signin-wrong-pin.pcapng"))
        self.assertTrue(out.startswith("=== Lync phone sign-ins ===\n"), out)
        blocks = BLOCK.findall(out)
        self.assertEqual(len(blocks), 1, out)
        phone, ip, user, outcome, frame, cause, advice = blocks[0]
        self.assertEqual((phone, ip, user, outcome, frame), ("00:04:f2:00:00:01", "10.9.0.11", "1234",
                                                             "pin_rejected", "65"))
        self.assertIn("X-Ms-diagnostics 28003: The pin is invalid.", cause)
        self.assertIn("Set-CsClientPin", advice)
        self.assertTrue(out.endswith("=== 1 phone: 1 pin_rejected ===\n"), out)

    def test_three_phones_counted(self):
        out = phones_report(capture("signin-multi-phone.pcapng"))
        outcomes = sorted(b[3] for b in BLOCK.findall(out))
        self.assertEqual(outcomes, ["no_response", "pin_rejected", "signed_in"])
        self.assertIn("=== 3 phones: 1 signed_in, 1 pin_rejected, 1 no_response ===", out)

    def test_port80_blocked_names_the_root_chain(self):
        blocks = BLOCK.findall(phones_report(capture("signin-port80-blocked.pcapng")))
        self.assertEqual([b[3] for b in blocks], ["tls_failure"])
        self.assertIn("after the root-chain download failed", blocks[0][5])
        self.assertIn(":80 refused the connection with a reset", blocks[0][5])

    def test_no_phone(self):
        out = phones_report(capture("dhcp-cpe-ocphone.pcapng"))
        self.assertIn("=== Lync phone sign-ins ===", out)

    def test_pin_never_in_report(self):
        self.assertNotIn("123456", phones_report(capture("signin-success.pcapng")))


class Nat(unittest.TestCase):
    """Two phones behind a NAT (one address): a block per user, each saying so, and the
    28003 on the refused user's frame, as tshark shows the 401."""

    def test_per_user(self):
        path = capture("signin-nat.pcapng")
        out = phones_report(path)
        blocks = {b[2]: b for b in BLOCK.findall(out)}
        self.assertEqual(sorted(blocks), ["1234", "1235"], out)
        [refused] = frames_with("signin-nat.pcapng", 'http.response.code == 401 && http.response.line contains "28003"')
        self.assertEqual(blocks["1235"][3:5], ("pin_rejected", str(refused)))
        self.assertEqual(blocks["1234"][3], "signed_in")
        self.assertEqual(out.count("    shared: one of 2 users whose credentials came from 10.9.0.254"), 2, out)
        self.assertTrue(out.endswith("=== 2 phones: 1 signed_in, 1 pin_rejected ===\n"), out)


class HungWithoutKeys(unittest.TestCase):
    """The seed case: IssueToken to a hung WebTicket service, in a capture with no TLS keys at all."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.tmp.name, "hung-nokeys.pcapng")
        assert agree.without_secrets(capture("signin-webticket-hung.pcapng"), cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_unanswered_encrypted_request_flagged(self):
        flagged = frames_with(self.path, "lyncprov.no_response")
        self.assertEqual(len(flagged), 1)
        messages = expert_messages(self.path, flagged[0])
        self.assertTrue(any("WebTicket" in m and "inferred from TLS record sizes" in m for m in messages),
                        messages)
        self.assertIn(flagged[0], frames_with(self.path, "lyncprov.inferred"))

    def test_same_frame_as_with_keys(self):
        self.assertEqual(frames_with(self.path, "lyncprov.no_response"),
                         frames_with(capture("signin-webticket-hung.pcapng"), "lyncprov.no_response"))

    def test_phone_reported_no_response(self):
        blocks = BLOCK.findall(phones_report(self.path))
        self.assertEqual([b[3] for b in blocks], ["no_response"])
        self.assertIn("inferred", blocks[0][5])

    def test_inferred_services_named(self):
        rows = fields(self.path, "lyncprov.service", display_filter="lyncprov.inferred")
        services = [r["lyncprov.service"][0] for r in rows]
        self.assertEqual(services[:2], ["CertProv", "CertProv"])  # the CertProv mex and its answer
        self.assertEqual(services[-1], "WebTicket")

    def test_single_pass_cannot_know(self):
        self.assertEqual(frames_with(self.path, "lyncprov.no_response", two_pass=False), [])


if __name__ == "__main__":
    unittest.main()

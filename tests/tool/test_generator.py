# SPDX-License-Identifier: GPL-2.0-or-later
"""pcap-summarize against lyncgen's ground truth: a few hundred phones with
every outcome and background noise; none missing, none wrong, none extra.

In clear mode every outcome must match. In TLS mode the rules of pcap-
summarize(1) "ENCRYPTED CAPTURES" apply: a single refused or failed
credentialed request cannot be told apart (unknown), retried credentials are
refusals (auth_failed)."""
import shutil
import tempfile
import unittest

from tool import events, generate, summarize

PHONES = "300"
# Without keys: what the sizes allow (see the man page).
ENCRYPTED = {"pin_rejected": "unknown", "server_error": "unknown"}


class GeneratorCase(unittest.TestCase):
    mode = "clear"

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="lyncprov-gen.")
        cls.pcap, cls.truth = generate(cls.dir, cls.mode, "--phones", PHONES, "--http", cls.mode, "--seed", "7")
        cls.doc, cls.status = summarize(cls.pcap)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def expected(self, truth):
        return ENCRYPTED.get(truth["outcome"], truth["outcome"]) if self.mode == "tls" else truth["outcome"]

    def test_every_phone_once(self):
        got = [p["mac"] for p in self.doc["phones"]]
        self.assertEqual(sorted(got), sorted(p["mac"] for p in self.truth["phones"]))
        self.assertEqual(self.status, 1)

    def test_outcomes(self):
        got = {p["mac"]: p for p in self.doc["phones"]}
        wrong = []
        for t in self.truth["phones"]:
            phone = got[t["mac"]]
            outcome = phone["outcome"]
            if outcome != self.expected(t):
                wrong.append((t["mac"], t["scenario"], outcome, phone["cause"]))
        self.assertEqual(wrong, [])

    def test_identity(self):
        got = {p["mac"]: p for p in self.doc["phones"]}
        for t in self.truth["phones"]:
            self.assertEqual(got[t["mac"]]["ip"], t["ip"])
            if t["user_visible"]:
                self.assertEqual(got[t["mac"]]["user"], t["user"])

    def test_key_frames(self):
        """The decisive frame (or, for a sign-in, the certificate or SIP step) is the truth's key frame."""
        got = {p["mac"]: p for p in self.doc["phones"]}
        for t in self.truth["phones"]:
            phone = got[t["mac"]]
            if t["key_kind"] == "last_frame":
                self.assertLessEqual(phone["events"][-1]["frame"], t["key_frame"])
            elif t["key_kind"] == "certificate_issued":
                kind = "certificate_issued" if self.mode == "clear" else "http_response"
                self.assertIn(t["key_frame"], [e["frame"] for e in events(phone, kind)], t)
            else:
                self.assertEqual(phone["frame"], t["key_frame"], (t, phone["cause"]))
                self.assertIn(t["key_kind"], [e["kind"] for e in phone["events"] if e["frame"] == phone["frame"]])


class Clear(GeneratorCase):
    mode = "clear"


class Tls(GeneratorCase):
    mode = "tls"


del GeneratorCase

if __name__ == "__main__":
    unittest.main()

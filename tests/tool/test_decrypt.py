# SPDX-License-Identifier: GPL-2.0-or-later
"""pcap-summarize decrypting TLS by itself: the lab's pcapng files with their
embedded secrets, the same files stripped of them with --keylog, the TLS 1.0
RSA capture with --rsa-key (PEM and PKCS#12), and what it says when it cannot:
the verdicts and decisive frames must be those of the Export PDU path
(NAME.pcapng stripped + NAME.pdu.pcap, which tshark decrypted)."""
import glob
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from tool import CAPTURES, capture, run, summarize, without_keys

import agree  # noqa: E402,I100  (tool.py put the agreement folder on the path)

LEGACY = "signin-legacy-tls10"
LEGACY_KEY = capture("keys/%s.key" % LEGACY)


def lab_names():
    """Lab captures with an Export PDU file: those tshark decrypts."""
    return sorted(os.path.basename(p)[:-len(".pdu.pcap")] for p in glob.glob(os.path.join(CAPTURES, "*.pdu.pcap")))


def reference(name):
    """Per-phone (outcome, decisive frame) of the decrypted Export PDU path."""
    return agree.tool_phones(without_keys(name + ".pcapng"), capture(name + ".pdu.pcap"))


def notes(doc):
    return [e["detail"] for p in doc["phones"] for e in p["events"]
            if e["kind"] in ("tls_handshake", "sip_connect") and "decrypted" in e["detail"]]


class Embedded(unittest.TestCase):
    """Each lab pcapng alone (its decryption secrets blocks) and stripped with --keylog NAME.keys."""

    def test_same_verdicts_and_frames(self):
        names = [n for n in lab_names() if os.path.exists(capture(n + ".keys"))]
        self.assertGreaterEqual(len(names), 15)
        for name in names:
            with self.subTest(capture=name):
                want = reference(name)
                self.assertEqual(agree.tool_phones(capture(name + ".pcapng")), want)
                self.assertEqual(agree.tool_phones("--keylog", capture(name + ".keys"),
                                                   without_keys(name + ".pcapng")), want)

    def test_pin_rejected_28003(self):
        doc, _ = summarize(capture("signin-wrong-pin.pcapng"))
        phone = doc["phones"][0]
        self.assertEqual(phone["outcome"], "pin_rejected")
        self.assertIn("28003", phone["cause"])
        self.assertIn("TLS 1.2 with pool01.contoso.test:443; decrypted with the key log", notes(doc))
        self.assertEqual(doc["tls_connections"], {"decrypted": 1, "undecrypted": 0})

    def test_pin_masked(self):
        out = run("--events", capture("signin-wrong-pin.pcapng")).stdout
        self.assertIn("PIN ****", out)
        self.assertNotIn("654321", out)


class Tls13(unittest.TestCase):
    name = "signin-tls13"

    def test_decrypted(self):
        doc, status = summarize(capture(self.name + ".pcapng"))
        self.assertEqual(status, 0)
        self.assertEqual(agree.tool_phones(capture(self.name + ".pcapng")), reference(self.name))
        self.assertIn("TLS 1.3 with pool01.contoso.test:443; decrypted with the key log", notes(doc))
        self.assertEqual(doc["tls_connections"], {"decrypted": 2, "undecrypted": 0})

    def test_application_secrets_only(self):
        """Without the handshake secrets, the handshake records are told apart by trying the application keys."""
        with tempfile.TemporaryDirectory() as d:
            keys = os.path.join(d, "ap.keys")
            with open(capture(self.name + ".keys")) as src, open(keys, "w") as dst:
                dst.writelines(l for l in src if l.startswith(("CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0")))
            self.assertEqual(agree.tool_phones("--keylog", keys, without_keys(self.name + ".pcapng")),
                             reference(self.name))


class RsaKey(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp()

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def openssl(self, *args):
        subprocess.run(["openssl", *args], check=True, capture_output=True)

    def inferred(self):
        return agree.tool_phones(capture(LEGACY + ".pcapng"))

    def test_pem(self):
        proc = run("--format", "json", "--rsa-key", LEGACY_KEY, capture(LEGACY + ".pcapng"))
        doc = json.loads(proc.stdout)
        self.assertEqual(proc.stderr, "")
        self.assertEqual(agree.tool_phones("--rsa-key", LEGACY_KEY, capture(LEGACY + ".pcapng")), reference(LEGACY))
        self.assertIn("TLS 1.0 with pool01.contoso.test:443; decrypted with the RSA key", notes(doc))
        self.assertEqual([e["kind"] for e in doc["phones"][0]["events"]].count("sip_response"), 4)
        self.assertEqual(doc["tls_connections"], {"decrypted": 2, "undecrypted": 0})

    def pkcs12(self, password):
        cert, p12 = os.path.join(self.dir, "cert.pem"), os.path.join(self.dir, "pool.p12")
        self.openssl("req", "-x509", "-key", LEGACY_KEY, "-subj", "/CN=pool01.contoso.test", "-days", "1",
                     "-out", cert)
        self.openssl("pkcs12", "-export", "-inkey", LEGACY_KEY, "-in", cert, "-passout", "pass:" + password,
                     "-out", p12)
        return p12

    def test_pkcs12(self):
        p12 = self.pkcs12("lab secret")
        self.assertEqual(agree.tool_phones("--rsa-key", p12, "--rsa-key-password", "lab secret",
                                           capture(LEGACY + ".pcapng")), reference(LEGACY))

    def test_wrong_password(self):
        p12 = self.pkcs12("lab secret")
        proc = run("--rsa-key", p12, "--rsa-key-password", "not it", capture(LEGACY + ".pcapng"))
        self.assertIn(proc.returncode, (0, 1))
        self.assertIn("--rsa-key %s: wrong password" % p12, proc.stderr)
        self.assertIn("going on without it", proc.stderr)
        self.assertEqual(agree.tool_phones("--rsa-key", p12, "--rsa-key-password", "not it",
                                           capture(LEGACY + ".pcapng")), self.inferred())

    def test_wrong_key(self):
        other = os.path.join(self.dir, "other.key")
        self.openssl("genrsa", "-out", other, "2048")
        proc = run("--format", "json", "--rsa-key", other, capture(LEGACY + ".pcapng"))
        doc = json.loads(proc.stdout)
        self.assertIn("TLS 1.0 with pool01.contoso.test:443; not decrypted: the RSA key does not decrypt "
                      "this session's premaster (another server's key?)", notes(doc))
        self.assertEqual(doc["tls_connections"], {"decrypted": 0, "undecrypted": 2})
        self.assertEqual(agree.tool_phones("--rsa-key", other, capture(LEGACY + ".pcapng")), self.inferred())

    def test_not_a_key(self):
        proc = run("--rsa-key", capture(LEGACY + ".pdu.pcap"), capture(LEGACY + ".pcapng"))
        self.assertIn(proc.returncode, (0, 1))
        self.assertIn("not a private key in PEM, DER or PKCS#12", proc.stderr)

    def test_ecdhe_with_only_an_rsa_key(self):
        doc, _ = summarize(without_keys("signin-wrong-pin.pcapng"), args=("--rsa-key", LEGACY_KEY))
        self.assertEqual(doc["phones"][0]["outcome"], "unknown")
        self.assertIn("TLS 1.2 with pool01.contoso.test:443; not decrypted: ECDHE key exchange, and only an "
                      "RSA key (a key log is needed)", notes(doc))


class Missing(unittest.TestCase):
    def test_key_log_without_the_session(self):
        bare = without_keys("signin-wrong-pin.pcapng")
        doc, _ = summarize(bare, args=("--keylog", capture("signin-success.keys")))
        self.assertEqual(doc["phones"][0]["outcome"], "unknown")  # inferred, as without any key
        self.assertEqual(agree.tool_phones("--keylog", capture("signin-success.keys"), bare),
                         agree.tool_phones(bare))
        self.assertIn("TLS 1.2 with pool01.contoso.test:443; not decrypted: no secret for this session", notes(doc))
        self.assertEqual(doc["tls_connections"], {"decrypted": 0, "undecrypted": 1})

    def test_unreadable_key_log(self):
        proc = run("--keylog", "/nonexistent/keys.txt", capture("signin-wrong-pin.pcapng"))
        self.assertIn(proc.returncode, (0, 1))
        self.assertIn("--keylog", proc.stderr)
        self.assertIn("pin_rejected", proc.stdout)  # the embedded secrets still decrypt


class Damaged(unittest.TestCase):
    """Encrypted records cut or changed: a clear note, the rest of the run intact, no crash (ASan in CI)."""

    def damaged(self, name, change):
        with open(capture(name + ".pcapng"), "rb") as f:
            data = bytearray(f.read())
        change(data)
        path = os.path.join(self.dir, name + ".pcapng")
        with open(path, "wb") as f:
            f.write(data)
        return path

    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)

    def test_flipped_bytes(self):
        for name in ("signin-wrong-pin", "signin-tls13"):
            size = os.path.getsize(capture(name + ".pcapng"))
            for at in range(size // 3, size, size // 23):
                with self.subTest(capture=name, offset=at):
                    def flip(data, at=at):
                        data[at] ^= 0x5a
                    proc = run("--format", "json", self.damaged(name, flip))
                    self.assertIn(proc.returncode, (0, 1), proc.stderr)
                    json.loads(proc.stdout)

    def test_cut_short(self):
        size = os.path.getsize(capture("signin-tls13.pcapng"))
        for end in range(size // 4, size, size // 17):
            with self.subTest(end=end):
                proc = run("--format", "json", self.damaged("signin-tls13", lambda d, end=end: d.__delitem__(
                    slice(end, None))))
                self.assertIn(proc.returncode, (0, 1, 2), proc.stderr)
                self.assertNotIn("AddressSanitizer", proc.stderr)


if __name__ == "__main__":
    unittest.main()

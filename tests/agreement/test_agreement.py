# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin and pcap-summarize judge every phone alike: same phones, outcomes, decisive frames,
causes and advice.

Like is compared with like: a capture with embedded TLS secrets is compared
without them (both infer from record sizes), and with them against the tool
given the capture's decrypted Export PDU file as well.
"""
import glob
import os
import shutil
import subprocess
import tempfile
import unittest

import agree

HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURES = os.environ.get("LYNCPROV_CAPTURES", os.path.join(HERE, "..", "..", "captures"))
TEST_DATA = os.path.join(HERE, "..", "data")
GENERATOR = os.path.join(CAPTURES, "gen", "lyncgen.py")
PYTHON = "/usr/bin/python3"


def reference_captures():
    files = sorted(glob.glob(os.path.join(CAPTURES, "*.pcapng")))
    files += sorted(glob.glob(os.path.join(TEST_DATA, "*.pcap")) + glob.glob(os.path.join(TEST_DATA, "*.pcapng")))
    return [f for f in files if not f.endswith(".pdu.pcap")]


class Agreement(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def assert_agree(self, plugin, tool, what):
        self.assertEqual(sorted(plugin), sorted(tool), "%s: not the same phones" % what)
        for phone in tool:
            self.assertEqual(plugin[phone], tool[phone],
                             "%s, phone %s: plugin (outcome, frame, cause, advice) %s, pcap-summarize %s"
                             % (what, phone, plugin[phone], tool[phone]))


class LabCaptures(Agreement):
    def rsa_key(self, path):
        """tshark options for a capture decrypted by its server's RSA key (captures/keys/),
        the key copied where the unprivileged tshark of ws-run can read it."""
        key = os.path.join(CAPTURES, "keys", os.path.basename(path)[:-len(".pcapng")] + ".key")
        if not os.path.exists(key):
            return ()
        shared = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, shared)
        os.chmod(shared, 0o755)
        copy = os.path.join(shared, "server.key")
        shutil.copy(key, copy)
        os.chmod(copy, 0o644)
        return ("-o", 'uat:rsa_keys:"%s",""' % copy)

    def test_without_secrets(self):
        phones = 0
        for path in reference_captures():
            with self.subTest(capture=os.path.basename(path)):
                if agree.tool_refuses(path):
                    self.skipTest("libpcap refuses mixed link types: readable once the tool reads through libwiretap")
                bare = os.path.join(self.tmp.name, os.path.basename(path))
                agree.without_secrets(path, bare)
                tool = agree.tool_phones(bare, texts=True)
                self.assert_agree(agree.plugin_phones(bare, texts=True), tool, os.path.basename(path))
                phones += len(tool)
        self.assertGreaterEqual(phones, 25)

    def test_with_secrets(self):
        phones = 0
        for path in reference_captures():
            pdu = path[:-len(".pcapng")] + ".pdu.pcap"
            if not os.path.exists(pdu):
                continue
            with self.subTest(capture=os.path.basename(path)):
                if agree.tool_refuses(path):
                    self.skipTest("libpcap refuses mixed link types: readable once the tool reads through libwiretap")
                # The tool's texts number frames of the Export PDU file: outcome and frame here.
                tool = agree.tool_phones(path, pdu)
                self.assert_agree(agree.plugin_phones(path, *self.rsa_key(path)), tool,
                                  os.path.basename(path) + " decrypted")
                phones += len(tool)
        self.assertGreaterEqual(phones, 10)


class Generated(Agreement):
    """A thousand lyncgen phones of every outcome, half in clear text and half in TLS."""

    def generate(self, http):
        path = os.path.join(self.tmp.name, "gen-%s.pcap" % http)
        subprocess.run([PYTHON, GENERATOR, "--phones", "500", "--noise-ratio", "0.2", "--http", http,
                        "--seed", "7", "-o", path, "--truth", path + ".json"], check=True, capture_output=True)
        return path

    def test_clear(self):
        path = self.generate("clear")
        tool = agree.tool_phones(path, texts=True)
        self.assertEqual(len(tool), 500)
        self.assert_agree(agree.plugin_phones(path, texts=True), tool, "lyncgen clear")

    def test_tls(self):
        path = self.generate("tls")
        tool = agree.tool_phones(path, texts=True)
        self.assertGreaterEqual(len(tool), 475)
        self.assert_agree(agree.plugin_phones(path, texts=True), tool, "lyncgen tls")


if __name__ == "__main__":
    unittest.main()

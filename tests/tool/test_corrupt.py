# SPDX-License-Identifier: GPL-2.0-or-later
"""Damaged input: cut files, garbage, and editcap -E byte corruption at several
rates with fixed seeds. The tool must finish (exit 0, 1 or 2) with no
sanitizer report; run from the ASan/UBSan build tree this is the memory test."""
import os
import shutil
import subprocess
import tempfile
import unittest

from tool import capture, generate, run

SANITIZER_MARKS = ("AddressSanitizer", "runtime error", "LeakSanitizer")
RATES = ("0.001", "0.01", "0.05", "0.2")
SEEDS = (1, 2, 3)


class Corrupt(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp(prefix="lyncprov-corrupt.")
        # Encrypted and clear generator captures, and lab ones of each link type. Wireshark
        # 4.0's editcap cannot rewrite the lab's pcapng files (they hold TLS keys), so they
        # go through tcpdump (libpcap) to pcap first.
        cls.inputs = [generate(cls.dir, "tls", "--phones", "40", "--http", "tls")[0],
                      generate(cls.dir, "clear", "--phones", "40")[0],
                      capture("signin-multi-phone.pdu.pcap")]
        for name in ("signin-multi-phone", "signin-wrong-pin-sll2", "signin-wrong-pin-vlan", "signin-success-ipv6"):
            out = os.path.join(cls.dir, name + ".pcap")
            subprocess.run(["tcpdump", "-r", capture(name + ".pcapng"), "-w", out], check=True, capture_output=True)
            cls.inputs.append(out)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def assert_survives(self, *args):
        proc = run("--format", "json", *args)
        self.assertIn(proc.returncode, (0, 1, 2), (args, proc.stderr[-2000:]))
        for mark in SANITIZER_MARKS:
            self.assertNotIn(mark, proc.stderr, args)
        return proc

    def test_truncated(self):
        for path in self.inputs:
            size = os.path.getsize(path)
            for cut in (size // 3, size // 2, size - 7):
                cut_path = os.path.join(self.dir, "cut.pcap")
                with open(path, "rb") as f, open(cut_path, "wb") as out:
                    out.write(f.read(cut))
                proc = self.assert_survives(cut_path)
                self.assertIn(proc.returncode, (0, 1), proc.stderr)  # what was read is reported
                self.assertIn(cut_path, proc.stderr)

    def test_garbage(self):
        path = os.path.join(self.dir, "garbage.pcap")
        with open(path, "wb") as f:
            f.write(bytes((i * 37 + 11) % 256 for i in range(64 * 1024)))
        proc = self.assert_survives(path)
        self.assertEqual(proc.returncode, 2)
        self.assertIn(path, proc.stderr)

    def test_editcap_corruption(self):
        for path in self.inputs:
            for rate in RATES:
                for seed in SEEDS:
                    bad = os.path.join(self.dir, "bad.pcap")
                    subprocess.run(["editcap", "-E", rate, "--seed", str(seed), path, bad],
                                   check=True, capture_output=True)
                    self.assert_survives(bad)

    def test_snaplen_cut(self):
        for path in self.inputs:
            cut = os.path.join(self.dir, "snap.pcap")
            subprocess.run(["editcap", "-s", "96", path, cut], check=True, capture_output=True)
            self.assertIn(self.assert_survives(cut).returncode, (0, 1))


if __name__ == "__main__":
    unittest.main()

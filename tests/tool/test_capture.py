"""pcap-summarize -i: its options and what it says when it cannot capture.
(The capture itself: tests/lab/live.sh, in the lab's network namespaces.)"""
import os
import unittest

from tool import TOOL, capture, run
import subprocess

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


class Options(unittest.TestCase):
    def test_files_or_interface(self):
        proc = run("-i", "lo", capture("signin-success.pcapng"))
        self.assertEqual(proc.returncode, 2)
        self.assertIn("either capture files or -i", proc.stderr)

    def test_capture_options_need_an_interface(self):
        for args in (("-w", "x.pcapng"), ("-c", "10"), ("-a", "duration:5")):
            with self.subTest(args=args):
                proc = run(*args, capture("signin-success.pcapng"))
                self.assertEqual(proc.returncode, 2)
                self.assertIn("go with -i", proc.stderr)

    def test_bad_autostop(self):
        proc = run("-i", "lo", "-a", "filesize:10")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("duration:SECONDS", proc.stderr)

    def test_f_without_i_is_still_the_format_with_a_note(self):
        proc = run("-f", "csv", capture("signin-success.pcapng"))
        self.assertEqual(proc.returncode, 0)
        self.assertTrue(proc.stdout.startswith("mac,ip,user,outcome,"))
        self.assertIn("deprecated", proc.stderr)
        self.assertIn("--format", proc.stderr)

    def test_help_says_how_files_are_read(self):
        out = run("--help").stdout
        self.assertTrue("libwiretap" in out or "libpcap: pcap and pcapng of one link type" in out, out)
        self.assertIn("--interface", out)


class Permissions(unittest.TestCase):
    def test_unknown_interface_is_named(self):
        if os.geteuid() != 0:
            self.skipTest("needs root: without, the permission is refused first")
        proc = run("-i", "lyncprov-none0")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("'lyncprov-none0'", proc.stderr)

    def test_no_permission_says_what_to_do(self):
        cmd = [TOOL, "-i", "lo", "-c", "1"]
        if os.geteuid() == 0:
            cmd = NOBODY + cmd
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("no permission to capture", proc.stderr)
        self.assertIn("setcap cap_net_raw,cap_net_admin+eip", proc.stderr)

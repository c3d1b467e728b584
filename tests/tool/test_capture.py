"""pcap-summarize -i: its options and what it says when it cannot capture.
(The capture itself: tests/lab/live.sh, in the lab's network namespaces.)"""
import json
import os
import shutil
import subprocess
import tempfile
import unittest

from tool import TOOL, capture, run

NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
# A capture without any phone: no failure (0), or "no phone sign-in seen" (1); never a usage error.
NO_PHONE = (0, 1)


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


@unittest.skipUnless(os.geteuid() == 0 and shutil.which("ip"),
                     "needs root and iproute2 (a network namespace of its own, live capture)")
class Stops(unittest.TestCase):
    """-c, -a and -w on the loopback of a network namespace made for the test,
    so that no other traffic is seen: DNS-port datagrams sent by Python."""

    def setUp(self):
        self.ns = "lp-cap-%d" % os.getpid()
        subprocess.run(["ip", "netns", "add", self.ns], check=True)
        self.addCleanup(subprocess.run, ["ip", "netns", "del", self.ns])
        subprocess.run(["ip", "-n", self.ns, "link", "set", "lo", "up"], check=True)
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)

    def start(self, *args):
        return subprocess.Popen(["ip", "netns", "exec", self.ns, TOOL, "--format", "json", "-i", "lo", *args],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def send(self, n):
        code = ("import socket\ns = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
                "for i in range(%d): s.sendto(b'\\x00' * 12, ('127.0.0.1', 53))\n" % n)
        subprocess.run(["ip", "netns", "exec", self.ns, "/usr/bin/python3", "-c", code], check=True)

    def wait_listening(self, proc):
        line = proc.stderr.readline()
        self.assertIn("capturing on lo", line)

    def test_count_and_write(self):
        out = os.path.join(self.dir, "live.pcapng")
        proc = self.start("-c", "3", "-w", out)
        self.wait_listening(proc)
        self.send(10)
        stdout, stderr = proc.communicate(timeout=60)
        self.assertIn(proc.returncode, NO_PHONE, stderr)
        self.assertIn("capture stopped after 3 packets", stderr)
        self.assertEqual(json.loads(stdout)["captures"], ["lo"])
        # The file is pcapng that Wireshark reads, with the 3 packets.
        info = subprocess.run(["capinfos", "-t", "-c", "-M", out], capture_output=True, text=True, check=True).stdout
        self.assertIn("pcapng", info)
        self.assertIn("Number of packets:   3", info)

    def test_duration(self):
        proc = self.start("-a", "duration:1")
        self.wait_listening(proc)
        _, stderr = proc.communicate(timeout=60)
        self.assertIn(proc.returncode, NO_PHONE, stderr)
        self.assertIn("capture stopped after 0 packets", stderr)

    def test_sigterm_reports(self):
        proc = self.start("-f", "udp")
        self.wait_listening(proc)
        self.send(2)
        proc.terminate()
        stdout, stderr = proc.communicate(timeout=60)
        self.assertIn(proc.returncode, NO_PHONE, stderr)
        self.assertIn("capture stopped after", stderr)
        self.assertEqual(json.loads(stdout)["phones"], [])

    def test_bad_filter(self):
        proc = self.start("-f", "udp port banana")
        _, stderr = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("capture filter", stderr)

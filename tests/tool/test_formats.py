"""pcap-summarize on every kind of file Wireshark opens: the same phones, verdicts
and frame numbers as for the plain capture.  Files are made from the reference
captures with Wireshark's own tools (editcap -F, mergecap) and the compressors;
--libpcap runs the other reader where libpcap can read the file too."""
import gzip
import os
import shutil
import struct
import subprocess
import tempfile
import unittest

from tool import capture, run, summarize, without_keys

# The wrong-PIN sign-in, with its decrypted HTTP: the verdict needs both.
SIGN_IN = "signin-wrong-pin.pcapng"
PDU = "signin-wrong-pin.pdu.pcap"
# In clear text, gzip-encoded answer bodies: one file is enough.
GZIP_BODIES = "signin-cleartext-gzip.pcapng"
# A build without the Wireshark libraries reads files through libpcap only.
WIRETAP = "read through libwiretap" in run("--help").stdout
needs_wiretap = unittest.skipUnless(WIRETAP, "this build reads files through libpcap only")


def phones(doc):
    """The phones, without the name of the file their frames are in (each kind is another file)."""
    def unplaced(d):
        return {k: v for k, v in d.items() if k != "location"}
    return [dict(unplaced(p), events=[unplaced(e) for e in p["events"]]) for p in doc["phones"]]


def plain_pcap(src, dst):
    """A classic pcap of a single-interface pcapng (libpcap writes it; editcap 4.0
    refuses files with decryption-secrets blocks)."""
    subprocess.run(["tcpdump", "-r", src, "-w", dst], check=True, capture_output=True)


def big_endian(src, dst):
    """The same pcap written by a big-endian machine: every header field swapped."""
    with open(src, "rb") as f:
        data = f.read()
    assert struct.unpack("<I", data[:4])[0] == 0xa1b2c3d4
    out = [struct.pack(">IHHiIII", *struct.unpack("<IHHiIII", data[:24]))]
    pos = 24
    while pos < len(data):
        sec, usec, caplen, length = struct.unpack("<IIII", data[pos:pos + 16])
        out.append(struct.pack(">IIII", sec, usec, caplen, length) + data[pos + 16:pos + 16 + caplen])
        pos += 16 + caplen
    with open(dst, "wb") as f:
        f.write(b"".join(out))


class Formats(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp()
        cls.pcap = cls.path("plain.pcap")
        plain_pcap(capture(SIGN_IN), cls.pcap)
        # The pcapng alone decrypts with its embedded keys: the reference is the encrypted path.
        cls.reference, _ = summarize(without_keys(SIGN_IN), capture(PDU))
        assert [p["outcome"] for p in phones(cls.reference)] == ["pin_rejected"], cls.reference

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    @classmethod
    def path(cls, name):
        return os.path.join(cls.dir, name)

    def assert_same(self, path, args=()):
        doc, _ = summarize(path, capture(PDU), args=args)
        self.assertEqual(phones(doc), phones(self.reference), path)

    @needs_wiretap
    def test_editcap_formats(self):
        for fmt in ("pcap", "nsecpcap", "pcapng", "modpcap", "netmon2", "snoop"):
            with self.subTest(format=fmt):
                out = self.path("signin." + fmt)
                subprocess.run(["editcap", "-F", fmt, self.pcap, out], check=True, capture_output=True)
                self.assert_same(out)

    def test_big_endian_pcap(self):
        out = self.path("big-endian.pcap")
        big_endian(self.pcap, out)
        self.assert_same(out)
        self.assert_same(out, args=("--libpcap",))

    def test_pcapng_with_secrets_both_readers(self):
        self.assert_same(capture(SIGN_IN), args=("--libpcap",))

    @needs_wiretap
    def test_compressed(self):
        made = {"gz": lambda src, dst: open(dst, "wb").write(gzip.compress(open(src, "rb").read()))}
        commands = {"zst": ["zstd", "-q", "-f", "{src}", "-o", "{dst}"], "lz4": ["lz4", "-q", "-f", "{src}", "{dst}"]}
        for ext, cmd in commands.items():
            if shutil.which(cmd[0]) is None:  # scripts/debian-packages.txt has them; a bare chroot may not
                continue
            made[ext] = lambda src, dst, cmd=cmd: subprocess.run(
                [a.format(src=src, dst=dst) for a in cmd], check=True, capture_output=True)
        for ext, make in made.items():
            with self.subTest(compression=ext):
                out = self.path("signin.pcapng." + ext)
                make(without_keys(SIGN_IN), out)
                self.assert_same(out)
        # libpcap does not know compressed files: refused, by name.
        proc = run("--libpcap", self.path("signin.pcapng.gz"))
        self.assertEqual(proc.returncode, 2)
        self.assertIn("signin.pcapng.gz", proc.stderr)

    @needs_wiretap
    def test_compressed_standard_input(self):
        packed = gzip.compress(open(capture(SIGN_IN), "rb").read())
        proc = subprocess.run([os.environ["LYNCPROV_TOOL"], "--format", "csv", "-"], input=packed,
                              capture_output=True)
        self.assertIn(proc.returncode, (0, 1), proc.stderr)
        self.assertIn(b"00:04:f2:00:00:01,10.9.0.11,", proc.stdout)


@needs_wiretap
class MultiInterface(unittest.TestCase):
    """mergecap writes a pcapng with one interface per input: Ethernet and Linux cooked v2."""

    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp()
        eth, sll2 = (os.path.join(cls.dir, n) for n in ("eth.pcap", "sll2.pcap"))
        plain_pcap(capture("signin-wrong-pin.pcapng"), eth)
        plain_pcap(capture("signin-wrong-pin-sll2.pcapng"), sll2)
        cls.merged = os.path.join(cls.dir, "merged.pcapng")
        subprocess.run(["mergecap", "-w", cls.merged, eth, sll2], check=True, capture_output=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def tshark(self, *args):
        return subprocess.run(["tshark", "-r", self.merged, *args], capture_output=True, text=True,
                              check=True).stdout

    def test_two_link_types(self):
        encaps = set(self.tshark("-T", "fields", "-e", "frame.interface_id", "-e", "frame.encap_type").splitlines())
        self.assertEqual(len(encaps), 2, encaps)

    def test_verdict_with_the_decrypted_http(self):
        doc, _ = summarize(self.merged, capture("signin-wrong-pin.pdu.pcap"))
        self.assertEqual([p["outcome"] for p in phones(doc)], ["pin_rejected"])

    def test_frame_numbers_are_wiresharks(self):
        doc, _ = summarize(self.merged)
        phone = phones(doc)[0]
        self.assertEqual(phone["outcome"], "unknown")  # encrypted and no keys given: the answer is not read
        # The decisive frame is the server's answer, as tshark numbers it in the merged file.
        frame = phone["frame"]
        src = self.tshark("-Y", "frame.number == %d" % frame, "-T", "fields", "-e", "ip.src", "-e", "tls.record.content_type")
        self.assertEqual(src.split()[:2], ["10.9.0.1", "23"])
        # And every event's frame is a frame of the file with that time.
        times = {}
        for line in self.tshark("-T", "fields", "-e", "frame.number", "-e", "frame.time_epoch").splitlines():
            number, t = line.split("\t")
            times[int(number)] = float(t)
        for event in phone["events"]:
            self.assertAlmostEqual(times[event["frame"]], event["t"], places=5)

    def test_libpcap_refuses_it(self):
        proc = run("--libpcap", self.merged)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("merged.pcapng", proc.stderr)


class GzipBodies(unittest.TestCase):
    """Answer bodies gzipped and chunked: the web ticket and the certificate are read."""

    def test_signed_in_with_certificate(self):
        doc, status = summarize(capture(GZIP_BODIES))
        self.assertEqual(status, 0)
        phone = phones(doc)[0]
        self.assertEqual(phone["outcome"], "signed_in")
        details = [e["detail"] for e in phone["events"] if e["kind"] == "http_response"]
        self.assertIn("200 OK, web ticket issued", details)
        self.assertIn("200 OK, certificate issued", details)
        self.assertEqual(len([e for e in phone["events"] if e["kind"] == "certificate_issued"]), 1)

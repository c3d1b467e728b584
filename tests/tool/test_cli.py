"""pcap-summarize as a user runs it: real captures, bad files, exit status."""
import os
import subprocess
import tempfile
import unittest

TOOL = os.environ.get("LYNCPROV_TOOL", "")
CAPTURES = os.environ.get("LYNCPROV_CAPTURES", "")


def run(*args):
    return subprocess.run([TOOL, *args], capture_output=True, text=True)


def capinfos_count(path):
    out = subprocess.run(["capinfos", "-c", "-M", "-T", path], capture_output=True, text=True,
                         check=True).stdout
    return int(out.splitlines()[-1].split("\t")[1])


class Cli(unittest.TestCase):
    def test_counts_every_packet(self):
        names = sorted(n for n in os.listdir(CAPTURES) if n.endswith((".pcapng", ".pcap")))
        self.assertTrue(names, "no reference captures")
        for name in names:
            path = os.path.join(CAPTURES, name)
            proc = run(path)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertIn("%s: %d packets" % (path, capinfos_count(path)), proc.stdout)

    def test_missing_file_is_named(self):
        proc = run("/nonexistent/field.pcapng")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("/nonexistent/field.pcapng", proc.stderr)

    def test_garbage_is_refused(self):
        with tempfile.NamedTemporaryFile(suffix=".pcap") as f:
            f.write(b"this is not a capture at all" * 10)
            f.flush()
            proc = run(f.name)
        self.assertEqual(proc.returncode, 2)
        self.assertIn(f.name, proc.stderr)

    def test_no_argument_is_usage_error(self):
        self.assertEqual(run().returncode, 2)


if __name__ == "__main__":
    unittest.main()

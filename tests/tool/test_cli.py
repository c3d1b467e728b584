# SPDX-License-Identifier: GPL-2.0-or-later
"""pcap-summarize as a user runs it: formats, options, several files, standard
input, bad files, exit status."""
import csv
import io
import json
import os
import subprocess
import tempfile
import unittest

from tool import CAPTURES, capture, refused_mixed_link_types, run, summarize, without_keys


def capinfos_count(path):
    out = subprocess.run(["capinfos", "-c", "-M", "-T", path], capture_output=True, text=True,
                         check=True).stdout
    return int(out.splitlines()[-1].split("\t")[1])


class Cli(unittest.TestCase):
    def test_every_capture_gives_a_report(self):
        names = sorted(n for n in os.listdir(CAPTURES) if n.endswith((".pcapng", ".pcap")))
        self.assertTrue(names, "no reference captures")
        for name in names:
            proc = run("--format", "json", capture(name))
            if refused_mixed_link_types(proc):
                continue  # test_lab.MultiInterface says so (skipped until libwiretap)
            self.assertIn(proc.returncode, (0, 1), (name, proc.stderr))
            doc = json.loads(proc.stdout)
            self.assertEqual(doc["captures"], [capture(name)])
            if capinfos_count(capture(name)) > 0:
                self.assertTrue(doc["phones"], name)
            # 0 only when every phone signed in.
            self.assertEqual(proc.returncode == 0, all(p["outcome"] == "signed_in" for p in doc["phones"]), name)
            for phone in doc["phones"]:
                for event in phone["events"]:
                    self.assertEqual(set(event) - {"inferred", "orig_frame"}, {"t", "frame", "kind", "detail"})

    def test_version_is_the_project_version(self):
        proc = run("--version")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines()[0], "pcap-summarize " + os.environ["LYNCPROV_VERSION"])
        with open(os.environ["LYNCPROV_MANPAGE"]) as man:
            th = next(line for line in man if line.startswith(".TH "))
        self.assertIn('"lyncprov %s"' % os.environ["LYNCPROV_VERSION"], th)

    def test_text_is_the_default(self):
        proc = run(without_keys("signin-multi-phone.pcapng"))
        self.assertEqual(proc.returncode, 1)
        lines = proc.stdout.splitlines()
        self.assertTrue(lines[0].startswith("00:04:f2:00:00:01  10.9.0.11"))
        self.assertIn("signed_in", lines[0])
        self.assertEqual(lines[-1], "3 phones: 1 signed_in, 1 no_response, 1 unknown")
        self.assertNotIn("\033[", proc.stdout)  # no colour into a pipe
        self.assertEqual(proc.stderr, "")       # and no progress line

    def test_events_in_text(self):
        proc = run("--events", without_keys("signin-success.pcapng"))
        kinds = [line.split()[2] for line in proc.stdout.splitlines() if line.startswith("    ") and
                 not line.strip().startswith(("cause:", "advice:"))]
        self.assertEqual(kinds[:4], ["dhcp_inform", "dhcp_ack", "dns_query", "dns_answer"])
        self.assertEqual(kinds[-1], "sip_connect")

    def test_csv(self):
        proc = run("--format", "csv", capture("signin-multi-phone.pdu.pcap"))
        rows = list(csv.DictReader(io.StringIO(proc.stdout)))
        self.assertEqual([r["outcome"] for r in rows], ["signed_in", "pin_rejected", "incomplete"])
        self.assertEqual(rows[1]["user"], "1235")
        self.assertIn("28003", rows[1]["cause"])
        self.assertEqual(set(rows[0]), {"mac", "ip", "user", "outcome", "capture", "frame", "cause", "advice"})

    def test_several_files_carry_the_capture_index(self):
        doc, status = summarize(without_keys("signin-success.pcapng"), capture("signin-success.pdu.pcap"))
        self.assertEqual(len(doc["captures"]), 2)
        self.assertEqual(status, 0)
        [phone] = doc["phones"]
        self.assertEqual({e["capture"] for e in phone["events"]}, {0, 1})
        # Export PDU events also name the frame of the original capture.
        self.assertTrue(all(("orig_frame" in e) == (e["capture"] == 1) for e in phone["events"]))

    def test_several_files_name_the_decisive_one(self):
        pcapng, pdu = without_keys("signin-wrong-pin.pcapng"), capture("signin-wrong-pin.pdu.pcap")
        doc, _ = summarize(pcapng, pdu)
        phone = doc["phones"][0]
        where = doc["captures"][phone["capture"]]
        self.assertIn("frame %d: X-Ms-diagnostics 28003" % phone["frame"], phone["cause"])
        self.assertIn("(in %s)" % where, run(pcapng, pdu).stdout)
        self.assertNotIn("(in ", run(pdu).stdout)

    def test_standard_input(self):
        with open(capture("signin-wrong-pin.pdu.pcap"), "rb") as f:
            proc = subprocess.run([os.environ["LYNCPROV_TOOL"], "--format", "json", "-"], stdin=f,
                                  capture_output=True, text=True)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(json.loads(proc.stdout)["phones"][0]["outcome"], "pin_rejected")

    def test_all_signed_in_exits_0(self):
        self.assertEqual(run(capture("signin-success.pdu.pcap")).returncode, 0)

    def test_help(self):
        proc = run("--help")
        self.assertEqual(proc.returncode, 0)
        for option in ("--format", "--events", "--phone", "--outcome", "--show-pin"):
            self.assertIn(option, proc.stdout)

    def test_missing_file_is_named(self):
        proc = run("/nonexistent/field.pcapng")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("/nonexistent/field.pcapng", proc.stderr)

    def test_unreadable_input_fails_but_the_rest_is_reported(self):
        proc = run("/nonexistent/field.pcapng", capture("signin-success.pdu.pcap"))
        self.assertEqual(proc.returncode, 2)
        self.assertIn("/nonexistent/field.pcapng", proc.stderr)
        self.assertIn("signed_in", proc.stdout)

    def test_no_phone_is_not_success(self):
        proc = run(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data",
                                "field-pxe-option43.pcap"))
        self.assertEqual(proc.returncode, 1)
        self.assertIn("no phone sign-in seen", proc.stderr)

    def test_bad_phone_and_twice_stdin_refused(self):
        proc = run("--phone", "not-a-phone", capture("signin-success.pcapng"))
        self.assertEqual(proc.returncode, 2)
        self.assertIn("not-a-phone", proc.stderr)
        self.assertEqual(run("--phone", "00-04-F2-00-00-01", capture("signin-success.pcapng")).returncode, 0)
        proc = run("-", "-", stdin="")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("only once", proc.stderr)

    def test_garbage_is_refused(self):
        with tempfile.NamedTemporaryFile(suffix=".pcap") as f:
            f.write(b"this is not a capture at all" * 10)
            f.flush()
            proc = run(f.name)
        self.assertEqual(proc.returncode, 2)
        self.assertIn(f.name, proc.stderr)

    def test_bad_usage(self):
        self.assertEqual(run().returncode, 2)
        proc = run("--format", "xml", capture("signin-success.pcapng"))
        self.assertEqual(proc.returncode, 2)
        self.assertIn("xml", proc.stderr)
        proc = run("--outcome", "happy", capture("signin-success.pcapng"))
        self.assertEqual(proc.returncode, 2)
        self.assertIn("pin_rejected", proc.stderr)
        self.assertEqual(run("--no-such-option").returncode, 2)


if __name__ == "__main__":
    unittest.main()

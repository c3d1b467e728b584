# SPDX-License-Identifier: GPL-2.0-or-later
"""pcap-summarize as a user runs it: formats, options, several files, standard
input, bad files, exit status."""
import csv
import io
import json
import os
import pty
import subprocess
import tempfile
import unittest

from tool import CAPTURES, TOOL, capture, refused_mixed_link_types, run, summarize, tshark_frames, without_keys


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
                    self.assertEqual(set(event) - {"inferred", "orig_frame", "certificate"}, {"t", "frame", "kind", "detail",
                                                                               "location"})
                    self.assertEqual(event["location"], {"file": capture(name), "frame": event["frame"]})

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
                 not line.strip().startswith(("cause:", "where:", "advice:"))]
        self.assertEqual(kinds[:4], ["dhcp_inform", "dhcp_ack", "dns_query", "dns_answer"])
        self.assertEqual(kinds[-2:], ["sip_connect", "sip_closed"])  # the phone closed it after registering

    def test_csv(self):
        proc = run("--format", "csv", capture("signin-multi-phone.pdu.pcap"))
        rows = list(csv.DictReader(io.StringIO(proc.stdout)))
        self.assertEqual([r["outcome"] for r in rows], ["signed_in", "pin_rejected", "incomplete"])
        self.assertEqual(rows[1]["user"], "1235")
        self.assertIn("28003", rows[1]["cause"])
        self.assertEqual(list(rows[0]), ["mac", "ip", "user", "outcome", "capture", "frame", "orig_frame", "cause",
                                         "advice"])
        # Only the Export PDU file was read: its file and record, and the original frame number.
        self.assertEqual(rows[1]["capture"], capture("signin-multi-phone.pdu.pcap"))
        self.assertIn("frame %s:" % rows[1]["frame"], rows[1]["cause"])
        self.assertGreater(int(rows[1]["orig_frame"]), int(rows[1]["frame"]))

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
        self.assertEqual(where, pdu)
        self.assertIn("frame %d: X-Ms-diagnostics 28003" % phone["frame"], phone["cause"])
        # People are sent to the frame of the capture they open, not to the PDU file's record.
        self.assertEqual(phone["location"], {"file": pcapng, "frame": phone["orig_frame"]})
        self.assertIn("    where:  frame %d in %s (Export PDU record %d of %s)\n"
                      % (phone["orig_frame"], pcapng, phone["frame"], pdu), run(pcapng, pdu).stdout)
        self.assertIn("    where:  frame %d of the capture exported to %s (its record %d)\n"
                      % (phone["orig_frame"], pdu, phone["frame"]), run(pdu).stdout)

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


def on_terminal(*args, env=None):
    """The tool's standard output when it is a terminal (a pseudo-terminal)."""
    main, sub = pty.openpty()
    proc = subprocess.run([TOOL, *args], stdout=sub, stderr=subprocess.DEVNULL, env=env)
    os.close(sub)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO once the other side is closed and drained
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    return proc.returncode, b"".join(chunks).decode()


def env_with(**changes):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM")}
    env.update({k: v for k, v in changes.items() if v is not None})
    return env


class Options(unittest.TestCase):
    """tshark's letters only where they mean what they mean in tshark; long options for everything."""
    MULTI = capture("signin-multi-phone.pdu.pcap")

    def outcomes(self, *args):
        doc, _ = summarize(self.MULTI, args=args)
        return [p["outcome"] for p in doc["phones"]]

    def test_read_file(self):
        doc, _ = summarize(args=("-r", self.MULTI))
        self.assertEqual(doc["captures"], [self.MULTI])
        pcapng = capture("signin-multi-phone.pcapng")
        doc, _ = summarize(pcapng, args=("--read-file", self.MULTI))
        self.assertEqual(doc["captures"], [self.MULTI, pcapng])

    def test_V_lists_the_events(self):
        self.assertEqual(run("-V", self.MULTI).stdout, run("--events", self.MULTI).stdout)
        self.assertIn("http_request", run("-V", self.MULTI).stdout)

    def test_outcome_repeated_and_comma_separated(self):
        self.assertEqual(self.outcomes(), ["signed_in", "pin_rejected", "incomplete"])
        self.assertEqual(self.outcomes("--outcome", "pin_rejected"), ["pin_rejected"])
        self.assertEqual(self.outcomes("--outcome", "signed_in", "--outcome", "incomplete"),
                         ["signed_in", "incomplete"])
        self.assertEqual(self.outcomes("--outcome=signed_in,pin_rejected"), ["signed_in", "pin_rejected"])
        proc = run("--outcome", "signed_in,happy", self.MULTI)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("'happy'", proc.stderr)

    def test_failed(self):
        self.assertEqual(self.outcomes("--failed"), ["pin_rejected", "incomplete"])
        self.assertEqual(self.outcomes("--failed", "--outcome", "signed_in"),
                         ["signed_in", "pin_rejected", "incomplete"])
        proc = run("--failed", capture("signin-success.pdu.pcap"))
        self.assertEqual((proc.returncode, proc.stdout), (0, "0 phones\n"))

    def test_phone(self):
        doc, _ = summarize(self.MULTI, args=("--phone", "10.9.0.12"))
        self.assertEqual([p["ip"] for p in doc["phones"]], ["10.9.0.12"])

    def test_deprecated_letters_work_with_a_note(self):
        for old, new in ((("-o", "pin_rejected"), ("--outcome", "pin_rejected")),
                         (("-opin_rejected",), ("--outcome", "pin_rejected")),
                         (("-e",), ("--events",)),
                         (("-p", "10.9.0.12"), ("--phone", "10.9.0.12")),
                         (("-f", "csv"), ("--format", "csv"))):
            proc, want = run(*old, self.MULTI), run(*new, self.MULTI)
            self.assertEqual((proc.returncode, proc.stdout), (want.returncode, want.stdout), old)
            self.assertEqual(want.stderr, "")
            self.assertRegex(proc.stderr, r"^pcap-summarize: -%s is deprecated and goes in the next release: "
                             r"use %s \(in tshark, -%s .*\)\n$" % (old[0][1], new[0], old[0][1]))

    def test_a_value_that_looks_like_a_deprecated_letter_is_a_value(self):
        proc = run("--phone", "-p", self.MULTI)
        self.assertEqual(proc.returncode, 2)
        self.assertNotIn("deprecated", proc.stderr)
        self.assertIn("'-p' is neither", proc.stderr)

    def test_version(self):
        proc = run("--version")
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(proc.stdout.splitlines()[0], "pcap-summarize " + os.environ["LYNCPROV_VERSION"])

    def test_help_names_every_option(self):
        out = run("--help").stdout
        for option in ("-r, --read-file", "-V, --events", "--format", "--phone", "--outcome", "--failed",
                       "--color", "--show-pin", "--libpcap", "-i, --interface", "-w, --write", "--version"):
            self.assertIn(option, out)
        for letter in "oepf":
            self.assertNotRegex(out, r"\n  -%s, " % letter)

    def test_colour(self):
        red = "\033[1;31m"
        self.assertIn(red, run("--color=always", self.MULTI).stdout)
        self.assertIn(red, run("--color", "always", self.MULTI).stdout)
        self.assertNotIn("\033[", run("--color=never", self.MULTI).stdout)
        self.assertNotIn("\033[", run("--color=auto", self.MULTI).stdout)  # not a terminal
        self.assertIn(red, on_terminal(self.MULTI, env=env_with(TERM="xterm"))[1])
        self.assertIn(red, on_terminal("--color=auto", self.MULTI, env=env_with(TERM="xterm", NO_COLOR=""))[1])
        for env in (env_with(TERM="xterm", NO_COLOR="1"), env_with(TERM="dumb")):
            status, out = on_terminal(self.MULTI, env=env)
            self.assertEqual(status, 1)
            self.assertIn("pin_rejected", out)
            self.assertNotIn("\033[", out)
        self.assertNotIn("\033[", on_terminal("--color=never", self.MULTI, env=env_with(TERM="xterm"))[1])
        self.assertIn(red, on_terminal("--color=always", self.MULTI, env=env_with(TERM="dumb", NO_COLOR="1"))[1])
        proc = run("--color=sometimes", self.MULTI)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("auto, always or never", proc.stderr)


class OriginalFrames(unittest.TestCase):
    """A capture read with its Export PDU file: every format names the frame in the capture a
    person opens, as tshark numbers it there, and the file's name."""
    PDU = capture("signin-wrong-pin.pdu.pcap")

    @classmethod
    def setUpClass(cls):
        # The rejection as tshark shows it in the capture (it decrypts with the embedded keys).
        [cls.frame] = tshark_frames(capture("signin-wrong-pin.pcapng"),
                                    'http.response.code == 401 && http contains "28003"')
        # Without its keys, so that the verdict comes from the Export PDU file (the tool would decrypt too).
        cls.PCAPNG = without_keys("signin-wrong-pin.pcapng")
        doc, _ = summarize(cls.PDU)
        cls.record = doc["phones"][0]["frame"]
        assert cls.record != cls.frame

    def test_json(self):
        doc, _ = summarize(self.PCAPNG, self.PDU)
        [phone] = doc["phones"]
        self.assertEqual((phone["frame"], phone["orig_frame"]), (self.record, self.frame))
        self.assertEqual(phone["location"], {"file": self.PCAPNG, "frame": self.frame})
        for event in phone["events"]:
            self.assertEqual(event["location"]["file"], self.PCAPNG)
            self.assertEqual(event["location"]["frame"], event.get("orig_frame", event["frame"]))

    def test_text(self):
        out = run(self.PCAPNG, self.PDU).stdout
        self.assertIn("at frame %d: X-Ms-diagnostics 28003" % self.frame, out)
        self.assertIn("where:  frame %d in %s" % (self.frame, self.PCAPNG), out)
        events = run("--events", self.PCAPNG, self.PDU).stdout
        self.assertIn("signin-wrong-pin.pcapng:%d  http_response" % self.frame, events)
        self.assertNotIn("signin-wrong-pin.pdu.pcap:", events)

    def test_csv(self):
        [row] = csv.DictReader(io.StringIO(run("--format", "csv", self.PCAPNG, self.PDU).stdout))
        self.assertEqual((row["capture"], row["frame"], row["orig_frame"]), (self.PCAPNG, str(self.frame),
                                                                             str(self.frame)))
        self.assertIn("at frame %d:" % self.frame, row["cause"])

    def test_ndjson(self):
        lines = [json.loads(x) for x in run("--format", "ndjson", self.PCAPNG, self.PDU).stdout.splitlines()]
        [phone] = [x for x in lines if x["lyncprov"]["record"] == "phone"]
        self.assertEqual(phone["file"]["path"], self.PCAPNG)
        self.assertEqual(phone["lyncprov"]["frame"], self.frame)
        self.assertEqual(phone["lyncprov"]["pdu"], {"file": self.PDU, "frame": self.record})
        [rejection] = [x for x in lines if x.get("error", {}).get("code") == "28003" and
                       x["lyncprov"]["record"] == "event"]
        self.assertEqual((rejection["file"]["path"], rejection["lyncprov"]["frame"]), (self.PCAPNG, self.frame))

    def test_html(self):
        out = run("--format", "html", self.PCAPNG, self.PDU).stdout
        self.assertIn("<dd class=\"where\">frame %d in %s (Export PDU record %d of %s)</dd>"
                      % (self.frame, self.PCAPNG, self.record, self.PDU), out)
        self.assertIn('<g class="fail" data-kind="http_response" data-frame="%d">' % self.frame, out)


if __name__ == "__main__":
    unittest.main()

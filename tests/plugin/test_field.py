# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin on the situations field captures contain (tests/data/make-field-situations.py)."""
import os
import re
import unittest

from hostile import VISIBLE, unsafe
from tshark import booleans, expert_messages, fields, frames_with, tshark

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
PHONE = re.compile(r"^phone=(\S+) ip=\S+ user=.*? outcome=(\S+) frame=(\d+)\n    cause:  (.+)$", re.M)


def field(name):
    return os.path.join(DATA, "field-%s.pcap" % name)


def verdicts(name):
    return PHONE.findall(tshark("-r", field(name), "-2", "-q", "-z", "lyncprov,phones"))


class Field(unittest.TestCase):
    def test_dhcp_servers_disagree(self):
        self.assertEqual(frames_with(field("dhcp-conflict"), "lyncprov.dhcp_conflict"), [3, 4])
        [(_, outcome, frame, cause)] = verdicts("dhcp-conflict")
        self.assertEqual((outcome, frame), ("dns_failure", "6"))
        self.assertIn("DHCP servers disagree, the phone followed 10.9.0.2 (frame 3)", cause)
        report = tshark("-r", field("dhcp-conflict"), "-2", "-q", "-z", "lyncprov,phones")
        self.assertIn("10.9.0.1 (frame 2) gave CertProv https://pool01.contoso.test", report)
        self.assertIn("10.9.0.3 (frame 4) gave DHCPACK without option 43", report)
        messages = expert_messages(field("dhcp-conflict"), 4)
        self.assertTrue(any("answered this request differently first (frame 2)" in m for m in messages), messages)

    def test_404_is_an_http_error(self):
        [(_, outcome, frame, cause)] = verdicts("http-404")
        self.assertEqual(outcome, "http_error")
        self.assertEqual(frames_with(field("http-404"), "lyncprov.http_error"), [int(frame)])
        self.assertEqual(frames_with(field("http-404"), "lyncprov.server_error"), [])

    def test_undocumented_id_not_guessed(self):
        [(_, outcome, frame, cause)] = verdicts("undocumented-id")
        self.assertEqual(outcome, "auth_failed")
        self.assertIn("not in the documented table", cause)
        rows = fields(field("undocumented-id"), "lyncprov.diag.code", "lyncprov.diag.meaning",
                      display_filter="lyncprov.diag.code")
        self.assertEqual(rows[0]["lyncprov.diag.code"], ["28032"])
        self.assertEqual(rows[0]["lyncprov.diag.meaning"], [])

    def test_huge_reason_keeps_its_id(self):
        [(_, outcome, frame, cause)] = verdicts("long-reason")
        self.assertEqual(outcome, "pin_rejected")
        self.assertEqual(frames_with(field("long-reason"), "lyncprov.invalid_pin"), [int(frame)])
        rows = fields(field("long-reason"), "lyncprov.diag.code", display_filter="lyncprov.diag.code")
        self.assertEqual([r["lyncprov.diag.code"] for r in rows], [["28003"]])
        messages = expert_messages(field("long-reason"), int(frame))
        self.assertIn("X-Ms-diagnostics: value is longer than 512 bytes", messages)

    def test_out_of_order_request_still_webticket(self):
        # tshark 4.0 leaves out-of-order segments alone by default; the engine puts them back.
        [(_, outcome, frame, cause)] = verdicts("out-of-order")
        self.assertEqual(outcome, "pin_rejected")
        self.assertIn("HTTP 401 from WebTicket", cause)
        rows = fields(field("out-of-order"), "lyncprov.operation", "lyncprov.credentials",
                      display_filter="lyncprov.operation")
        self.assertEqual([(r["lyncprov.operation"], booleans(r, "lyncprov.credentials")) for r in rows],
                         [(["IssueToken"], [True])])

    def test_deciding_entry_quoted(self):
        [(_, outcome, frame, cause)] = verdicts("multi-diag")
        self.assertEqual(outcome, "pin_rejected")
        self.assertIn("The pin is invalid.", cause)
        messages = expert_messages(field("multi-diag"), int(frame))
        self.assertTrue(any("rejected the PIN: The pin is invalid." in m for m in messages), messages)

    def test_response_without_request(self):
        [(phone, outcome, frame, _)] = verdicts("no-request")
        self.assertEqual((phone, outcome), ("10.9.0.11", "pin_rejected"))
        self.assertEqual(frames_with(field("no-request"), "lyncprov.invalid_pin"), [int(frame)])
        out = tshark("-r", field("no-request"), "-2", "-Y", "lyncprov", "-O", "lyncprov")
        self.assertIn("its request is not in the capture", out)

    def test_pipelined_requests_paired_in_order(self):
        [(_, outcome, _, cause)] = verdicts("pipelining")
        self.assertEqual(outcome, "pin_rejected")
        self.assertEqual(frames_with(field("pipelining"), "lyncprov.no_response"), [])
        rows = fields(field("pipelining"), "lyncprov.service", "lyncprov.status",
                      display_filter="lyncprov.status")
        self.assertEqual([(r["lyncprov.service"], r["lyncprov.status"]) for r in rows],
                         [(["CertProv"], ["200"]), (["WebTicket"], ["401"])])

    def test_phone_gave_up(self):
        [(_, outcome, frame, cause)] = verdicts("gave-up")
        self.assertEqual(outcome, "no_response")
        self.assertEqual(frames_with(field("gave-up"), "lyncprov.no_response"), [int(frame)])

    def test_cut_off_not_flagged(self):
        [(_, outcome, _, _)] = verdicts("cut-off")
        self.assertEqual(outcome, "incomplete")
        self.assertEqual(frames_with(field("cut-off"), "lyncprov.no_response"), [])

    def test_http10_ended_by_close(self):
        [(_, outcome, frame, _)] = verdicts("http10-close")
        self.assertEqual((outcome, frame), ("pin_rejected", "6"))

    def test_long_head_still_an_answer(self):
        [(_, outcome, frame, _)] = verdicts("long-head")
        self.assertEqual((outcome, frame), ("pin_rejected", "19"))

    def test_proxies(self):
        for name, outcome, expert in (("proxy-502", "proxy_error", "lyncprov.proxy_error"),
                                      ("proxy-504", "proxy_error", "lyncprov.proxy_error"),
                                      ("redirect-302", "redirected", "lyncprov.redirected")):
            with self.subTest(capture=name):
                [(_, got, frame, cause)] = verdicts(name)
                self.assertEqual((got, frame), (outcome, "5"))
                self.assertEqual(frames_with(field(name), expert), [5])
                self.assertEqual(frames_with(field(name), "lyncprov.server_error"), [])
        self.assertIn("Server: nginx/1.22.1, Via: 1.1 rp01.contoso.test", verdicts("proxy-504")[0][3])
        self.assertIn("HTTP 302 for WebTicket: redirected to https://proxy.contoso.test/login?",
                      " ".join(expert_messages(field("redirect-302"), 5)))

    def test_httpsys_503_is_the_web_service(self):
        [(_, outcome, frame, cause)] = verdicts("httpsys-503")
        self.assertEqual(outcome, "server_error")
        self.assertEqual(frames_with(field("httpsys-503"), "lyncprov.server_error"), [int(frame)])
        self.assertIn("application pool is stopped", cause)

    def test_other_vendors_option43_ignored(self):
        self.assertEqual(frames_with(field("pxe-option43"), "lyncprov"), [])
        self.assertEqual(verdicts("pxe-option43"), [])


class HostileStrings(unittest.TestCase):
    """Strings anyone on the path chooses never reach tshark's output raw."""
    CAPTURE = field("hostile-strings")
    OUTPUTS = {
        "expert": ("-2", "-q", "-z", "expert"),
        "phones": ("-2", "-q", "-z", "lyncprov,phones"),
        "tree": ("-2", "-q", "-z", "lyncprov,tree"),
        "flow": ("-2", "-q", "-z", "flow,lyncprov,network"),
        "info": ("-2", "-T", "fields", "-e", "_ws.col.Info"),
        "fields": ("-2", "-T", "fields", "-E", "separator=/s") + tuple(
            a for f in ("user", "extension", "endpoint", "operation", "diag.reason", "diag.source")
            for a in ("-e", "lyncprov." + f)),
    }

    def output(self, name):
        return tshark("-r", self.CAPTURE, *self.OUTPUTS[name], binary=True)

    def test_no_control_reaches_the_output(self):
        for name in self.OUTPUTS:
            with self.subTest(output=name):
                self.assertEqual(unsafe(self.output(name)), [])

    def test_escapes_read_clearly(self):
        experts = self.output("expert").decode()
        for text in VISIBLE:
            self.assertIn(text, experts)
        self.assertIn("\\x9B2J C1", experts, "a bare C1 byte")
        self.assertIn("\\u009B31m", experts, "C1 in UTF-8")
        phones = self.output("phones").decode()
        self.assertIn("user=\\x1B[2J+1234", phones)
        self.assertIn("user==cmd|' /C calc'!A0", phones)

    def test_verdicts_unchanged(self):
        self.assertEqual([(v[0], v[1]) for v in verdicts("hostile-strings")],
                         [("00:04:f2:00:00:01", "pin_rejected"), ("00:04:f2:00:00:02", "pin_rejected")])


if __name__ == "__main__":
    unittest.main()

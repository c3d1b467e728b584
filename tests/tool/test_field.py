# SPDX-License-Identifier: GPL-2.0-or-later
"""pcap-summarize on the situations field captures contain (tests/data/make-field-situations.py)."""
import csv
import io
import os
import subprocess
import sys
import unittest

from tool import TOOL, run, summarize

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "plugin"))
from hostile import VISIBLE, unsafe  # noqa: E402

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data")
MAC = "00:04:f2:00:00:01"


def field(name):
    return os.path.join(DATA, "field-%s.pcap" % name)


class Field(unittest.TestCase):
    def phone(self, name):
        doc, status = summarize(field(name))
        self.assertEqual(len(doc["phones"]), 1, doc["phones"])
        return doc["phones"][0], status

    def test_dhcp_servers_disagree(self):
        phone, _ = self.phone("dhcp-conflict")
        acks = [e["frame"] for e in phone["events"] if e["kind"] == "dhcp_ack"]
        self.assertEqual(acks, [2, 3, 4], "every reply is in the timeline")
        # The phone looked up the stale scope's pool name: it followed 10.9.0.2, whose answer decides.
        self.assertEqual(phone["outcome"], "dns_failure")
        self.assertIn("DHCP servers disagree, the phone followed 10.9.0.2 (frame 3)", phone["cause"])
        advice = phone["advice"]
        self.assertIn("It followed 10.9.0.2 (frame 3: CertProv https://oldpool.contoso.test", advice)
        self.assertIn("10.9.0.1 (frame 2) gave CertProv https://pool01.contoso.test", advice)
        self.assertIn("10.9.0.3 (frame 4) gave DHCPACK without option 43", advice)
        self.assertLess(advice.index("Remove the stale or rogue scope"), advice.index("Create the DNS record"))

    def test_404_is_an_http_error(self):
        phone, status = self.phone("http-404")
        self.assertEqual(phone["outcome"], "http_error")
        self.assertEqual(status, 1)
        self.assertIn("HTTP 404 from WebTicket", phone["cause"])
        self.assertIn("virtual directories", phone["advice"])
        self.assertNotIn("data store", phone["advice"])

    def test_undocumented_id_not_guessed(self):
        phone, _ = self.phone("undocumented-id")
        self.assertEqual(phone["outcome"], "auth_failed")
        self.assertIn("28032: Something the table does not list. (an id not in the documented table)",
                      phone["cause"])
        self.assertIn("Id 28032 is not documented", phone["advice"])
        self.assertNotIn("Unlock", phone["advice"])

    def test_deciding_entry_quoted(self):
        phone, _ = self.phone("multi-diag")
        self.assertEqual(phone["outcome"], "pin_rejected")
        self.assertIn("X-Ms-diagnostics 28003: The pin is invalid.", phone["cause"])
        self.assertNotIn("Final handshake failed", phone["cause"])

    def test_response_without_request(self):
        phone, status = self.phone("no-request")
        self.assertEqual(phone["outcome"], "pin_rejected")
        self.assertEqual(phone["ip"], "10.9.0.11")
        self.assertEqual(status, 1)
        self.assertTrue(any("its request is not in the capture" in e["detail"] for e in phone["events"]))

    def test_pipelined_requests_paired_in_order(self):
        phone, _ = self.phone("pipelining")
        self.assertEqual(phone["outcome"], "pin_rejected")
        kinds = [e["kind"] for e in phone["events"]]
        self.assertNotIn("no_response", kinds)
        self.assertIn("WebTicket", phone["cause"])

    def test_phone_gave_up(self):
        phone, _ = self.phone("gave-up")
        self.assertEqual(phone["outcome"], "no_response")
        self.assertIn("in 3.0 s, then the phone closed the connection", phone["cause"])

    def test_cut_off_is_incomplete(self):
        phone, _ = self.phone("cut-off")
        self.assertEqual(phone["outcome"], "incomplete")

    def test_http10_ended_by_close(self):
        phone, _ = self.phone("http10-close")
        self.assertEqual(phone["outcome"], "pin_rejected")
        self.assertEqual(phone["frame"], 6)  # the server's FIN completes the body, as in Wireshark

    def test_long_head_still_an_answer(self):
        doc, _ = summarize(field("long-head"))
        phone = doc["phones"][0]
        self.assertEqual(phone["outcome"], "pin_rejected")
        self.assertEqual(phone["frame"], 19)  # where the head ends, as in Wireshark
        self.assertGreater(doc["limits"]["http_bytes_skipped"], 0)

    def test_huge_reason_keeps_its_id(self):
        doc, _ = summarize(field("long-reason"))
        phone = doc["phones"][0]
        self.assertEqual(phone["outcome"], "pin_rejected")
        self.assertIn("X-Ms-diagnostics 28003: AAAA", phone["cause"])
        self.assertLess(len(phone["cause"]), 400)
        self.assertGreater(doc["limits"]["http_bytes_skipped"], 80000)

    def test_out_of_order_request_still_webticket(self):
        phone, _ = self.phone("out-of-order")
        self.assertEqual(phone["outcome"], "pin_rejected")
        self.assertIn("HTTP 401 from WebTicket", phone["cause"])
        self.assertEqual([e["kind"] for e in phone["events"] if e["kind"].startswith("http")],
                         ["http_request", "http_response"])

    def test_own_mac_without_dhcp(self):
        phone, _ = self.phone("gave-up")
        self.assertEqual(phone["mac"], MAC)

    def test_other_vendors_option43_ignored(self):
        doc, _ = summarize(field("pxe-option43"))
        self.assertEqual(doc["phones"], [])

    def test_reverse_proxy_502(self):
        phone, status = self.phone("proxy-502")
        self.assertEqual((phone["outcome"], status), ("proxy_error", 1))
        self.assertIn("HTTP 502 from WebTicket at frame 5: answered by a proxy or load balancer, not a front end "
                      "(Server: Microsoft-IIS/10.0, X-Powered-By: ARR, no X-MS-Server-Fqdn)", phone["cause"])
        self.assertIn("Failed Request Tracing", phone["advice"])
        self.assertNotIn("Lync Server event log", phone["advice"])

    def test_proxy_504_by_its_headers(self):
        phone, _ = self.phone("proxy-504")
        self.assertEqual(phone["outcome"], "proxy_error")
        self.assertIn("(Server: nginx/1.22.1, Via: 1.1 rp01.contoso.test, no X-MS-Server-Fqdn)", phone["cause"])

    def test_httpsys_503_is_the_web_service(self):
        phone, _ = self.phone("httpsys-503")
        self.assertEqual(phone["outcome"], "server_error")
        self.assertIn("application pool is stopped", phone["cause"])

    def test_web_proxy_redirect_is_no_success(self):
        phone, status = self.phone("redirect-302")
        self.assertEqual((phone["outcome"], status), ("redirected", 1))
        self.assertIn("HTTP 302 from WebTicket at frame 5: redirected to https://proxy.contoso.test/login?", phone["cause"])
        self.assertIn("exempt the pool's web services FQDN", phone["advice"])

    def test_pin_never_printed(self):
        for name in ("pipelining", "multi-diag", "gave-up"):
            for fmt in ("text", "json", "csv"):
                out = run("--format", fmt, "--events", field(name)).stdout
                self.assertNotIn("123456", out)


class HostileStrings(unittest.TestCase):
    """Strings anyone on the path chooses never control a terminal or a spreadsheet."""
    FORMATS = ("text", "json", "csv", "ndjson", "html")

    def output(self, fmt, *args):
        proc = subprocess.run([TOOL, "--format", fmt, *args, field("hostile-strings")], capture_output=True)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        return proc.stdout

    def test_no_control_reaches_any_format(self):
        for fmt in self.FORMATS:
            for events in ((), ("--events",)):
                with self.subTest(format=fmt, events=events):
                    self.assertEqual(unsafe(self.output(fmt, *events)), [])

    def test_escapes_read_clearly(self):
        text = self.output("text", "--events").decode()
        for shown in VISIBLE:
            self.assertIn(shown, text)
        self.assertIn("10.9.0.12        \\x1B[2J+1234", text, "the user, escaped")

    def test_no_raw_markup_in_html(self):
        html = self.output("html", "--events").decode()
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html)

    def test_no_formula_cells(self):
        rows = list(csv.reader(io.StringIO(self.output("csv").decode(), newline="")))
        cells = [c for row in rows[1:] for c in row]
        self.assertEqual([c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") and c != "-"], [])
        users = [row[2] for row in rows[1:]]
        self.assertEqual(users, ["'=cmd|' /C calc'!A0", "\\x1B[2J+1234"])


if __name__ == "__main__":
    unittest.main()

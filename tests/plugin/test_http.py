# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin's view of the Lync web services, with the real tshark, on lab captures.

TLS is decrypted with the secrets embedded in each capture.
"""
import re
import unittest

from tshark import booleans, fields, frames_with, expert_messages, tshark, capture

HTTP_FIELDS = (
    "lyncprov.service", "lyncprov.operation", "lyncprov.user", "lyncprov.pin",
    "lyncprov.credentials", "lyncprov.status", "lyncprov.result", "lyncprov.diag.code",
    "lyncprov.diag.source", "lyncprov.diag.reason", "lyncprov.diag.fault",
    "lyncprov.response_in", "lyncprov.request_in", "lyncprov.time", "lyncprov.certificate_issued",
    "ip.src", "ip.dst", "tcp.srcport", "tcp.dstport",
)
ERRORS = "lyncprov.invalid_pin || lyncprov.auth_failed || lyncprov.no_response || lyncprov.server_error"


# The web services proper; the root-chain download on port 80 comes before them.
WEB_SERVICES = "lyncprov.service && !(tcp.port == 80)"


def exchange(capture_name, two_pass=True, extra=(), display_filter=WEB_SERVICES):
    """Lync web service messages: (requests, responses), each a list of rows."""
    rows = fields(capture_name, *HTTP_FIELDS, display_filter=display_filter,
                  two_pass=two_pass, extra=extra)
    requests = [r for r in rows if not r["lyncprov.status"]]
    responses = [r for r in rows if r["lyncprov.status"]]
    return requests, responses


def one(row, name):
    values = row[name]
    assert len(values) == 1, "%s: %r" % (name, values)
    return values[0]


class Success(unittest.TestCase):
    capture = "signin-success.pcapng"

    def test_operations_in_order(self):
        requests, _ = exchange(self.capture)
        self.assertEqual([(one(r, "lyncprov.service"), one(r, "lyncprov.operation")) for r in requests],
                         [("CertProv", "mex"), ("WebTicket", "mex"), ("WebTicket", "IssueToken"),
                          ("WebTicket", "IssueToken"), ("CertProv", "GetAndPublishCert")])

    def test_every_request_paired(self):
        requests, responses = exchange(self.capture)
        by_frame = {r["frame"]: r for r in responses}
        self.assertEqual(len(requests), len(responses))
        for req in requests:
            resp = by_frame[int(one(req, "lyncprov.response_in"))]
            self.assertEqual(int(one(resp, "lyncprov.request_in")), req["frame"])
            self.assertGreaterEqual(float(one(resp, "lyncprov.time")), 0.0)

    def test_challenge_then_ticket_then_certificate(self):
        _, responses = exchange(self.capture)
        statuses = [one(r, "lyncprov.status") for r in responses]
        self.assertEqual(statuses, ["200", "200", "401", "200", "200"])
        self.assertEqual(frames_with(self.capture, 'lyncprov.result == "challenge"'), [responses[2]["frame"]])
        self.assertEqual(booleans(responses[-1], "lyncprov.certificate_issued"), [True])

    def test_no_error_experts(self):
        self.assertEqual(frames_with(self.capture, ERRORS), [])

    def test_pin_masked_by_default(self):
        requests, _ = exchange(self.capture)
        with_pin = [r for r in requests if r["lyncprov.pin"]]
        self.assertEqual(len(with_pin), 1)
        self.assertEqual(one(with_pin[0], "lyncprov.pin"), "****")
        self.assertEqual(one(with_pin[0], "lyncprov.user"), "1234")
        self.assertEqual(booleans(with_pin[0], "lyncprov.credentials"), [True])

    def test_show_pin_preference(self):
        requests, _ = exchange(self.capture, extra=("-o", "lyncprov.show_pin:TRUE"))
        self.assertEqual([one(r, "lyncprov.pin") for r in requests if r["lyncprov.pin"]], ["123456"])

    def test_masked_pin_never_printed(self):
        out = tshark("-r", capture(self.capture), "-2", "-Y", "lyncprov", "-O", "lyncprov")
        self.assertIn("PIN: ****", out)
        self.assertNotIn("123456", out)


class SuccessIpv6(unittest.TestCase):
    capture = "signin-success-ipv6.pcapng"

    def test_certificate_over_ipv6(self):
        requests, responses = exchange(self.capture)
        self.assertEqual(len(requests), len(responses))
        self.assertEqual(booleans(responses[-1], "lyncprov.certificate_issued"), [True])
        self.assertEqual(frames_with(self.capture, ERRORS), [])


class SplitMessages(unittest.TestCase):
    """Requests and responses spread over several TLS records or TCP segments."""

    def assert_complete_sign_in(self, capture_name, extra=()):
        requests, responses = exchange(capture_name, extra=extra)
        self.assertEqual([one(r, "lyncprov.operation") for r in requests],
                         ["mex", "mex", "IssueToken", "IssueToken", "GetAndPublishCert"])
        by_frame = {r["frame"]: r for r in responses}
        for req in requests:
            resp = by_frame[int(one(req, "lyncprov.response_in"))]
            self.assertEqual(int(one(resp, "lyncprov.request_in")), req["frame"])
        self.assertEqual(booleans(responses[-1], "lyncprov.certificate_issued"), [True])
        self.assertEqual(frames_with(capture_name, ERRORS, extra=extra), [])
        return requests, responses

    def test_tls_records(self):
        capture_name = "signin-success-records.pcapng"
        requests, responses = self.assert_complete_sign_in(capture_name)
        pieces = fields(capture_name, "tls.segment.count", display_filter="lyncprov.service")
        count = {r["frame"]: int(r["tls.segment.count"][0]) for r in pieces if r["tls.segment.count"]}
        self.assertGreaterEqual(count[responses[1]["frame"]], 4)   # WebTicket mex
        self.assertGreaterEqual(count[requests[3]["frame"]], 2)    # IssueToken with the PIN
        self.assertGreaterEqual(count[responses[-1]["frame"]], 3)  # the certificate

    def test_clear_text_on_a_port_of_its_own(self):
        capture_name = "signin-cleartext-8080.pcapng"
        # The engine tells HTTP by its first bytes, on any port, as
        # pcap-summarize does: whatever Decode As makes of 8080, the sign-in is read.
        for decode_as in (("-d", "tcp.port==8080,data"), ("-d", "tcp.port==8080,http"), ()):
            with self.subTest(decode_as=decode_as):
                self.assert_complete_sign_in(capture_name, extra=decode_as)
        pieces = fields(capture_name, "tcp.segment.count", display_filter="lyncprov.operation == \"IssueToken\"",
                        extra=("-d", "tcp.port==8080,http"))
        self.assertEqual(len(pieces), 2)
        self.assertTrue(all(int(r["tcp.segment.count"][0]) >= 2 for r in pieces))


class GzipBodies(unittest.TestCase):
    """Every answer body gzipped and chunked (lab server --gzip): the plugin reads
    them as the engine inflates them (zlib)."""
    capture = "signin-cleartext-gzip.pcapng"
    as_http = ("-d", "tcp.port==8080,http")

    def test_signed_in(self):
        SplitMessages().assert_complete_sign_in(self.capture, extra=self.as_http)
        _, responses = exchange(self.capture, extra=self.as_http)
        gzipped = frames_with(self.capture, 'http.content_encoding == "gzip" && http.transfer_encoding == "chunked"',
                              extra=self.as_http)
        self.assertEqual([r["frame"] for r in responses], gzipped)


class WrongPin(unittest.TestCase):
    capture = "signin-wrong-pin.pcapng"

    def test_challenge_is_not_a_failure(self):
        _, responses = exchange(self.capture)
        challenge = responses[2]
        self.assertEqual(one(challenge, "lyncprov.status"), "401")
        self.assertEqual(frames_with(self.capture, 'lyncprov.result == "challenge"'), [challenge["frame"]])
        self.assertEqual(frames_with(self.capture, "lyncprov.challenge"), [challenge["frame"]])
        self.assertIn("HTTP 401 from WebTicket: challenge (no credentials were sent)",
                      expert_messages(self.capture, challenge["frame"]))
        self.assertNotIn(challenge["frame"], frames_with(self.capture, ERRORS))

    def test_pin_rejected_with_28003(self):
        _, responses = exchange(self.capture)
        rejected = responses[-1]
        self.assertEqual(one(rejected, "lyncprov.status"), "401")
        self.assertEqual(rejected["lyncprov.diag.code"], ["28003"])
        self.assertEqual(rejected["lyncprov.diag.source"][0], "pool01.contoso.test")
        self.assertEqual(rejected["lyncprov.diag.reason"], ["The pin is invalid.", "InvalidPin"])
        self.assertEqual(rejected["lyncprov.diag.fault"], ["wsse:FailedAuthentication"])
        self.assertEqual(frames_with(self.capture, "lyncprov.invalid_pin"), [rejected["frame"]])
        self.assertEqual(frames_with(self.capture, "lyncprov.unauthorized"),
                         [responses[2]["frame"], rejected["frame"]])
        self.assertIn("WebTicket rejected the PIN: The pin is invalid.",
                      expert_messages(self.capture, rejected["frame"]))

    def test_same_on_vlan_and_cooked_copies(self):
        for copy in ("signin-wrong-pin-vlan.pcapng", "signin-wrong-pin-sll2.pcapng"):
            with self.subTest(copy=copy):
                _, responses = exchange(copy)
                self.assertEqual(responses[-1]["lyncprov.diag.code"], ["28003"])
                self.assertEqual(len(frames_with(copy, "lyncprov.invalid_pin")), 1)


class WebTicketHung(unittest.TestCase):
    capture = "signin-webticket-hung.pcapng"

    def test_unanswered_request_flagged_on_second_pass(self):
        requests, _ = exchange(self.capture)
        last = requests[-1]
        self.assertEqual(one(last, "lyncprov.service"), "WebTicket")
        self.assertEqual(booleans(last, "lyncprov.credentials"), [True])
        self.assertEqual(last["lyncprov.response_in"], [])
        self.assertEqual(frames_with(self.capture, "lyncprov.no_response"), [last["frame"]])
        self.assertIn("No response seen to this WebTicket request",
                      expert_messages(self.capture, last["frame"]))

    def test_single_pass_cannot_know(self):
        self.assertEqual(frames_with(self.capture, "lyncprov.no_response", two_pass=False), [])


class ServerError(unittest.TestCase):
    capture = "signin-server-error.pcapng"

    def test_soap_fault_decoded(self):
        _, responses = exchange(self.capture)
        failed = responses[-1]
        self.assertEqual(one(failed, "lyncprov.status"), "500")
        self.assertEqual(len(failed["lyncprov.diag.code"]), 1)
        self.assertTrue(one(failed, "lyncprov.diag.fault"))
        self.assertTrue(one(failed, "lyncprov.diag.reason"))
        self.assertEqual(frames_with(self.capture, "lyncprov.server_error"), [failed["frame"]])
        self.assertEqual(frames_with(self.capture, "lyncprov.invalid_pin || lyncprov.auth_failed"), [])


class Locked(unittest.TestCase):
    capture = "signin-locked.pcapng"

    def test_wrong_pins_then_lockout(self):
        _, responses = exchange(self.capture)
        rejected = [r for r in responses if r["lyncprov.diag.code"]]
        self.assertGreaterEqual(len(rejected), 2)
        self.assertTrue(all(r["lyncprov.diag.code"] == ["28003"] for r in rejected[:-1]))
        lockout = rejected[-1]
        self.assertNotEqual(lockout["lyncprov.diag.code"], ["28003"])
        self.assertEqual(frames_with(self.capture, "lyncprov.auth_failed"), [lockout["frame"]])
        self.assertEqual(frames_with(self.capture, "lyncprov.invalid_pin"),
                         [r["frame"] for r in rejected[:-1]])


class MultiPhone(unittest.TestCase):
    capture = "signin-multi-phone.pcapng"

    def test_no_cross_pairing(self):
        requests, responses = exchange(self.capture)
        by_frame = {r["frame"]: r for r in requests}
        self.assertGreaterEqual(len({one(r, "ip.src") for r in requests}), 3)
        for resp in responses:
            req = by_frame[int(one(resp, "lyncprov.request_in"))]
            self.assertEqual(one(req, "ip.src"), one(resp, "ip.dst"))
            self.assertEqual(one(req, "tcp.srcport"), one(resp, "tcp.dstport"))
            self.assertEqual(one(req, "lyncprov.service"), one(resp, "lyncprov.service"))

    def test_each_failure_on_its_phone(self):
        requests, _ = exchange(self.capture)
        phone_of = {r["frame"]: one(r, "ip.src") for r in requests}
        unanswered = frames_with(self.capture, "lyncprov.no_response")
        self.assertEqual(len(unanswered), 1)
        rejected = fields(self.capture, "ip.dst", display_filter="lyncprov.invalid_pin")
        self.assertEqual(len(rejected), 1)
        self.assertNotEqual(phone_of[unanswered[0]], one(rejected[0], "ip.dst"))


class Statistics(unittest.TestCase):
    capture = "signin-multi-phone.pcapng"

    def stat_rows(self, two_pass=True):
        args = ["-r", capture(self.capture), "-q", "-z", "lyncprov,tree"]
        out = tshark(*(args + ["-2"] if two_pass else args))
        rows = {}
        for line in out.splitlines():
            m = re.match(r"^(\s*)(\S.*?)\s{2,}(\d+)\s", line)
            if m:
                rows.setdefault(m.group(2), []).append(int(m.group(3)))
        return rows

    def test_counts_match_the_fields(self):
        requests, responses = exchange(self.capture, display_filter="lyncprov.service")  # root chains too
        rows = self.stat_rows()
        self.assertEqual(rows["Requests by service and operation"], [len(requests)])
        self.assertEqual(rows["Responses by status"], [len(responses)])
        self.assertEqual(rows["401"], [sum(one(r, "lyncprov.status") == "401" for r in responses)])
        self.assertEqual(rows["28003 The PIN is invalid: the extension or PIN the phone sent was rejected."], [1])
        self.assertEqual(rows["Unanswered requests (second pass)"], [1])
        self.assertEqual(rows["Response time (ms)"], [len(responses)])
        self.assertEqual(rows["Requests by user"], [len(requests)])
        self.assertEqual(rows["1235"], [2])
        self.assertEqual(rows["Phones by outcome (second pass)"], [3])
        for outcome in ("signed_in", "pin_rejected", "no_response"):
            self.assertEqual(rows[outcome], [1])

    def test_single_pass_shows_no_unanswered_nor_phones(self):
        rows = self.stat_rows(two_pass=False)
        self.assertNotIn("Unanswered requests (second pass)", rows)
        self.assertNotIn("Phones by outcome (second pass)", rows)
        self.assertIn("Requests by service and operation", rows)

    def test_response_time_in_fractions_of_a_millisecond(self):
        out = tshark("-r", capture(self.capture), "-2", "-q", "-z", "lyncprov,tree")
        line = [l for l in out.splitlines() if l.startswith("Response time (ms)")][0]
        average, low = line.split()[4:6]
        self.assertGreater(float(average), 0.0)
        self.assertLess(float(low), 1.0)  # a sub-millisecond answer is not rounded to 0 or 1
        self.assertGreater(float(low), 0.0)


class MalformedDiagnostics(unittest.TestCase):
    """Crafted responses (tests/data/make-malformed.py) in clear text on port 80."""
    capture = "../tests/data/malformed-diagnostics.pcap"

    def test_every_response_shown_with_its_problem(self):
        _, responses = exchange(self.capture, display_filter="lyncprov.service")
        self.assertEqual([one(r, "lyncprov.status") for r in responses], ["401"] * 5 + ["500"])
        messages = [expert_messages(self.capture, r["frame"]) for r in responses]
        self.assertIn("X-Ms-diagnostics: quoted string is not terminated", messages[0])
        self.assertIn("X-Ms-diagnostics: diagnostic id is not a number", messages[1])
        self.assertIn("X-Ms-diagnostics: parameter is not name=value", messages[1])
        self.assertIn("X-Ms-diagnostics: value is longer than 512 bytes", messages[2])
        self.assertIn("X-Ms-diagnostics: diagnostic id is not a number", messages[4])
        self.assertEqual(len(responses[3]["lyncprov.diag.code"]), 4)  # capped, not dropped

    def test_cut_values_are_bounded(self):
        _, responses = exchange(self.capture, display_filter="lyncprov.service")
        reason = one(responses[2], "lyncprov.diag.reason")
        self.assertTrue(reason.startswith("AAAA"))
        self.assertLess(len(reason), 512)

    def test_no_dissector_bug(self):
        out = tshark("-r", capture(self.capture), "-2", "-V")
        self.assertNotIn("Dissector bug", out)
        self.assertNotIn("Malformed Packet: LyncProv", out)


if __name__ == "__main__":
    unittest.main()

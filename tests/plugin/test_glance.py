# SPDX-License-Identifier: GPL-2.0-or-later
"""The verdict at a glance: the summary line of the lyncprov tree, the Info
tags, the phone and user on every item, one expert per response, and the
sign-in ladder of -z flow,lyncprov,network; with the real tshark on lab captures.
"""
import functools
import re
import unittest

from tshark import capture, fields, frames_with, tshark

WRONG_PIN = "signin-wrong-pin.pcapng"
HUNG = "signin-webticket-hung.pcapng"
PHONE = "00:04:f2:00:00:01"

# The lyncprov experts of a web service response, and their severity.
RESPONSE_EXPERTS = {
    "lyncprov.challenge": "Chat",
    "lyncprov.invalid_pin": "Error",
    "lyncprov.auth_failed": "Error",
    "lyncprov.server_error": "Error",
    "lyncprov.http_error": "Warning",
}


@functools.lru_cache(maxsize=None)
def lyncprov_trees(name, display_filter):
    """{frame: [lines of its lyncprov trees]} from tshark -O lyncprov."""
    out = tshark("-r", capture(name), "-2", "-Y", display_filter, "-O", "lyncprov")
    trees, frame, inside = {}, None, False
    for line in out.splitlines():
        m = re.match(r"^Frame (\d+):", line)
        if m:
            frame = int(m.group(1))
            trees[frame] = []
        inside = line.startswith("Lync/Skype") or (inside and line.startswith(" "))
        if inside:
            trees[frame].append(line)
    return trees


@functools.lru_cache(maxsize=None)
def items(name):
    """Every lyncprov item of a capture, with what the tests below read (one tshark run)."""
    return fields(name, "lyncprov.phone", "lyncprov.user", "lyncprov.extension",
                  "lyncprov.status", "lyncprov.request_in", "lyncprov.unauthorized", *RESPONSE_EXPERTS,
                  display_filter="lyncprov")


def info_tags(name, display_filter):
    """{frame: (tag, what follows it)} of the Info column as tshark prints it.

    (4.4 and later leave what a postdissector adds out of -T fields' _ws.col.info.)"""
    out = tshark("-r", capture(name), "-2", "-Y", display_filter)
    tags = {}
    for line in out.splitlines():
        m = re.match(r"^\s*(\d+)\s.*?(\[Lync: [^\]]*\]) (.*)$", line)
        if m:
            tags[int(m.group(1))] = (m.group(2), m.group(3))
    return tags


def ladder(name):
    """[(label, direction)] of the Lync sign-in flow: '>' away from the first node, '<' towards it."""
    out = tshark("-r", capture(name), "-2", "-q", "-z", "flow,lyncprov,network")
    steps = []
    for line in out.splitlines():
        if re.match(r"^\|\d", line):
            steps.append([line.rsplit("|", 1)[1]])
        elif steps and ("-->" in line or "<--" in line):
            steps[-1].append(">" if "-->" in line else "<")
    return [tuple(s) for s in steps]


class Summary(unittest.TestCase):
    def test_top_line_names_result_user_and_phone(self):
        rejected = [r["frame"] for r in items(WRONG_PIN) if r["lyncprov.invalid_pin"]]
        self.assertEqual(len(rejected), 1)
        self.assertEqual(lyncprov_trees(WRONG_PIN, "lyncprov")[rejected[0]][0], "Lync/Skype for Business phone provisioning: "
                                   "WebTicket 401 PIN rejected (28003), user 1234, phone " + PHONE)

    def test_info_tags_at_the_start(self):
        rejected = [r["frame"] for r in items(WRONG_PIN) if r["lyncprov.invalid_pin"]]
        tags = info_tags(WRONG_PIN, "lyncprov.service")
        self.assertEqual(list(tags), rejected)
        self.assertEqual(tags[rejected[0]], ("[Lync: PIN rejected 28003]", "HTTP/1.1 401 Unauthorized  (text/html)"))
        tags = info_tags(HUNG, "lyncprov.service")
        self.assertEqual(list(tags), frames_with(HUNG, "lyncprov.no_response"))
        self.assertEqual([t[0] for t in tags.values()], ["[Lync: no response]"])
        self.assertTrue(all(t[1].startswith("POST /WebTicket/") for t in tags.values()))
        tags = info_tags("dhcp-no-reply.pcapng", "lyncprov")
        self.assertEqual(list(tags), frames_with("dhcp-no-reply.pcapng", "lyncprov.dhcp_no_reply"))
        self.assertTrue(tags)
        self.assertTrue(all(t[0] == "[Lync: no DHCP reply]" and t[1].startswith("DHCP Inform") for t in tags.values()))


class Vocabulary(unittest.TestCase):
    def test_filters_by_label(self):
        rows = items(WRONG_PIN)
        rejected = [r["frame"] for r in rows if r["lyncprov.invalid_pin"]]
        self.assertEqual(frames_with(WRONG_PIN, 'lyncprov.result == "PIN rejected"'), rejected)
        self.assertEqual(frames_with(WRONG_PIN, 'lyncprov.diag.origin == "Warning"'), rejected)
        # lyncprov.unauthorized: a field now, on every 401 and nowhere else.
        self.assertEqual([r["frame"] for r in rows if r["lyncprov.unauthorized"]],
                         [r["frame"] for r in rows if r["lyncprov.status"] == ["401"]])


class Who(unittest.TestCase):
    def test_phone_and_user_on_every_item(self):
        rows = items(WRONG_PIN)
        self.assertTrue(all(r["lyncprov.phone"] == [PHONE] for r in rows))
        by_frame = {r["frame"]: r for r in rows}
        responses = [r for r in rows if r["lyncprov.status"] and r["lyncprov.request_in"]]
        for resp in responses:
            request = by_frame[int(resp["lyncprov.request_in"][0])]
            self.assertEqual(resp["lyncprov.user"], request["lyncprov.user"])
        self.assertEqual(responses[-1]["lyncprov.user"], ["1234"])

    def test_extension_whatever_the_form(self):
        rows = fields("signin-success.pcapng", "lyncprov.user", "lyncprov.extension",
                      display_filter="lyncprov.user")
        forms = {r["lyncprov.user"][0]: r["lyncprov.extension"] for r in rows}
        self.assertEqual(forms, {"1234": ["1234"], "1234@contoso.test": ["1234"],
                                 "sip:1234@contoso.test": ["1234"]})

    def test_each_phone_its_own(self):
        rows = fields("signin-multi-phone.pcapng", "lyncprov.phone", "eth.src", "eth.dst", "lyncprov.status",
                      display_filter="lyncprov.service")
        phones = {r["lyncprov.phone"][0] for r in rows}
        self.assertEqual(len(phones), 3)
        for r in rows:
            # The phone is the sender of a request and the receiver of a response.
            self.assertEqual(r["lyncprov.phone"], r["eth.dst" if r["lyncprov.status"] else "eth.src"])


class OneExpert(unittest.TestCase):
    def assert_one_per_response(self, name):
        trees = lyncprov_trees(name, "lyncprov")
        names = [r for r in items(name) if r["lyncprov.status"]]
        self.assertTrue(names)
        for row in names:
            raised = [n for n in RESPONSE_EXPERTS if row[n]]
            experts = [l for l in trees[row["frame"]] if l.startswith("    [Expert Info (")]
            self.assertLessEqual(len(raised), 1, row)
            self.assertEqual(len(experts), len(raised), experts)
            if raised:
                self.assertTrue(experts[0].startswith("    [Expert Info (%s/" % RESPONSE_EXPERTS[raised[0]]),
                                experts)
        return names

    def test_wrong_pin(self):
        rows = self.assert_one_per_response(WRONG_PIN)
        self.assertEqual([r["frame"] for r in rows if r["lyncprov.challenge"]],
                         frames_with(WRONG_PIN, 'lyncprov.result == "challenge"'))
        self.assertEqual(len([r for r in rows if r["lyncprov.invalid_pin"]]), 1)

    def test_server_error(self):
        rows = self.assert_one_per_response("signin-server-error.pcapng")
        self.assertEqual(len([r for r in rows if r["lyncprov.server_error"]]), 1)


class Ladder(unittest.TestCase):
    def test_wrong_pin(self):
        steps = ladder(WRONG_PIN)
        labels = [s[0] for s in steps]
        self.assertTrue(labels[0].startswith("DHCPINFORM, vendor class MS-UC-Client"), labels)
        self.assertTrue(labels[1].startswith("DHCP reply: CertProv https://pool01.contoso.test:443/"), labels)
        self.assertEqual(labels[2:4], ["DNS A pool01.contoso.test", "DNS A pool01.contoso.test: 10.9.0.1"])
        self.assertEqual(steps[4:], [
            ("CertProv RootChain", ">"), ("RootChain \u2192 200 OK", "<"),
            ("CertProv mex", ">"), ("mex \u2192 200 OK", "<"),
            ("WebTicket mex", ">"), ("mex \u2192 200 OK", "<"),
            ("WebTicket IssueToken", ">"), ("IssueToken \u2192 401 challenge", "<"),
            ("WebTicket IssueToken", ">"), ("IssueToken \u2192 401 PIN rejected 28003", "<"),
        ])

    def test_hung(self):
        steps = ladder(HUNG)
        self.assertEqual(steps[-3:], [("WebTicket IssueToken", ">"), ("IssueToken \u2192 401 challenge", "<"),
                                      ("WebTicket IssueToken \u2192 no response", ">")])


if __name__ == "__main__":
    unittest.main()

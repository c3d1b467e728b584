# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin on pidgin-sipe's captures: a user/password (NTLM) sign-in. NTLM's
legs are challenges, not refusals; the method is a field of every credentialed
request; each phone's verdict is the tool's (-z lyncprov,phones)."""
import re
import unittest

from tshark import capture, expert_messages, fields, frames_with, tshark

BLOCK = re.compile(r"^phone=(\S+) ip=(\S+) user=(.*?) outcome=(\S+) frame=(\d+)\n"
                   r"    cause:  (.+)\n    advice: (.+)$", re.M)


def verdict(name):
    blocks = BLOCK.findall(tshark("-r", capture(name), "-2", "-q", "-z", "lyncprov,phones"))
    if len(blocks) != 1:
        raise AssertionError("%s: %d phones" % (name, len(blocks)))
    return blocks[0]


class NtlmLegs(unittest.TestCase):
    name = "sipe-signin.pcapng"

    def test_legs_are_challenges(self):
        legs = frames_with(self.name, 'http.response.code == 401 && http.www_authenticate contains "NTLM"')
        self.assertEqual(len(legs), 2)
        self.assertEqual(frames_with(self.name, 'lyncprov.result == "challenge"'), legs)
        self.assertEqual(frames_with(self.name, "_ws.expert.message contains \"refused\""), [])
        self.assertIn("HTTP 401 from WebTicket: NTLM challenge (a step of the handshake)",
                      expert_messages(self.name, legs[1]))

    def test_method_field(self):
        rows = fields(self.name, "lyncprov.auth_method", "lyncprov.credentials", "lyncprov.user",
                      display_filter="lyncprov.auth_method")
        self.assertEqual([r["lyncprov.auth_method"] for r in rows], [["2"], ["2"]])  # LP_AUTH_NTLM
        self.assertEqual(frames_with(self.name, 'lyncprov.auth_method == "NTLM" && lyncprov.credentials == 1 && '
                                                'lyncprov.user == "CONTOSO\\\\alice"'), [rows[1]["frame"]])

    def test_register_result_field(self):
        """Every answer to REGISTER, as tshark's SIP dissector shows it, with what it does."""
        rows = fields(self.name, "lyncprov.register", "lyncprov.register.result", "sip.Status-Code",
                      display_filter="lyncprov.register")
        self.assertEqual([r["frame"] for r in rows], frames_with(self.name, "sip.Status-Code"))
        for r in rows:
            self.assertEqual(r["lyncprov.register"], r["sip.Status-Code"])
            self.assertEqual(r["lyncprov.register.result"], ["1" if r["sip.Status-Code"] == ["200"] else "0"])

    def test_signed_in_by_register_200(self):
        _, _, user, outcome, frame, cause, _ = verdict(self.name)
        ok = frames_with(self.name, "sip.Status-Code == 200")
        self.assertEqual((user, outcome, int(frame)), ("sip:alice@contoso.test", "signed_in", ok[0]))
        self.assertIn("REGISTER answered 200 at frame %d" % ok[0], cause)
        self.assertIn("(NTLM)", cause)
        self.assertIn("a desktop client (Purple/2.14.12 Sipe/1.25.0", cause)


class Refusals(unittest.TestCase):
    def test_wrong_password(self):
        name = "sipe-wrong-password.pcapng"
        final = frames_with(name, 'http.response.code == 401 && http.www_authenticate contains "NTLM"')[-1]
        _, _, _, outcome, frame, cause, advice = verdict(name)
        self.assertEqual((outcome, int(frame)), ("auth_failed", final))
        self.assertIn("NTLM credentials were refused", cause)
        self.assertNotIn("PIN", advice)
        self.assertEqual(frames_with(name, "lyncprov.auth_failed"), [final])

    def test_dsk_refused(self):
        name = "sipe-dsk-refused.pcapng"
        last = frames_with(name, "sip.Status-Code == 401")[-1]
        self.assertEqual(frames_with(name, 'lyncprov.register.result == "registered"'), [])
        _, _, _, outcome, frame, cause, _ = verdict(name)
        self.assertEqual((outcome, int(frame)), ("sip_rejected", last))
        self.assertIn("closed its SIP connection", cause)

    def test_webticket_hung(self):
        name = "sipe-webticket-hung.pcapng"
        last = frames_with(name, 'http.request.method == "POST"')[-1]
        _, _, _, outcome, frame, _, _ = verdict(name)
        self.assertEqual((outcome, int(frame)), ("no_response", last))


if __name__ == "__main__":
    unittest.main()

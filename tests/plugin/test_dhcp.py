# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin's DHCP provisioning view, with the real tshark, on lab captures."""
import unittest

from tshark import fields, frames_with, expert_messages

DHCP_FIELDS = (
    "dhcp.option.dhcp", "lyncprov.dhcp.vendor_class", "lyncprov.dhcp.uc_identifier",
    "lyncprov.dhcp.url_scheme", "lyncprov.dhcp.web_fqdn", "lyncprov.dhcp.web_port",
    "lyncprov.dhcp.certprov_path", "lyncprov.dhcp.certprov_url", "lyncprov.dhcp.vlan_id",
    "lyncprov.dhcp.sip_server", "lyncprov.dhcp.request_in", "lyncprov.dhcp.reply_in",
)
DHCP_INFORM, DHCP_ACK = "8", "5"


def by_type(capture):
    """Lync DHCP frames of a capture, split into requests and replies."""
    rows = fields(capture, *DHCP_FIELDS, display_filter="lyncprov")
    requests = [r for r in rows if r["dhcp.option.dhcp"] == [DHCP_INFORM]]
    replies = [r for r in rows if r["dhcp.option.dhcp"] == [DHCP_ACK]]
    return requests, replies


class MsUcClient(unittest.TestCase):
    capture = "dhcp-ms-uc-client.pcapng"

    def test_ack_option43_decoded(self):
        requests, replies = by_type(self.capture)
        self.assertEqual(len(replies), 1)
        ack = replies[0]
        self.assertEqual(ack["lyncprov.dhcp.vendor_class"], ["MS-UC-Client"])
        self.assertEqual(ack["lyncprov.dhcp.uc_identifier"], ["MS-UC-Client"])
        self.assertEqual(ack["lyncprov.dhcp.url_scheme"], ["https"])
        self.assertEqual(ack["lyncprov.dhcp.web_fqdn"], ["pool01.contoso.test"])
        self.assertEqual(ack["lyncprov.dhcp.web_port"], ["443"])
        self.assertEqual(ack["lyncprov.dhcp.certprov_path"], ["/CertProv/CertProvisioningService.svc"])
        self.assertEqual(ack["lyncprov.dhcp.certprov_url"],
                         ["https://pool01.contoso.test:443/CertProv/CertProvisioningService.svc"])
        self.assertEqual(ack["lyncprov.dhcp.sip_server"], ["sip.contoso.test"])

    def test_ack_paired_with_inform_by_xid(self):
        requests, replies = by_type(self.capture)
        self.assertEqual(len(requests), 1)
        inform, ack = requests[0], replies[0]
        self.assertEqual(inform["lyncprov.dhcp.vendor_class"], ["MS-UC-Client"])
        self.assertEqual(inform["lyncprov.dhcp.reply_in"], [str(ack["frame"])])
        self.assertEqual(ack["lyncprov.dhcp.request_in"], [str(inform["frame"])])

    def test_no_lyncprov_experts(self):
        self.assertEqual(frames_with(self.capture, "lyncprov.dhcp_no_reply || lyncprov.dhcp_bad_option"), [])

    def test_stock_dhcp_tree_kept(self):
        rows = fields(self.capture, "dhcp.option.type", "dhcp.option.vendor_class_id",
                      display_filter="dhcp.option.dhcp == 5")
        self.assertIn("43", rows[0]["dhcp.option.type"])
        self.assertIn("120", rows[0]["dhcp.option.type"])


class CpeOcphone(unittest.TestCase):
    capture = "dhcp-cpe-ocphone.pcapng"

    def test_vlan_id(self):
        requests, replies = by_type(self.capture)
        self.assertEqual(len(requests), 1)
        self.assertEqual(len(replies), 1)
        self.assertEqual(requests[0]["lyncprov.dhcp.vendor_class"], ["CPE-OCPHONE"])
        self.assertEqual(replies[0]["lyncprov.dhcp.vendor_class"], ["CPE-OCPHONE"])
        self.assertEqual(replies[0]["lyncprov.dhcp.vlan_id"], ["100"])
        self.assertEqual(replies[0]["lyncprov.dhcp.certprov_url"], [])


class NoReply(unittest.TestCase):
    capture = "dhcp-no-reply.pcapng"

    def test_every_inform_flagged_on_second_pass(self):
        informs = frames_with(self.capture, "dhcp.option.dhcp == 8 && lyncprov")
        self.assertGreaterEqual(len(informs), 1)
        self.assertEqual(frames_with(self.capture, "lyncprov.dhcp_no_reply"), informs)
        self.assertIn("MS-UC-Client request got no DHCP reply in the capture",
                      expert_messages(self.capture, informs[0]))

    def test_single_pass_cannot_know(self):
        self.assertEqual(frames_with(self.capture, "lyncprov.dhcp_no_reply", two_pass=False), [])


class NoOption43(unittest.TestCase):
    """dnsmasq answering without vendor options: the phone never learns the URL."""
    capture = "signin-no-provisioning.pcapng"

    def test_ack_without_option43_flagged(self):
        requests, replies = by_type(self.capture)
        self.assertEqual(len(replies), 1)
        ack = replies[0]
        self.assertEqual(ack["lyncprov.dhcp.request_in"], [str(requests[0]["frame"])])
        self.assertEqual(ack["lyncprov.dhcp.certprov_url"], [])
        self.assertEqual(ack["lyncprov.dhcp.sip_server"], ["sip.contoso.test"])
        self.assertEqual(frames_with(self.capture, "lyncprov.dhcp_no_option43"), [ack["frame"]])

    def test_not_flagged_when_present(self):
        self.assertEqual(frames_with("dhcp-ms-uc-client.pcapng", "lyncprov.dhcp_no_option43"), [])


class BadOption43(unittest.TestCase):
    """dnsmasq serving the option 43 that Cisco IOS cuts at 90 bytes."""
    capture = "dhcp-bad-option43.pcapng"

    def test_truncated_sub_option_flagged(self):
        acks = frames_with(self.capture, "lyncprov.dhcp_bad_option")
        self.assertEqual(len(acks), 1)
        self.assertIn("Option 43: sub-option 5 runs past the end of option 43",
                      expert_messages(self.capture, acks[0]))

    def test_what_survived_is_shown(self):
        requests, replies = by_type(self.capture)
        ack = replies[0]
        self.assertEqual(ack["lyncprov.dhcp.vendor_class"], ["MS-UC-Client"])
        self.assertEqual(ack["lyncprov.dhcp.certprov_path"], [])
        self.assertEqual(ack["lyncprov.dhcp.certprov_url"], [])
        self.assertEqual(len(ack["lyncprov.dhcp.web_fqdn"]), 1)
        self.assertGreater(len(ack["lyncprov.dhcp.web_fqdn"][0]), 23)


if __name__ == "__main__":
    unittest.main()

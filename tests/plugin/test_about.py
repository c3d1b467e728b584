# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin as Wireshark lists it (About -> Plugins, tshark -G plugins)."""
import os
import unittest

from tshark import fields, tshark


class About(unittest.TestCase):
    def test_listed_with_the_project_version(self):
        rows = [[col.strip() for col in line.split("\t")] for line in tshark("-G", "plugins").splitlines()]
        ours = [row for row in rows if row[0] == "lyncprov.so"]
        self.assertEqual(len(ours), 1, rows)
        self.assertEqual(ours[0][1], os.environ["LYNCPROV_VERSION"])
        self.assertEqual(ours[0][2], "dissector")


class Disabled(unittest.TestCase):
    """--disable-protocol lyncprov: nothing of the plugin's, and the stock dissection as it was."""

    def rows(self, *extra):
        return fields("signin-wrong-pin.pcapng", "lyncprov.result", "http.response.code",
                      display_filter="http", extra=extra)

    def test_no_lyncprov_items_and_stock_fields_kept(self):
        enabled, disabled = self.rows(), self.rows("--disable-protocol", "lyncprov")
        self.assertTrue(any(row["lyncprov.result"] for row in enabled), enabled)
        self.assertEqual([row["lyncprov.result"] for row in disabled], [[]] * len(disabled))
        self.assertEqual([(row["frame"], row["http.response.code"]) for row in disabled],
                         [(row["frame"], row["http.response.code"]) for row in enabled])


if __name__ == "__main__":
    unittest.main()

# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin as Wireshark lists it (About -> Plugins, tshark -G plugins)."""
import os
import unittest

from tshark import tshark


class About(unittest.TestCase):
    def test_listed_with_the_project_version(self):
        rows = [[col.strip() for col in line.split("\t")] for line in tshark("-G", "plugins").splitlines()]
        ours = [row for row in rows if row[0] == "lyncprov.so"]
        self.assertEqual(len(ours), 1, rows)
        self.assertEqual(ours[0][1], os.environ["LYNCPROV_VERSION"])
        self.assertEqual(ours[0][2], "dissector")


if __name__ == "__main__":
    unittest.main()

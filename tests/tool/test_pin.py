# SPDX-License-Identifier: GPL-2.0-or-later
"""PINs stay masked unless --show-pin: no output format (text, --events, json,
csv, ndjson, html) shows the lab's PINs, nor their Basic credentials, without it; with it the
event that carried the PIN shows it."""
import base64
import unittest

from tool import capture, run

# captures/README.md: extension 1234, good PIN 123456, wrong PIN 654321.
PINS = {"signin-success": "123456", "signin-wrong-pin": "654321"}
FORMATS = ((), ("--events",), ("--format", "json"), ("--format", "csv"), ("--format", "ndjson"),
           ("--format", "html"))
WITH_EVENTS = (("--events",), ("--format", "json"), ("--format", "ndjson"), ("--format", "html"))


def secrets():
    for pin in PINS.values():
        yield pin
        yield base64.b64encode(("1234:" + pin).encode()).decode()


class Pin(unittest.TestCase):
    def inputs(self, name):
        """The decrypted form alone, and merged with the encrypted capture."""
        return ((capture(name + ".pdu.pcap"),), (capture(name + ".pcapng"), capture(name + ".pdu.pcap")))

    def test_masked_without_show_pin(self):
        for name in PINS:
            for paths in self.inputs(name):
                for fmt in FORMATS:
                    proc = run(*fmt, *paths)
                    self.assertIn(proc.returncode, (0, 1), proc.stderr)
                    for secret in secrets():
                        self.assertNotIn(secret, proc.stdout + proc.stderr, (fmt, paths))
                    if fmt in WITH_EVENTS:
                        self.assertIn("PIN ****", proc.stdout, (fmt, paths))

    def test_shown_with_show_pin(self):
        for name, pin in PINS.items():
            for paths in self.inputs(name):
                for fmt in WITH_EVENTS:
                    proc = run("--show-pin", *fmt, *paths)
                    self.assertIn("PIN " + pin, proc.stdout, (fmt, paths))
                    self.assertNotIn("PIN ****", proc.stdout, (fmt, paths))


if __name__ == "__main__":
    unittest.main()

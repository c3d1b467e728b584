# SPDX-License-Identifier: GPL-2.0-or-later
"""pcap-summarize --format html: the page is self-contained and has, per phone, a ladder with
an arrow per event and the failing step red (read from the markup); and, rendered once in
headless Chromium, the screenshot shows a ladder per phone with red arrows in the failed ones."""
import html.parser
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from tool import capture, run, summarize

PATHS = (capture("signin-multi-phone.pcapng"), capture("signin-multi-phone.pdu.pcap"))
LADDER = bytes.fromhex("f4f7fa")  # COLOUR_LADDER and COLOUR_FAIL of tools/output_html.c
FAIL = bytes.fromhex("e00000")
WIDTH = 1100


class Page(html.parser.HTMLParser):
    """The elements of the page, each as (tag, attributes, text inside it when it is a leaf)."""

    def __init__(self):
        super().__init__()
        self.elements, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        self.elements.append([tag, dict(attrs), ""])
        if tag not in ("meta", "line", "polygon", "rect", "br"):
            self.stack.append(self.elements[-1])

    def handle_startendtag(self, tag, attrs):
        self.elements.append([tag, dict(attrs), ""])

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack:
            self.stack[-1][2] += data


def parse(text):
    page = Page()
    page.feed(text)
    return page.elements


def failed(outcome):
    return outcome not in ("signed_in", "incomplete", "unknown")


class Markup(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        proc = run("--format", "html", *PATHS)
        assert proc.returncode == 1, proc.stderr
        cls.text = proc.stdout
        cls.elements = parse(cls.text)
        cls.doc, _ = summarize(*PATHS)

    def test_self_contained(self):
        tags = {e[0] for e in self.elements}
        self.assertFalse(tags & {"script", "link", "img", "iframe", "object", "embed"}, tags)
        for tag, attrs, _ in self.elements:
            self.assertFalse(set(attrs) & {"src", "href", "xlink:href"}, (tag, attrs))
            self.assertFalse(any(k.startswith("on") for k in attrs), (tag, attrs))
        self.assertNotIn("url(", self.text)
        self.assertNotIn("@import", self.text)
        [csp] = [a for t, a, _ in self.elements if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
        self.assertTrue(csp["content"].startswith("default-src 'none'"))

    def test_summary_by_outcome(self):
        rows = [a["data-outcome"] for t, a, _ in self.elements if t == "tr" and "data-outcome" in a]
        counts = {}
        for p in self.doc["phones"]:
            counts[p["outcome"]] = counts.get(p["outcome"], 0) + 1
        self.assertEqual(sorted(rows), sorted(counts))
        self.assertIn("<th>3 phones</th>", self.text)

    def test_a_ladder_per_phone(self):
        sections = re.split(r'<section class="phone"', self.text)[1:]
        self.assertEqual(len(sections), len(self.doc["phones"]))
        for section, phone in zip(sections, self.doc["phones"]):
            elements = parse("<section" + section)
            self.assertEqual(elements[0][1]["data-outcome"], phone["outcome"])
            self.assertEqual([t for t, a, _ in elements if t == "svg"], ["svg"])
            lanes = [text for t, a, text in elements if t == "text" and a.get("class") == "lane"]
            self.assertEqual(lanes, ["Phone", "DHCP", "DNS", "CertProv", "WebTicket", "SIP"])
            arrows = [a for t, a, _ in elements if t == "g"]
            self.assertEqual([a["data-kind"] for a in arrows], [e["kind"] for e in phone["events"]])
            self.assertEqual([int(a["data-frame"]) for a in arrows], [e["location"]["frame"] for e in phone["events"]])
            red = [a for a in arrows if a["class"] == "fail"]
            if failed(phone["outcome"]):
                [arrow] = red
                self.assertEqual(int(arrow["data-frame"]), phone["location"]["frame"])
                self.assertIn('stroke="#e00000"', section)
            else:
                self.assertEqual(red, [])
                self.assertNotIn("#e00000", section)
            dd = {a["class"]: text for t, a, text in elements if t == "dd" and "class" in a}
            self.assertEqual(dd["advice"], phone["advice"])
            self.assertTrue(dd["where"].startswith("frame %d in %s" % (phone["location"]["frame"],
                                                                        phone["location"]["file"])), dd["where"])

    def test_pins_are_masked(self):
        self.assertIn("PIN ****", self.text)
        self.assertNotRegex(self.text, r"PIN [0-9]")
        shown = run("--format", "html", "--show-pin", *PATHS).stdout
        self.assertRegex(shown, r"PIN [0-9]+")


def chromium():
    return shutil.which("chromium")


class Chromium(unittest.TestCase):
    """One render of the multi-phone report; the screenshot read back pixel by pixel."""

    def test_screenshot(self):
        self.assertTrue(chromium(), "chromium is missing: scripts/debian-packages.txt installs it")
        self.assertTrue(shutil.which("convert"), "ImageMagick is missing")
        text = run("--format", "html", *PATHS).stdout
        doc, _ = summarize(*PATHS)
        height = sum(int(h) for h in re.findall(r'<svg class="ladder" width="\d+" height="(\d+)"', text))
        height += 200 * len(doc["phones"]) + 260
        with tempfile.TemporaryDirectory() as tmp:
            page, shot = os.path.join(tmp, "report.html"), os.path.join(tmp, "report.png")
            with open(page, "w") as f:
                f.write(text)
            # Headless, with no network of its own: the page may fetch nothing (its policy),
            # and Chromium's background services are off.
            proc = subprocess.run(
                [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--hide-scrollbars", "--force-device-scale-factor=1", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-domain-reliability", "--no-pings",
                 "--user-data-dir=" + os.path.join(tmp, "profile"), "--window-size=%d,%d" % (WIDTH, height),
                 "--screenshot=" + shot, "file://" + page],
                capture_output=True, text=True, timeout=180)
            self.assertTrue(os.path.exists(shot), proc.stderr[-2000:])
            if os.environ.get("LYNCPROV_HTML_SCREENSHOT"):
                shutil.copy(shot, os.environ["LYNCPROV_HTML_SCREENSHOT"])
            rgb = subprocess.run(["convert", shot, "-depth", "8", "rgb:-"], capture_output=True,
                                 check=True).stdout
        self.assertEqual(len(rgb), WIDTH * height * 3)
        rows = [rgb[y * WIDTH * 3:(y + 1) * WIDTH * 3] for y in range(height)]
        # A ladder is a run of rows mostly in its background colour; the failing arrow is a
        # horizontal line in its red.
        ladders, red = [], []
        for y, row in enumerate(rows):
            if row.count(LADDER) > 600:
                if ladders and ladders[-1][1] >= y - 3:
                    ladders[-1][1] = y
                else:
                    ladders.append([y, y])
            if row.count(FAIL) > 60:
                red.append(y)
        self.assertEqual(len(ladders), len(doc["phones"]), ladders)
        for (top, bottom), phone in zip(ladders, doc["phones"]):
            self.assertGreater(bottom - top, 30 * len(phone["events"]))
            red_here = [y for y in red if top <= y <= bottom]
            self.assertEqual(bool(red_here), failed(phone["outcome"]), (phone["outcome"], top, bottom))
        self.assertTrue(all(any(t <= y <= b for t, b in ladders) for y in red))


if __name__ == "__main__":
    unittest.main()

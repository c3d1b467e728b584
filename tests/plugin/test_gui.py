# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin in the Wireshark GUI, under Xvfb: it loads, its filter works, and
the lyncprov tree of a rejected PIN shows its diagnosis.

Reads the screen back with tesseract. Set LYNCPROV_SCREENSHOT=path to keep
the screenshot (the README's picture is made that way).
"""
import os
import shutil
import subprocess
import tempfile
import time
import unittest

from tshark import PLUGIN, WS_RUN, HERE, capture

CAPTURE = "signin-wrong-pin.pcapng"
PROFILE = os.path.join(HERE, "gui-profile")
# The "Lync" profile as the plugin installs it.
LYNC_PROFILE = os.path.join(HERE, "..", "..", "plugin", "profiles", "Lync")


def free_display():
    for n in range(90, 120):
        if not os.path.exists("/tmp/.X11-unix/X%d" % n) and not os.path.exists("/tmp/.X%d-lock" % n):
            return ":%d" % n
    raise AssertionError("no free X display number")


class Gui(unittest.TestCase):
    # Tall enough for the whole Statistics menu.
    SCREEN = "1280x1200x24"

    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.display = free_display()
        # The test profile (window geometry), with the shipped Lync profile among the personal ones.
        profile = os.path.join(self.tmp, "profile")
        shutil.copytree(PROFILE, profile)
        shutil.copytree(LYNC_PROFILE, os.path.join(profile, "profiles", "Lync"))
        self.env = dict(os.environ, DISPLAY=self.display, LYNCPROV_WS_PROFILE=profile)
        self.xvfb = subprocess.Popen(["Xvfb", self.display, "-screen", "0", self.SCREEN, "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wireshark = None

    def tearDown(self):
        for proc in (self.wireshark, self.xvfb):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def x(self, *cmd):
        return subprocess.run(cmd, env=self.env, capture_output=True, text=True, check=True).stdout

    def wait_for_window(self, title, seconds=60, exact=True):
        deadline = time.time() + seconds
        while time.time() < deadline:
            tree = subprocess.run(["xwininfo", "-root", "-tree"], env=self.env, capture_output=True, text=True).stdout
            if ('"%s"' % title if exact else title) in tree:
                time.sleep(3)  # let it finish drawing
                return
            time.sleep(0.5)
        self.fail("Wireshark showed no window for %s" % title)

    def pixel(self, x, y):
        """(r, g, b) of the last screenshot at x, y (0..255)."""
        out = self.x("convert", self.last_shot, "-format", "%%[fx:int(255*p{%d,%d}.r)],%%[fx:int(255*p{%d,%d}.g)],"
                     "%%[fx:int(255*p{%d,%d}.b)]" % (x, y, x, y, x, y), "info:")
        return tuple(int(v) for v in out.split(","))

    def screen_words(self):
        """[(text, x, y)] of the words on the screen, in screen coordinates."""
        shot = os.path.join(self.tmp, "shot.png")
        big = os.path.join(self.tmp, "ocr.png")
        self.x("import", "-window", "root", shot)
        # Larger, grey and contrasted: tesseract reads small UI fonts on
        # coloured rows badly.
        self.x("convert", shot, "-colorspace", "Gray", "-resize", "300%", "-level", "30%,70%", big)
        tsv = self.x("tesseract", big, "-", "tsv")
        words = []
        for line in tsv.splitlines()[1:]:
            cols = line.split("\t")
            if len(cols) == 12 and cols[11].strip():
                left, top, width, height = (int(c) for c in cols[6:10])
                words.append((cols[11], (left + width // 2) // 3, (top + height // 2) // 3))
        self.last_shot = shot
        return words

    def test_rejected_pin_tree(self):
        path = capture(CAPTURE)
        self.wireshark = subprocess.Popen(
            [WS_RUN, PLUGIN, "wireshark", "-r", path, "-Y", "lyncprov.invalid_pin", "-g", "30"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait_for_window(os.path.basename(path))

        words = self.screen_words()
        text = " ".join(w for w, _, _ in words)
        self.assertIn("Displayed: 1", text)  # the filter field exists: the plugin is loaded
        lync = [(x, y) for w, x, y in words if w.startswith("Lync/Skype")]
        self.assertTrue(lync, "no lyncprov tree on screen: " + text)

        # Open the lyncprov tree with all its subtrees.
        self.x("xdotool", "mousemove", str(lync[-1][0]), str(lync[-1][1]), "click", "1")
        time.sleep(0.5)
        self.x("xdotool", "key", "shift+Right")
        time.sleep(1.5)
        text = " ".join(w for w, _, _ in self.screen_words())
        if os.environ.get("LYNCPROV_SCREENSHOT"):
            shutil.copy(self.last_shot, os.environ["LYNCPROV_SCREENSHOT"])
        for expected in ("28003", "invalid.", "rejected"):
            self.assertIn(expected, text)

    def click_word(self, word):
        found = [(x, y) for w, x, y in self.screen_words() if w == word]
        self.assertTrue(found, "%r is not on the screen" % word)
        self.x("xdotool", "mousemove", str(found[0][0]), str(found[0][1]), "click", "1")

    def test_phones_window(self):
        """Statistics > Lync phone sign-ins: the verdict per phone, as tshark -z lyncprov,phones."""
        path = capture(CAPTURE)
        self.wireshark = subprocess.Popen([WS_RUN, PLUGIN, "wireshark", "-r", path, "-g", "1"],
                                          env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait_for_window(os.path.basename(path))
        self.click_word("Statistics")
        time.sleep(2)
        self.click_word("sign-ins")
        self.wait_for_window("Lync phone sign-ins", exact=False)
        text = " ".join(w for w, _, _ in self.screen_words())
        if os.environ.get("LYNCPROV_SCREENSHOT_PHONES"):
            shutil.copy(self.last_shot, os.environ["LYNCPROV_SCREENSHOT_PHONES"])
        for expected in ("Lync phone sign-ins", "outcome=pin", "28003", "Set-CsClientPin"):
            self.assertIn(expected, text)

    def start(self, *args):
        path = capture(CAPTURE)
        self.wireshark = subprocess.Popen([WS_RUN, PLUGIN, "wireshark", "-r", path, *args],
                                          env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.wait_for_window(os.path.basename(path))

    def test_lync_profile_and_flow_graph(self):
        """The shipped Lync profile: its columns, a rejected PIN's row in red; then the Lync sign-in Flow Graph."""
        self.start("-C", "Lync", "-Y", "lyncprov.service")
        words = self.screen_words()
        if os.environ.get("LYNCPROV_SCREENSHOT_PROFILE"):
            shutil.copy(self.last_shot, os.environ["LYNCPROV_SCREENSHOT_PROFILE"])
        text = " ".join(w for w, _, _ in words)
        for column in ("Phone", "User", "Result", "Diag"):
            self.assertIn(column, text)
        self.assertIn("28003", text)
        # The row of the rejected PIN is red, the challenge's is the light blue of a Lync item.
        rejected = [y for w, _, y in words if w == "28003"]
        challenge = [y for w, _, y in words if w == "challenge"]
        self.assertTrue(rejected and challenge, text)
        r, g, b = self.pixel(8, rejected[0])
        self.assertGreater(r, g + 40, (r, g, b))
        self.assertGreater(r, b + 40, (r, g, b))
        r, g, b = self.pixel(8, challenge[0])
        self.assertGreater(b, r + 30, (r, g, b))

        # Statistics > Flow Graph, flow type "Lync sign-in": the ladder (same session, to save a start).
        self.click_word("Statistics")
        time.sleep(2)
        self.click_word("Flow")
        self.wait_for_window("Flow", exact=False)
        self.click_word("Flows")  # the flow type, "All Flows" at first
        time.sleep(1)
        self.x("xdotool", "type", "--delay", "100", "Lync")
        self.x("xdotool", "key", "Return")
        time.sleep(3)
        words = self.screen_words()
        if os.environ.get("LYNCPROV_SCREENSHOT_FLOW"):
            shutil.copy(self.last_shot, os.environ["LYNCPROV_SCREENSHOT_FLOW"])
        text = " ".join(w for w, _, _ in words)
        for expected in ("Lync", "DHCPINFORM,", "RootChain", "IssueToken", "challenge", "PIN", "28003"):
            self.assertIn(expected, text)
        # The arrows of the ladder only: no TCP handshake between them.
        self.assertNotIn("SYN", text)


if __name__ == "__main__":
    unittest.main()

# SPDX-License-Identifier: GPL-2.0-or-later
"""What no output of either front end may carry from tests/data/field-hostile-strings.pcap."""
import unicodedata


def unsafe(data):
    """The problems of one output: bytes that are not UTF-8, and characters a
    terminal or a text layout acts on (controls other than line ends and tabs,
    C1, format characters such as bidirectional overrides, line separators)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        return ["not UTF-8 at byte %d" % e.start]
    return sorted({"U+%04X" % ord(c) for c in text
                   if c not in "\n\r\t" and unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")})


# Texts that show the escapes were there, and could be read.
VISIBLE = ("\\x1B]0;owned\\a", "\\x1B[2J")

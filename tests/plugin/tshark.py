# SPDX-License-Identifier: GPL-2.0-or-later
"""Run the real tshark with the freshly built lyncprov plugin (see ws-run)."""
import collections
import functools
import os
import re
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
WS_RUN = os.path.join(HERE, "ws-run")
PLUGIN = os.environ.get("LYNCPROV_PLUGIN", "")
CAPTURES = os.environ.get("LYNCPROV_CAPTURES", os.path.join(HERE, "..", "..", "captures"))

# Everything in tshark that differs between the Wireshark versions lyncprov
# is tested on, by major.minor: how "-T fields" prints a boolean (true,
# false), and the field of an HTTP response that holds its request's URI.
# A new version is one more line.
Tshark = collections.namedtuple("Tshark", "true false response_uri")
VERSIONS = {
    "4.0": Tshark("1", "0", "http.response_for.uri"),
    "4.4": Tshark("True", "False", "http.request.uri"),
    "4.6": Tshark("True", "False", "http.request.uri"),
}


@functools.lru_cache(maxsize=None)
def differences():
    """What this machine's tshark prints and accepts differently (VERSIONS)."""
    out = subprocess.run(["tshark", "--version"], capture_output=True, text=True, check=True).stdout
    found = re.match(r"TShark \(Wireshark\) (\d+\.\d+)\.", out)
    if not found:
        raise AssertionError("cannot tell the tshark version from: %r" % out[:80])
    if found.group(1) not in VERSIONS:
        raise AssertionError("tshark %s: add it to VERSIONS in %s" % (found.group(1), __file__))
    return VERSIONS[found.group(1)]


def capture(name):
    path = os.path.join(CAPTURES, name)
    if not os.path.exists(path):
        raise AssertionError("capture %s is missing" % path)
    return path


def tshark(*args, binary=False):
    """tshark's stdout (bytes when binary); a non-zero exit or a plugin that did not load fails."""
    if not PLUGIN:
        raise RuntimeError("LYNCPROV_PLUGIN is not set")
    proc = subprocess.run([WS_RUN, PLUGIN, "tshark", *args], capture_output=True, text=not binary)
    if proc.returncode != 0:
        raise AssertionError("tshark %s failed (%d): %s" % (" ".join(args), proc.returncode, proc.stderr))
    return proc.stdout


def fields(name, *names, display_filter=None, two_pass=True, extra=()):
    """One dict per displayed frame: field name -> list of values."""
    args = ["-r", capture(name), "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=\x1f"]
    if two_pass:
        args.append("-2")
    if display_filter:
        args += ["-Y", display_filter]
    for n in ("frame.number",) + names:
        args += ["-e", n]
    out = tshark(*args, *extra)
    rows = []
    for line in out.splitlines():
        cols = line.split("\t")
        row = {}
        for n, v in zip(("frame.number",) + names, cols):
            row[n] = v.split("\x1f") if v else []
        row["frame"] = int(row.pop("frame.number")[0])
        rows.append(row)
    return rows


def boolean(text):
    """A boolean field's value as tshark -T fields printed it."""
    if text not in (differences().true, differences().false):
        raise AssertionError("%r is not a boolean as this tshark prints them" % text)
    return text == differences().true


def booleans(row, name):
    """A boolean field's values in one row of fields()."""
    return [boolean(v) for v in row[name]]


def frames_with(name, display_filter, two_pass=True, extra=()):
    """Frame numbers that match a display filter, e.g. an expert info's name."""
    return [row["frame"] for row in fields(name, display_filter=display_filter, two_pass=two_pass,
                                           extra=extra)]


def expert_messages(name, frame, two_pass=True):
    """The expert messages of one frame."""
    rows = fields(name, "_ws.expert.message", display_filter="frame.number == %d" % frame,
                  two_pass=two_pass)
    return rows[0]["_ws.expert.message"] if rows else []

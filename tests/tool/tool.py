# SPDX-License-Identifier: GPL-2.0-or-later
"""Helpers for the pcap-summarize tests: run the tool, read its JSON, ask tshark."""
import json
import os
import subprocess
import sys

# What differs between tshark versions is in the plugin tests' harness only.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "plugin"))
import tshark  # noqa: E402

TOOL = os.environ.get("LYNCPROV_TOOL", "")
CAPTURES = os.environ.get("LYNCPROV_CAPTURES", "")
GENERATOR = os.path.join(CAPTURES, "gen", "lyncgen.py")
# Debian's python3: the generator needs only the standard library of 3.11.
PYTHON = "/usr/bin/python3"


def capture(name):
    return os.path.join(CAPTURES, name)


def run(*args, stdin=None):
    return subprocess.run([TOOL, *args], capture_output=True, text=True, input=stdin)


def summarize(*paths, args=()):
    """The tool's JSON for these captures, and its exit status."""
    proc = run("--format", "json", *args, *paths)
    assert proc.returncode in (0, 1), "exit %d: %s" % (proc.returncode, proc.stderr)
    return json.loads(proc.stdout), proc.returncode


def tshark_frames(path, display_filter):
    """Frame numbers tshark shows for a filter (pcapng files decrypt with their embedded keys)."""
    out = subprocess.run(["tshark", "-r", path, "-Y", display_filter, "-T", "fields", "-e", "frame.number"],
                         capture_output=True, text=True, check=True).stdout
    return [int(x) for x in out.split()]


def events(phone, kind):
    return [e for e in phone["events"] if e["kind"] == kind]


def generate(directory, name, *options):
    """A lyncgen capture and its ground truth in directory."""
    pcap, truth = os.path.join(directory, name + ".pcap"), os.path.join(directory, name + ".json")
    subprocess.run([PYTHON, GENERATOR, *options, "-o", pcap, "--truth", truth],
                   check=True, capture_output=True)
    with open(truth) as f:
        return pcap, json.load(f)

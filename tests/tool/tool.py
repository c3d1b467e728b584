# SPDX-License-Identifier: GPL-2.0-or-later
"""Helpers for the pcap-summarize tests: run the tool, read its JSON, ask tshark."""
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile

# What differs between tshark versions is in the plugin tests' harness only.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "plugin"))
import tshark  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "agreement"))
from agree import without_secrets  # noqa: E402

TOOL = os.environ.get("LYNCPROV_TOOL", "")
CAPTURES = os.environ.get("LYNCPROV_CAPTURES", "")
GENERATOR = os.path.join(CAPTURES, "gen", "lyncgen.py")
# Debian's python3: the generator needs only the standard library of 3.11.
PYTHON = "/usr/bin/python3"


# libpcap refuses a pcapng whose interfaces have different link types
# (signin-multi-interface); pcap-summarize reads such files once it reads
# through libwiretap. Only this refusal is tolerated.
MIXED_LINK_TYPES = "different from the type of the first interface"


def refused_mixed_link_types(proc):
    return proc.returncode == 2 and MIXED_LINK_TYPES in proc.stderr


def capture(name):
    return os.path.join(CAPTURES, name)


_KEYLESS = []


def without_keys(name):
    """A lab pcapng without its decryption secrets: what pcap-summarize sees of it
    without keys (it decrypts with the embedded ones otherwise)."""
    if not _KEYLESS:
        _KEYLESS.append(tempfile.mkdtemp(prefix="lyncprov-keyless-"))
        atexit.register(shutil.rmtree, _KEYLESS[0], True)
    dst = os.path.join(_KEYLESS[0], os.path.basename(name))
    if not os.path.exists(dst):
        without_secrets(capture(name), dst)
    return dst


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


def tshark_first_fields(path, display_filter, *names):
    """The named fields of the first frame tshark shows for a filter, each a list of its values."""
    args = ["tshark", "-r", path, "-Y", display_filter, "-T", "fields", "-E", "aggregator=|"]
    for name in names:
        args += ["-e", name]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    return [value.split("|") for value in out.splitlines()[0].split("\t")]


def events(phone, kind):
    return [e for e in phone["events"] if e["kind"] == kind]


def generate(directory, name, *options):
    """A lyncgen capture and its ground truth in directory."""
    pcap, truth = os.path.join(directory, name + ".pcap"), os.path.join(directory, name + ".json")
    subprocess.run([PYTHON, GENERATOR, *options, "-o", pcap, "--truth", truth],
                   check=True, capture_output=True)
    with open(truth) as f:
        return pcap, json.load(f)

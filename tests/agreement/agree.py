# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin's per-phone verdicts (tshark -z lyncprov,phones) next to pcap-summarize's JSON."""
import json
import os
import re
import struct
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
WS_RUN = os.path.join(HERE, "..", "plugin", "ws-run")
PLUGIN = os.environ.get("LYNCPROV_PLUGIN", "")
TOOL = os.environ.get("LYNCPROV_TOOL", "")

PHONE_LINE = re.compile(r"^phone=(\S+) ip=(\S+) user=(.*?) outcome=(\S+) frame=(\d+)$")
CAUSE, ADVICE = "    cause:  ", "    advice: "
# pcapng Decryption Secrets Block (pcapng spec, section 4.7).
DSB = 0x0000000A


# libpcap refuses a pcapng whose interfaces have different link types
# (signin-multi-interface) until pcap-summarize reads through libwiretap.
MIXED_LINK_TYPES = "different from the type of the first interface"


def tool_refuses(path):
    """Whether pcap-summarize refuses the file for mixed link types (and only for that)."""
    proc = subprocess.run([TOOL, "--format", "json", path], capture_output=True, text=True)
    return proc.returncode == 2 and MIXED_LINK_TYPES in proc.stderr


def key(phone, user):
    """A phone's key: its MAC or address, and its user (several users behind one NAT are phones of their own)."""
    return "%s/%s" % (phone, user or "-")


def plugin_phones(path, *tshark_args, texts=False):
    """phone key -> (outcome, frame), from tshark -2 -z lyncprov,phones; with texts,
    (outcome, frame, cause, advice)."""
    proc = subprocess.run([WS_RUN, PLUGIN, "tshark", "-r", path, *tshark_args, "-2", "-q", "-z", "lyncprov,phones"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise AssertionError("tshark on %s failed: %s" % (path, proc.stderr))
    phones = {}
    lines = proc.stdout.splitlines()
    for i, line in enumerate(lines):
        m = PHONE_LINE.match(line)
        if not m:
            continue
        k = key(m.group(1), m.group(3) if m.group(3) != "-" else None)
        phones[k] = (m.group(4), int(m.group(5)))
        if texts:
            cause, advice = lines[i + 1], lines[i + 2]
            if not cause.startswith(CAUSE) or not advice.startswith(ADVICE):
                raise AssertionError("%s: phone %s without cause and advice:\n%s" % (path, m.group(1), proc.stdout))
            phones[k] += (cause[len(CAUSE):], advice[len(ADVICE):])
    if "=== Lync phone sign-ins ===" not in proc.stdout:
        raise AssertionError("no lyncprov,phones report for %s:\n%s" % (path, proc.stdout))
    return phones


def tool_phones(*paths, texts=False):
    """phone key -> (outcome, frame) from pcap-summarize --format json, with texts (outcome,
    frame, cause, advice); with an Export PDU file the decisive frame is the original
    capture's (the record's orig_frame)."""
    proc = subprocess.run([TOOL, "--format", "json", *paths], capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise AssertionError("pcap-summarize %s: exit %d: %s" % (paths, proc.returncode, proc.stderr))
    phones = {}
    for ph in json.loads(proc.stdout)["phones"]:
        frame = ph.get("frame", 0)
        for ev in ph["events"]:
            if ev["frame"] == frame and ev.get("capture", 0) == ph.get("capture", 0) and "orig_frame" in ev:
                frame = ev["orig_frame"]
                break
        phones[key(ph["mac"] or ph["ip"], ph["user"])] = (ph["outcome"], frame) + ((ph["cause"], ph["advice"]) if texts else ())
    return phones


def without_secrets(src, dst):
    """Copy a pcapng without its decryption secrets (as editcap --discard-all-secrets does)."""
    with open(src, "rb") as f:
        data = f.read()
    if data[:4] != b"\x0a\x0d\x0d\x0a":
        with open(dst, "wb") as f:
            f.write(data)
        return False
    order = "<" if data[8:12] == b"\x4d\x3c\x2b\x1a" else ">"
    out, off, stripped = [], 0, False
    while off + 12 <= len(data):
        btype, blen = struct.unpack(order + "II", data[off:off + 8])
        if blen < 12 or off + blen > len(data):
            raise AssertionError("%s: damaged pcapng block at offset %d" % (src, off))
        if btype == DSB:
            stripped = True
        else:
            out.append(data[off:off + blen])
        off += blen
    with open(dst, "wb") as f:
        f.write(b"".join(out))
    return stripped

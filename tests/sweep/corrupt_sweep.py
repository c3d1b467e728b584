#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Corruption sweep: every reference capture, damaged by `editcap -E` at
several rates with fixed seeds, through tshark with the plugin and through
pcap-summarize (built with ASan/UBSan).

A variant passes when
- tshark (-2 -V, and -2 -q -z lyncprov,tree) exits below 128, and lyncprov
  raises no "Dissector bug" and no malformed packet;
- pcap-summarize exits with 0, 1 or 2, prints no sanitizer report, and still
  reports, with the same outcome, every phone none of whose frames (by MAC or
  IP address) was damaged.

Usage: corrupt_sweep.py --plugin lyncprov.so --tool pcap-summarize
                        [--rates 0.0002,0.001,0.01] [--seeds 3] [--jobs N]
"""
import argparse
import concurrent.futures
import ipaddress
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
WS_RUN = os.path.join(TOP, "tests", "plugin", "ws-run")
SANITIZER_MARKS = ("ERROR: AddressSanitizer", "runtime error:", "ERROR: LeakSanitizer")


def captures():
    d = os.path.join(TOP, "captures")
    names = sorted(n for n in os.listdir(d) if n.endswith((".pcapng", ".pcap")))
    return [os.path.join(d, n) for n in names]


def frames(path):
    """The bytes of every packet of a pcap or pcapng file, in order."""
    with open(path, "rb") as f:
        data = f.read()
    out = []
    if data[:4] == b"\x0a\x0d\x0d\x0a":  # pcapng: walk the blocks
        off, endian = 0, "<"
        while off + 12 <= len(data):
            if data[off:off + 4] == b"\x0a\x0d\x0d\x0a":
                endian = "<" if data[off + 8:off + 12] == b"\x4d\x3c\x2b\x1a" else ">"
            btype, blen = struct.unpack_from(endian + "II", data, off)
            if blen < 12:
                break
            if btype == 6:  # Enhanced Packet Block
                caplen = struct.unpack_from(endian + "I", data, off + 20)[0]
                out.append(data[off + 28:off + 28 + caplen])
            off += blen
    else:
        endian = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
        off = 24
        while off + 16 <= len(data):
            caplen = struct.unpack_from(endian + "I", data, off + 8)[0]
            out.append(data[off + 16:off + 16 + caplen])
            off += 16 + caplen
    return out


def phone_keys(phone):
    keys = []
    if phone.get("mac"):
        keys.append(bytes.fromhex(phone["mac"].replace(":", "")))
    if phone.get("ip"):
        keys.append(ipaddress.ip_address(phone["ip"]).packed)
    return keys


def summarize(tool, path):
    proc = subprocess.run([tool, "--format", "json", path], capture_output=True, text=True)
    return proc


class Sweep:
    def __init__(self, args):
        self.args = args
        self.tmp = tempfile.mkdtemp(prefix="lyncprov-sweep.")
        self.baseline = {}

    def baseline_for(self, path, source):
        proc = summarize(self.args.tool, path)
        doc = json.loads(proc.stdout) if proc.returncode in (0, 1) else {"phones": []}
        return {(p.get("mac"), p.get("ip")): p for p in doc["phones"]}, frames(source)

    def check_tshark(self, variant):
        problems = []
        for extra in (["-2", "-V"], ["-2", "-q", "-z", "lyncprov,tree"]):
            proc = subprocess.run([WS_RUN, self.args.plugin, "tshark", "-r", variant, *extra],
                                  capture_output=True, text=True, errors="replace")
            if proc.returncode >= 128 or proc.returncode == 2:
                problems.append("tshark %s exit %d: %s" % (" ".join(extra), proc.returncode, proc.stderr[-300:]))
            # Stock dissectors have bugs of their own on damaged input (4.0's
            # exported_pdu asserts on a bad port type): only ours count.
            for bad in ("Dissector bug, protocol lyncprov", "Malformed Packet: LyncProv"):
                if bad.lower() in proc.stdout.lower() or bad.lower() in proc.stderr.lower():
                    problems.append("tshark %s: %s" % (" ".join(extra), bad))
        return problems

    def check_tool(self, original, variant):
        problems = []
        proc = summarize(self.args.tool, variant)
        if proc.returncode not in (0, 1, 2):
            problems.append("pcap-summarize exit %d" % proc.returncode)
        for mark in SANITIZER_MARKS:
            if mark in proc.stderr:
                problems.append("pcap-summarize: " + proc.stderr[proc.stderr.index(mark):][:400])
        if problems or proc.returncode == 2:
            return problems
        phones, before = self.baseline[original]
        after = frames(variant)
        damaged = [a for b, a in zip(before, after) if a != b] + [b for b, a in zip(before, after) if a != b]
        now = {(p.get("mac"), p.get("ip")): p for p in json.loads(proc.stdout)["phones"]}
        for key, phone in phones.items():
            if any(k in frame for frame in damaged for k in phone_keys(phone)):
                continue
            if key not in now:
                problems.append("phone %s/%s with undamaged frames is missing" % key)
            elif now[key]["outcome"] != phone["outcome"]:
                problems.append("phone %s/%s: %s became %s" % (key[0], key[1], phone["outcome"], now[key]["outcome"]))
        return problems

    def editable(self, original):
        """A copy editcap can rewrite, and the key log to put back afterwards.

        editcap 4.0 refuses to rewrite a pcapng that holds TLS secrets, and
        drops them when it writes: rewrite it with tshark first, and inject
        the key log again after the damage.
        """
        keys = original[:-len(".pcapng")] + ".keys"
        if not original.endswith(".pcapng") or not os.path.exists(keys):
            return original, None
        base = os.path.join(self.tmp, "base-" + os.path.basename(original))
        subprocess.run(["tshark", "-r", original, "-F", "pcapng", "-w", base],
                       check=True, capture_output=True)
        return base, keys

    def run_one(self, original, rate, seed):
        source, keys = self.sources[original]
        name = "%s-E%s-s%d%s" % (os.path.basename(original).split(".")[0], rate, seed,
                                 ".pcapng" if original.endswith(".pcapng") else ".pcap")
        variant = os.path.join(self.tmp, name)
        damaged = variant + ".tmp" if keys else variant
        subprocess.run(["editcap", "-E", rate, "--seed", str(seed), source, damaged],
                       check=True, capture_output=True)
        if keys:
            subprocess.run(["editcap", "--inject-secrets", "tls," + keys, damaged, variant],
                           check=True, capture_output=True)
            os.unlink(damaged)
        os.chmod(variant, 0o644)
        problems = self.check_tshark(variant) + self.check_tool(original, variant)
        os.unlink(variant)
        return name, problems

    def run(self):
        files = captures()
        self.sources = {path: self.editable(path) for path in files}
        for path in files:
            self.baseline[path] = self.baseline_for(path, self.sources[path][0])
        jobs = [(path, rate, seed) for path in files for rate in self.args.rates.split(",")
                for seed in range(1, self.args.seeds + 1)]
        failures = 0
        with concurrent.futures.ThreadPoolExecutor(self.args.jobs) as pool:
            for i, (name, problems) in enumerate(pool.map(lambda j: self.run_one(*j), jobs), 1):
                if problems:
                    failures += 1
                    print("FAIL %s\n  %s" % (name, "\n  ".join(problems)), flush=True)
                if sys.stderr.isatty():
                    print("\r%d/%d variants, %d failed" % (i, len(jobs), failures), end="", file=sys.stderr)
        print("%d variants of %d captures (rates %s, %d seeds): %d failed"
              % (len(jobs), len(files), self.args.rates, self.args.seeds, failures))
        shutil.rmtree(self.tmp, ignore_errors=True)
        return failures == 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--plugin", required=True)
    p.add_argument("--tool", required=True)
    p.add_argument("--rates", default="0.0002,0.001,0.01",
                   help="byte damage probabilities; above ~0.001 TLS no longer decrypts")
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    args = p.parse_args()
    sys.exit(0 if Sweep(args).run() else 1)


if __name__ == "__main__":
    main()

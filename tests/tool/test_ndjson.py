# SPDX-License-Identifier: GPL-2.0-or-later
"""pcap-summarize --format ndjson: every line of every lab capture's output
validates against tests/tool/ndjson.schema.json (Elastic Common Schema names),
says what the JSON report says, and the jq one-liners of the man page work."""
import json
import os
import subprocess
import unittest

import jsonschema

from tool import CAPTURES, TOOL, capture, refused_mixed_link_types, run, summarize

HERE = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(HERE, "ndjson.schema.json")) as f:
    SCHEMA = json.load(f)


def inline_refs(node, defs):
    """The schema with its local $refs replaced by what they name: the same rules, checked several
    times faster by jsonschema (it has no recursive definition)."""
    if isinstance(node, dict):
        if set(node) == {"$ref"} and node["$ref"].startswith("#/$defs/"):
            return inline_refs(defs[node["$ref"][len("#/$defs/"):]], defs)
        return {k: inline_refs(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [inline_refs(v, defs) for v in node]
    return node


VALIDATOR = jsonschema.Draft202012Validator(inline_refs(SCHEMA, SCHEMA["$defs"]),
                                            format_checker=jsonschema.FormatChecker())


def ecs_mac(mac):
    return mac.replace(":", "-").upper() if mac else None


def records(*args):
    proc = run("--format", "ndjson", *args)
    return proc, [json.loads(line) for line in proc.stdout.splitlines()]


def inputs():
    """Every lab capture alone; each capture with its Export PDU file, checked against the JSON too."""
    names = sorted(n for n in os.listdir(CAPTURES) if n.endswith((".pcapng", ".pcap")))
    for name in names:
        yield (capture(name),), False
        if name.endswith(".pcapng") and name[:-len(".pcapng")] + ".pdu.pcap" in names:
            yield (capture(name), capture(name[:-len(".pcapng")] + ".pdu.pcap")), True


class Schema(unittest.TestCase):
    def test_the_schema_is_a_schema(self):
        jsonschema.Draft202012Validator.check_schema(SCHEMA)

    def test_every_lab_capture_validates_and_agrees_with_json(self):
        checked = 0
        for paths, with_json in inputs():
            proc, lines = records(*paths)
            if refused_mixed_link_types(proc):
                continue
            self.assertIn(proc.returncode, (0, 1), (paths, proc.stderr))
            for line in lines:
                errors = [e.message for e in VALIDATOR.iter_errors(line)]
                self.assertEqual(errors, [], (paths, line))
            checked += len(lines)
            events = [x for x in lines if x["lyncprov"]["record"] == "event"]
            phones = [x for x in lines if x["lyncprov"]["record"] == "phone"]
            # Events first, in time order; then a phone record per phone.
            self.assertEqual(lines, events + phones, paths)
            stamps = [x["@timestamp"] for x in events]
            self.assertEqual(stamps, sorted(stamps), paths)
            if not with_json:
                continue
            doc, _ = summarize(*paths)
            self.assertEqual(len(events), sum(len(p["events"]) for p in doc["phones"]), paths)
            self.assertEqual([(p.get("source", {}).get("mac"), p["source"].get("ip"), p["lyncprov"]["outcome"])
                              for p in phones],
                             [(ecs_mac(p["mac"]), p["ip"], p["outcome"]) for p in doc["phones"]], paths)
            for rec, ph in zip(phones, doc["phones"]):
                self.assertEqual(rec.get("user", {}).get("name"), ph["user"])
                self.assertEqual(rec["lyncprov"].get("users_at_address"), ph.get("users_at_address"))
                if ph["frame"]:
                    self.assertEqual((rec["file"]["path"], rec["lyncprov"]["frame"]),
                                     (ph["location"]["file"], ph["location"]["frame"]))
        self.assertGreater(checked, 500)

    def test_the_schema_refuses_what_is_not_ecs(self):
        _, lines = records(capture("signin-wrong-pin.pcapng"), capture("signin-wrong-pin.pdu.pcap"))
        rejection = next(x for x in lines if x.get("error", {}).get("code") == "28003")
        self.assertTrue(VALIDATOR.is_valid(rejection))
        for path, bad in ((("source", "mac"), "00:04:f2:00:00:01"), (("source", "ip"), "10.9.0"),
                          (("@timestamp",), 1795668784.765614), (("@timestamp",), "2026-11-26T04:53:04Z"),
                          (("http", "response", "status_code"), "401"), (("event", "outcome"), "rejected"),
                          (("lyncprov", "surprise"), 1)):
            broken = json.loads(json.dumps(rejection))
            where = broken
            for key in path[:-1]:
                where = where[key]
            where[path[-1]] = bad
            self.assertFalse(VALIDATOR.is_valid(broken), path)

    def test_the_fields_of_a_rejected_pin(self):
        _, lines = records(capture("signin-wrong-pin.pcapng"), capture("signin-wrong-pin.pdu.pcap"))
        rejection = next(x for x in lines if x.get("error", {}).get("code") == "28003")
        self.assertEqual(rejection["event"]["action"], "http_response")
        self.assertEqual(rejection["event"]["outcome"], "failure")
        self.assertEqual(rejection["http"]["response"]["status_code"], 401)
        self.assertEqual(rejection["error"]["message"], "The pin is invalid.")
        self.assertEqual(rejection["source"], {"mac": "00-04-F2-00-00-01", "ip": "10.9.0.11"})
        self.assertEqual(rejection["destination"], {"ip": "10.9.0.1", "port": 443})
        other_ends = {x["event"]["action"]: x["destination"] for x in lines if "destination" in x}
        self.assertEqual(other_ends["dhcp_ack"], {"ip": "10.9.0.1", "port": 67})
        self.assertEqual(other_ends["dns_query"], {"ip": "10.9.0.1", "port": 53})
        self.assertEqual(other_ends["root_chain"], {"ip": "10.9.0.1", "port": 80})
        self.assertEqual(rejection["user"], {"name": "1234"})
        self.assertRegex(rejection["@timestamp"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$")
        request = [x for x in lines if x["event"]["action"] == "http_request"][-1]
        self.assertEqual((request["http"]["request"]["method"], request["url"]["path"]),
                         ("POST", "/WebTicket/WebTicketService.svc/pin"))
        self.assertNotIn("PIN 1", request["event"]["reason"])  # masked: ****
        [phone] = [x for x in lines if x["lyncprov"]["record"] == "phone"]
        self.assertEqual(phone["@timestamp"], rejection["@timestamp"])
        self.assertEqual(phone["error"]["code"], "28003")


def man_jq_lines():
    """The jq one-liners of the man page, as a shell runs them."""
    with open(os.environ["LYNCPROV_MANPAGE"]) as f:
        text = f.read()
    lines = [line.replace("\\-", "-").replace("\\e", "\\") for line in text.splitlines()]
    return [line for line in lines if line.startswith("pcap-summarize --format ndjson") and "| jq" in line]


class Jq(unittest.TestCase):
    """Each one-liner of the man page, run by the shell on the multi-phone capture and its
    decrypted HTTP, prints what the JSON report says."""
    PATHS = (capture("signin-multi-phone.pcapng"), capture("signin-multi-phone.pdu.pcap"))

    @classmethod
    def setUpClass(cls):
        cls.doc, _ = summarize(*cls.PATHS)

    def expected(self, program):
        phones = self.doc["phones"]
        failed = [p for p in phones if p["outcome"] != "signed_in"]
        by_outcome = {}
        for p in phones:
            by_outcome[p["outcome"]] = by_outcome.get(p["outcome"], 0) + 1
        second = next(p for p in phones if p["mac"] == "00:04:f2:00:00:02")
        return {
            "phones": "".join("%s\t%s\n" % (ecs_mac(p["mac"]), p["outcome"]) for p in phones),
            "failed": "".join("%s\t%d\t%s\n" % (p["location"]["file"], p["location"]["frame"], p["outcome"])
                              for p in failed),
            "counts": json.dumps(by_outcome, sort_keys=True),
            "events": "".join("%d\t%s\n" % (e["location"]["frame"], e["kind"]) for e in second["events"]),
        }[program]

    def test_man_page_one_liners(self):
        lines = man_jq_lines()
        self.assertEqual(len(lines), 4, lines)
        names = ("phones", "failed", "counts", "events")
        for line, name in zip(lines, names):
            command = line.replace("field.pcapng", " ".join(self.PATHS))
            env = dict(os.environ, PATH=os.path.dirname(TOOL) + os.pathsep + os.environ["PATH"])
            proc = subprocess.run(["sh", "-c", command], capture_output=True, text=True, env=env)
            self.assertEqual(proc.returncode, 0, (line, proc.stderr))
            out = proc.stdout
            if name == "counts":
                out = json.dumps(json.loads(out), sort_keys=True)
            self.assertEqual(out, self.expected(name), line)


if __name__ == "__main__":
    unittest.main()

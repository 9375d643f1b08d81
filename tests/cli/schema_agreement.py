#!/usr/bin/python3
"""Holds evt-schema's JSON Schema export to evt's own validator, record by record.

Usage: schema_agreement.py EVT_SCHEMA BUNDLE RECORDS OUT_DIR

RECORDS holds real records (JSON Lines). The first few of each kind are also
damaged the ways evt's validator refuses: a required field deleted, a field
given a value of the wrong type (at the top and in a nested object), a field
evt does not declare, an impossible timestamp, one with a newline after it.
evt-schema validate reads the lot once; Debian's python3-jsonschema
(Draft202012Validator) checks each line against BUNDLE, the document for any
record. They must agree on every line, and the damaged records must include
refusals of every kind of damage, so the test cannot pass by accepting all.
Writes OUT_DIR/all.jsonl (the lines checked); exit 0 when they agree.
"""
import json
import re
import subprocess
import sys

from jsonschema import Draft202012Validator, FormatChecker

ENVELOPE = ("kind", "v", "ts")
DAMAGED_PER_KIND = 6


def wrong_type(value):
    if isinstance(value, bool):
        return "true"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return 12
    if isinstance(value, list):
        return {"not": "an array"}
    if isinstance(value, dict):
        return ["not", "an object"]
    return 1


def damaged(record, required_fields):
    """(damage, record) pairs; each damages one field, the first one it can."""
    fields = [k for k in record if k not in ENVELOPE]
    out = []
    for name in required_fields:
        if name in record:
            copy = dict(record)
            del copy[name]
            out.append(("missing required field", copy))
            break
    for name in fields:
        copy = dict(record)
        copy[name] = wrong_type(record[name])
        out.append(("wrong type", copy))
        break
    copy = dict(record)
    copy["zz_undeclared"] = 1
    out.append(("undeclared field", copy))
    copy = dict(record)
    copy["ts"] = "2026-02-29T10:00:00.000Z"
    out.append(("impossible timestamp", copy))
    copy = dict(record)
    copy["ts"] = record.get("ts", "") + "\n"
    out.append(("timestamp with a newline", copy))
    for name in fields:  # a nested object's own field, deleted or retyped
        if isinstance(record[name], dict) and record[name]:
            inner_key = next(iter(record[name]))
            copy = json.loads(json.dumps(record))
            copy[name][inner_key] = wrong_type(record[name][inner_key])
            out.append(("wrong type in a nested object", copy))
            break
    return out


def evt_refusals(evt_schema, path):
    proc = subprocess.run([evt_schema, "validate", path], capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"evt-schema validate exited {proc.returncode}: {proc.stderr}{proc.stdout[:2000]}")
    refused = {}
    for line in proc.stdout.splitlines():
        m = re.match(r"^.*?:(\d+): (.*)$", line)
        if m:
            refused[int(m.group(1))] = m.group(2)
    return refused


def main():
    evt_schema, bundle_path, records_path, out_dir = sys.argv[1:5]
    with open(bundle_path) as f:
        bundle = json.load(f)
    Draft202012Validator.check_schema(bundle)
    validator = Draft202012Validator(bundle, format_checker=FormatChecker())
    required = {name: d.get("required", []) for name, d in bundle["$defs"].items()}

    real = []
    with open(records_path) as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                real.append(json.loads(line))
    lines = [("real", r) for r in real]
    damaged_per_kind = {}
    for record in real:  # the first few of each kind, to keep the test short
        kind = record.get("kind")
        damaged_per_kind[kind] = damaged_per_kind.get(kind, 0) + 1
        if damaged_per_kind[kind] <= DAMAGED_PER_KIND:
            lines += damaged(record, required.get(kind, []))

    all_path = f"{out_dir}/all.jsonl"
    with open(all_path, "w") as f:
        for _, record in lines:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    by_evt = evt_refusals(evt_schema, all_path)

    disagreements = []
    refused_by_both = {}
    kinds = set()
    for n, (damage, record) in enumerate(lines, 1):
        errors = list(validator.iter_errors(record))
        schema_refuses = bool(errors)
        evt_refuses = n in by_evt
        if damage == "real":
            kinds.add(record.get("kind"))
        if schema_refuses != evt_refuses:
            why = by_evt.get(n) or (errors[0].message if errors else "")
            disagreements.append(f"line {n} ({damage}): evt {'refuses' if evt_refuses else 'accepts'}, "
                                 f"jsonschema {'refuses' if schema_refuses else 'accepts'}: {why}")
        elif evt_refuses:
            refused_by_both[damage] = refused_by_both.get(damage, 0) + 1

    print(f"{len(real)} real records of {len(kinds)} kinds, {len(lines) - len(real)} damaged; "
          f"refused by both: {json.dumps(refused_by_both, sort_keys=True)}")
    if disagreements:
        print("\n".join(disagreements[:20]), file=sys.stderr)
        sys.exit(f"{len(disagreements)} of {len(lines)} lines judged differently")
    if refused_by_both.get("real"):
        sys.exit("some real records are invalid")
    wanted = {"missing required field", "wrong type", "undeclared field", "impossible timestamp",
              "timestamp with a newline", "wrong type in a nested object"}
    if wanted - set(refused_by_both):
        sys.exit(f"no damaged record was refused for: {sorted(wanted - set(refused_by_both))}")


if __name__ == "__main__":
    main()

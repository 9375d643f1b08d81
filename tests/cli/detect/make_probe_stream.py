#!/usr/bin/env python3
"""Probe records as evt-probe writes them, one target at 2 s intervals, with
faults injected at given sample indexes, for evt-detect's black-box tests.

  make_probe_stream.py --samples 600 --outage 300:330 --shift 450 --outlier 100 --seed 7

--outage A:B: samples A..B-1 take 2000 ms (a path that times out);
--shift N: from sample N on, latency sits 40 ms higher (a new route);
--outlier N: sample N alone takes 900 ms;
--missing A:B: samples A..B-1 have no total_ms (null);
--gap A:B: samples A..B-1 are not written at all (nobody looked).
The seed is printed on stderr; EVT_TEST_SEED overrides --seed."""
import argparse
import datetime
import json
import os
import random
import sys


def span(text):
    a, b = text.split(":")
    return range(int(a), int(b))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--samples", type=int, default=600)
    p.add_argument("--target", default="checkout")
    p.add_argument("--outage", type=span, default=range(0))
    p.add_argument("--shift", type=int, default=None)
    p.add_argument("--outlier", type=int, action="append", default=[])
    p.add_argument("--missing", type=span, default=range(0))
    p.add_argument("--gap", type=span, default=range(0))
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    seed = int(os.environ.get("EVT_TEST_SEED", a.seed))
    print(f"make_probe_stream: EVT_TEST_SEED={seed}", file=sys.stderr)
    rng = random.Random(seed)
    start = datetime.datetime(2026, 12, 5, 10, 0, 0, tzinfo=datetime.timezone.utc)
    for i in range(a.samples):
        if i in a.gap:
            continue
        ts = start + datetime.timedelta(seconds=2 * i)
        latency = 50 + rng.gauss(0, 2)
        if a.shift is not None and i >= a.shift:
            latency += 40
        if i in a.outlier:
            latency = 900.0
        ok = True
        if i in a.outage:
            latency, ok = 2000.0, False
        record = {"kind": "probe", "v": 1, "ts": ts.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts.microsecond // 1000:03d}Z",
                  "target": a.target, "check": "http", "url": "https://shop.example.net/healthz", "attempt": i + 1,
                  "ok": ok, "total_ms": None if i in a.missing else round(latency, 3)}
        if not ok:
            record["error"] = "timed out after 2000 ms"
        print(json.dumps(record, separators=(",", ":")))


main()

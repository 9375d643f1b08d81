#!/usr/bin/env python3
"""Writes probe records as evt-probe would, for evt-failover decide tests.

probe_stream.py START_S STEP_MS TARGET=PATTERN...
Round i (at START_S seconds past 2026-12-05T10:00:00Z plus i*STEP_MS) has
one record per TARGET, ok where PATTERN has "1" at i, failed at "0"; the
pattern's last character repeats when it is shorter than the longest.
"""
import datetime
import sys

start = datetime.datetime(2026, 12, 5, 10, 0, 0, tzinfo=datetime.timezone.utc)
start += datetime.timedelta(seconds=float(sys.argv[1]))
step = int(sys.argv[2])
specs = [a.split("=", 1) for a in sys.argv[3:]]
rounds = max(len(p) for _, p in specs)
for i in range(rounds):
    at = start + datetime.timedelta(milliseconds=i * step)
    ts = at.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (at.microsecond // 1000)
    for target, pattern in specs:
        ok = (pattern[i] if i < len(pattern) else pattern[-1]) == "1"
        error = "" if ok else ',"error":"connection refused"'
        print('{"kind":"probe","v":1,"ts":"%s","target":"%s","check":"tcp","address":"127.0.0.1:9",'
              '"attempt":%d,"ok":%s,"total_ms":2.0%s}' % (ts, target, i + 1, "true" if ok else "false", error))

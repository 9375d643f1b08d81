#!/usr/bin/python3
"""Writes a synthetic nginx "combined" access log (with $request_time) of
known bursts and gaps, and the requests per second evt-load must replay
from it, for the black-box replay tests.

  make_access_log.py --seed 7 --log access.log --expected expected.json \
      [--pattern steady:3@20,burst:2@150,gap:4,...] [--speeds 1,2] \
      [--unsafe 5] [--malformed 3]

The pattern is a list of segments over completion seconds: steady:S@R (S
seconds near R requests/s, within +-20 %), burst:S@R (exactly R), gap:S (S
idle seconds). Each request gets a request time of 0 to 250 ms.

The log is written as nginx writes one: a line per request at its
completion, in whole seconds, lines of neighbouring seconds interleaved
(workers finish out of order). evt-load cannot know where in a second a
request ended, so it spreads the k requests logged in a second evenly (the
i-th in file order at i/k of it, in whole microseconds) and subtracts the
request time (tools/load/log_arrivals.h). The generator places every request
exactly there, so the arrivals evt-load recovers are the generated ones and
the expected series is exact: {"series": {"1x": [...], "2x": [...]}, ...},
where series[s][n] counts the requests due in second n of a replay at that
speed (offsets from the first replayed request divided by the speed, the
same double arithmetic as tools/load/replay_schedule.cc). POST lines
(--unsafe) are in the log but not in the series (the default filter leaves
them out); malformed lines (--malformed, TLS bytes sent to a plain port)
are in neither.
"""

import argparse
import calendar
import json
import math
import random
import sys
import time

DEFAULT_PATTERN = "steady:3@20,burst:2@150,gap:4,steady:2@10,burst:1@300,gap:2,steady:3@30"
START = calendar.timegm((2026, 12, 6, 10, 0, 0))
MICROS = 1_000_000


def parse_pattern(text):
    counts_per_second = []
    for segment in text.split(","):
        kind, _, rest = segment.partition(":")
        seconds_text, _, rate_text = rest.partition("@")
        try:
            seconds = int(seconds_text)
            rate = int(rate_text) if kind != "gap" else 0
        except ValueError:
            raise SystemExit(f"make_access_log.py: pattern segment {segment!r}: expected steady:S@R, burst:S@R or gap:S")
        if kind not in ("steady", "burst", "gap") or seconds < 1 or rate < 0 or (kind == "gap") != (rate_text == ""):
            raise SystemExit(f"make_access_log.py: pattern segment {segment!r}: expected steady:S@R, burst:S@R or gap:S")
        counts_per_second.extend([(kind, rate)] * seconds)
    return counts_per_second


def combined_line(rng, completed_s, method, target, request_time_ms):
    stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(completed_s))
    client = rng.choice(["203.0.113.7", "2001:db8::1", "198.51.100.23"])
    agent = rng.choice(['Mozilla/5.0 (X11; Linux x86_64)', 'agent \\x22quoted\\x22', 'curl/8.5.0'])
    return (f'{client} - - [{stamp}] "{method} {target} HTTP/1.1" 200 512 "-" "{agent}" '
            f'{request_time_ms // 1000}.{request_time_ms % 1000:03d}\n')


def completion_order(rng, counts):
    """Every (second, index) in the order the lines are written: each second's
    own lines in order, but spread over 1.6 s, so a second's last lines are
    often written after the next second's first (workers finish out of
    order) while the index evt-load gives a line within its second holds."""
    keyed = []
    for s, k in enumerate(counts):
        for i, u in enumerate(sorted(rng.uniform(0, 1.6) for _ in range(k))):
            keyed.append((s + u, s, i))
    keyed.sort()
    return [(s, i) for _, s, i in keyed]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--log", required=True, help="the access log to write")
    parser.add_argument("--expected", required=True, help="the JSON file of expected requests per second")
    parser.add_argument("--pattern", default=DEFAULT_PATTERN)
    parser.add_argument("--speeds", default="1,2", help="replay speeds to give series for (2 for 2x)")
    parser.add_argument("--unsafe", type=int, default=0, help="POST requests mixed in")
    parser.add_argument("--malformed", type=int, default=0, help="malformed lines mixed in")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pattern = parse_pattern(args.pattern)
    if pattern[0][1] == 0:
        raise SystemExit("make_access_log.py: the pattern must not start with a gap")
    speeds = [float(s) for s in args.speeds.split(",")]

    counts = []
    for kind, rate in pattern:
        counts.append(max(1, round(rate * rng.uniform(0.8, 1.2))) if kind == "steady" else rate)
    # Every request: (completed second, index in it, method, target, request time in ms).
    requests = []
    for s, k in enumerate(counts):
        for i in range(k):
            requests.append([s, i, "GET", f"/p/{s}/{i}", rng.randint(0, 250)])
    for r in rng.sample(requests, min(args.unsafe, len(requests) - 1)):
        r[2] = "POST"

    # Arrival in µs, as evt-load computes it from the line (see the docstring).
    def arrival_us(r):
        s, i, _, _, rt_ms = r
        return (START + s) * MICROS + i * MICROS // counts[s] - rt_ms * 1000

    replayed = sorted(arrival_us(r) for r in requests if r[2] == "GET")
    first = replayed[0]
    series = {}
    for speed in speeds:
        buckets = [math.floor(((us - first) / MICROS) / speed) for us in replayed]
        per_second = [0] * (buckets[-1] + 1)
        for b in buckets:
            per_second[b] += 1
        series[f"{speed:g}x"] = per_second

    by_place = {(r[0], r[1]): r for r in requests}
    lines = []
    for place in completion_order(rng, counts):
        s, _, method, target, rt_ms = by_place[place]
        lines.append(combined_line(rng, START + s, method, target, rt_ms))
    for n in range(args.malformed):
        stamp = time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(START + rng.randrange(len(counts))))
        lines.insert(rng.randrange(len(lines) + 1),
                     f'192.0.2.9 - - [{stamp}] "\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03" 400 157 "-" "-" 0.001\n')

    with open(args.log, "w", encoding="utf-8") as log:
        log.writelines(lines)
    expected = {
        "seed": args.seed,
        "pattern": args.pattern,
        "lines": len(lines),
        "requests": len(replayed),
        "unsafe": args.unsafe,
        "malformed": args.malformed,
        "series": series,
    }
    with open(args.expected, "w", encoding="utf-8") as out:
        json.dump(expected, out)
        out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

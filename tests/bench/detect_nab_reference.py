#!/usr/bin/env python3
"""NAB's own scorer as the reference for engine/nab: drives nab/sweeper.py
from a NAB checkout (stdlib only; the rest of NAB needs pandas) the way
NAB's optimizer.py, scorer.py and runner.normalize use it, on NAB-layout
result folders, and prints one line per detector and profile:
  DETECTOR corpus PROFILE THRESHOLD NORMALISED

usage: detect_nab_reference.py SWEEPER_PY NAB_ROOT RESULTS_DIR... [--against EVT_JSONL]

With --against (detect_nab_reference --json's output), each line also shows
engine/nab's figure and the difference, and the exit status is 1 when a
threshold differs or a figure by more than 0.01.
"""
import csv
import datetime
import importlib.util
import json
import os
import sys


def load_sweeper(path):
    spec = importlib.util.spec_from_file_location("nab_sweeper", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def parse_time(text):
    return datetime.datetime.strptime(text[:19], "%Y-%m-%d %H:%M:%S")


def read_column(path, column):
    with open(path, newline="") as f:
        return [row[column] for row in csv.DictReader(f)]


def load_corpus(root):
    with open(os.path.join(root, "labels", "combined_windows.json")) as f:
        windows = json.load(f)
    corpus = {}
    for name in sorted(windows):
        stamps = [parse_time(t) for t in read_column(os.path.join(root, "data", name), "timestamp")]
        limits = [(parse_time(a), parse_time(b)) for a, b in windows[name]]
        corpus[name] = (stamps, limits)
    with open(os.path.join(root, "config", "profiles.json")) as f:
        profiles = json.load(f)
    return corpus, profiles


def load_scores(results_dir, corpus):
    detector = os.path.basename(os.path.normpath(results_dir))
    scores = {}
    for name in corpus:
        category, file_name = name.split("/")
        path = os.path.join(results_dir, category, detector + "_" + file_name)
        scores[name] = [float(s) for s in read_column(path, "anomaly_score")]
    return detector, scores


def optimise(sweeper_module, cost, corpus, scores):
    """optimizer.py: one sweep over all rows; the first of the best scores."""
    sweeper = sweeper_module.Sweeper(probationPercent=0.15, costMatrix=cost)
    rows = []
    for name, (stamps, limits) in corpus.items():
        rows.extend(sweeper.calcSweepScore(stamps, scores[name], limits, name))
    by_threshold = sorted(sweeper.calcScoreByThreshold(rows), key=lambda x: x.score, reverse=True)
    return by_threshold[0].threshold


def score(sweeper_module, cost, corpus, scores, threshold):
    """scorer.py: each file scored at the threshold, the scores summed."""
    total = 0.0
    for name, (stamps, limits) in corpus.items():
        sweeper = sweeper_module.Sweeper(probationPercent=0.15, costMatrix=cost)
        _, row = sweeper.scoreDataSet(stamps, scores[name], limits, name, threshold)
        total += row.score
    return total


def load_evt_figures(path):
    figures = {}
    with open(path) as f:
        for line in f:
            o = json.loads(line)
            if o["regime"] == "corpus":
                figures[(o["detector"], o["profile"])] = (o["threshold"], o["score"])
    return figures


def main():
    args = sys.argv[1:]
    evt = None
    if "--against" in args:
        i = args.index("--against")
        evt = load_evt_figures(args[i + 1])
        del args[i:i + 2]
    if len(args) < 3:
        sys.exit(__doc__)
    sweeper_module = load_sweeper(args[0])
    corpus, profiles = load_corpus(args[1])
    failed = False
    windows = sum(len(limits) for _, limits in corpus.values())
    null_scores = {name: [0.5] * len(stamps) for name, (stamps, _) in corpus.items()}
    for results_dir in args[2:]:
        detector, scores = load_scores(results_dir, corpus)
        for profile, body in profiles.items():
            cost = body["CostMatrix"]
            null = score(sweeper_module, cost, corpus, null_scores,
                         optimise(sweeper_module, cost, corpus, null_scores))
            threshold = optimise(sweeper_module, cost, corpus, scores)
            raw = score(sweeper_module, cost, corpus, scores, threshold)
            perfect = windows * cost["tpWeight"]
            normalised = 100 * (raw - null) / (perfect - null)
            line = "%s corpus %s %.6g %.4f" % (detector, profile, threshold, normalised)
            if evt is not None:
                evt_threshold, evt_score = evt[(detector, profile)]
                line += "  engine/nab: %.6g %.4f (difference %.2g)" % (
                    evt_threshold, evt_score, evt_score - normalised)
                failed |= evt_threshold != threshold or abs(evt_score - normalised) > 0.01
            print(line, flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

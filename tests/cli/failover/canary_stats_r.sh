#!/usr/bin/env bash
# The canary judge's statistics (common/rank_sum_test.h, common/count_test.h,
# through the test-only canary_stats_oracle) against R, the oracle the issue
# names: wilcox.test(x, y, conf.int = TRUE) (R 4.2, correct = TRUE,
# conf.level = 0.95, and 0.99 or 0.9 where a case says), fisher.test(matrix(c(a, b, c, d), 2))$p.value and
# prop.test(c(x1, x2), c(n1, n2))'s difference and interval, on fixed
# vectors: small without ties (exact), with ties (normal approximation with
# tie and continuity correction), n >= 50, a shifted pair, identical
# samples, an all-zero baseline against a non-zero canary, and the cases
# where R has no answer.
#
#   canary_stats_r.sh [ORACLE]   (default $EVT_CANARY_STATS_ORACLE)
#
# Tolerances: relative 1e-9 for W, the p-values, the exact test's estimate
# and interval, and prop.test's. The normal approximation's estimate and
# interval are roots R finds with uniroot(tol = 1e-4), so they are compared
# to 1e-4 absolute: evt runs the same Brent steps (common/brent_root.h), and
# the largest difference seen is printed.
# Where R stops ("cannot compute confidence interval when all observations
# are tied"), the test checks that R does stop and that evt applies its rule
# (rank_sum_test.h): all values equal -> p 1, estimate and interval 0; each
# sample one value -> R's p-value without conf.int, estimate and interval the
# difference. One Rscript run for every case.
source "$(dirname "$0")/../lib.sh"

oracle=${1:-${EVT_CANARY_STATS_ORACLE:-}}
python=/usr/bin/python3
[[ -x $oracle ]] || fail "canary_stats_oracle not built at '$oracle' (cmake --build build --target canary_stats_oracle)"
command -v Rscript >/dev/null ||
  fail "Rscript is not installed; scripts/install-deps.sh test installs Debian's r-base-core (make test runs it)"

# The cases: fixed vectors; the large ones from fixed seeds, so every run
# compares the same numbers.
"$python" - >"$TMP/cases" <<'EOF_CASES'
import random

def vec(values):
    return ",".join(repr(float(v)) for v in values)

def wilcox(name, x, y, conf=""):
    print("wilcox", name, vec(x), vec(y), conf)

wilcox("exact_small", [12.1, 14.3, 9.8, 16.4, 11.0, 13.7], [8.2, 10.5, 7.9, 9.1, 12.6, 6.4, 8.8])
wilcox("exact_separated", [20, 21, 22, 23, 24], [1, 2, 3, 4, 5])
wilcox("exact_small_99", [12.1, 14.3, 9.8, 16.4, 11.0, 13.7], [8.2, 10.5, 7.9, 9.1, 12.6, 6.4, 8.8], 0.99)
wilcox("exact_small_90", [12.1, 14.3, 9.8, 16.4, 11.0, 13.7], [8.2, 10.5, 7.9, 9.1, 12.6, 6.4, 8.8], 0.9)
wilcox("exact_one_each", [5], [3])
wilcox("exact_unequal_sizes", [101.5, 98.25, 120.125], [99.5, 97.0, 103.75, 96.5, 100.25, 95.0, 102.0, 94.5, 98.0, 93.0])
r = random.Random(30)
wilcox("exact_49_each", [round(r.lognormvariate(3.0, 0.3), 6) for _ in range(49)],
       [round(r.lognormvariate(3.1, 0.3), 6) for _ in range(49)])
wilcox("ties_small", [12, 15, 15, 18, 20, 20, 22], [10, 12, 12, 14, 15, 16])
wilcox("ties_small_99", [12, 15, 15, 18, 20, 20, 22], [10, 12, 12, 14, 15, 16], 0.99)
wilcox("ties_latency_ms", [41, 43, 43, 44, 45, 45, 45, 47, 52, 60, 41, 44],
       [40, 41, 41, 42, 43, 43, 44, 44, 44, 46, 49, 40, 42])
r = random.Random(2930)
wilcox("large_no_ties_60_40", [r.gauss(50, 8) for _ in range(60)], [r.gauss(50, 8) for _ in range(40)])
r = random.Random(31)
wilcox("large_shift_50ms", [round(r.gauss(95, 12), 1) for _ in range(80)], [round(r.gauss(45, 12), 1) for _ in range(80)])
r = random.Random(32)
wilcox("large_same_rounded", [round(r.expovariate(1 / 40)) for _ in range(200)],
       [round(r.expovariate(1 / 40)) for _ in range(150)])
wilcox("large_vs_small_exact_bound", [r.uniform(0, 1) for _ in range(50)], [r.uniform(0.2, 1.2) for _ in range(10)])
# Two canary timings against 21: without the continuity correction the
# statistic is 0 over a stretch of shifts, and uniroot's estimate depends on
# which sample is x; evt's follows R's both ways.
wilcox("two_against_21", [31, 47], [40, 41, 41, 43, 44, 45, 45, 45, 46, 48, 50, 50, 51, 52, 55, 56, 58, 60, 61, 64, 70])
wilcox("two_against_21_swapped", [40, 41, 41, 43, 44, 45, 45, 45, 46, 48, 50, 50, 51, 52, 55, 56, 58, 60, 61, 64, 70], [31, 47])
wilcox("identical_samples", [3, 5, 7, 9, 11], [3, 5, 7, 9, 11])
wilcox("all_zero_baseline", [0, 0, 1, 2, 0, 3, 5, 0, 1, 4], [0] * 30)
wilcox("zero_canary_vs_baseline", [0] * 12, [0, 1, 0, 2, 0, 0, 3])
wilcox("r_na_all_tied", [0] * 10, [0] * 10)
wilcox("r_na_constant_pair", [5] * 8, [3] * 8)
for name, counts in [("errors_10_vs_0", (10, 500, 0, 500)), ("errors_3_vs_2", (3, 200, 2, 200)),
                     ("errors_none", (0, 50, 0, 50)), ("errors_all_vs_none", (50, 50, 0, 50)),
                     ("errors_7_vs_25", (7, 1000, 25, 1000)), ("errors_1_of_20_vs_0_of_30", (1, 20, 0, 30)),
                     ("errors_symmetric", (4, 100, 6, 100)),
                     ("errors_millions", (50_300, 5_000_000, 50_000, 5_000_000))]:
    print("counts", name, *counts)
print("counts errors_10_vs_0_99", 10, 500, 0, 500, 0.99)
EOF_CASES

"$oracle" <"$TMP/cases" >"$TMP/evt.jsonl" || fail "canary_stats_oracle failed: $(cat "$TMP/evt.jsonl")"

cat >"$TMP/oracle.R" <<'EOF_R'
num <- function(v) if (is.null(v) || is.na(v)) "null" else sprintf("%.17g", v)
nums <- function(s) as.numeric(strsplit(s, ",")[[1]])
for (line in readLines(file("stdin"))) {
  f <- strsplit(line, " ")[[1]]
  if (f[1] == "wilcox") {
    x <- nums(f[3]); y <- nums(f[4])
    level <- if (length(f) >= 5) as.numeric(f[5]) else 0.95
    r <- tryCatch(suppressWarnings(wilcox.test(x, y, conf.int = TRUE, conf.level = level)), error = function(e) NULL)
    if (is.null(r)) {
      plain <- suppressWarnings(wilcox.test(x, y))
      cat(sprintf('{"case":"%s","r_stopped":true,"W":%s,"p":%s}\n', f[2], num(plain$statistic), num(plain$p.value)))
    } else {
      cat(sprintf('{"case":"%s","method":"%s","W":%s,"p":%s,"estimate":%s,"low":%s,"high":%s}\n', f[2],
                  if (grepl("exact", r$method)) "exact" else "normal", num(r$statistic), num(r$p.value),
                  num(r$estimate), num(r$conf.int[1]), num(r$conf.int[2])))
    }
  } else {
    n <- as.numeric(f[3:6])
    level <- if (length(f) >= 7) as.numeric(f[7]) else 0.95
    p <- fisher.test(matrix(c(n[1], n[2] - n[1], n[3], n[4] - n[3]), 2))$p.value
    pt <- suppressWarnings(prop.test(c(n[1], n[3]), c(n[2], n[4]), correct = TRUE, conf.level = level))
    cat(sprintf('{"case":"%s","p":%s,"estimate":%s,"low":%s,"high":%s}\n', f[2], num(p),
                num(pt$estimate[1] - pt$estimate[2]), num(pt$conf.int[1]), num(pt$conf.int[2])))
  }
}
EOF_R
Rscript "$TMP/oracle.R" <"$TMP/cases" >"$TMP/r.jsonl" 2>"$TMP/r.err" || fail "Rscript failed: $(cat "$TMP/r.err")"

"$python" - "$TMP/evt.jsonl" "$TMP/r.jsonl" <<'EOF_CMP'
import json, sys

evt = {c["case"]: c for c in map(json.loads, open(sys.argv[1]))}
r = {c["case"]: c for c in map(json.loads, open(sys.argv[2]))}
failures = []
worst_root = 0.0

def rel_ok(a, b, tol=1e-9):
    return abs(a - b) <= tol * max(abs(a), abs(b)) + 1e-300

def check(case, field, ours, theirs, tol, absolute=False):
    global worst_root
    if absolute:
        worst_root = max(worst_root, abs(ours - theirs))
        ok = abs(ours - theirs) <= tol
    else:
        ok = rel_ok(ours, theirs, tol)
    if not ok:
        failures.append(f"{case}: {field}: evt {ours!r}, R {theirs!r} (tolerance {tol}{' absolute' if absolute else ' relative'})")

for name, ours in evt.items():
    theirs = r[name]
    if "method" not in ours:  # counts
        print(f"{name}: fisher p evt {ours['p']:.10g} R {theirs['p']:.10g}; difference evt {ours['estimate']:.6g} "
              f"[{ours['low']:.6g}, {ours['high']:.6g}] R {theirs['estimate']:.6g} [{theirs['low']:.6g}, {theirs['high']:.6g}]")
        for field in ("p", "estimate", "low", "high"):
            check(name, field, ours[field], theirs[field], 1e-9)
        continue
    print(f"{name}: {ours['method']}: W {ours['W']:g} p {ours['p']:.10g} estimate {ours['estimate']:.6g} "
          f"[{ours['low']:.6g}, {ours['high']:.6g}]; R: " +
          ("stopped, p " + str(theirs["p"]) if theirs.get("r_stopped") else
           f"{theirs['method']}: W {theirs['W']:g} p {theirs['p']:.10g} estimate {theirs['estimate']:.6g} "
           f"[{theirs['low']:.6g}, {theirs['high']:.6g}]"))
    check(name, "W", ours["W"], theirs["W"], 1e-9)
    if theirs.get("r_stopped"):
        if not name.startswith("r_na_"):
            failures.append(f"{name}: R stopped where it was expected to answer")
        if ours["method"] != "constant":
            failures.append(f"{name}: evt used {ours['method']}, not its rule for constant samples")
        if name == "r_na_all_tied":
            if theirs["p"] is not None:
                failures.append(f"{name}: R's p-value was {theirs['p']}, expected NA")
            if (ours["p"], ours["estimate"], ours["low"], ours["high"]) != (1, 0, 0, 0):
                failures.append(f"{name}: evt's rule gives p 1, estimate and interval 0; got {ours}")
        else:
            check(name, "p", ours["p"], theirs["p"], 1e-9)
            if not ours["estimate"] == ours["low"] == ours["high"] == 2:
                failures.append(f"{name}: evt's rule gives estimate and interval 5 - 3 = 2; got {ours}")
        continue
    if name.startswith("r_na_"):
        failures.append(f"{name}: R answered where it was expected to stop")
    if ours["method"] != theirs["method"]:
        failures.append(f"{name}: evt used {ours['method']}, R {theirs['method']}")
        continue
    check(name, "p", ours["p"], theirs["p"], 1e-9)
    exact = ours["method"] == "exact"
    for field in ("estimate", "low", "high"):
        check(name, field, ours[field], theirs[field], 1e-9 if exact else 1e-4, absolute=not exact)

missing = set(r) ^ set(evt)
if missing:
    failures.append(f"cases on one side only: {sorted(missing)}")
print(f"normal approximation's roots: largest difference from R's uniroot {worst_root:.3g} (tolerance 1e-4)")
if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
EOF_CMP
echo "canary_stats_r: ok"

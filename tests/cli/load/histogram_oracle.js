// The oracle for histogram_oracle.sh: npm's hdr-histogram-js (v3) on the
// samples histogram_fixture gets, one integer microsecond value per line,
// printed as the same JSON object.
//
//   node histogram_oracle.js [FILE...]   one JSON line per FILE (or stdin)
//
// The values HdrHistogram computes are printed as it computes them; the
// comparison, with the two documented differences (the cap at max, the
// mean), is in the shell test.
"use strict";

const hdr = require("hdr-histogram-js");

const kLowest = 1;
const kHighest = 3600000000; // 1 h in µs, LatencyHistogram::kHighestMicros

// One histogram per input (the files named, else stdin), one JSON line each:
// node starts once for every sample set of the test.
function Report(text, source) {
  const histogram = hdr.build({
    lowestDiscernibleValue: kLowest,
    highestTrackableValue: kHighest,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 64,
    autoResize: false,
  });
  let clamped = 0;
  text.split("\n").forEach((line, index) => {
    if (line === "") return;
    if (!/^-?[0-9]+$/.test(line)) {
      process.stderr.write(`histogram_oracle: ${source}:${index + 1}: expected an integer, got ${JSON.stringify(line)}\n`);
      process.exit(65);
    }
    // LatencyHistogram's documented clamp: below 1 µs counts as 1 µs, above
    // 1 h as 1 h (and counted). HdrHistogram would throw (negative, or past
    // its range without autoResize), so the oracle applies the same rule.
    let value = Number(line);
    if (value > kHighest) {
      value = kHighest;
      clamped++;
    }
    histogram.recordValue(Math.max(value, kLowest));
  });
  const empty = histogram.totalCount === 0;
  const report = {
    count: histogram.totalCount,
    clamped: clamped,
    min: empty ? 0 : histogram.minNonZeroValue,
    max: histogram.maxValue,
    mean: histogram.mean,
  };
  for (const p of ["50", "90", "99", "99.9", "100"]) {
    report["p" + p] = histogram.getValueAtPercentile(Number(p));
  }
  return JSON.stringify(report);
}

const fs = require("fs");
const sources = process.argv.length > 2 ? process.argv.slice(2) : ["stdin"];
for (const source of sources) {
  const text = fs.readFileSync(source === "stdin" ? 0 : source, "utf8");
  process.stdout.write(Report(text, source) + "\n");
}

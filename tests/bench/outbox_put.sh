#!/usr/bin/env bash
# evt-outbox put: durable orders per second with one fsync per 256 records,
# beside the sqlite3 shell inserting the same rows 256 per transaction with
# synchronous=FULL in WAL mode, in the same folder on the same disk, and the
# disk's fsync latency printed beside them (it bounds both).
#
#   tests/bench/outbox_put.sh [RECORDS=100000] [BUILD_DIR=build]
#   RUNS=3 (best of)  BENCH_DIR=${TMPDIR:-/tmp}/evt-bench (the disk measured)
#
# 1. RECORDS `order` records: one real order (evt-price quote | redeem
#    --order of a shipped example cart, about 1 KB) under RECORDS ids.
# 2. Times `evt-outbox put orders --batch 256` of them into an empty store,
#    best of RUNS (parsing, ids, canonical sameness, bounds, a delivery row
#    for the queue's destination, one FULL-synchronous commit per batch).
# 3. The references: the rows that put left in the store (records and
#    deliveries), inserted into an empty database made from the store's own
#    schema (its tables, indexes and triggers), with journal_mode=WAL and
#    synchronous=FULL, 256 records (and their delivery rows) per
#    transaction; best of RUNS. No JSON, no checks. Twice: the `sqlite3`
#    shell running them as INSERT statements, and the library through
#    Python's sqlite3 module (each INSERT prepared once, bound per row),
#    which does not pay for the shell's parsing; the ratio is to the faster.
# 4. The disk: the median and p99 of 200 fsyncs of a 4 KB write there.
# Prints records/s by wall clock and per CPU second, and the ratio. Targets
# (doc/design.md §11): at least 0.8 times the faster sqlite3's rate, and at
# least 100,000 records per CPU second.
set -euo pipefail
records=${1:-100000}
records=${records:-100000}
build=${2:-build}
runs=${RUNS:-3}
me=outbox_put
[[ $records =~ ^[1-9][0-9]*$ ]] || { echo "$me: RECORDS must be a positive integer, got '$records'" >&2; exit 2; }
[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "$me: RUNS must be a positive integer, got '$runs'" >&2; exit 2; }
outbox=$build/bin/evt-outbox
price=$build/bin/evt-price
for bin in "$outbox" "$price"; do
  [[ -x $bin ]] || { echo "$me: $bin not found; build $build first" >&2; exit 66; }
done
command -v sqlite3 >/dev/null || { echo "$me: sqlite3 not found (scripts/install-deps.sh bench)" >&2; exit 69; }
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

bench_dir=${BENCH_DIR:-${TMPDIR:-/tmp}/evt-bench}
mkdir -p "$bench_dir"
work=$(mktemp -d "$bench_dir/outbox-put.XXXXXX")
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/no-config
unset EVT_CONFIG EVT_STATE_DIR

# One destination, as the orders queue has in examples/event.json; it is
# never contacted (put only queues).
umask 077
echo "bench-token" >"$work/shop.token"
cat >"$work/event.json" <<'JSON'
{"site": {"name": "bench", "starts_at": "2026-12-05T10:00:00Z", "ends_at": "2026-12-06T10:00:00Z"},
 "outbox": {
  "kiosk": "bench",
  "bound_bytes": 17179869184,
  "queues": {"orders": {"class": "critical", "bound_bytes": 17179869184, "destinations": ["shop"]}},
  "destinations": {"shop": {"type": "http", "url": "http://127.0.0.1:9/orders", "token": {"file": "shop.token"}}}
}}
JSON

ex=$src/examples/price
head -n 1 "$ex/carts.jsonl" |
  "$price" quote --catalog "$ex/catalog.json" --promotions "$ex/promotions.json" |
  "$price" redeem --order --kiosk bench --state-dir "$work/price" --promotions "$ex/promotions.json" >"$work/order.json"
python3 - "$records" "$work/order.json" "$work/orders.jsonl" <<'PY'
import json, sys
n, template, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
order = json.loads(open(template).read())
with open(out, "w") as f:
    for i in range(n):
        order["id"] = "bench-%08d" % i
        f.write(json.dumps(order, separators=(",", ":"), ensure_ascii=False) + "\n")
PY

python3 - "$outbox" "$work" "$records" "$runs" <<'PY'
import os, sqlite3, statistics, subprocess, sys, time

outbox, work, n, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
config = os.path.join(work, "event.json")
orders = os.path.join(work, "orders.jsonl")
BATCH = 256

def timed(argv, stdin_path=None):
    """(wall s, CPU s of the child) of one run; exits on a failed run."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if stdin_path:
        stdin.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit("outbox_put: %s exited %d: %s" % (argv[0], code, err.decode(errors="replace")[:2000]))
    return wall, usage.ru_utime + usage.ru_stime

def best(results):
    return min(w for w, _ in results), min(c for _, c in results)

def put_run(i):
    state = os.path.join(work, "evt-%d" % i)
    return timed([outbox, "--config", config, "--state-dir", state, "put", "orders", orders,
                  "--batch", str(BATCH)]), state

# The first run's store gives the references their rows; the later runs
# take turns with the references', so a disk that slows down for a while
# (a shared machine) slows all three alike.
first, state = put_run(0)
evt_results = [first]
store = os.path.join(state, "outbox.db")

db = sqlite3.connect(store)
held = db.execute("SELECT COUNT(*) FROM records").fetchone()[0]
if held != n:
    sys.exit("outbox_put: the store holds %d records, expected %d" % (held, n))
schema = [sql for (sql,) in db.execute(
    "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
    "ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, rowid")]

def insert_statements(table, order_by):
    columns = [row[1] for row in db.execute("PRAGMA table_info(%s)" % table)]
    quoted = " || ',' || ".join("quote(%s)" % c for c in columns)
    sql = "SELECT id, 'INSERT INTO %s (%s) VALUES (' || %s || ');' FROM %s ORDER BY %s" % (
        table, ", ".join(columns), quoted, table, order_by)
    return db.execute(sql)

deliveries = {}
for record_id, statement in insert_statements("deliveries", "id, destination"):
    deliveries.setdefault(record_id, []).append(statement)
delivery_rows = sum(len(v) for v in deliveries.values())
script = os.path.join(work, "reference.sql")
with open(script, "w") as f:
    f.write("PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\n")
    for i, (record_id, statement) in enumerate(insert_statements("records", "seq")):
        if i % BATCH == 0:
            f.write("BEGIN;\n")
        f.write(statement + "\n")
        for d in deliveries.get(record_id, []):
            f.write(d + "\n")
        if i % BATCH == BATCH - 1 or i == n - 1:
            f.write("COMMIT;\n")
db.close()

def empty_reference(name):
    path = os.path.join(work, name)
    ref = sqlite3.connect(path)
    ref.execute("PRAGMA journal_mode=WAL")
    for sql in schema:
        ref.execute(sql)
    ref.commit()
    ref.close()
    return path

def check_reference(path):
    check = sqlite3.connect(path)
    copied = check.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    check.close()
    if copied != n:
        sys.exit("outbox_put: the reference %s holds %d records, expected %d" % (path, copied, n))

def shell_run(i):
    path = empty_reference("shell-%d.db" % i)
    result = timed(["sqlite3", "-bail", path], script)
    check_reference(path)
    return result

# The library without a shell's parsing: each INSERT prepared once and
# bound per row (executemany), the rows read beforehand.
db = sqlite3.connect(store)
def rows_of(table, order_by):
    columns = [row[1] for row in db.execute("PRAGMA table_info(%s)" % table)]
    insert = "INSERT INTO %s (%s) VALUES (%s)" % (table, ", ".join(columns), ", ".join("?" * len(columns)))
    return insert, columns.index("id"), db.execute("SELECT * FROM %s ORDER BY %s" % (table, order_by)).fetchall()
record_insert, _, record_rows = rows_of("records", "seq")
delivery_insert, delivery_id, delivery_list = rows_of("deliveries", "id, destination")
db.close()
rows_by_id = {}
for row in delivery_list:
    rows_by_id.setdefault(row[delivery_id], []).append(row)
record_id = [row[1] for row in record_rows]  # records: seq, id, ...
batches_of_rows = []
for i in range(0, n, BATCH):
    batch = record_rows[i:i + BATCH]
    batches_of_rows.append((batch, [d for r in batch for d in rows_by_id.get(r[1], [])]))

def library_run(i):
    path = empty_reference("library-%d.db" % i)
    ref = sqlite3.connect(path, isolation_level=None)
    ref.execute("PRAGMA journal_mode=WAL")
    ref.execute("PRAGMA synchronous=FULL")
    wall0, cpu0 = time.perf_counter(), time.process_time()
    for records_batch, deliveries_batch in batches_of_rows:
        ref.execute("BEGIN")
        ref.executemany(record_insert, records_batch)
        ref.executemany(delivery_insert, deliveries_batch)
        ref.execute("COMMIT")
    result = (time.perf_counter() - wall0, time.process_time() - cpu0)
    ref.close()
    check_reference(path)
    return result

shell_results, library_results = [], []
for i in range(runs):
    if i > 0:
        evt_results.append(put_run(i)[0])
    shell_results.append(shell_run(i))
    library_results.append(library_run(i))

def fsync_latencies(folder, count=200):
    path = os.path.join(folder, "fsync.probe")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    block = b"x" * 4096
    out = []
    try:
        for _ in range(count):
            os.write(fd, block)
            start = time.perf_counter()
            os.fsync(fd)
            out.append(time.perf_counter() - start)
    finally:
        os.close(fd)
        os.unlink(path)
    return sorted(out)

lat = fsync_latencies(work)
fs = subprocess.run(["df", "-T", work], capture_output=True, text=True).stdout.splitlines()[-1].split()
ew, ec = best(evt_results)
batches = (n + BATCH - 1) // BATCH
print("put of %d orders (%d bytes each), %d per commit (%d commits, %d delivery rows), best of %d, in %s (%s on %s):"
      % (n, os.path.getsize(orders) // n, BATCH, batches, delivery_rows, runs, work, fs[1], fs[0]))
print("  disk fsync of 4 KB      median %.2f ms, p99 %.2f ms (%d commits: at least %.2f s of waiting at the median)"
      % (statistics.median(lat) * 1e3, lat[int(len(lat) * 0.99) - 1] * 1e3, batches, batches * statistics.median(lat)))
def line(name, wall, cpu):
    print("  %-23s %9.0f records/s wall (%.2f s), %9.0f records/s CPU (%.2f s)" % (name, n / wall, wall, n / cpu, cpu))
line("evt-outbox put", ew, ec)
references = {"sqlite3 shell": best(shell_results), "sqlite3 library": best(library_results)}
for name, (w, c) in references.items():
    line(name + ", same rows", w, c)
name, (sw, sc) = min(references.items(), key=lambda item: item[1][0])
ratio = sw / ew
print("  ratio evt/%s wall %.2f, CPU %.2f (target: wall >= 0.80 of the faster reference: %s; "
      "evt >= 100000 records per CPU second: %s)"
      % (name, ratio, sc / ec, "held" if ratio >= 0.8 else "MISSED", "held" if n / ec >= 100000 else "MISSED"))
PY

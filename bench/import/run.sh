#!/bin/sh
# SPDX-License-Identifier: MIT
# Import and follow-up generation benchmark (docs/benchmarks.md, "Import and follow-up
# generation"): N customer+event rows from CSV into a fresh SQLite store with `manyi import`,
# then one scheduler run (`manyi jobs run --job followup_schedule`) that turns every event into
# its day-7 / day-3 task. Usage: bench/import/run.sh [BUILD_DIR] [N]
set -eu
root=$(CDPATH='' cd -- "$(dirname -- "$0")/../.." && pwd)
build=${1:-$root/build}
n=${2:-1000000}
manyi=$build/manyi
work=$(mktemp -d "${TMPDIR:-/tmp}/manyi-bench-import.XXXXXX")
db="sqlite:$work/bench.db"
today=$(TZ=Asia/Shanghai date +%F)

MANYI_DB=$db "$manyi" migrate >/dev/null
tenant=$(MANYI_DB=$db "$manyi" tenant add --name 'Bench 集团' --timezone Asia/Shanghai | grep -o '[0-9]\+' | head -n 1)
# one store (the import looks stores up by code) and a CR team of two for round robin
python3 - "$work/bench.db" "$tenant" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1])
now = int(time.time())
db.execute("INSERT INTO stores (tenant_id, code, name, created_at, updated_at) VALUES (?, 'BENCH', '压测门店', ?, ?)",
           (int(sys.argv[2]), now, now))
db.commit()
PY
store_id=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT id FROM stores').fetchone()[0])" "$work/bench.db")
for u in bench.cr1 bench.cr2; do
    MANYI_DB=$db MANYI_PASSWORD='Bench-pass-2026-x' "$manyi" user add --tenant "$tenant" --username "$u" \
        --role cr_agent --store "$store_id" >/dev/null
done

python3 "$root/bench/import/gen.py" "$n" "$today" BENCH > "$work/rows.csv"
echo "rows: $n ($(du -h "$work/rows.csv" | cut -f1) CSV), store $work/bench.db"

t0=$(date +%s.%N)
MANYI_DB=$db "$manyi" import --tenant "$tenant" "$work/rows.csv"
t1=$(date +%s.%N)
echo "import: $(echo "$t1 - $t0" | bc) s"

t0=$(date +%s.%N)
MANYI_DB=$db "$manyi" jobs run --job followup_schedule --now "${today}T10:00:00+08:00"
t1=$(date +%s.%N)
echo "task generation: $(echo "$t1 - $t0" | bc) s"

t0=$(date +%s.%N)
MANYI_DB=$db "$manyi" jobs run --job followup_schedule --now "${today}T10:05:00+08:00"
t1=$(date +%s.%N)
echo "second run (nothing new): $(echo "$t1 - $t0" | bc) s"

t0=$(date +%s.%N)
MANYI_DB=$db "$manyi" import --tenant "$tenant" "$work/rows.csv"
t1=$(date +%s.%N)
echo "re-import of the same file: $(echo "$t1 - $t0" | bc) s"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print('customers', c.execute('SELECT count(*) FROM customers').fetchone()[0], 'events', c.execute('SELECT count(*) FROM business_events').fetchone()[0], 'tasks', c.execute('SELECT count(*) FROM followup_tasks').fetchone()[0])" "$work/bench.db"
rm -rf "$work"

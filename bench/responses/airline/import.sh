#!/bin/sh
# Imports the airline passenger satisfaction data (../shared/data, 129,880 rows, 14 items 0-5
# where 0 = not applicable, mapped to "no answer") into a fresh store: the survey is created and
# published through the API, the CSVs go through `manyi survey-import` twice (the second run
# must import nothing: idempotent), then the figures come from the API.
# Usage: import.sh [DATA_DIR]   (MANYI_BIN: the manyi binary)
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
data=${1:-/work/shared/data/airline_passenger_satisfaction}
bin=${MANYI_BIN:-$here/../../../build/manyi}
port=${PORT:-18182}
tmp=$(mktemp -d)
export MANYI_DB="sqlite:$tmp/airline.db"
pw='Airline-pass-满意-2026'
MANYI_LISTEN=127.0.0.1:$port MANYI_ADMIN_PASSWORD=$pw MANYI_ACCESS_LOG=0 MANYI_JOBS=0 \
    "$bin" serve 2>"$tmp/serve.log" &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do grep -q listening "$tmp/serve.log" 2>/dev/null && break; sleep 0.1; done
base=http://127.0.0.1:$port
c="curl -sf -b $tmp/cj -c $tmp/cj -H Content-Type:application/json"
csrf=$($c -d "{\"username\":\"admin\",\"password\":\"$pw\"}" $base/api/v1/auth/login |
    sed 's/.*"csrf_token":"\([^"]*\)".*/\1/')
c="$c -H X-CSRF-Token:$csrf"
sid=$($c -d @"$here/survey.json" $base/api/v1/surveys | sed 's/^{"id":\([0-9]*\),.*/\1/')
$c -X POST $base/api/v1/surveys/$sid/publish >/dev/null
for run in first second; do
    echo "$run import:"
    /usr/bin/time -f "  %es, %MKB max resident" "$bin" survey-import --survey "$sid" \
        --mapping "$here/mapping.json" "$data/train.csv" "$data/test.csv"
done
$c "$base/api/v1/surveys/$sid/figures" > "$tmp/fig.json"
python3 - "$tmp/fig.json" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
print("responses", f["n"], "CSAT %.4f%%" % f["csat"]["pct"], "top2", f["csat"]["top2"], "rated", f["csat"]["rated"])
for d in f["servqual"]["dimensions"]:
    print(" ", d["code"], d["name_zh"], "P", None if d["mean_p"] is None else round(d["mean_p"], 4), "n", d["p_n"])
PY

#!/bin/sh
# Response submission over HTTP on loopback (issue 4, docs/benchmarks.md "Survey responses"):
# a fresh store, one published survey (one NPS question, five 1-5 items, a comment — the
# survey PEERS.md measured LimeSurvey with), one QR link; wrk POSTs anonymous responses for
# DURATION seconds with CONNS connections; then every acknowledged (201) response is counted in
# the store. Usage: bench/responses/run.sh [sqlite|postgres] [DURATION] [CONNS]
# Needs: wrk, curl, sqlite3 (or psql with PG_URL for postgres), a built manyi (MANYI_BIN).
set -eu
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
engine=${1:-sqlite}
duration=${2:-10}
conns=${3:-64}
bin=${MANYI_BIN:-$here/../../build/manyi}
port=${PORT:-18181}
tmp=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
if [ "$engine" = postgres ]; then
    db=${PG_URL:?set PG_URL=postgresql://… (an empty database)}
else
    db="sqlite:$tmp/bench.db"
fi
pw='Bench-pass-满意-2026'
MANYI_DB=$db MANYI_LISTEN=127.0.0.1:$port MANYI_ADMIN_PASSWORD=$pw MANYI_ACCESS_LOG=0 \
    MANYI_JOBS=0 MANYI_PUBLIC_RATE=0 MANYI_LINK_RATE=0 "$bin" serve 2>"$tmp/serve.log" &
pid=$!
for _ in $(seq 50); do grep -q listening "$tmp/serve.log" 2>/dev/null && break; sleep 0.1; done
base=http://127.0.0.1:$port
c="curl -sf -b $tmp/cj -c $tmp/cj -H Content-Type:application/json"
csrf=$($c -d "{\"username\":\"admin\",\"password\":\"$pw\"}" $base/api/v1/auth/login |
    sed 's/.*"csrf_token":"\([^"]*\)".*/\1/')
c="$c -H X-CSRF-Token:$csrf"
sid=$($c -d @"$here/survey.json" $base/api/v1/surveys | sed 's/^{"id":\([0-9]*\),.*/\1/')
$c -X POST $base/api/v1/surveys/$sid/publish >/dev/null
key=$($c -d '{"kind":"qr","touchpoint":"bench"}' $base/api/v1/surveys/$sid/links |
    sed 's/.*"key":"\([^"]*\)".*/\1/')
echo "engine=$engine duration=${duration}s connections=$conns survey=$sid"
wrk -t2 -c"$conns" -d"${duration}s" --latency -s "$here/submit.lua" \
    "$base/api/v1/public/links/$key/responses" | tee "$tmp/wrk.txt"
accepted=$(sed -n 's/^ACCEPTED \([0-9]*\)$/\1/p' "$tmp/wrk.txt")
sleep 1 # replies left the server only after their commit; this is belt and braces
fig=$($c "$base/api/v1/surveys/$sid/figures")
stored=$(echo "$fig" | sed 's/^{"n":\([0-9]*\),.*/\1/')
if [ "$engine" = postgres ]; then
    rows=$(psql -At "$db" -c "SELECT COUNT(*) FROM survey_responses WHERE survey_id = $sid")
else
    rows=$(sqlite3 "$tmp/bench.db" "SELECT COUNT(*) FROM survey_responses WHERE survey_id = $sid")
fi
echo "acknowledged (201): $accepted; rows in survey_responses: $rows; rollup n: $stored"
echo "per second: $(awk "BEGIN { printf \"%.0f\", $accepted / $duration }")"
[ "$rows" -ge "$accepted" ] && [ "$rows" -eq "$stored" ] || { echo "MISMATCH"; exit 1; }
echo OK

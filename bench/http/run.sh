#!/usr/bin/env bash
# Foundation HTTP benchmark: wrk on loopback against a fresh `manyi serve` (SQLite), for a bounded
# time per endpoint. Measures the request pipeline (routing, authentication by API token, a
# store read, JSON encoding), not the network.
#   bench/http/run.sh [build-dir] [seconds]     e.g. bench/http/run.sh build 10
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
secs=${2:-10}
bin="$root/$build/manyi"
work=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

export MANYI_DB="sqlite:$work/bench.db" MANYI_LISTEN="127.0.0.1:$port"
export MANYI_ADMIN_PASSWORD="bench-password-1" MANYI_ACCESS_LOG=0 MANYI_JOBS=0
"$bin" serve 2>"$work/server.log" &
pid=$!
for _ in $(seq 50); do grep -q "listening on" "$work/server.log" && break; sleep 0.1; done

base="http://127.0.0.1:$port"
cookie=$(curl -s -i -X POST -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"bench-password-1"}' "$base/api/v1/auth/login" |
  sed -n 's/^Set-Cookie: \(manyi_session=[^;]*\).*/\1/p')
csrf=$(curl -s -b "$cookie" "$base/api/v1/auth/me" | sed -n 's/.*"csrf_token":"\([^"]*\)".*/\1/p')
token=$(curl -s -b "$cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d '{"name":"bench","role":"admin"}' "$base/api/v1/tokens" |
  sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
for i in $(seq 20); do
  curl -s -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"code\":\"B$i\",\"name\":\"门店$i\",\"city\":\"杭州\"}" "$base/api/v1/stores"
done

echo "machine: $(nproc) cores, $(uname -sr); $("$bin" version); SQLite"
for target in "/healthz" "/api/v1/stores?limit=20" "/api/v1/stores/7"; do
  echo "== GET $target (${secs}s, 2 threads, 32 connections)"
  wrk -t2 -c32 -d"${secs}s" --latency -H "Authorization: Bearer $token" "$base$target" |
    grep -E "Requests/sec|Latency|50%|99%|Non-2xx|Socket errors"
done

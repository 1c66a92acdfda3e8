#!/bin/sh
# SPDX-License-Identifier: MIT
# A throwaway PostgreSQL cluster for the test suites, run as the CTest fixture "pg_cluster".
#
#   pg_cluster.sh start STATE_DIR   initdb + pg_ctl start; writes STATE_DIR/url
#   pg_cluster.sh stop  STATE_DIR   stops the cluster and deletes its files (safe to repeat)
#
# STATE_DIR is ${CMAKE_BINARY_DIR}/pg (the stable place other suites read). STATE_DIR/url holds a
# libpq URI of the form  postgresql:///postgres?host=SOCKET_DIR&port=PORT&user=postgres  —
# superuser "postgres", trust authentication, database "postgres". A suite that wants its own
# database creates it and connects with "&dbname=NAME" appended (a later keyword wins in libpq).
# Tests find the file through the environment variable MANYI_PG_URL_FILE set by their CTest
# properties: FIXTURES_REQUIRED pg_cluster ENVIRONMENT MANYI_PG_URL_FILE=${CMAKE_BINARY_DIR}/pg/url
#
# The server listens only on a Unix socket (listen_addresses=''), never on TCP. initdb refuses to
# run as root, so as root the cluster runs as the 'postgres' system user (Debian's postgresql
# package creates it), in a directory that user can reach: STATE_DIR/cluster when the build folder
# is traversable, otherwise a fresh mktemp -d under /tmp. STATE_DIR/base remembers which.
set -eu

cmd=${1:-}
state=${2:-}
if [ -z "$cmd" ] || [ -z "$state" ]; then
    echo "usage: $0 start|stop STATE_DIR" >&2
    exit 2
fi
mkdir -p "$state"
state=$(cd "$state" && pwd)
port=5432 # only a socket file name: the socket directory is private to this cluster

find_bindir() {
    if command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null || true)
        if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return 0
        fi
    fi
    # Debian puts the server binaries outside PATH; take the newest installed major version.
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            echo "$d"
            return 0
        fi
    done
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    return 1
}

# Runs a command as the cluster's owner: 'postgres' when we are root, ourselves otherwise.
as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

stop_cluster() {
    [ -f "$state/base" ] || { rm -f "$state/url"; return 0; }
    base=$(cat "$state/base")
    bindir=$(find_bindir || true)
    if [ -n "$bindir" ] && [ -f "$base/data/postmaster.pid" ]; then
        as_owner "$bindir/pg_ctl" -D "$base/data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
            true
    fi
    # Last resort for a server whose pg_ctl failed: its postmaster pid is the file's first line.
    if [ -f "$base/data/postmaster.pid" ]; then
        pid=$(head -n 1 "$base/data/postmaster.pid" 2>/dev/null || true)
        [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true
    fi
    case "$base" in
    "$state"/cluster | /tmp/manyi-pg.*) rm -rf "$base" ;;
    esac
    rm -f "$state/base" "$state/url"
}

start_cluster() {
    stop_cluster # a stale cluster from an interrupted run
    bindir=$(find_bindir) || {
        echo "pg_cluster: no initdb/pg_ctl found (install Debian's postgresql package)" >&2
        exit 1
    }
    base="$state/cluster"
    mkdir -p "$base"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || {
            echo "pg_cluster: running as root and no 'postgres' user to run the server" >&2
            exit 1
        }
        chown postgres: "$base"
        # The build folder may sit in a mode-700 directory that 'postgres' cannot traverse.
        if ! runuser -u postgres -- test -w "$base"; then
            rm -rf "$base"
            base=$(mktemp -d /tmp/manyi-pg.XXXXXX)
            chown postgres: "$base"
        fi
    fi
    # A Unix socket path is limited to 107 bytes; a deep build folder would not fit.
    if [ "${#base}" -gt 80 ]; then
        rm -rf "$base"
        base=$(mktemp -d /tmp/manyi-pg.XXXXXX)
        [ "$(id -u)" = 0 ] && chown postgres: "$base"
    fi
    echo "$base" >"$state/base"
    as_owner mkdir -p "$base/sock"

    if ! as_owner "$bindir/initdb" -D "$base/data" -U postgres -A trust -E UTF8 --no-locale \
        -N >"$state/initdb.log" 2>&1; then
        echo "pg_cluster: initdb failed:" >&2
        cat "$state/initdb.log" >&2
        exit 1
    fi
    # fsync off: the cluster is thrown away, and the suites test behaviour, not durability.
    if ! as_owner "$bindir/pg_ctl" -D "$base/data" -l "$base/server.log" -w -t 60 \
        -o "-c listen_addresses='' -k $base/sock -p $port -c fsync=off \
            -c full_page_writes=off -c synchronous_commit=off -c max_connections=50" \
        start >"$state/pg_ctl.log" 2>&1; then
        echo "pg_cluster: pg_ctl start failed:" >&2
        cat "$state/pg_ctl.log" "$base/server.log" >&2 2>/dev/null || true
        exit 1
    fi
    url="postgresql:///postgres?host=$base/sock&port=$port&user=postgres"
    echo "$url" >"$state/url"
    echo "pg_cluster: $("$bindir/postgres" --version) up at $url"
}

case "$cmd" in
start) start_cluster ;;
stop) stop_cluster && echo "pg_cluster: stopped" ;;
*)
    echo "usage: $0 start|stop STATE_DIR" >&2
    exit 2
    ;;
esac

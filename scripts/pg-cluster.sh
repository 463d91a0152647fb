#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, the demo and the benchmark.
#
#   scripts/pg-cluster.sh start DIR PORT   initdb DIR/data, start it on 127.0.0.1:PORT, wait until ready
#   scripts/pg-cluster.sh stop DIR         stop it (safe when it is not running); DIR is left in place
#   scripts/pg-cluster.sh env DIR          print `export EVERMED_TEST_PG…=…` lines for a started cluster
#   scripts/pg-cluster.sh start-any DIR    like start, on a free port from 55400-55999 (retries if the port
#                                          is taken between the check and the bind)
#   scripts/pg-cluster.sh free-port        print a free TCP port in 55400-55999
#
# Layout of DIR: data/ (PGDATA), sock/ (unix socket dir), server.log, port, password, bindir.
# PostgreSQL refuses to run as root: as root the server runs as the system user `evermedpg` (created if
# missing) and DIR is chowned to it. Not as root, it runs as the current user.
# Settings favour speed over durability (fsync=off …): never point this at data you want to keep.
# PG_CLUSTER_SHARED_BUFFERS sets shared_buffers (default 128MB; `make bench` gives it room for the catalogs of
# both databases a diff reads, as a production server would have).
set -euo pipefail

PG_OS_USER=evermedpg
READY_TIMEOUT=${EVERMED_PG_READY_TIMEOUT:-30}

die() { echo "pg-cluster: $*" >&2; exit 1; }

# The directory holding initdb/pg_ctl/postgres: `pg_config --bindir` when it has a server, else the
# highest version under /usr/lib/postgresql.
find_bindir() {
    local dir
    if [[ -n "${EVERMED_PG_BINDIR:-}" && -x "${EVERMED_PG_BINDIR}/initdb" ]]; then
        echo "$EVERMED_PG_BINDIR"; return
    fi
    if command -v pg_config >/dev/null 2>&1; then
        dir=$(pg_config --bindir 2>/dev/null || true)
        if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then echo "$dir"; return; fi
    fi
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5n | tail -n 1 || true)
    if [[ -n "$dir" && -x "$dir/initdb" ]]; then echo "$dir"; return; fi
    for dir in /usr/local/pgsql/bin /usr/pgsql-*/bin; do
        if [[ -x "$dir/initdb" ]]; then echo "$dir"; return; fi
    done
    die "no PostgreSQL server binaries found (initdb); install postgresql (make deps)"
}

is_root() { [[ $(id -u) -eq 0 ]]; }

ensure_os_user() {
    id -u "$PG_OS_USER" >/dev/null 2>&1 && return
    useradd --system --create-home --shell /bin/sh "$PG_OS_USER" 2>/dev/null \
        || id -u "$PG_OS_USER" >/dev/null 2>&1 \
        || die "could not create OS user $PG_OS_USER"
}

# Run a command as the cluster owner, from DIR (the owner may not be able to enter the caller's cwd).
as_owner() {
    local dir=$1; shift
    if is_root; then
        if command -v runuser >/dev/null 2>&1; then
            (cd "$dir" && runuser -u "$PG_OS_USER" -- "$@")
        else
            local q; printf -v q '%q ' "$@"
            (cd "$dir" && su -s /bin/sh "$PG_OS_USER" -c "$q")
        fi
    else
        (cd "$dir" && "$@")
    fi
}

port_in_use() {
    local port=$1
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    # A stale socket lock file from another cluster on that port also blocks it.
    [[ -e "/tmp/.s.PGSQL.$port" || -e "/var/run/postgresql/.s.PGSQL.$port" ]] && return 0
    return 1
}

free_port() {
    local _ port
    for _ in $(seq 1 200); do
        port=$((55400 + RANDOM % 600))
        port_in_use "$port" || { echo "$port"; return; }
    done
    die "no free port found in 55400-55999"
}

random_password() {
    head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n'
}

cmd_start() {
    local dir=${1:-} port=${2:-}
    [[ -n "$dir" && -n "$port" ]] || die "usage: pg-cluster.sh start DIR PORT"
    [[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number, got '$port'"
    local bindir; bindir=$(find_bindir)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [[ ! -e "$dir/data/PG_VERSION" ]] || die "$dir/data already holds a cluster"
    if port_in_use "$port"; then die "port $port is already in use"; fi

    local password=${EVERMED_PG_PASSWORD:-$(random_password)}
    mkdir -p "$dir/sock"
    chmod 700 "$dir"
    printf '%s\n' "$password" >"$dir/pwfile"
    if is_root; then
        ensure_os_user
        chown -R "$PG_OS_USER:" "$dir"
    fi

    if ! as_owner "$dir" "$bindir/initdb" -D "$dir/data" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=scram-sha-256 --pwfile="$dir/pwfile" >"$dir/initdb.log" 2>&1; then
        # Older glibc images may lack C.UTF-8; retry with the C locale before giving up.
        rm -rf "$dir/data"
        as_owner "$dir" "$bindir/initdb" -D "$dir/data" -U postgres --encoding=UTF8 --locale=C \
            --auth-local=trust --auth-host=scram-sha-256 --pwfile="$dir/pwfile" >"$dir/initdb.log" 2>&1 \
            || { tail -n 20 "$dir/initdb.log" >&2; rm -f "$dir/pwfile"; die "initdb failed"; }
    fi
    rm -f "$dir/pwfile"

    # initdb -c only exists from PostgreSQL 16; appending to postgresql.conf works everywhere (last wins).
    as_owner "$dir" sh -c 'cat >>"$1"' sh "$dir/data/postgresql.conf" <<EOF

# --- evermed-ops throwaway cluster (scripts/pg-cluster.sh) ---
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir/sock'
max_connections = 100
fsync = off
synchronous_commit = off
full_page_writes = off
max_locks_per_transaction = 256
shared_buffers = ${PG_CLUSTER_SHARED_BUFFERS:-128MB}
log_min_messages = warning
log_statement = 'none'
EOF
    printf '%s\n' "$port" >"$dir/port"
    printf '%s\n' "$password" >"$dir/password"
    printf '%s\n' "$bindir" >"$dir/bindir"
    chmod 600 "$dir/password"

    as_owner "$dir" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -W start >/dev/null \
        || { tail -n 20 "$dir/server.log" >&2 2>/dev/null || true; die "pg_ctl start failed"; }

    local start=$SECONDS deadline=$((SECONDS + READY_TIMEOUT))
    until "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; do
        if (( SECONDS >= deadline )); then
            echo "pg-cluster: server on port $port not ready after ${READY_TIMEOUT}s; last log lines:" >&2
            tail -n 30 "$dir/server.log" >&2 2>/dev/null || true
            cmd_stop "$dir" >/dev/null 2>&1 || true
            exit 1
        fi
        # The postmaster removes its pid file when it dies (bad setting, port taken in a race, …).
        if grep -qs 'FATAL\|PANIC' "$dir/server.log" \
                || { (( SECONDS >= start + 2 )) && [[ ! -f "$dir/data/postmaster.pid" ]]; }; then
            echo "pg-cluster: server exited during start-up; last log lines:" >&2
            tail -n 30 "$dir/server.log" >&2 2>/dev/null || true
            exit 1
        fi
        sleep 0.1
    done
}

cmd_stop() {
    local dir=${1:-}
    [[ -n "$dir" ]] || die "usage: pg-cluster.sh stop DIR"
    [[ -f "$dir/data/postmaster.pid" ]] || return 0
    local bindir; bindir=$(cat "$dir/bindir" 2>/dev/null || find_bindir)
    # Throwaway data: an immediate shutdown is safe and avoids the shutdown checkpoint.
    as_owner "$dir" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || {
        # The postmaster may already be gone with a stale pid file; anything else is worth a loud message.
        local pid; pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -QUIT "$pid" 2>/dev/null || true
            sleep 1
            kill -0 "$pid" 2>/dev/null && die "could not stop postmaster $pid"
        fi
    }
}

cmd_start_any() {
    local dir=${1:-} attempt port
    [[ -n "$dir" ]] || die "usage: pg-cluster.sh start-any DIR"
    for attempt in 1 2 3 4 5; do
        port=$(free_port)
        # A subshell, because cmd_start exits on failure.
        if (cmd_start "$dir" "$port"); then return 0; fi
        cmd_stop "$dir" >/dev/null 2>&1 || true
        rm -rf "${dir:?}/data" "$dir/sock" "$dir/port" "$dir/password" "$dir/bindir" "$dir/server.log"
        echo "pg-cluster: start on port $port failed (attempt $attempt of 5)" >&2
    done
    die "could not start PostgreSQL"
}

cmd_env() {
    local dir=${1:-}
    [[ -n "$dir" && -f "$dir/port" ]] || die "usage: pg-cluster.sh env DIR (of a started cluster)"
    dir=$(cd "$dir" && pwd)
    local port password
    port=$(cat "$dir/port"); password=$(cat "$dir/password")
    printf 'export EVERMED_TEST_PG=%q\n' "host=127.0.0.1 port=$port user=postgres password=$password dbname=postgres"
    printf 'export EVERMED_TEST_PG_HOST=127.0.0.1\n'
    printf 'export EVERMED_TEST_PG_PORT=%q\n' "$port"
    printf 'export EVERMED_TEST_PG_PASSWORD=%q\n' "$password"
    printf 'export EVERMED_TEST_PG_SOCKET=%q\n' "$dir/sock"
    printf 'export EVERMED_TEST_PG_BINDIR=%q\n' "$(cat "$dir/bindir")"
}

case "${1:-}" in
    start) shift; cmd_start "$@" ;;
    start-any) shift; cmd_start_any "$@" ;;
    stop) shift; cmd_stop "$@" ;;
    env) shift; cmd_env "$@" ;;
    free-port) free_port ;;
    bindir) find_bindir ;;
    *) echo "usage: $0 start DIR PORT | start-any DIR | stop DIR | env DIR | free-port | bindir" >&2; exit 2 ;;
esac

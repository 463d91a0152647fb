#!/usr/bin/env bash
# Run CMD with a throwaway PostgreSQL cluster, then always stop it and delete it.
#
#   scripts/with-postgres.sh CMD [ARGS...]
#
# CMD sees (exported):
#   EVERMED_TEST_PG           host=127.0.0.1 port=PORT user=postgres password=PW dbname=postgres
#   EVERMED_TEST_PG_HOST      127.0.0.1
#   EVERMED_TEST_PG_PORT      PORT (free, from 55400-55999)
#   EVERMED_TEST_PG_PASSWORD  PW (random per run; superuser `postgres`, scram-sha-256 over TCP)
#   EVERMED_TEST_PG_SOCKET    unix socket directory (trust auth)
#   EVERMED_TEST_PG_BINDIR    directory of the server's psql/pg_dump/…
# Exit status is CMD's. The cluster is removed on normal exit, on CMD failure and on INT/TERM/HUP.
set -euo pipefail

if [[ $# -eq 0 ]]; then
    echo "usage: $0 CMD [ARGS...]" >&2
    exit 2
fi

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cluster_dir=$(mktemp -d "${TMPDIR:-/tmp}/evermed-pg.XXXXXX")
child=

cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    if [[ -n "$child" ]] && kill -0 "$child" 2>/dev/null; then
        kill -TERM "$child" 2>/dev/null || true
        wait "$child" 2>/dev/null || true
    fi
    "$here/pg-cluster.sh" stop "$cluster_dir" || echo "with-postgres: warning: could not stop the cluster in $cluster_dir" >&2
    rm -rf "$cluster_dir"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

"$here/pg-cluster.sh" start-any "$cluster_dir"
eval "$("$here/pg-cluster.sh" env "$cluster_dir")"

# Run CMD in the background so a TERM/INT to this script is handled at once (bash defers traps while a
# foreground child runs); forward the signal, wait for CMD, then the EXIT trap removes the cluster.
# A background child of a non-interactive shell starts with SIGINT ignored, so INT is forwarded as TERM.
forward() { [[ -n "$child" ]] && kill -"$1" "$child" 2>/dev/null || true; }
trap 'forward TERM' INT
trap 'forward TERM' TERM
trap 'forward HUP' HUP

set +e
# Keep our stdin for CMD (a background job would otherwise get /dev/null), unless stdin is closed.
if { true <&0; } 2>/dev/null; then
    "$@" <&0 &
else
    "$@" </dev/null &
fi
child=$!
wait "$child"
rc=$?
while kill -0 "$child" 2>/dev/null; do
    wait "$child"
    rc=$?
done
child=
exit "$rc"

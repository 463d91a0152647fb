#!/usr/bin/env bash
# The October 2025 EverMed schema-drift crisis, replayed on a throwaway PostgreSQL, then diagnosed.
#
#   make demo                       (builds the release binary first)
#   EVERMED_OPS_BIN=path scripts/demo.sh
#   DEMO_INTERACTIVE=1 make demo    also opens the evermed-ops console before the cluster is removed
#
# Starts a private cluster, builds evermed_local / evermed_staging / evermed_production with
# scripts/demo-setup.sh, then from examples/evermed runs `evermed-ops status` and `evermed-ops check all`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
BIN=${EVERMED_OPS_BIN:-$root/.build/release/evermed-ops}
[[ "$BIN" == /* ]] || BIN="$root/$BIN"

if [[ ! -x "$BIN" ]]; then
    echo "demo: no evermed-ops binary at $BIN (run \`make demo\`, or set EVERMED_OPS_BIN)" >&2
    exit 1
fi

cluster_dir=$(mktemp -d "${TMPDIR:-/tmp}/evermed-demo.XXXXXX")
cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    "$here/pg-cluster.sh" stop "$cluster_dir" || true
    rm -rf "$cluster_dir"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

t0=$(date +%s%N)
"$here/pg-cluster.sh" start-any "$cluster_dir"
eval "$("$here/pg-cluster.sh" env "$cluster_dir")"
t1=$(date +%s%N)
"$here/demo-setup.sh" "$EVERMED_TEST_PG"
t2=$(date +%s%N)

url() { echo "postgresql://postgres:$EVERMED_TEST_PG_PASSWORD@127.0.0.1:$EVERMED_TEST_PG_PORT/evermed_$1"; }
export DATABASE_URL; DATABASE_URL=$(url local)
export STAGING_DATABASE_URL; STAGING_DATABASE_URL=$(url staging)
export PRODUCTION_DATABASE_URL; PRODUCTION_DATABASE_URL=$(url production)

ms() { echo $(( ($2 - $1) / 1000000 )); }
cat <<BANNER

================================================================================
 EverMed, 11 October 2025: three databases, three different schemas.
   local       all 7 migrations applied
   staging     3 migrations behind (personal_models missing, analytics_events old)
   production  migration 20250925000000_add_personal_models FAILED half-way;
               everything after it is blocked
 Throwaway PostgreSQL on 127.0.0.1:$EVERMED_TEST_PG_PORT (started in $(ms "$t0" "$t1") ms, set up in $(ms "$t1" "$t2") ms)
 Project: examples/evermed (evermed-ops.yml, db/migrations)
================================================================================

BANNER

cd "$root/examples/evermed"
run() {
    echo "\$ evermed-ops $*"
    local rc=0
    "$BIN" "$@" || rc=$?
    # 1 means "not in sync", the expected answer here; anything else is worth flagging.
    if [[ $rc -ne 0 && $rc -ne 1 ]]; then
        echo "demo: evermed-ops $* exited with $rc" >&2
    fi
    echo
}
run status
run check all

if [[ "${DEMO_INTERACTIVE:-0}" == 1 && -t 0 ]]; then
    echo "Opening the evermed-ops console (the databases stay up until you leave it)."
    "$BIN" || true
fi

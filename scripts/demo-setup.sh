#!/usr/bin/env bash
# Build the three EverMed databases of the October 2025 schema-drift crisis, the way Prisma left them.
#
#   scripts/demo-setup.sh CONNINFO [PREFIX]
#
# CONNINFO: a superuser connection (keyword form `host=… port=… user=postgres password=…` or a
# postgresql:// URI). Creates (dropping first if present) PREFIXlocal, PREFIXstaging, PREFIXproduction
# (PREFIX defaults to `evermed_`) from examples/evermed/db/migrations (override with DEMO_MIGRATIONS_DIR):
#   local       all 7 migrations applied
#   staging     1-4 applied, 5-7 pending (3 behind)
#   production  1-4 applied, 5 FAILED after its first statement (leftover table, Prisma error in `logs`),
#               6-7 pending
# Each migration's SQL runs through psql (-v ON_ERROR_STOP=1 -1 -f) and is recorded in
# "_prisma_migrations" exactly as `prisma migrate deploy` records it.
#
# Can also be sourced: it then only defines the functions (demo_setup, demo_conn_for_db, …).
set -euo pipefail

DEMO_SETUP_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DEMO_MIGRATIONS_DIR=${DEMO_MIGRATIONS_DIR:-$DEMO_SETUP_DIR/../examples/evermed/db/migrations}

demo_psql() {
    local psql=psql
    [[ -n "${EVERMED_TEST_PG_BINDIR:-}" && -x "$EVERMED_TEST_PG_BINDIR/psql" ]] && psql=$EVERMED_TEST_PG_BINDIR/psql
    PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" "$psql" -X -q -v ON_ERROR_STOP=1 "$@"
}

# The same connection, to another database. Keyword form: a later keyword wins in libpq.
demo_conn_for_db() {
    local conn=$1 db=$2
    if [[ "$conn" =~ ^postgres(ql)?:// ]]; then
        local query=""
        if [[ "$conn" == *\?* ]]; then query="?${conn#*\?}"; conn=${conn%%\?*}; fi
        local rest=${conn#*://}
        local authority=${rest%%/*}
        echo "${conn%%://*}://$authority/$db$query"
    else
        echo "$conn dbname=$db"
    fi
}

# The DDL Prisma's schema engine uses for its history table.
PRISMA_MIGRATIONS_DDL='CREATE TABLE IF NOT EXISTS "_prisma_migrations" ("id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)'

demo_migrations() {
    find "$DEMO_MIGRATIONS_DIR" -mindepth 2 -maxdepth 2 -name migration.sql -printf '%h\n' | xargs -n1 basename | sort
}

demo_checksum() { sha256sum "$1" | cut -d' ' -f1; }

# When the incident's deploys ran: the migration's own day, mid-morning (a deploy the same day), so the
# history reads as it did in October 2025, not as the day the demo was built.
demo_deployed_at() { echo "to_timestamp('${1:0:14}', 'YYYYMMDDHH24MISS')::timestamp AT TIME ZONE 'UTC' + interval '10 hours 31 minutes 2 seconds'"; }

# Like prisma migrate deploy: record the start, run the script, count the step, record the finish.
demo_apply() {
    local conn=$1 name=$2
    local file="$DEMO_MIGRATIONS_DIR/$name/migration.sql"
    local id; id=$(demo_psql -At -d "$conn" -c "$PRISMA_MIGRATIONS_DDL" \
        -c "INSERT INTO \"_prisma_migrations\" (\"id\", \"checksum\", \"migration_name\", \"started_at\") VALUES (gen_random_uuid()::text, '$(demo_checksum "$file")', '$name', $(demo_deployed_at "$name")) RETURNING \"id\"")
    demo_psql -d "$conn" -1 -f "$file"
    demo_psql -d "$conn" -c "UPDATE \"_prisma_migrations\" SET \"applied_steps_count\" = \"applied_steps_count\" + 1, \"finished_at\" = \"started_at\" + interval '2 seconds' WHERE \"id\" = '$id'"
}

# The first SQL statement of a file (up to the first line ending in `;`), with its leading comments.
demo_first_statement() {
    awk '{ print } /;[[:space:]]*$/ { exit }' "$1"
}

demo_failure_log() {
    local name=$1
    cat <<LOG
A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve

Migration name: $name

Database error code: 42703

Database error:
ERROR: column "userId" does not exist

DbError { severity: "ERROR", parsed_severity: Some(Error), code: SqlState(E42703), message: "column \\"userId\\" does not exist", detail: None, hint: None, position: None, where_: None, schema: None, table: None, column: None, datatype: None, constraint: None, file: Some("indexcmds.c"), line: Some(1889), routine: Some("ComputeIndexAttrs") }

   0: sql_schema_connector::apply_migration::apply_script
           with migration_name="$name"
             at schema-engine/connectors/sql-schema-connector/src/apply_migration.rs:106
   1: schema_core::commands::apply_migrations::Applying migration
           with migration_name="$name"
             at schema-engine/core/src/commands/apply_migrations.rs:91
   2: schema_core::state::ApplyMigrations
             at schema-engine/core/src/state.rs:226
LOG
}

# Like a deploy that died after the first statement: the statement stays (Prisma runs the script outside a
# transaction), the row keeps finished_at NULL and applied_steps_count 0, and logs holds the error.
demo_apply_failed() {
    local conn=$1 name=$2
    local file="$DEMO_MIGRATIONS_DIR/$name/migration.sql"
    local id; id=$(demo_psql -At -d "$conn" -c "$PRISMA_MIGRATIONS_DDL" \
        -c "INSERT INTO \"_prisma_migrations\" (\"id\", \"checksum\", \"migration_name\", \"started_at\") VALUES (gen_random_uuid()::text, '$(demo_checksum "$file")', '$name', $(demo_deployed_at "$name")) RETURNING \"id\"")
    demo_first_statement "$file" | demo_psql -d "$conn" -1 -f -
    # psql interpolates :'var' (quoted literal) only in scripts, not in -c.
    echo "UPDATE \"_prisma_migrations\" SET \"logs\" = :'logs' WHERE \"id\" = :'id'" \
        | demo_psql -d "$conn" -v logs="$(demo_failure_log "$name")" -v id="$id" -f -
}

demo_create_db() {
    local admin=$1 db=$2
    demo_psql -d "$admin" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\""
}

# demo_setup CONNINFO [PREFIX]
demo_setup() {
    local admin=$1 prefix=${2:-evermed_}
    local -a all; mapfile -t all < <(demo_migrations)
    [[ ${#all[@]} -eq 7 ]] || { echo "demo-setup: expected 7 migrations in $DEMO_MIGRATIONS_DIR, found ${#all[@]}" >&2; return 1; }
    local env conn i
    for env in local staging production; do
        demo_create_db "$admin" "$prefix$env"
    done

    conn=$(demo_conn_for_db "$admin" "${prefix}local")
    for i in 0 1 2 3 4 5 6; do demo_apply "$conn" "${all[$i]}"; done

    conn=$(demo_conn_for_db "$admin" "${prefix}staging")
    for i in 0 1 2 3; do demo_apply "$conn" "${all[$i]}"; done

    conn=$(demo_conn_for_db "$admin" "${prefix}production")
    for i in 0 1 2 3; do demo_apply "$conn" "${all[$i]}"; done
    demo_apply_failed "$conn" "${all[4]}"
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    if [[ $# -lt 1 ]]; then
        echo "usage: $0 CONNINFO [PREFIX]" >&2
        exit 2
    fi
    demo_setup "$@"
fi

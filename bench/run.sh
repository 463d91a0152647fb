#!/usr/bin/env bash
# evermed-ops benchmarks. A benchmark, not a test: prints a table; exits 0 unless the benchmark itself
# is broken (or BENCH_STRICT=1 and a target is missed).
#
#   make bench                                  (release build + throwaway PostgreSQL)
#   scripts/with-postgres.sh bench/run.sh       with EVERMED_OPS_BIN=path/to/evermed-ops
#
# Knobs: BENCH_SIZES="100 1000 3000 3000d" (d: the dense schema, 5 indexes and 5 constraints a table)  BENCH_RUNS=5  BENCH_RUNS_SLOW=3 (used when one diff takes > 3 s)
#        BENCH_SECTIONS="diff deploy bigfile startup"  BENCH_STRICT=0  BENCH_KEEP_DBS=0
#        BENCH_DEPLOY_MIGRATIONS=500  BENCH_DEPLOY_RUNS=5 (runs of the deploy section)
#        BENCH_BIG_MB=50  BENCH_BIG_RUNS=3 (the one-big-migration section)
#
# Sections: each is a function `section_<name>` that adds rows with add_row and targets with add_target.
# To add one (deploy of 500 migrations vs psql -f, console start-up, …), write section_<name> below and
# add <name> to the default BENCH_SECTIONS.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=bench/lib.sh
source "$here/lib.sh"

BIN=${EVERMED_OPS_BIN:-$root/.build/release/evermed-ops}
[[ "$BIN" == /* ]] || BIN="$root/$BIN"
BENCH_SIZES=${BENCH_SIZES:-100 1000 3000 3000d}
BENCH_RUNS=${BENCH_RUNS:-5}
BENCH_RUNS_SLOW=${BENCH_RUNS_SLOW:-3}
BENCH_SECTIONS=${BENCH_SECTIONS:-diff deploy bigfile startup}
BENCH_BIG_MB=${BENCH_BIG_MB:-50}
BENCH_BIG_RUNS=${BENCH_BIG_RUNS:-3}
BENCH_DEPLOY_MIGRATIONS=${BENCH_DEPLOY_MIGRATIONS:-500}
BENCH_DEPLOY_RUNS=${BENCH_DEPLOY_RUNS:-5}
BENCH_STRICT=${BENCH_STRICT:-0}

if [[ -z "${EVERMED_TEST_PG_PORT:-}" ]]; then
    echo "bench: no database; run through scripts/with-postgres.sh (or \`make bench\`)" >&2
    exit 2
fi
(( BENCH_RUNS >= 3 && BENCH_RUNS_SLOW >= 3 && BENCH_DEPLOY_RUNS >= 3 && BENCH_BIG_RUNS >= 3 )) \
    || { echo "bench: BENCH_RUNS, BENCH_RUNS_SLOW, BENCH_DEPLOY_RUNS and BENCH_BIG_RUNS must be >= 3" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/evermed-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

TARGETS=()    # lines printed under the table
PROBLEMS=()   # things that make BENCH_STRICT fail
add_target() { TARGETS+=("$1"); }
problem() { PROBLEMS+=("$1"); log "PROBLEM: $1"; }

have_bin() { [[ -x "$BIN" ]]; }

# ---------------------------------------------------------------------------------------------------------
# Section: schema diff at 100 / 1,000 / 3,000 tables (evermed-ops diff vs pg_dump vs one catalog query).
# ---------------------------------------------------------------------------------------------------------

# The floor: one psql query of every column with its type and default, written the way psql's \d and
# information_schema render a default (pg_get_expr with the table). TYPES_QUERY, the same without defaults,
# is printed beside it for comparison with earlier runs (it was the floor before the dense case).
FLOOR_QUERY="select c.relname, a.attname, format_type(a.atttypid, a.atttypmod), pg_get_expr(d.adbin, d.adrelid) from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum where c.relkind = 'r' and a.attnum > 0 and not a.attisdropped and n.nspname not in ('pg_catalog','information_schema')"
TYPES_QUERY="select c.relname, a.attname, format_type(a.atttypid, a.atttypmod) from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'r' and a.attnum > 0 and not a.attisdropped and n.nspname not in ('pg_catalog','information_schema')"

# Databases bench_<n>_a (generated) and bench_<n>_b (a copy plus the 20 changes).
make_diff_dbs() {
    local n=$1 dense=0
    [[ "$n" == *d ]] && dense=1
    local a="bench_${n}_a" b="bench_${n}_b" t0
    t0=$(now_ns)
    bench_psql -d "$(conn postgres)" -c "DROP DATABASE IF EXISTS $b WITH (FORCE)" \
        -c "DROP DATABASE IF EXISTS $a WITH (FORCE)" -c "CREATE DATABASE $a"
    bench_psql -d "$(conn "$a")" -v n="${n%d}" -v dense="$dense" -f "$here/schema.sql"
    bench_psql -d "$(conn postgres)" -c "CREATE DATABASE $b TEMPLATE $a"
    bench_psql -d "$(conn "$b")" -f "$here/changes.sql"
    # The catalogs as autovacuum leaves a real database, and no autovacuum of 3,000 new tables taking a core
    # during the timed runs.
    bench_psql -d "$(conn "$a")" -c "VACUUM (ANALYZE)"
    bench_psql -d "$(conn "$b")" -c "VACUUM (ANALYZE)"
    log "generated $a and $b in $(ns_to_s $(( $(now_ns) - t0 ))) s"
}

# A project directory whose evermed-ops.yml declares environments a and b.
make_diff_project() {
    local n=$1 dir="$work/project-$1"
    mkdir -p "$dir/db/migrations"
    cat >"$dir/evermed-ops.yml" <<YAML
migrations: db/migrations
environments:
  a: { url: "$(conn "bench_${n}_a")" }
  b: { url: "$(conn "bench_${n}_b")" }
YAML
    echo "$dir"
}

run_diff() { (cd "$1" && "$BIN" diff a b --json); }
# The whole process under /usr/bin/time, for its peak RSS (KB, written to $2).
run_diff_rss() { (cd "$1" && "$TIME_BIN" -f %M -o "$2" "$BIN" diff a b --json >/dev/null 2>&1); }
run_diff_sql() { (cd "$1" && "$BIN" diff a b --sql >/dev/null 2>&1); }
run_dump() { "$PG_DUMP" --schema-only -d "$(conn "$1")" -f /dev/null; }
run_floor() { "$PSQL" -X -A -t -d "$(conn "$1")" -c "$FLOOR_QUERY" >/dev/null; }
run_types() { "$PSQL" -X -A -t -d "$(conn "$1")" -c "$TYPES_QUERY" >/dev/null; }

# found/missed of the expected (kind, name) pairs in the JSON on stdin; sets FOUND, MISSED, EXTRA.
score_diff() {
    local json=$1 keys expected_count
    keys=$(json_change_keys <"$json" | sort -u)
    FOUND=0; MISSED=0
    local kind name
    while read -r kind name; do
        [[ -z "$kind" || "$kind" == \#* ]] && continue
        if grep -Fxq -- "$kind $name" <<<"$keys"; then FOUND=$((FOUND + 1)); else
            MISSED=$((MISSED + 1)); log "  missed: $kind $name"; fi
    done <"$here/expected-changes.txt"
    expected_count=$((FOUND + MISSED))
    EXTRA=$(( $(grep -c . <<<"$keys" || true) - FOUND ))
    (( EXTRA >= 0 )) || EXTRA=0
    if [[ $EXTRA -gt 0 ]]; then
        log "  $EXTRA reported change(s) beyond the 20 expected, e.g.:"
        grep -vxF -f <(grep -v '^#' "$here/expected-changes.txt") <<<"$keys" | head -n 5 | sed 's/^/    /' >&2 || true
    fi
    [[ $expected_count -eq 20 ]] || problem "expected-changes.txt has $expected_count entries, not 20"
}

section_diff() {
    local n runs dir i t rss rc floor_med diff_med dump_med
    for n in $BENCH_SIZES; do
        log "diff section: $n tables"
        make_diff_dbs "$n"
        dir=$(make_diff_project "$n")
        runs=$BENCH_RUNS

        # Warm-ups (page cache; not timed).
        run_floor "bench_${n}_a"; run_dump "bench_${n}_a"

        : >"$work/floor-$n"; : >"$work/types-$n"; : >"$work/dump-$n"; : >"$work/diff-$n"; : >"$work/rss-$n"; : >"$work/sql-$n"
        local diff_state=ok found_cell="-" rss_cell="-"
        if ! have_bin; then
            diff_state="no binary"
            problem "no evermed-ops binary at $BIN"
        else
            # First run: correctness (exit code 1 = different, JSON), not timed.
            rc=0; run_diff "$dir" >"$work/diff-$n.json" 2>"$work/diff-$n.err" || rc=$?
            if [[ $rc -ne 1 ]]; then
                diff_state="exit $rc"
                problem "evermed-ops diff ($n tables) exited $rc (expected 1): $(head -c 300 "$work/diff-$n.err")"
            else
                score_diff "$work/diff-$n.json"
                found_cell="$FOUND/$MISSED (+$EXTRA)"
                [[ $MISSED -eq 0 ]] || problem "diff at $n tables missed $MISSED of 20 changes"
            fi
        fi

        for ((i = 1; i <= runs; i++)); do
            time_ns run_floor "bench_${n}_a" >>"$work/floor-$n"
            time_ns run_types "bench_${n}_a" >>"$work/types-$n"
            time_ns run_dump "bench_${n}_a" >>"$work/dump-$n"
            if [[ "$diff_state" == ok ]]; then
                rc=0
                t=$(time_ns run_diff_rss "$dir" "$work/rss-one") || rc=$?
                # /usr/bin/time passes on the command's status; 1 is "different", the expected answer.
                [[ $rc -le 1 ]] || { diff_state="exit $rc"; problem "diff run $i at $n tables exited $rc"; }
                echo "$t" >>"$work/diff-$n"
                tail -n 1 "$work/rss-one" >>"$work/rss-$n"
                if [[ "$n" == *d ]]; then
                    rc=0; t=$(time_ns run_diff_sql "$dir") || rc=$?
                    [[ $rc -le 1 ]] || problem "diff --sql run $i at $n tables exited $rc"
                    echo "$t" >>"$work/sql-$n"
                fi
                # One slow run at this size: settle for fewer (but at least 3) runs.
                if (( i == 1 && t > 3000000000 && BENCH_RUNS_SLOW < runs )); then
                    runs=$BENCH_RUNS_SLOW; log "  diff takes $(ns_to_s "$t") s: $runs runs at $n tables"
                fi
            fi
        done

        floor_med=$(median <"$work/floor-$n")
        local types_med; types_med=$(median <"$work/types-$n")
        dump_med=$(median <"$work/dump-$n")
        local label="$n tbl"
        [[ "$n" == *d ]] && label="${n%d} dense"
        add_row "$label" "psql floor (+defaults)" "$(ns_to_s "$floor_med")" "1.00x" "" ""
        add_row "$label" "psql, no defaults" "$(ns_to_s "$types_med")" "$(ratio "$types_med" "$floor_med")" "" ""
        add_row "$label" "pg_dump --schema-only" "$(ns_to_s "$dump_med")" "$(ratio "$dump_med" "$floor_med")" "" ""
        if [[ -s "$work/diff-$n" ]]; then
            diff_med=$(median <"$work/diff-$n")
            rss=$(sort -n "$work/rss-$n" | tail -n 1)
            rss_cell=$(awk -v kb="$rss" 'BEGIN { printf "%.1f", kb / 1024 }')
            add_row "$label" "evermed-ops diff" "$(ns_to_s "$diff_med")" "$(ratio "$diff_med" "$floor_med")" "$found_cell" "$rss_cell"
            if [[ "${n%d}" == 3000 ]]; then check_diff_targets "$diff_med" "$floor_med" "$rss" "$label"; fi
            if [[ -s "$work/sql-$n" ]]; then
                local sql_med; sql_med=$(median <"$work/sql-$n")
                add_row "$label" "evermed-ops diff --sql" "$(ns_to_s "$sql_med")" "$(ratio "$sql_med" "$floor_med")" \
                    "$(ratio "$sql_med" "$diff_med") diff" ""
                awk -v s="$sql_med" -v d="$diff_med" 'BEGIN { exit !(s <= 1.2 * d) }' \
                    || problem "$label: diff --sql $(ratio "$sql_med" "$diff_med") diff (target <= 1.2x)"
            fi
        else
            add_row "$label" "evermed-ops diff" "n/a" "n/a" "$diff_state" "-"
        fi
        [[ "${BENCH_KEEP_DBS:-0}" == 1 ]] || bench_psql -d "$(conn postgres)" \
            -c "DROP DATABASE bench_${n}_b WITH (FORCE)" -c "DROP DATABASE bench_${n}_a WITH (FORCE)"
    done
    add_target "target (3,000 tables, and 3,000 dense: 15,000 indexes, 14,700 constraints): diff <= 2x floor, 20/20 found, peak RSS <= 100 MB; diff --sql <= 1.2x diff"
}

check_diff_targets() {
    local diff_med=$1 floor_med=$2 rss_kb=$3 label=$4
    awk -v d="$diff_med" -v f="$floor_med" 'BEGIN { exit !(d <= 2 * f) }' \
        || problem "$label: diff $(ratio "$diff_med" "$floor_med") the floor (target <= 2x)"
    (( rss_kb <= 100 * 1024 )) \
        || problem "$label: peak RSS $(awk -v kb="$rss_kb" 'BEGIN { printf "%.1f", kb / 1024 }') MB (target <= 100 MB)"
}

# ---------------------------------------------------------------------------------------------------------
# Section: deploy of 500 tiny migrations to an empty database (evermed-ops deploy vs psql -f of the same SQL).
# ---------------------------------------------------------------------------------------------------------

# The SQL of migration $1 (1-based), in groups of five on one table: create it, add a column, index it,
# add a defaulted column, create a child table with a foreign key to it.
deploy_migration_sql() {
    local g=$(( ($1 - 1) / 5 + 1 ))
    case $(( ($1 - 1) % 5 )) in
        0) printf -- '-- CreateTable\nCREATE TABLE t_%d (id int PRIMARY KEY, v text);\n' "$g" ;;
        1) printf -- '-- AlterTable\nALTER TABLE t_%d ADD COLUMN n integer;\n' "$g" ;;
        2) printf -- '-- CreateIndex\nCREATE INDEX t_%d_v_idx ON t_%d (v);\n' "$g" "$g" ;;
        3) printf -- '-- AlterTable\nALTER TABLE t_%d ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();\n' "$g" ;;
        4) printf -- '-- CreateTable\nCREATE TABLE t_%d_child (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES t_%d (id));\n' "$g" "$g" ;;
    esac
}

# $work/deploy: evermed-ops.yml (one environment `bench` = database bench_deploy; with one environment the
# shadow databases of the checks go to that same server), db/migrations/<14 digits>_step_<i>/migration.sql,
# and the psql references: all.sql (the files concatenated) and all-tx.sql (BEGIN/COMMIT around each file).
make_deploy_project() {
    local dir="$work/deploy" n=$BENCH_DEPLOY_MIGRATIONS i name
    rm -rf "$dir"; mkdir -p "$dir/db/migrations"
    cat >"$dir/evermed-ops.yml" <<YAML
migrations: db/migrations
environments:
  bench: { url: "$(conn bench_deploy)" }
YAML
    : >"$dir/all.sql"; : >"$dir/all-tx.sql"
    for ((i = 1; i <= n; i++)); do
        printf -v name '20250101%06d_step_%d' "$i" "$i"
        mkdir "$dir/db/migrations/$name"
        deploy_migration_sql "$i" >"$dir/db/migrations/$name/migration.sql"
        cat "$dir/db/migrations/$name/migration.sql" >>"$dir/all.sql"
        { echo 'BEGIN;'; cat "$dir/db/migrations/$name/migration.sql"; echo 'COMMIT;'; } >>"$dir/all-tx.sql"
    done
    echo "$dir"
}

fresh_db() { bench_psql -d "$(conn postgres)" -c "DROP DATABASE IF EXISTS $1 WITH (FORCE)" -c "CREATE DATABASE $1"; }

# psql ARGS... against a fresh database: the floor (-1 -f all.sql) and the per-file reference (-f all-tx.sql).
run_psql_deploy() { "$PSQL" -X -q -v ON_ERROR_STOP=1 "$@" >/dev/null; }

# evermed-ops deploy bench --yes, the whole process under /usr/bin/time (peak RSS in KB to $2, output to $3).
run_deploy_rss() { (cd "$1" && "$TIME_BIN" -f %M -o "$2" "$BIN" deploy bench --yes >"$3" 2>&1); }

# "finished/total" rows of _prisma_migrations in bench_deploy.
deploy_history_rows() {
    "$PSQL" -X -A -t -d "$(conn bench_deploy)" -c "select count(*) filter (where finished_at is not null \
        and rolled_back_at is null) || '/' || count(*) from _prisma_migrations" 2>/dev/null || echo "0/0"
}

# Tables in public (besides _prisma_migrations) of database $1: the floor and the deploy must agree.
deploy_table_count() {
    "$PSQL" -X -A -t -d "$(conn "$1")" -c "select count(*) from pg_tables where schemaname = 'public' \
        and tablename <> '_prisma_migrations'"
}

# One evermed-ops run on a fresh bench_deploy; $2 = cold (cache and audit log removed first) or warm
# (the replayed schema of an earlier run is in .evermed-ops/cache). Appends its time to $work/deploy-$2,
# its RSS to $work/deploy-rss; returns 1 (and records a problem) when it fails or the history is wrong.
deploy_once() {
    local dir=$1 mode=$2 rc=0 t rows n=$BENCH_DEPLOY_MIGRATIONS
    fresh_db bench_deploy
    rm -f "$dir/.evermed-ops/audit.log"
    [[ "$mode" == warm ]] || rm -rf "$dir/.evermed-ops"
    t=$(time_ns run_deploy_rss "$dir" "$work/deploy-rss-one" "$work/deploy.out") || rc=$?
    if [[ $rc -ne 0 ]]; then
        problem "evermed-ops deploy ($mode) exited $rc: $(tail -n 5 "$work/deploy.out" | head -c 400)"
        return 1
    fi
    rows=$(deploy_history_rows)
    if [[ "$rows" != "$n/$n" ]]; then
        problem "after evermed-ops deploy ($mode), _prisma_migrations has $rows finished/total rows (expected $n/$n)"
        return 1
    fi
    echo "$t" >>"$work/deploy-$mode"
    tail -n 1 "$work/deploy-rss-one" >>"$work/deploy-rss"
}

section_deploy() {
    local n=$BENCH_DEPLOY_MIGRATIONS dir i t0 floor_med med state=ok tables_floor tables_deploy
    log "deploy section: $n migrations"
    t0=$(now_ns)
    dir=$(make_deploy_project)
    log "generated $n migrations in $(ns_to_s $(( $(now_ns) - t0 ))) s"
    : >"$work/deploy-floor"; : >"$work/deploy-pertx"; : >"$work/deploy-cold"; : >"$work/deploy-warm"
    : >"$work/deploy-rss"

    # Warm-ups (page cache, binaries; not timed), which also check that the SQL and the deploy work.
    fresh_db bench_deploy_psql
    run_psql_deploy -1 -d "$(conn bench_deploy_psql)" -f "$dir/all.sql"
    tables_floor=$(deploy_table_count bench_deploy_psql)
    if ! have_bin; then
        state="no binary"; problem "no evermed-ops binary at $BIN"
    elif ! deploy_once "$dir" cold; then
        state="failed"
    else
        : >"$work/deploy-cold"; : >"$work/deploy-rss"
        tables_deploy=$(deploy_table_count bench_deploy)
        [[ "$tables_deploy" == "$tables_floor" ]] \
            || problem "deploy made $tables_deploy tables, psql -f made $tables_floor"
    fi

    for ((i = 1; i <= BENCH_DEPLOY_RUNS; i++)); do
        log "  run $i/$BENCH_DEPLOY_RUNS"
        fresh_db bench_deploy_psql
        time_ns run_psql_deploy -1 -d "$(conn bench_deploy_psql)" -f "$dir/all.sql" >>"$work/deploy-floor"
        fresh_db bench_deploy_psql
        time_ns run_psql_deploy -d "$(conn bench_deploy_psql)" -f "$dir/all-tx.sql" >>"$work/deploy-pertx"
        if [[ "$state" == ok ]]; then
            deploy_once "$dir" cold || { state="failed"; continue; }
            deploy_once "$dir" warm || state="failed"
        fi
    done

    local label="$n mig" rows_cell="history $n/$n" rss_cell="-"
    floor_med=$(median <"$work/deploy-floor")
    add_row "$label" "psql -1 -f (floor)" "$(ns_to_s "$floor_med")" "1.00x" "" ""
    med=$(median <"$work/deploy-pertx")
    add_row "$label" "psql -f, 1 tx per file" "$(ns_to_s "$med")" "$(ratio "$med" "$floor_med")" "" ""
    if [[ "$state" == ok ]]; then
        rss_cell=$(awk -v kb="$(sort -n "$work/deploy-rss" | tail -n 1)" 'BEGIN { printf "%.1f", kb / 1024 }')
        med=$(median <"$work/deploy-cold")
        add_row "$label" "evermed-ops deploy" "$(ns_to_s "$med")" "$(ratio "$med" "$floor_med")" "$rows_cell" "$rss_cell"
        awk -v d="$med" -v f="$floor_med" 'BEGIN { exit !(d <= 1.5 * f) }' \
            || problem "deploy of $n migrations: $(ratio "$med" "$floor_med") psql -f (target <= 1.5x)"
        med=$(median <"$work/deploy-warm")
        add_row "$label" "  (replay cached)" "$(ns_to_s "$med")" "$(ratio "$med" "$floor_med")" "$rows_cell" "$rss_cell"
    else
        add_row "$label" "evermed-ops deploy" "n/a" "n/a" "$state" "-"
    fi
    [[ "${BENCH_KEEP_DBS:-0}" == 1 ]] || bench_psql -d "$(conn postgres)" \
        -c "DROP DATABASE IF EXISTS bench_deploy WITH (FORCE)" -c "DROP DATABASE IF EXISTS bench_deploy_psql WITH (FORCE)"
    add_target "target: deploy of $n migrations <= 1.5x psql -f (the whole command: check, lock, history rows, check)"
}

# ---------------------------------------------------------------------------------------------------------
# Section: one big migration — a seed of BENCH_BIG_MB MB of single-row INSERTs (about 415,000 statements at
# 50 MB): evermed-ops deploy --dry-run and deploy, against psql -1 -f of the same file. Time and peak RSS.
# ---------------------------------------------------------------------------------------------------------

# The project: one migration.sql of about BENCH_BIG_MB MB.
make_big_project() {
    local dir="$work/big" rows
    rm -rf "$dir"; mkdir -p "$dir/db/migrations/20260101000000_seed"
    cat >"$dir/evermed-ops.yml" <<YAML
migrations: db/migrations
environments:
  bench: { url: "$(conn bench_big)" }
YAML
    rows=$(( BENCH_BIG_MB * 1000000 / 120 ))
    awk -v n="$rows" 'BEGIN {
        print "-- A seed: one INSERT a row (bench/run.sh, section bigfile)"
        print "CREATE TABLE big_seed (id bigint PRIMARY KEY, name text NOT NULL, note text);"
        for (i = 1; i <= n; i++)
            printf "INSERT INTO big_seed (id, name, note) VALUES (%d, %cname-%d%c, %cnote for row %d: lorem ipsum dolor sit amet%c);\n", i, 39, i, 39, 39, i, 39
    }' >"$dir/db/migrations/20260101000000_seed/migration.sql"
    echo "$dir"
}

discard_output() { "$@" >/dev/null 2>&1; }

# CMD under /usr/bin/time, its output discarded: wall ns on stdout, peak RSS KB appended to $1. Exit status is CMD's.
time_rss() {
    local out=$1; shift
    local rc=0 t
    t=$(time_ns discard_output "$TIME_BIN" -f %M -o "$work/rss-one" "$@") || rc=$?
    tail -n 1 "$work/rss-one" >>"$out"
    echo "$t"
    return "$rc"
}

section_bigfile() {
    local dir file bytes i rc label med floor_med rss
    dir=$(make_big_project)
    file="$dir/db/migrations/20260101000000_seed/migration.sql"
    bytes=$(wc -c <"$file")
    label="$((bytes / 1000000)) MB"
    log "bigfile section: one migration of $bytes bytes, $BENCH_BIG_RUNS runs"
    : >"$work/big-floor"; : >"$work/big-floor-rss"; : >"$work/big-dry"; : >"$work/big-dry-rss"
    : >"$work/big-apply"; : >"$work/big-apply-rss"
    for ((i = 1; i <= BENCH_BIG_RUNS; i++)); do
        log "  run $i/$BENCH_BIG_RUNS"
        fresh_db bench_big_psql
        time_rss "$work/big-floor-rss" "$PSQL" -X -q -v ON_ERROR_STOP=1 -1 -d "$(conn bench_big_psql)" -f "$file" \
            >>"$work/big-floor" || problem "psql -1 -f of the big migration failed"
        have_bin || continue
        fresh_db bench_big
        rm -rf "$dir/.evermed-ops"
        rc=0
        (cd "$dir" && time_rss "$work/big-dry-rss" "$BIN" deploy bench --dry-run) >>"$work/big-dry" 2>/dev/null || rc=$?
        [[ $rc -eq 0 ]] || problem "deploy --dry-run of the big migration exited $rc"
        rc=0
        (cd "$dir" && time_rss "$work/big-apply-rss" "$BIN" deploy bench --yes) >>"$work/big-apply" 2>/dev/null || rc=$?
        [[ $rc -eq 0 ]] || problem "deploy of the big migration exited $rc"
    done
    floor_med=$(median <"$work/big-floor")
    rss=$(awk '{ v = $1 > v ? $1 : v } END { printf "%.1f", v / 1024 }' "$work/big-floor-rss")
    add_row "$label" "psql -1 -f (floor)" "$(ns_to_s "$floor_med")" "1.00x" "-" "$rss"
    local kind
    for kind in dry apply; do
        [[ -s "$work/big-$kind" ]] || { add_row "$label" "evermed-ops $kind" "n/a" "n/a" "no runs" "-"; continue; }
        med=$(median <"$work/big-$kind")
        local rss_kb; rss_kb=$(sort -n "$work/big-$kind-rss" | tail -n 1)
        rss=$(awk -v kb="$rss_kb" 'BEGIN { printf "%.1f", kb / 1024 }')
        add_row "$label" "$([[ $kind == dry ]] && echo "deploy --dry-run" || echo "deploy (apply)")" \
            "$(ns_to_s "$med")" "$(ratio "$med" "$floor_med")" "-" "$rss"
        awk -v d="$med" -v f="$floor_med" 'BEGIN { exit !(d <= 2 * f) }' \
            || problem "big migration, deploy $kind: $(ratio "$med" "$floor_med") psql -1 -f (target <= 2x)"
        (( rss_kb <= 100 * 1024 )) || problem "big migration, deploy $kind: peak RSS $rss MB (target <= 100 MB)"
    done
    [[ "${BENCH_KEEP_DBS:-0}" == 1 ]] || bench_psql -d "$(conn postgres)" \
        -c "DROP DATABASE IF EXISTS bench_big WITH (FORCE)" -c "DROP DATABASE IF EXISTS bench_big_psql WITH (FORCE)"
    add_target "target: one $label migration, deploy --dry-run and deploy each <= 2x psql -1 -f and <= 100 MB peak RSS"
}

# ---------------------------------------------------------------------------------------------------------
# Section: start-up — `--version`, and the console's first prompt on a pseudo-terminal, against /bin/true.
# ---------------------------------------------------------------------------------------------------------
section_startup() {
    local runs=${BENCH_STARTUP_RUNS:-30} i med floor_med
    log "startup section: $runs runs each"
    : >"$work/start-true"; : >"$work/start-version"; : >"$work/start-prompt"
    for ((i = 0; i < runs; i++)); do time_ns /bin/true >>"$work/start-true"; done
    floor_med=$(median <"$work/start-true")
    add_row "start" "/bin/true (floor)" "$(ns_to_s "$floor_med")" "1.00x" "" ""
    if ! have_bin; then
        add_row "start" "evermed-ops" "n/a" "n/a" "no binary" "-"
        return
    fi
    quiet() { "$@" >/dev/null 2>&1; }
    for ((i = 0; i < runs; i++)); do time_ns quiet "$BIN" --version >>"$work/start-version"; done
    med=$(median <"$work/start-version")
    add_row "start" "evermed-ops --version" "$(ns_to_s "$med")" "$(ratio "$med" "$floor_med")" "" ""
    if (cd "$root/examples/evermed" && python3 "$here/first-prompt.py" "$BIN" "$runs") >"$work/start-prompt"; then
        med=$(median <"$work/start-prompt")
        add_row "start" "console: first prompt" "$(ns_to_s "$med")" "$(ratio "$med" "$floor_med")" "" ""
        awk -v m="$med" 'BEGIN { exit !(m <= 25000000) }' \
            || problem "console start-up: $(ns_to_s "$med") s to the first prompt (target <= 0.025 s)"
    else
        problem "console start-up: no prompt (first-prompt.py failed)"
    fi
    add_target "target: console start-up <= 25 ms median to the first prompt"
}
# ---------------------------------------------------------------------------------------------------------

main() {
    log "evermed-ops: $BIN$(have_bin || echo ' (missing)')"
    log "PostgreSQL: $("$PSQL" -X -A -t -d "$(conn postgres)" -c 'show server_version') on port $EVERMED_TEST_PG_PORT; $(nproc) CPUs"
    local s
    for s in $BENCH_SECTIONS; do
        declare -F "section_$s" >/dev/null || { echo "bench: unknown section '$s'" >&2; exit 2; }
        "section_$s"
    done
    echo
    print_table
    echo
    local line
    for line in "${TARGETS[@]}"; do echo "$line"; done
    if [[ ${#PROBLEMS[@]} -gt 0 ]]; then
        echo
        echo "problems:"
        for line in "${PROBLEMS[@]}"; do echo "  - $line"; done
        [[ "$BENCH_STRICT" == 1 ]] && exit 1
    fi
    exit 0
}

main "$@"

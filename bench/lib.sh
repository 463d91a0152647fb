# Helpers for bench/run.sh (sourced): connections, timing, medians, the results table.
# shellcheck shell=bash

PG_BINDIR=${EVERMED_TEST_PG_BINDIR:-$(pg_config --bindir 2>/dev/null || true)}
# The server's own client binaries: Debian's /usr/bin/psql is a Perl wrapper that adds ~30 ms per call.
PSQL=$PG_BINDIR/psql;       [[ -x "$PSQL" ]] || PSQL=psql
PG_DUMP=$PG_BINDIR/pg_dump; [[ -x "$PG_DUMP" ]] || PG_DUMP=pg_dump
# shellcheck disable=SC2034  # used by bench/run.sh
TIME_BIN=/usr/bin/time       # GNU time, for peak RSS (-f %M)

# Keyword conninfo for database $1 of the cluster with-postgres.sh started.
conn() {
    echo "host=$EVERMED_TEST_PG_HOST port=$EVERMED_TEST_PG_PORT user=postgres password=$EVERMED_TEST_PG_PASSWORD dbname=$1"
}

bench_psql() { PGOPTIONS="-c client_min_messages=warning" "$PSQL" -X -q -v ON_ERROR_STOP=1 "$@"; }

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

now_ns() { date +%s%N; }

# time_ns CMD...: run CMD (output discarded unless redirected by the caller) and print its wall time in ns.
# Returns CMD's exit status.
time_ns() {
    local start end rc=0
    start=$(now_ns)
    "$@" || rc=$?
    end=$(now_ns)
    echo $((end - start))
    return "$rc"
}

# median: numbers on stdin, one a line.
median() {
    sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) { print "nan"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

ns_to_s() { awk -v ns="$1" 'BEGIN { if (ns == "nan" || ns == "") print "n/a"; else printf "%.3f", ns / 1e9 }'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a == "nan" || b == "nan" || b == 0) print "n/a"; else printf "%.2fx", a / b }'; }

# Results table: rows are appended by sections with add_row, printed once at the end.
RESULT_ROWS=()
add_row() { RESULT_ROWS+=("$(printf '%s\t' "$@")"); }

print_table() {
    local fmt='%-10s | %-22s | %9s | %14s | %-16s | %11s\n'
    printf "$fmt" size tool "median s" "ratio to floor" "found/missed" "peak RSS MB"
    printf '%s\n' "-----------+------------------------+-----------+----------------+------------------+------------"
    local row
    for row in "${RESULT_ROWS[@]}"; do
        local -a f; IFS=$'\t' read -r -a f <<<"$row"
        printf "$fmt" "${f[0]:-}" "${f[1]:-}" "${f[2]:-}" "${f[3]:-}" "${f[4]:--}" "${f[5]:--}"
    done
}

# `kind name` pairs in a `diff --json` document (stdin), one a line.
json_change_keys() {
    if command -v jq >/dev/null 2>&1; then
        jq -r '.changes[]? | "\(.kind) \(.name)"'
    else
        # Fallback without jq: relies on "kind" preceding "name" in each change object.
        grep -o '"kind" *: *"[^"]*" *, *"name" *: *"[^"]*"' \
            | sed -E 's/"kind" *: *"([^"]*)" *, *"name" *: *"(.*)"$/\1 \2/'
    fi
}

#!/usr/bin/env bash
# Runs the suite (already built) against a throwaway PostgreSQL and ends with one plain summary line,
# `N passed, M failed`: swift test's last line is Swift Testing's ("0 tests"), which says nothing about the
# XCTest suites that hold every test here.
#
#   scripts/run-tests.sh SWIFT_TEST_ARGS...      (called by `make test`)
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
log=$(mktemp "${TMPDIR:-/tmp}/evermed-test.XXXXXX")
trap 'rm -f "$log"' EXIT

"$here/with-postgres.sh" swift test "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

summary=$(grep -E "^[[:space:]]*Executed [0-9]+ tests?, with [0-9]+ failures?" "$log" | tail -n 1)
if [[ -n "$summary" ]]; then
    total=$(sed -E 's/.*Executed ([0-9]+) tests?.*/\1/' <<<"$summary")
    failed=$(sed -E 's/.*with ([0-9]+) failures?.*/\1/' <<<"$summary")
    echo "$((total - failed)) passed, $failed failed"
else
    echo "0 passed, 0 failed"
    [[ $rc -ne 0 ]] || rc=1   # no XCTest summary at all: the suite did not run
fi
exit "$rc"

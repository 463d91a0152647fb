#!/usr/bin/env bash
# The October 2025 EverMed schema-drift crisis, replayed on a throwaway PostgreSQL, then diagnosed.
#
#   make demo                       (builds the release binary first)
#   EVERMED_OPS_BIN=path scripts/demo.sh
#   On a terminal, the console opens on the crisis after `status` and `check all` (DEMO_INTERACTIVE=0: no
#   console); without one (CI, a pipe) the recovery is played through non-interactively.
#
# Starts a private cluster, builds evermed_local / evermed_staging / evermed_production with
# scripts/demo-setup.sh, then, from a scratch copy of examples/evermed (so the audit log starts empty and the
# repository is not written to), diagnoses with `status` and `check all` and recovers: deploy staging, a
# refused production deploy, resolve the failed migration, remove its leftovers, deploy production with a
# backup; a hand-made change on production captured with `fix --capture` and deployed elsewhere; then `status`
# and `audit`. The scripted commands run with stdin from /dev/null (non-interactive).
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
demo_dir=
cleanup() {
    local rc=$?
    trap - EXIT INT TERM HUP
    "$here/pg-cluster.sh" stop "$cluster_dir" || true
    rm -rf "$cluster_dir"
    [[ -z "$demo_dir" ]] || rm -rf "$demo_dir"
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
# shellcheck source=scripts/demo-setup.sh
source "$here/demo-setup.sh"   # demo_psql, demo_conn_for_db
t2=$(date +%s%N)

url() { echo "postgresql://postgres:$EVERMED_TEST_PG_PASSWORD@127.0.0.1:$EVERMED_TEST_PG_PORT/evermed_$1"; }
export DATABASE_URL; DATABASE_URL=$(url local)
export STAGING_DATABASE_URL; STAGING_DATABASE_URL=$(url staging)
export PRODUCTION_DATABASE_URL; PRODUCTION_DATABASE_URL=$(url production)

# The project, copied: deploys write .evermed-ops/audit.log and backups next to the config.
demo_dir=$(mktemp -d "${TMPDIR:-/tmp}/evermed-demo-project.XXXXXX")
cp -R "$root/examples/evermed/evermed-ops.yml" "$root/examples/evermed/db" "$demo_dir/"

ms() { echo $(( ($2 - $1) / 1000000 )); }
cat <<BANNER

================================================================================
 EverMed, 11 October 2025: three databases, three different schemas.
   local       all 7 migrations applied
   staging     3 migrations behind (personal_models missing, analytics_events old)
   production  migration 20250925000000_add_personal_models FAILED half-way;
               everything after it is blocked
 Throwaway PostgreSQL on 127.0.0.1:$EVERMED_TEST_PG_PORT (started in $(ms "$t0" "$t1") ms, set up in $(ms "$t1" "$t2") ms)
 Project: examples/evermed, copied to $demo_dir
          (deploys write the audit log and backups there; removed afterwards)
================================================================================

BANNER

cd "$demo_dir"

# step CODES CMD...: print the `$ evermed-ops …` banner, run it non-interactively, and flag an exit code that
# is not one of CODES (e.g. "0 1": 1 is "not in sync", the expected answer while diagnosing).
off_script=0
step() {
    local codes=$1 rc=0; shift
    local shown="" arg
    for arg in "$@"; do [[ "$arg" == *" "* ]] && shown+=" \"$arg\"" || shown+=" $arg"; done
    echo "\$ evermed-ops$shown"
    "$BIN" "$@" </dev/null || rc=$?
    if [[ " $codes " != *" $rc "* ]]; then
        echo "demo: evermed-ops $* exited with $rc (expected ${codes// / or })" >&2
        off_script=$((off_script + 1))
    fi
    echo
}
say() { printf '# %s\n' "$@"; echo; }

step "0 1" status
step "0 1" check all

# On a terminal, hand over to the console on the crisis as it stands: the person at the keyboard resolves it.
# Without one (CI, a pipe) or with DEMO_INTERACTIVE=0, the recovery below is played through instead.
if [[ "${DEMO_INTERACTIVE:-1}" != 0 && -t 0 && -t 1 && -z "${CI:-}" ]]; then
    say "Your turn: the console is open on these three databases (they stay up until you leave it)." \
        "Try: what next? · why is production broken? · deploy staging · resolve production 20250925000000_add_personal_models --rolled-back" \
        "     · describe production personal_models · audit · help me change the schema (a guided 14-step session)" \
        "     · quit (or Ctrl-D). DEMO_INTERACTIVE=0 plays the recovery and a guided session instead."
    "$BIN" || true
    exit 0
fi

say "What happened, from the facts alone (no LLM): the causes with their evidence and the repair plan, in promotion order."
step 1 diagnose production

say "Recovery. Staging is only behind: deploy it."
step 0 deploy staging --yes

say "Production is protected: a non-interactive change must say --yes, name it with --confirm production," \
    "and a deploy must write a backup first (--backup-to). But the failed migration blocks it (exit 1):"
step 1 deploy production --yes --confirm production --backup-to backups

say "Look at the evidence and record the failed attempt as rolled back:"
step 0 resolve production 20250925000000_add_personal_models --rolled-back --yes --confirm production

leftovers='DROP TABLE IF EXISTS public.personal_models;'
say "the operator removes the leftovers: $leftovers"
demo_psql -d "$(demo_conn_for_db "$EVERMED_TEST_PG" evermed_production)" -c "$leftovers"

step 0 deploy production --yes --confirm production --backup-to backups

say "During the incident someone also changed production by hand, with no migration: a column. check finds it as drift;" \
    "fix --capture turns it into a migration (idempotent, linted, not applied by fix), resolve records it where it" \
    "already is, and the other environments get it by deploy."
demo_psql -d "$(demo_conn_for_db "$EVERMED_TEST_PG" evermed_production)" -c 'ALTER TABLE "users" ADD COLUMN "preferredName" TEXT;'
step 1 check production
step 0 fix production --capture
hotfix=$(cd db/migrations && ls -d *_fix_production_drift | tail -n 1)
step 0 resolve production "$hotfix" --applied --yes --confirm production
step 0 deploy staging --yes
step 0 deploy local --yes
step 0 status
step 0 audit

# A guided session: the 14-step schema-change SOP, on the project as a git repository with its own origin, each
# step's questions answered on stdin as a script would (a person at the console types the same answers).
git_() { git -c user.name=demo -c user.email=demo@example.com -c init.defaultBranch=main "$@"; }
origin="$cluster_dir/origin.git"
git_ init -q --bare "$origin"
printf '.evermed-ops/\nbackups/\n.env\n' > .gitignore
cat >> evermed-ops.yml <<'YAML'
commands:
  generate: "echo 'prisma generate: client regenerated (demo stand-in)'"
  typecheck: "echo 'tsc --noEmit: 0 errors (demo stand-in)'"
  lint: "echo 'lint: clean (demo stand-in)'"
  build: "echo 'build: ok (demo stand-in)'"
YAML
git_ init -q && git_ add -A && git_ commit -qm "EverMed as of October 2025" && git_ remote add origin "$origin" && git_ push -q -u origin main
# guided CODES ANSWERS: `sop next` with ANSWERS (printf format) on stdin.
guided() {
    local codes=$1 answers=$2 rc=0
    echo "\$ printf '$answers' | evermed-ops -c \"sop next\""
    printf "$answers" | "$BIN" -c "sop next" || rc=$?
    if [[ " $codes " != *" $rc "* ]]; then
        echo "demo: sop next exited with $rc (expected ${codes// / or })" >&2
        off_script=$((off_script + 1))
    fi
    echo
}

say "A schema change, guided. Plain words start the team's 14-step SOP; each step runs its checks, and is done only" \
    "when its gates hold."
step 0 -c "help me change the schema"
guided 0 'y\n'                 # 1 sync: git pull, check all, gate local up_to_date
guided 0 'y\n'                 # 2 the schema edit is confirmed
guided 1 ''                    # 3 no migration yet: the gate says so
say "The developer writes the migration (npx prisma migrate dev --create-only would) and runs the step again:"
mkdir -p db/migrations/20251101000000_add_user_locale
echo 'ALTER TABLE "users" ADD COLUMN "locale" TEXT NOT NULL DEFAULT '"'"'en'"'"';' > db/migrations/20251101000000_add_user_locale/migration.sql
guided 0 ''                    # 3 done: local has a pending migration
guided 0 'y\n'                 # 4 review: the dry run with its locks, then a confirmation
guided 0 'y\n'                 # 5 deploy local (its own y/N)
guided 0 'y\n'                 # 6 generate
guided 0 'y\ny\ny\n'           # 7 typecheck, lint, build
say "Half-way: the session lives in .evermed-ops/sessions/, so any later process (or a new console) carries on."
step 0 sop status
step 0 next
guided 1 'y\ny\n'              # 8 not committed yet: the git clean gate holds the step
git_ add -A && git_ commit -qm "Add users.locale"
guided 0 ''                    # 8 committed: the gate holds
guided 0 'y\n'                 # 9 preflight, then git push after a yes
guided 0 'y\n'                 # 10 deploy staging
guided 0 ''                    # 11 check staging, gates in_sync and applied latest
guided 0 'y\ny\n'              # 12 smoke test: not configured, so confirmed by hand
guided 0 'production\n'        # 13 deploy production: its typed name, and a backup first
guided 0 ''                    # 14 check production; every environment in sync
step 0 next

if [[ $off_script -ne 0 ]]; then
    echo "demo: $off_script step(s) did not go as scripted (see above)." >&2
    exit 1
fi
echo "All three environments are in sync; the audit log records every step, of the recovery and of the guided session."


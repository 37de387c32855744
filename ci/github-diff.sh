#!/usr/bin/env bash
# `rusplan diff` for GitHub Actions (run by action.yml, and by the tests in a temporary plan repository).
#
# Compares the plans under PATHS at BASE with the working tree and appends the Markdown report to
# the job summary. rusplan diff exits 1 when the plans differ: in a pull request that is the point,
# so it does not fail the step. Exit 2 (an unknown revision, a plan that cannot be read) does.
#
# Environment: BASE    the commit to compare with (empty: nothing to compare, the step is skipped)
#              PATHS   as for github-validate.sh (default: plans)
#              RUSPLAN the command to run (default: rusplan)
#              GITHUB_STEP_SUMMARY  set by GitHub Actions; nothing is written there when unset
set -uo pipefail

base="${BASE:-}"
if [ -z "$base" ]; then
  echo "rusplan diff: ingen BASE å sammenligne med (ikke en pull request); hopper over."
  exit 0
fi

if ! git cat-file -e "${base}^{commit}" 2>/dev/null; then
  # A shallow checkout (the default of actions/checkout) lacks the base commit: fetch just that one.
  echo "rusplan diff: henter $base ..."
  git fetch --no-tags --quiet --depth=1 origin "$base" 2>/dev/null || true
fi
if ! git cat-file -e "${base}^{commit}" 2>/dev/null; then
  echo "::error title=rusplan diff::Fant ikke revisjonen $base. Sjekk ut med «fetch-depth: 0» (actions/checkout)."
  exit 2
fi

set -f
# shellcheck disable=SC2206
paths=(${PATHS:-plans})
set +f

report=$(mktemp)
trap 'rm -f "$report"' EXIT
# What rusplan prints here quotes plan text from the pull request. rusplan never lets such text
# start a workflow command, and on top of that the runner is told to obey none until the random
# token below is echoed again (docs/security.md).
token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
echo "::stop-commands::$token"
"${RUSPLAN:-rusplan}" diff --git "$base" "${paths[@]}" --format markdown > "$report"
status=$?
cat "$report"
echo "::$token::"
case "$status" in
  0 | 1)
    if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
      cat "$report" >> "$GITHUB_STEP_SUMMARY"
    fi
    exit 0
    ;;
  *)
    echo "::error title=rusplan diff::rusplan diff avsluttet med kode $status (se loggen over)."
    exit "$status"
    ;;
esac

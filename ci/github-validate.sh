#!/usr/bin/env bash
# `rusplan validate` for GitHub Actions (run by action.yml, and by the tests in a temporary plan repository).
#
# Findings become workflow annotations on the lines they point at, and each is also printed as
# file:line:column in the log. The job summary gets the summary line and the findings as a capped table. Exit code as rusplan's:
# 1 on errors (warnings do not fail the check unless STRICT=true), 2 when a path is not a plan.
#
# Environment: PATHS   plan folders or folders of plans, separated by spaces (default: plans)
#              STRICT  "true" to fail on warnings too
#              RUSPLAN the command to run (default: rusplan)
#              GITHUB_STEP_SUMMARY  set by GitHub Actions; nothing is written there when unset
set -uo pipefail

set -f  # PATHS is split on whitespace, never globbed
# shellcheck disable=SC2206
paths=(${PATHS:-plans})
set +f

args=(validate --format github)
if [ "${STRICT:-false}" = "true" ]; then
  args+=(--strict)
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
"${RUSPLAN:-rusplan}" "${args[@]}" "${paths[@]}" | tee "$log"
status=${PIPESTATUS[0]}

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    echo "### rusplan validate"
    echo
    # the findings themselves as a table (at most 50 rows, then a count of the rest)
    "${RUSPLAN:-rusplan}" validate --format markdown "${paths[@]}"
    echo
    if [ "$status" -ne 0 ]; then
      echo "Kontrollen feilet: se merknadene i «Files changed» eller loggen over (fil:linje:kolonne)."
      echo
    fi
  } >> "$GITHUB_STEP_SUMMARY"
fi
exit "$status"

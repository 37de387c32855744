#!/usr/bin/env bash
# `rusplan site` for GitHub Actions (run by action.yml when its input `site` names a folder).
#
# Builds the static site of every plan under PATHS into SITE, ready for actions/upload-pages-artifact.
# Only pages whose content changed are rewritten. Exit code as rusplan's: 1 when a plan has errors
# (nothing is written), 2 when a path is not a plan or the folder cannot be written.
#
# Environment: PATHS   plan folders or folders of plans, separated by spaces (default: plans)
#              SITE    the folder the site is written to
#              RUSPLAN the command to run (default: rusplan)
#              GITHUB_STEP_SUMMARY  set by GitHub Actions; nothing is written there when unset
set -uo pipefail

set -f  # PATHS is split on whitespace, never globbed
# shellcheck disable=SC2206
paths=(${PATHS:-plans})
set +f

log=$(mktemp)
trap 'rm -f "$log"' EXIT
"${RUSPLAN:-rusplan}" site "${paths[@]}" --output "${SITE:?SITE must name the folder for the site}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    echo "### rusplan site"
    echo
    tail -n 1 "$log"
    echo
  } >> "$GITHUB_STEP_SUMMARY"
fi
exit "$status"

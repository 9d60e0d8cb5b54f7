#!/usr/bin/env bash
# The run step of action.yml, kept in a file so tests can run it offline.
# Inputs arrive as INPUT_* environment variables; TERMCHECK_BIN overrides
# the binary (tests use the freshly built one).
set -uo pipefail

bin="${TERMCHECK_BIN:-termcheck}"
read -r -a paths <<< "${INPUT_PATHS:-.}"
read -r -a extra <<< "${INPUT_ARGS:-}"
common=()
if [ -n "${INPUT_FAIL_ON:-}" ]; then
  common+=(--fail-on "$INPUT_FAIL_ON")
fi

if [ "${INPUT_SARIF:-false}" = "true" ]; then
  "$bin" check --format sarif "${common[@]}" "${extra[@]}" "${paths[@]}" > "${INPUT_SARIF_FILE:-termcheck.sarif}"
  sarif_status=$?
  if [ "$sarif_status" -eq 2 ]; then
    echo "::error title=termcheck::termcheck could not run (exit status 2); see the log above"
    exit 2
  fi
fi

"$bin" check --format "${INPUT_FORMAT:-github}" "${common[@]}" "${extra[@]}" "${paths[@]}"
status=$?
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "exit-code=$status" >> "$GITHUB_OUTPUT"
fi
exit "$status"

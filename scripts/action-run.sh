#!/usr/bin/env bash
# The run step of action.yml, kept in a file so tests can run it offline.
# Inputs arrive as INPUT_* environment variables; TERMCHECK_BIN overrides
# the binary (tests use the freshly built one).
#
# INPUT_PATHS: one path per line (paths may hold spaces). A single line
# naming no existing path is read as space-separated paths, as earlier
# versions of the action did.
# INPUT_ARGS: extra arguments, separated by spaces.
# The `exit-code` output is written however the step ends, 2 included.
set -uo pipefail

bin="${TERMCHECK_BIN:-termcheck}"
status=2
# shellcheck disable=SC2317 # run by the EXIT trap
write_output() {
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "exit-code=$status" >> "$GITHUB_OUTPUT"
  fi
}
trap write_output EXIT

paths=()
while IFS= read -r line || [ -n "$line" ]; do
  line="${line%$'\r'}"
  [ -n "$line" ] && paths+=("$line")
done <<< "${INPUT_PATHS:-.}"
if [ "${#paths[@]}" -eq 1 ] && [ ! -e "${paths[0]}" ] && [[ "${paths[0]}" == *" "* ]]; then
  read -r -a paths <<< "${paths[0]}"
fi
[ "${#paths[@]}" -gt 0 ] || paths=(.)
read -r -a extra <<< "${INPUT_ARGS:-}"
common=()
if [ -n "${INPUT_FAIL_ON:-}" ]; then
  common+=(--fail-on "$INPUT_FAIL_ON")
fi

if [ "${INPUT_SARIF:-false}" = "true" ]; then
  "$bin" check --format sarif "${common[@]}" "${extra[@]}" -- "${paths[@]}" > "${INPUT_SARIF_FILE:-termcheck.sarif}"
  sarif_status=$?
  if [ "$sarif_status" -eq 2 ]; then
    echo "::error title=termcheck::termcheck could not run (exit status 2); see the log above"
    status=2
    exit 2
  fi
fi

"$bin" check --format "${INPUT_FORMAT:-github}" "${common[@]}" "${extra[@]}" -- "${paths[@]}"
status=$?
exit "$status"

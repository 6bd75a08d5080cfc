#!/usr/bin/env bash
# The GitHub Action's step (action.yml): install Stockade if needed, scan the given paths, leave
# the report where upload-sarif finds it, and exit with stockade's own code so the job fails as
# `--fail-on` says. Composite actions do not export inputs, so action.yml passes them as INPUT_*.
set -euo pipefail

workspace=${GITHUB_WORKSPACE:-$PWD}
paths=${INPUT_PATHS:-.}
profile=${INPUT_PROFILE:-hardened}
format=${INPUT_FORMAT:-sarif}
output=${INPUT_OUTPUT:-stockade.sarif}
fail_on=${INPUT_FAIL_ON:-high}
baseline=${INPUT_BASELINE:-}
version=${INPUT_VERSION:-}

fail() {
  echo "::error title=stockade::$1"
  exit 2
}

# A stockade already on PATH is used unless a version is asked for; otherwise the tool comes
# from NuGet into the runner's temporary folder (needs the .NET SDK, as on GitHub's runners).
if [ -n "$version" ] || ! command -v stockade >/dev/null 2>&1; then
  command -v dotnet >/dev/null 2>&1 || fail "stockade is not on PATH and dotnet is missing to install it (add actions/setup-dotnet)"
  tools=${RUNNER_TEMP:-/tmp}/stockade-tool
  install=(dotnet tool install --tool-path "$tools" Stockade)
  if [ -n "$version" ]; then install+=(--version "$version"); fi
  "${install[@]}" >&2 || fail "dotnet tool install Stockade ${version} failed"
  PATH="$tools:$PATH"
fi

cd "$workspace"
args=(scan --profile "$profile" --format "$format" --output "$output" --fail-on "$fail_on")
if [ -n "$baseline" ]; then
  [ -f "$baseline" ] || fail "baseline file $baseline does not exist"
  args+=(--baseline "$baseline")
fi
# Paths are split on whitespace only (no globbing): an unmatched pattern must not scan nothing.
set -f
# shellcheck disable=SC2206 # splitting on whitespace is the documented input format
targets=($paths)
set +f
[ ${#targets[@]} -gt 0 ] || fail "no paths to scan"

status=0
stockade "${args[@]}" -- "${targets[@]}" || status=$?

case $status in
  0) verdict="no findings at or above $fail_on" ;;
  1) verdict="findings at or above $fail_on" ;;
  *) verdict="an input could not be read or an option was refused (exit $status)" ;;
esac
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "report=$output"
    echo "exit-code=$status"
  } >>"$GITHUB_OUTPUT"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    echo "### Stockade"
    echo
    echo "Scanned \`${targets[*]}\` with profile \`$profile\`: $verdict."
    echo "Report: \`$output\` ($format)."
  } >>"$GITHUB_STEP_SUMMARY"
fi
exit "$status"

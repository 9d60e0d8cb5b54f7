#!/usr/bin/env bash
# Runs every recipe in docs/ci.md (the fenced blocks after a
# `<!-- recipe: NAME -->` line) the way its consumer would:
#   github-*    actionlint (with shellcheck when installed)
#   gitlab      the job's `script:` lines under `set -eo pipefail`, as the
#               GitLab runner runs them, on the CI fixture project; then
#               the JUnit report against junit-10.xsd and the Code Quality
#               report's shape
#   pre-commit  `pre-commit validate-config`, the hook manifest through
#               `pre-commit validate-manifest`, and the hook itself through
#               `pre-commit try-repo` on staged fixture files
#
#   scripts/test-ci-recipes.sh VENV TERMCHECK_BIN
#
# VENV holds actionlint, pre-commit and PyYAML (see .ci/run).
set -euo pipefail

venv="${1:?usage: test-ci-recipes.sh VENV TERMCHECK_BIN}"
bin="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$venv/bin/python" - "$root/docs/ci.md" "$work/recipes" <<'PY'
import os, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
out = sys.argv[2]
os.makedirs(out)
found = re.findall(r"<!-- recipe: ([\w-]+) -->\n```(\w+)\n(.*?)```\n", text, re.S)
names = [n for n, _, _ in found]
for need in ["github-action", "github-plain", "gitlab", "pre-commit"]:
    if need not in names:
        sys.exit(f"docs/ci.md has no `recipe: {need}` block")
for name, lang, body in found:
    with open(os.path.join(out, f"{name}.{lang}"), "w", encoding="utf-8") as f:
        f.write(body)
print(f"{len(found)} recipes: {', '.join(names)}")
PY

echo "--- GitHub workflows: actionlint"
mkdir -p "$work/gh/.github/workflows"
for f in "$work"/recipes/github-*.yaml; do
  cp "$f" "$work/gh/.github/workflows/$(basename "$f" .yaml).yml"
done
(cd "$work/gh" && git init --quiet . && "$venv/bin/actionlint" -no-color)
# The action recipe against this repository's action.yml: actionlint
# checks a local action's inputs, so every `with:` key must exist.
mkdir -p "$work/local/.github/workflows"
cp "$root/action.yml" "$work/local/action.yml"
sed 's|uses: OWNER/termcheck@[^ ]*|uses: ./|' "$work/recipes/github-action.yaml" > "$work/local/.github/workflows/action.yml"
grep -q "uses: ./" "$work/local/.github/workflows/action.yml"
(cd "$work/local" && git init --quiet . && "$venv/bin/actionlint" -no-color)
echo "ok"

echo "--- GitLab job: script under set -e, reports validated"
proj="$work/gitlab"
cp -R "$root/tests/fixtures/ci/repo" "$proj"
"$venv/bin/python" - "$work/recipes/gitlab.yaml" "$work/gitlab-script.sh" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
(name, job), = doc.items()
lines = job["script"]
reports = job["artifacts"]["reports"]
assert job["artifacts"]["when"] == "always", "reports must be kept when the job fails"
with open(sys.argv[2], "w") as f:
    f.write("set -eo pipefail\n")
    for l in lines:
        f.write(l + "\n")
print("reports:", reports)
PY
set +e
(cd "$proj" && PATH="$(dirname "$bin"):$PATH" bash "$work/gitlab-script.sh")
status=$?
set -e
if [ "$status" -ne 1 ]; then
  echo "the GitLab job should fail with termcheck's status 1 on the fixture, got $status" >&2
  exit 1
fi
xmllint --noout --schema "$root/tests/data/schemas/junit-10.xsd" "$proj/termcheck-junit.xml"
"$venv/bin/python" - "$proj/gl-code-quality-report.json" <<'PY'
import json, sys
issues = json.load(open(sys.argv[1]))
assert isinstance(issues, list) and issues, "empty Code Quality report"
prints = set()
for i in issues:
    for k in ("description", "check_name", "fingerprint", "severity"):
        assert isinstance(i.get(k), str) and i[k], (k, i)
    assert i["severity"] in {"info", "minor", "major", "critical", "blocker"}, i
    assert isinstance(i["location"]["path"], str)
    assert i["location"]["lines"]["begin"] >= 1
    prints.add(i["fingerprint"])
assert len(prints) == len(issues), "fingerprints must be unique"
print(f"{len(issues)} Code Quality issues, unique fingerprints")
PY
echo "ok"

echo "--- pre-commit: config, manifest, and the hook on staged files"
"$venv/bin/pre-commit" validate-config "$work/recipes/pre-commit.yaml"
"$venv/bin/pre-commit" validate-manifest "$root/.pre-commit-hooks.yaml"
hookrepo="$work/hookrepo"
git clone --quiet --no-local "$root" "$hookrepo" 2>/dev/null || cp -R "$root/." "$hookrepo"
# try-repo runs the hook from a commit: commit the working tree as it is.
(cd "$hookrepo" && rm -rf target && cp "$root/.pre-commit-hooks.yaml" . \
  && mkdir -p scripts && cp "$root"/scripts/pre-commit-termcheck "$root"/scripts/install-termcheck.sh scripts/ \
  && git add -A >/dev/null && git -c user.name=ci -c user.email=ci@localhost commit --quiet -m recipe-test --allow-empty)
user="$work/user"
cp -R "$root/tests/fixtures/ci/repo" "$user"
(
  cd "$user"
  git init --quiet .
  git add -A
  set +e
  PRE_COMMIT_HOME="$work/pre-commit-home" TERMCHECK_BIN="$bin" \
    "$venv/bin/pre-commit" try-repo "$hookrepo" termcheck --files copy/lavrov.txt l10n/app.po > "$work/hook.log" 2>&1
  hook_status=$?
  set -e
  if [ "$hook_status" -ne 1 ] || ! grep -q "copy/lavrov.txt:1:41" "$work/hook.log"; then
    cat "$work/hook.log" >&2
    echo "the hook should stop the commit with the fixture's findings (status $hook_status)" >&2
    exit 1
  fi
  PRE_COMMIT_HOME="$work/pre-commit-home" TERMCHECK_BIN="$bin" \
    "$venv/bin/pre-commit" try-repo "$hookrepo" termcheck --files terms.toml > "$work/hook.log" 2>&1
)
echo "ok"

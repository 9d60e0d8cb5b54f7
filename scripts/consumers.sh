#!/usr/bin/env bash
# Feeds termcheck's outputs to the programs that consume them. One step
# per call, so .ci/run shows each as its own section:
#
#   scripts/consumers.sh STEP
#
# STEP: tbx | csv | decode | fixes | sarif | junit | summary | actionlint | completions | package | release
#
# Tools come from .ci/run's "consumer tools" section: Debian's xmllint and
# msgfmt (gettext), a Python venv in target/ci-venv (pyschematron,
# actionlint, pre-commit, PyYAML, markdown-it-py) and
# @microsoft/sarif-multitool in target/ci-npm.
# The LTAC TBX schemas and samples are read from ../shared (not copied:
# they carry no licence).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
venv="$root/target/ci-venv"
bin="${TERMCHECK_BIN:-$root/target/debug/termcheck}"
shared="$root/../shared"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

need_shared() {
  if [ ! -d "$shared/schemas" ] || [ ! -d "$shared/corpus" ]; then
    echo "error: $shared (schemas, corpus) is missing" >&2
    exit 1
  fi
}

# ISO Schematron (XSLT 2 / XPath 3 binding) through pyschematron; exits
# non-zero on an invalid file. pyschematron is slow (about 0.1 ms per node
# and rule), so files run two at a time.
schematron() {
  local sch="$1"
  shift
  printf '%s\n' "$@" | xargs -P 2 -n 1 "$venv/bin/python" scripts/schematron.py "$sch"
}

step_tbx() {
  need_shared
  local rng="$shared/schemas/TBXcoreStructV03.rng" sch="$shared/schemas/TBX-Basic_DCA.sch"
  local n=0 exports=()
  for g in glossaries/*/*.toml tests/fixtures/glossary/good.toml; do
    local b
    b="$(basename "$g" .toml)"
    "$bin" glossary export "$g" -o "$work/$b.tbx" 2>/dev/null
    xmllint --noout --relaxng "$rng" "$work/$b.tbx"
    exports+=("$work/$b.tbx")
    "$bin" glossary export --tbx-version 2 "$g" -o "$work/$b-2008.tbx" 2>/dev/null
    xmllint --noout "$work/$b-2008.tbx"
    # Both generations import back to the same glossary.
    "$bin" glossary import "$work/$b.tbx" -o "$work/$b-v3.toml" 2>/dev/null
    "$bin" glossary import "$work/$b-2008.tbx" -o "$work/$b-v2.toml" 2>/dev/null
    cmp "$work/$b-v3.toml" "$work/$b-v2.toml"
    "$bin" glossary lint "$work/$b-v3.toml" > /dev/null
    n=$((n + 1))
  done
  schematron "$sch" "${exports[@]}"
  # The validators do reject a broken export.
  sed 's/preferredTerm-admn-sts/preferred/; s/<titleStmt>/<titleStmt><bogus\/>/' "$work/good.tbx" > "$work/broken.tbx"
  if xmllint --noout --relaxng "$rng" "$work/broken.tbx" 2>/dev/null; then
    echo "error: the RNG accepted a broken file" >&2; exit 1
  fi
  if schematron "$sch" "$work/broken.tbx" > /dev/null 2>&1; then
    echo "error: the Schematron accepted a broken file" >&2; exit 1
  fi
  # Real termbases import: the LTAC TBX-Basic samples (v3, DCA and DCT)
  # and Pontoon's TBX 2008 files.
  for f in "$shared"/corpus/conformance/tbx/Example_Astronomy_D*_VALID.tbx tests/data/tbx/*.tbx; do
    "$bin" glossary import "$f" -o "$work/imported.toml" --force 2> "$work/import.log"
    "$bin" glossary lint "$work/imported.toml" > /dev/null
    echo "$(basename "$f"): $(head -n 1 "$work/import.log")"
  done
  echo "$n glossaries exported (TBX v3 and 2008), validated and re-imported"
}

step_csv() {
  # Export with `;`, read and rewrite with Python's csv, import again:
  # the same glossary comes back.
  for g in glossaries/*/*.toml; do
    local b
    b="$(basename "$g" .toml)"
    "$bin" glossary export --delimiter ';' "$g" -o "$work/$b.csv" 2>/dev/null
    "$venv/bin/python" - "$work/$b.csv" "$work/$b-py.csv" <<'PY'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8-sig") as f:
    rows = list(csv.reader(f, delimiter=";"))
assert rows[0][:4] == ["term_id", "status", "language", "form"], rows[0]
assert all(len(r) == len(rows[0]) for r in rows), "ragged rows"
for r in rows:
    for c in r:
        assert not c[:1] in ("=", "+", "-", "@"), f"formula cell {c!r}"
with open(sys.argv[2], "w", newline="", encoding="utf-8-sig") as f:
    csv.writer(f, delimiter=";").writerows(rows)
print(f"{len(rows) - 1} rows read by Python's csv")
PY
    "$bin" glossary import --name x "$work/$b.csv" -o "$work/$b-a.toml" 2>/dev/null
    "$bin" glossary import --name x "$work/$b-py.csv" -o "$work/$b-b.toml" 2>/dev/null
    cmp "$work/$b-a.toml" "$work/$b-b.toml"
    echo "$b.csv: round trip through Python's csv with ';' keeps the glossary"
  done
}

step_decode() {
  # A UTF-16 copy of an article gives the same findings (lines, columns,
  # terms) as the UTF-8 original.
  local a=examples/tass-lavrov-nato-centrism.txt
  "$venv/bin/python" - "$a" "$work" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
open(f"{sys.argv[2]}/utf16le.txt", "wb").write(b"\xff\xfe" + text.encode("utf-16-le"))
open(f"{sys.argv[2]}/utf16be.txt", "wb").write(text.encode("utf-16-be"))
PY
  local s
  for f in "$a" "$work/utf16le.txt" "$work/utf16be.txt"; do
    set +e
    "$bin" check --no-config --format json "$f" > "$work/$(basename "$f").json"
    s=$?
    set -e
    [ "$s" -eq 1 ] || { echo "error: exit status $s for $f" >&2; exit 1; }
  done
  "$venv/bin/python" - "$work" <<'PY'
import json, sys
w = sys.argv[1]
def key(p):
    return [(f["line"], f["column"], f["end_line"], f["end_column"], f["term_id"], f["found"])
            for f in json.load(open(p))["findings"]]
base = key(f"{w}/tass-lavrov-nato-centrism.txt.json")
assert base, "no findings in the article"
for name in ("utf16le.txt", "utf16be.txt"):
    assert key(f"{w}/{name}.json") == base, name
print(f"{len(base)} findings, the same in UTF-8, UTF-16LE (BOM) and UTF-16BE (no BOM)")
PY
}

step_sarif() {
  need_shared
  local mt="$root/target/ci-npm/node_modules/.bin/sarif-multitool"
  mkdir -p "$work/sarif"
  set +e
  (cd tests/fixtures/ci/repo && "$bin" check --format sarif > "$work/sarif/fixture.sarif")
  "$bin" check --format sarif --no-config "$shared/corpus/un" examples > "$work/sarif/absolute.sarif"
  set -e
  for f in "$work"/sarif/*.sarif; do
    rm -f "$work/validation.sarif"
    # The npm wrapper runs the tool through a shell: quote the `;`.
    "$mt" validate --rule-kind '"Gh;Sarif"' --output "$work/validation.sarif" "$f" > "$work/mt.log" 2>&1 || {
      cat "$work/mt.log" >&2; exit 1; }
    "$venv/bin/python" - "$work/validation.sarif" "$(basename "$f")" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["runs"][0].get("results", [])
for r in results:
    print(r.get("level", "warning"), r["ruleId"], r["message"].get("text", r["message"]))
assert not results, f"{sys.argv[2]}: {len(results)} validation results"
print(f"{sys.argv[2]}: Sarif.Multitool validate (Gh;Sarif): no errors, no warnings")
PY
  done
}

step_junit() {
  local xsd=tests/data/schemas/junit-10.xsd s
  for fail_on in warning error never; do
    set +e
    (cd tests/fixtures/ci/repo && "$bin" check --format junit --fail-on "$fail_on" > "$work/junit-$fail_on.xml")
    s=$?
    set -e
    xmllint --noout --schema "$xsd" "$work/junit-$fail_on.xml"
    local failures
    failures="$(grep -c "<failure" "$work/junit-$fail_on.xml" || true)"
    # The report agrees with the exit status.
    if { [ "$s" -eq 0 ] && [ "$failures" -ne 0 ]; } || { [ "$s" -eq 1 ] && [ "$failures" -eq 0 ]; }; then
      echo "error: --fail-on $fail_on: exit status $s but $failures failed case(s)" >&2
      exit 1
    fi
    echo "--fail-on $fail_on: exit $s, $failures failed case(s), valid against junit-10.xsd"
  done
}

step_summary() {
  local s
  set +e
  (cd tests/fixtures/ci/repo && GITHUB_STEP_SUMMARY="$work/summary.md" "$bin" check --format github > "$work/gh.log")
  s=$?
  set -e
  [ "$s" -eq 1 ] || { echo "error: exit status $s" >&2; exit 1; }
  (cd tests/fixtures/ci/repo && "$bin" check --format json > "$work/all.json") || true
  # GitHub renders the job summary as GitHub-flavoured Markdown: parse it
  # with a CommonMark parser with GFM tables and check the table holds
  # every finding, each row with all its cells.
  "$venv/bin/python" - "$work/summary.md" "$work/all.json" <<'PY'
import json, sys
from markdown_it import MarkdownIt
md = open(sys.argv[1], encoding="utf-8").read()
findings = json.load(open(sys.argv[2]))["findings"]
tokens = MarkdownIt("commonmark").enable("table").parse(md)
rows, cells, header = [], [], None
for t in tokens:
    if t.type == "tr_open":
        cells = []
    elif t.type == "inline" and cells is not None:
        cells.append(t.content)
    elif t.type == "tr_close":
        if header is None:
            header = cells
        else:
            rows.append(cells)
        cells = None
assert header == ["Severity", "File", "Line", "Column", "Term", "Found", "Message"], header
assert len(rows) == len(findings), (len(rows), len(findings))
for r, f in zip(rows, findings):
    assert len(r) == 7, r
    assert (r[1], int(r[2]), int(r[3]), r[4]) == (f["path"], f["line"], f["column"], f["term_id"]), (r, f)
print(f"job summary: a GFM table of {len(rows)} findings, every row complete")
PY
}

step_actionlint() {
  local files=(.github/workflows/*.yml)
  "$venv/bin/actionlint" -no-color "${files[@]}"
  echo "actionlint: ${#files[@]} workflow(s) clean$(command -v shellcheck >/dev/null && echo ', shellcheck included')"
  bash scripts/test-ci-recipes.sh "$venv" "$bin"
}

step_completions() {
  for shell in bash zsh fish powershell elvish; do
    "$bin" completions "$shell" > "$work/termcheck.$shell"
    [ -s "$work/termcheck.$shell" ]
  done
  bash -n "$work/termcheck.bash"
  # The bash completion completes subcommands.
  (
    # shellcheck disable=SC1091
    source "$work/termcheck.bash"
    COMP_WORDS=(termcheck glo)
    COMP_CWORD=1
    COMP_LINE="termcheck glo"
    COMP_POINT=${#COMP_LINE}
    _termcheck termcheck glo termcheck
    [[ " ${COMPREPLY[*]} " == *" glossary "* ]] || { echo "error: no completion for 'glo'" >&2; exit 1; }
  )
  "$bin" man > "$work/termcheck.1"
  # man's own formatter reads it without warnings.
  local warnings
  warnings="$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$work/termcheck.1" 2>&1 >/dev/null || true)"
  if [ -n "$warnings" ]; then
    echo "$warnings" >&2
    exit 1
  fi
  LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$work/termcheck.1" 2>/dev/null | grep -Eq "termcheck +- +Checks +English"
  echo "completions for 5 shells and a man page that man renders without warnings"
}

step_fixes() {
  # Every PO and XLIFF fix fixture, fixed in a copy, is still read by the
  # format's own tools: gettext's msgfmt -c and the XLIFF 1.2 strict XSD.
  need_shared
  local fixtures=tests/fixtures/fix n=0
  cp "$fixtures"/* "$work/"
  for f in "$work"/*.po "$work"/*.xlf; do
    local before
    before="$(cksum < "$f")"
    set +e
    "$bin" check --no-config -g "$work/glossary.toml" --fix "$f" 2>/dev/null
    local s=$?
    set -e
    if [ "$s" -gt 1 ]; then
      echo "error: --fix on $(basename "$f") exited $s" >&2
      exit 1
    fi
    if [ "$(cksum < "$f")" = "$before" ]; then
      echo "error: --fix changed nothing in $(basename "$f"); the fixture no longer tests a fix" >&2
      exit 1
    fi
    case "$f" in
      *.po) msgfmt -c -o /dev/null "$f" ;;
      *.xlf) xmllint --noout --schema "$shared/schemas/xliff-core-1.2-strict.xsd" "$f" ;;
    esac
    n=$((n + 1))
  done
  [ "$n" -ge 2 ] || { echo "error: no PO or XLIFF fix fixtures found" >&2; exit 1; }
  echo "$n fixed PO/XLIFF fixtures pass msgfmt -c and the XLIFF 1.2 strict XSD"
}

step_package() {
  # crates.io's packager: the crate packages with every target it declares
  # (a target whose file is left out is a warning), and the package holds
  # the licences and the built-in glossaries.
  local log="$work/package.log"
  cargo package --no-verify --locked --allow-dirty 2> "$log"
  cargo package --list --locked --allow-dirty > "$work/files.txt"
  if grep -i "warning" "$log"; then
    echo "error: cargo package warns (above)" >&2
    exit 1
  fi
  for f in LICENSE-MIT LICENSE-APACHE README.md Cargo.toml src/lib.rs glossaries/default/countries.toml tests/cli/main.rs benches/check.rs; do
    grep -qx "$f" "$work/files.txt" || { echo "error: the package lacks $f" >&2; exit 1; }
  done
  echo "cargo package: $(wc -l < "$work/files.txt") files, no warnings"
}

step_release() {
  # The release workflow's packaging, run here for the static Linux build:
  # the archive and its checksum verify, it holds what the workflow says,
  # and its binary is static and checks the bundled example.
  local target=x86_64-unknown-linux-musl
  rustup target add "$target" >/dev/null 2>&1 || true
  rustup target list --installed | grep -qx "$target" \
    || { echo "error: the Rust target $target could not be installed" >&2; exit 1; }
  mkdir -p "$work/extras/completions" "$work/extras/man"
  for shell in bash zsh fish powershell elvish; do
    "$bin" completions "$shell" > "$work/extras/completions/termcheck.$shell"
  done
  "$bin" man > "$work/extras/man/termcheck.1"
  local file
  file="$(bash scripts/release-package.sh "$target" tar.gz "$work/extras")"
  (cd "$(dirname "$file")" && sha256sum --check --quiet "$(basename "$file").sha256")
  local version name
  version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
  name="termcheck-v$version-$target"
  [ "$(basename "$file")" = "$name.tar.gz" ] || { echo "error: unexpected archive name $file" >&2; exit 1; }
  tar -xzf "$file" -C "$work"
  for f in termcheck README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE man/termcheck.1 completions/termcheck.bash completions/termcheck.powershell; do
    [ -s "$work/$name/$f" ] || { echo "error: the archive lacks $f" >&2; exit 1; }
  done
  if ldd "$work/$name/termcheck" >/dev/null 2>&1 && ! ldd "$work/$name/termcheck" 2>&1 | grep -q "statically linked"; then
    echo "error: the release binary is dynamically linked:" >&2
    ldd "$work/$name/termcheck" >&2
    exit 1
  fi
  "$work/$name/termcheck" --version | grep -q "$version"
  set +e
  "$work/$name/termcheck" check --no-config examples/tass-lavrov-nato-centrism.txt >/dev/null
  local s=$?
  set -e
  [ "$s" -eq 1 ] || { echo "error: the packaged binary exited $s on the example (expected 1)" >&2; exit 1; }
  rm -f "$file" "$file.sha256"
  echo "$name.tar.gz: checksum verified, static binary, completions, man page and licences inside, example checked"
}

"step_${1:?usage: consumers.sh STEP}"

#!/usr/bin/env bash
# Runs every hostile input of issue 14 (docs/robustness.md, "Inputs that
# grew faster than their size") against a release build, one core each
# (taskset -c 0), and prints a Markdown table: exit status, wall time and
# peak memory from `/usr/bin/time -v`, and the first line termcheck wrote
# to standard error.
#
#   bench/hostile.sh [WORKDIR]        (BIG=1 adds a 1 GiB input)
#
# The inputs come from bench/hostile_inputs.py (fixed seed). Needs
# /usr/bin/time (Debian package `time`), python3 and taskset.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-$(mktemp -d)}"
mkdir -p "$work"
cargo build --release --locked --quiet
bin="$PWD/target/release/termcheck"
python3 bench/hostile_inputs.py "$work/in"
cd "$work/in"
one_core=(taskset -c 0)
command -v taskset >/dev/null || one_core=()

printf '| case | command | exit | wall | CPU | peak memory | what termcheck says |\n'
printf '| --- | --- | --- | --- | --- | --- | --- |\n'

# row CASE CMD...: runs CMD under /usr/bin/time -v, prints a table row.
row() {
  local case="$1"
  shift
  local shown="${SHOWN:-${*//$bin/termcheck}}"
  shown="${shown//$work\/in\//}"
  shown="${shown//$work\//}"
  shown="${shown//$OLDPWD\//}"
  set +e
  /usr/bin/time -v -o "$work/time" "${one_core[@]}" "$@" >"$work/out" 2>"$work/err"
  local status=$?
  set -e
  local secs cpu mem said
  secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time")
  cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f s", u+s}' "$work/time")
  mem=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f MB", $2/1024}' "$work/time")
  said=$(grep -m1 -E '^(error|note|warning)' "$work/err" | cut -c1-110 | sed 's/|/\\|/g' || true)
  shown="${shown//|/\\|}"
  printf '| %s | `%s` | %s | %s | %s | %s | %s |\n' "$case" "$shown" "$status" "$secs" "$cpu" "$mem" "$said"
}

row "HTML tag with 1,000,000 attributes (6 MB)" "$bin" check attrs.html
row "XLIFF comment with termcheck-disable 100,000 times (1.8 MB)" "$bin" check disable.xlf
row "TBX, 50,000 concepts sharing one id (9.4 MB)" "$bin" glossary import --format tbx same-id.tbx -o "$work/same-id.toml"
row "TBX, 20,000 concepts with one form (3.7 MB)" "$bin" glossary import --format tbx same-form.tbx -o "$work/same-form.toml"
row "1,000 near-identical forms, 20,000 near words (260 KB)" "$bin" check -g near.toml near.txt
row "300,000 near-identical words, built-in glossary (3.3 MB)" "$bin" check near-builtin.txt
row "/dev/zero named" "$bin" check /dev/zero
row "/dev/urandom named" "$bin" check /dev/urandom
SHOWN="termcheck check - </dev/zero" row "/dev/zero on standard input" sh -c "$bin check - </dev/zero"
mkfifo "$work/fifo" 2>/dev/null || true
row "FIFO named, no writer" "$bin" check "$work/fifo"
row "200 MB on one line, human output" "$bin" check big-line.txt
row "200 MB on one line, JSON" "$bin" check --format json big-line.txt
row "200 MB on one line, --max-file-size 100M" "$bin" check --max-file-size 100M big-line.txt
mkdir -p tiny
for i in $(seq 1 2000); do echo "the indivisibility of security" >"tiny/f$i.txt"; done
SHOWN="termcheck check tiny nonexist | head -1" row "2,000 files and a missing one, output closed after one line" bash -c "$bin check tiny nonexist | head -1 >/dev/null; exit \${PIPESTATUS[0]}"
SHOWN="termcheck check tiny | head -1" row "2,000 files with findings, output closed after one line" bash -c "$bin check tiny | head -1 >/dev/null; exit \${PIPESTATUS[0]}"

# Writes: each refusal leaves the file as it was.
printf 'the indivisibility of security\n' >fix.txt
cp fix.txt ro.txt && chmod 0444 ro.txt
row "--fix on a read-only file" "$bin" check --fix ro.txt
cp fix.txt hl.txt && ln -f hl.txt hl-other.txt
row "--fix on a file with two hard links" "$bin" check --fix hl.txt
cp fix.txt real.txt && ln -sf real.txt link.txt
row "--fix through a symbolic link" "$bin" check --fix link.txt
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  mkdir -p shared && chmod 0777 shared && cp fix.txt shared/theirs.txt && chmod 0666 shared/theirs.txt
  cp "$OLDPWD/glossaries/diplomatic.toml" shared/g.toml
  row "--fix by another user on root's file in a shared directory" \
    setpriv --reuid=65534 --regid=65534 --clear-groups "$bin" check --fix -g shared/g.toml shared/theirs.txt
fi
python3 - <<'EOF'
with open("two.txt", "w") as f:
    for i in range(20000):
        f.write(f"Line {i}: the indivisibility of security and the Ivory Coast.\n")
EOF
SHOWN="termcheck check --fix -g diplomatic.toml two.txt & termcheck check --fix -g countries.toml two.txt" row "two --fix runs at once, different glossaries (1.2 MB; exit: the higher)" bash -c "
  $bin check --fix -q -g $OLDPWD/glossaries/diplomatic.toml two.txt >/dev/null 2>a.err & a=\$!
  $bin check --fix -q -g $OLDPWD/glossaries/countries.toml two.txt >/dev/null 2>b.err & b=\$!
  wait \$a; ra=\$?; wait \$b; rb=\$?
  grep -h -m1 -E 'changed on disk|Fixed' a.err b.err >&2; exit \$(( ra > rb ? ra : rb ))"

if [ "${BIG:-}" = 1 ]; then
  python3 - <<'EOF'
# 1 GiB and 1 KiB on one line: 1,048,577 blocks of 1,024 bytes.
block = ("the talks went on and on " * 40 + "indivisible security,   ").encode()
assert len(block) == 1024
with open("gig.txt", "wb") as f:
    for _ in range((1 << 20) + 1):
        f.write(block)
EOF
  row "1 GiB + 1 KiB on one line, --max-file-size 2G, all checks" "$bin" check --max-file-size 2G --format json gig.txt
  row "the same file, default limit (1 GiB)" "$bin" check gig.txt
fi

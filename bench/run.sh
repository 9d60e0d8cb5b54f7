#!/usr/bin/env bash
# Whole-run benchmarks of the release binary, measured with hyperfine in one
# run so that ratios hold on a shared, noisy machine. Results go to
# bench/out/results.md (copied by hand into docs/performance.md).
#
#   bench/run.sh            1 MB, 100 MB, 1,000 files; glossaries of 300, 10,000, 100,000 terms
#   BENCH_1G=1 bench/run.sh also the 1 GB corpus (about 2 minutes more)
#   BENCH_PEERS=0 bench/run.sh  skip textlint
#   BASE=58bba26 bench/run.sh   also A/B against a frozen build of that commit
#                               (built once into bench/out/termcheck-<commit>)
#
# Needs ../shared/corpus (real sentences), python3, hyperfine (installed
# from Debian's packages when missing) and, for the peer comparison, npm.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=bench/out
mkdir -p "$OUT"
# The compiled-glossary cache of every run here (warm-up runs fill it).
export TERMCHECK_CACHE_DIR=$OUT/cache
RUNS=${RUNS:-5}

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
cargo build --release --locked --quiet
cargo build --release --locked --quiet --example ac_baseline
cargo build --release --locked --quiet --example lsp_latency
# Frozen copies, so a rebuild during the run cannot mix binaries.
cp target/release/termcheck "$OUT/termcheck"
cp target/release/examples/ac_baseline "$OUT/ac_baseline"
cp target/release/examples/lsp_latency "$OUT/lsp_latency"
TC=$OUT/termcheck
AC=$OUT/ac_baseline
R="$OUT/results.md"
: > "$R"
say() { printf '%s\n' "$*" | tee -a "$R"; }

# Data (reproducible: fixed seeds).
for n in 300 10000 100000; do
  [ -f "$OUT/g$n.toml" ] || python3 bench/gen_glossary.py synthetic "$n" "$OUT/g$n.toml"
done
[ -f "$OUT/c1M.txt" ] || python3 bench/gen_corpus.py 1M "$OUT/c1M.txt" "$OUT/g10000.toml"
[ -f "$OUT/c100M.txt" ] || python3 bench/gen_corpus.py 100M "$OUT/c100M.txt" "$OUT/g10000.toml"
[ -f "$OUT/c10M.txt" ] || head -c 10000000 "$OUT/c100M.txt" > "$OUT/c10M.txt"
[ -d "$OUT/files1000" ] || python3 bench/gen_corpus.py files 1000 10K "$OUT/files1000" "$OUT/g10000.toml"
cat "$OUT"/files1000/*.txt > "$OUT/files1000-joined.txt"
if [ "${BENCH_1G:-0}" = 1 ] && [ ! -f "$OUT/c1G.txt" ]; then
  python3 bench/gen_corpus.py 1G "$OUT/c1G.txt" "$OUT/g10000.toml"
fi
echo "hello" > "$OUT/tiny.txt"

EXACT="--no-config --format json --fail-on never --near-miss-threshold 1 --consistency off --no-derive"
FULL="--no-config --format json --fail-on never"
hf() { hyperfine -N --warmup 1 --runs "$RUNS" --style basic --export-markdown "$OUT/hf.md" "$@" >/dev/null; cat "$OUT/hf.md" >> "$R"; say ""; }

say "# termcheck benchmarks ($(date -u +%Y-%m-%d), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))"
say ""
say "## 1. Engine limit: whole check vs bare Aho-Corasick (10,000 terms / 30,000 forms, 100 MB, one core)"
# hyperfine's markdown table has wall times only; the JSON export has the
# user (CPU) time, which is the steadier figure on a shared machine.
AB=()
if [ -n "${BASE:-}" ]; then
  if [ ! -x "$OUT/termcheck-$BASE" ]; then
    git worktree add --detach "$OUT/base-src" "$BASE" >/dev/null
    (cd "$OUT/base-src" && cargo build --release --locked --quiet)
    cp "$OUT/base-src/target/release/termcheck" "$OUT/termcheck-$BASE"
    git worktree remove --force "$OUT/base-src"
  fi
  AB=(-n "all checks, $BASE" "env RAYON_NUM_THREADS=1 $OUT/termcheck-$BASE check $FULL -g $OUT/g10000.toml $OUT/c100M.txt"
      -n "exact, $BASE" "env RAYON_NUM_THREADS=1 $OUT/termcheck-$BASE check $EXACT -g $OUT/g10000.toml $OUT/c100M.txt")
fi
hf --export-json "$OUT/hf1.json" \
   -n "termcheck exact" "env RAYON_NUM_THREADS=1 $TC check $EXACT -g $OUT/g10000.toml $OUT/c100M.txt" \
   -n "termcheck all checks" "env RAYON_NUM_THREADS=1 $TC check $FULL -g $OUT/g10000.toml $OUT/c100M.txt" \
   -n "termcheck all but consistency" "env RAYON_NUM_THREADS=1 $TC check $FULL --consistency off -g $OUT/g10000.toml $OUT/c100M.txt" \
   -n "bare aho-corasick" "$AC $OUT/g10000.forms $OUT/c100M.txt" "${AB[@]}"
python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("- {}: user {:.3f} s, wall {:.3f} s".format(r["command"], r["user"], r["mean"]))' "$OUT/hf1.json" | tee -a "$R"
say "load average after section 1: $(cut -d' ' -f1-3 /proc/loadavg)"
say ""

say "## 2. Built-in glossary (425 terms), 100 MB, one core"
hf -n "exact" "env RAYON_NUM_THREADS=1 $TC check $EXACT $OUT/c100M.txt" \
   -n "all checks" "env RAYON_NUM_THREADS=1 $TC check $FULL $OUT/c100M.txt"

say "## 3. Glossary size (exact checks, 100 MB, one core)"
hf -n "300 terms" "env RAYON_NUM_THREADS=1 $TC check $EXACT -g $OUT/g300.toml $OUT/c100M.txt" \
   -n "10,000 terms" "env RAYON_NUM_THREADS=1 $TC check $EXACT -g $OUT/g10000.toml $OUT/c100M.txt" \
   -n "100,000 terms" "env RAYON_NUM_THREADS=1 $TC check $EXACT -g $OUT/g100000.toml $OUT/c100M.txt"

say "## 4. Loading and compiling glossaries (1-line text)"
# Emptied first; "cold" runs compile
# (--no-cache: the same work as a run that misses, without the write),
# "cached" runs read the entry the warm-up run stored.
rm -rf "$TERMCHECK_CACHE_DIR"
hf -n "built-in, exact, cold" "$TC check $EXACT --no-cache $OUT/tiny.txt" \
   -n "10,000 terms, exact, cold" "$TC check $EXACT --no-cache -g $OUT/g10000.toml $OUT/tiny.txt" \
   -n "100,000 terms, exact, cold" "$TC check $EXACT --no-cache -g $OUT/g100000.toml $OUT/tiny.txt"
RUNS=10 hf --export-json "$OUT/hf4.json" \
   -n "built-in, all checks, cold" "$TC check $FULL --no-cache $OUT/tiny.txt" \
   -n "built-in, all checks, cached" "$TC check $FULL $OUT/tiny.txt" \
   -n "10,000 terms, all checks, cold" "$TC check $FULL --no-cache -g $OUT/g10000.toml $OUT/tiny.txt" \
   -n "10,000 terms, all checks, cached" "$TC check $FULL -g $OUT/g10000.toml $OUT/tiny.txt" \
   -n "100,000 terms, all checks, cold" "$TC check $FULL --no-cache -g $OUT/g100000.toml $OUT/tiny.txt" \
   -n "100,000 terms, all checks, cached" "$TC check $FULL -g $OUT/g100000.toml $OUT/tiny.txt"
python3 -c 'import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("- {}: user {:.1f} ms, wall {:.1f} ms".format(r["command"], 1000 * r["user"], 1000 * r["mean"]))' "$OUT/hf4.json" | tee -a "$R"
# A run that misses, compiles and stores its entry (the first run after an
# edit): the cold time plus writing the entry.
RUNS=10 hf --prepare "rm -rf $OUT/cache-miss" \
   -n "10,000 terms, all checks, miss and store" "env TERMCHECK_CACHE_DIR=$OUT/cache-miss $TC check $FULL -g $OUT/g10000.toml $OUT/tiny.txt"
say "cache: $(du -sh "$TERMCHECK_CACHE_DIR" | cut -f1) in $(ls "$TERMCHECK_CACHE_DIR" | wc -l) entries"
say ""

say "## 5. Text size (built-in glossary, all checks, one core)"
hf -n "1 MB" "env RAYON_NUM_THREADS=1 $TC check $FULL $OUT/c1M.txt" \
   -n "10 MB" "env RAYON_NUM_THREADS=1 $TC check $FULL $OUT/c10M.txt" \
   -n "100 MB" "env RAYON_NUM_THREADS=1 $TC check $FULL $OUT/c100M.txt"
if [ -f "$OUT/c1G.txt" ]; then
  # 1 GB is past the default input limit (1 GiB).
  RUNS=1 hf -n "1 GB exact" "$TC check $EXACT --max-file-size 2G $OUT/c1G.txt" \
     -n "1 GB all checks" "$TC check $FULL --max-file-size 2G $OUT/c1G.txt"
fi

say "## 6. Many files vs one file (built-in glossary, all checks)"
hf -n "1,000 files x 10 KB, 1 job" "$TC check $FULL --jobs 1 $OUT/files1000" \
   -n "1,000 files x 10 KB, 2 jobs" "$TC check $FULL --jobs 2 $OUT/files1000" \
   -n "same text as one file" "$TC check $FULL --jobs 1 $OUT/files1000-joined.txt"

say "## 7. Peak memory (maximum resident set size)"
for f in c1M c100M ${BENCH_1G:+c1G}; do
  [ -f "$OUT/$f.txt" ] || continue
  for mode in exact full; do
    flags=$EXACT; [ $mode = full ] && flags=$FULL
    kb=$( { /usr/bin/time -f "%M" "$TC" check $flags --max-file-size 2G "$OUT/$f.txt" >/dev/null; } 2>&1 | tail -1)
    say "- $f ($mode): $((kb / 1024)) MiB (input $(( $(stat -c %s "$OUT/$f.txt") / 1048576 )) MiB)"
  done
done
# Every output format: buffering reports must not add to the peak.
if [ -f "$OUT/c100M.txt" ]; then
  for fmt in json sarif gitlab checkstyle junit json-lines github human; do
    kb=$( { /usr/bin/time -f "%M" "$TC" check --no-config --fail-on never --color never \
            -g "$OUT/g10000.toml" --format "$fmt" "$OUT/c100M.txt" >/dev/null; } 2>&1 | tail -1)
    say "- c100M, 10,000 terms, all checks, --format $fmt: $((kb / 1024)) MiB"
  done
  # Passes that gather over the whole document.
  for cmd in "check $FULL --consistency run" "report --no-config" "check --no-config --fail-on never --diff"; do
    kb=$( { /usr/bin/time -f "%M" "$TC" $cmd "$OUT/c100M.txt" >/dev/null; } 2>&1 | tail -1)
    say "- c100M, built-in glossary, \`$cmd\`: $((kb / 1024)) MiB"
  done
fi
say ""

say "## 8. Editor latency: \`termcheck lsp\`, didChange to publishDiagnostics (built-in glossary, all checks, one core)"
# 10,000 words of the 1 MB corpus, in a directory without a config.
mkdir -p "$OUT/lsp"
python3 -c "import sys; w=open(sys.argv[1]).read().split(' '); open(sys.argv[2],'w').write(' '.join(w[:10000]))" "$OUT/c1M.txt" "$OUT/lsp/article.txt"
(cd "$OUT/lsp" && RAYON_NUM_THREADS=1 taskset -c 0 ../lsp_latency ../termcheck article.txt 50) | tee -a "$R"
say ""

if [ "${BENCH_PEERS:-1}" = 1 ] && command -v npm >/dev/null; then
  say "## 9. Peers on the same terms and text (bench-terms: 433 entries, 1 MB)"
  PEERS=$OUT/peers
  mkdir -p "$PEERS"
  [ -x "$PEERS/node_modules/.bin/textlint" ] || npm install --prefix "$PEERS" --no-audit --no-fund textlint@14 textlint-rule-terminology@5 >/dev/null
  python3 bench/gen_glossary.py peers ../shared/corpus/bench-terms/terms.json "$OUT/peers.toml" "$PEERS/terms.json"
  [ -f "$PEERS/text.txt" ] || python3 bench/gen_corpus.py 1M "$PEERS/text.txt" "$OUT/peers.toml"
  cat > "$PEERS/.textlintrc.json" <<JSON
{"rules": {"terminology": {"defaultTerms": false, "terms": "$(cd "$PEERS" && pwd)/terms.json", "exclude": []}}}
JSON
  RUNS=3 hf -i -n "termcheck" "$TC check --no-config -g $OUT/peers.toml --no-derive --near-miss-threshold 1 --consistency off --format json --fail-on never $PEERS/text.txt" \
     -n "textlint + terminology" "$PEERS/node_modules/.bin/textlint --config $PEERS/.textlintrc.json --format json $PEERS/text.txt"
  "$TC" check --no-config -g "$OUT/peers.toml" --no-derive --near-miss-threshold 1 --consistency off --format json --fail-on never "$PEERS/text.txt" > "$PEERS/termcheck.json" || true
  "$PEERS/node_modules/.bin/textlint" --config "$PEERS/.textlintrc.json" --format json "$PEERS/text.txt" > "$PEERS/textlint.json" || true
  python3 bench/compare_peers.py "$PEERS/termcheck.json" "$PEERS/textlint.json" "$PEERS/text.txt" | tee -a "$R"
  say "Vale: not measured: no Vale binary can be installed from the registries reachable here (the PyPI and npm packages named vale download the binary from GitHub at install or first run)."
fi
echo "results: $R"

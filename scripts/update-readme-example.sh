#!/usr/bin/env bash
# Rewrites the README's example output block with the real output of the
# README's first command (tests/cli/readme.rs fails when they differ).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(cargo run --quiet --release -- check --color never examples/tass-lavrov-nato-centrism.txt || true)
python3 - "$out" <<'PY'
import sys
out = sys.argv[1] + "\n"
text = open("README.md", encoding="utf-8").read()
head, rest = text.split("## What the first command prints", 1)
pre, block = rest.split("```text\n", 1)
_, post = block.split("```", 1)
open("README.md", "w", encoding="utf-8").write(
    head + "## What the first command prints" + pre + "```text\n" + out + "```" + post)
PY

#!/usr/bin/env bash
# Builds termcheck for one target and packages it as the release workflow
# publishes it: dist/termcheck-vVERSION-TARGET.{tar.gz|zip} holding the
# binary, shell completions, man page, README, changelog and licences,
# with its SHA-256 checksum beside it.
#
#   scripts/release-package.sh TARGET ARCHIVE EXTRAS
#
# TARGET: a Rust target triple; ARCHIVE: tar.gz or zip; EXTRAS: a directory
# holding completions/ and man/ (the workflow's `extras` job, or
# `termcheck completions` and `termcheck man` run by hand). Prints the
# archive's path. .ci/run packages x86_64-unknown-linux-musl this way and
# checks the archive.
set -euo pipefail

target="${1:?usage: release-package.sh TARGET ARCHIVE EXTRAS}"
archive="${2:?usage: release-package.sh TARGET ARCHIVE EXTRAS}"
extras="${3:?usage: release-package.sh TARGET ARCHIVE EXTRAS}"
case "$archive" in
  tar.gz | zip) ;;
  *) echo "error: ARCHIVE must be tar.gz or zip, not '$archive'" >&2; exit 2 ;;
esac
for d in "$extras/completions" "$extras/man"; do
  [ -d "$d" ] || { echo "error: $d is missing (generate the completions and man page first)" >&2; exit 2; }
done

cd "$(dirname "${BASH_SOURCE[0]}")/.."
cargo build --quiet --release --locked --target "$target" >&2

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
name="termcheck-v$version-$target"
exe=termcheck
if [ "$archive" = zip ]; then exe=termcheck.exe; fi
rm -rf "dist/$name" "dist/$name.$archive" "dist/$name.$archive.sha256"
mkdir -p "dist/$name"
cp "target/$target/release/$exe" "dist/$name/"
cp -R "$extras/completions" "$extras/man" README.md CHANGELOG.md LICENSE-MIT LICENSE-APACHE "dist/$name/"
(
  cd dist
  if [ "$archive" = zip ]; then
    7z a -tzip -bd "$name.zip" "$name" > /dev/null
  else
    tar -czf "$name.tar.gz" "$name"
  fi
  if command -v sha256sum > /dev/null; then
    sha256sum "$name.$archive" > "$name.$archive.sha256"
  else
    shasum -a 256 "$name.$archive" > "$name.$archive.sha256"
  fi
)
rm -rf "dist/$name"
echo "dist/$name.$archive"

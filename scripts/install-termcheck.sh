#!/usr/bin/env bash
# Installs termcheck into DEST/bin: the release binary for TAG when there
# is one for this platform (its SHA-256 checked against the published
# checksum), else a build of this checkout with `cargo install --locked`.
# Used by action.yml and the pre-commit hook.
#
#   scripts/install-termcheck.sh DEST [TAG]
#
# TAG (e.g. v0.1.0) empty: build from source. TERMCHECK_REPOSITORY
# (owner/name) overrides the repository the release is fetched from
# (default: the `repository` in Cargo.toml). TERMCHECK_NO_DOWNLOAD=1
# always builds; TERMCHECK_NO_BUILD=1 fails (exit 1) instead of building.
# TERMCHECK_RELEASE_BASE overrides where releases are downloaded from
# (default https://github.com/OWNER/NAME/releases/download; tests use a
# file: URL).
# Prints what it did as its last line: `binary` or `source`.
set -euo pipefail

dest="${1:?usage: install-termcheck.sh DEST [TAG]}"
tag="${2:-}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$dest/bin"

# The release target for this machine, or nothing.
target() {
  local os arch
  os="$(uname -s)"
  arch="$(uname -m)"
  case "$os/$arch" in
    Linux/x86_64) echo x86_64-unknown-linux-musl ;;
    Linux/aarch64 | Linux/arm64) echo aarch64-unknown-linux-musl ;;
    Darwin/arm64) echo aarch64-apple-darwin ;;
    Darwin/x86_64) echo x86_64-apple-darwin ;;
    MINGW*/x86_64 | MSYS*/x86_64 | CYGWIN*/x86_64) echo x86_64-pc-windows-msvc ;;
    *) return 1 ;;
  esac
}

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

download() {
  local repo triple ext name base tmp want got
  [ -n "$tag" ] || return 1
  [ "${TERMCHECK_NO_DOWNLOAD:-0}" != "1" ] || return 1
  command -v curl >/dev/null 2>&1 || return 1
  repo="${TERMCHECK_REPOSITORY:-}"
  if [ -z "$repo" ]; then
    repo="$(sed -n 's|^repository = "https://github.com/\(.*\)"$|\1|p' "$root/Cargo.toml")"
  fi
  [ -n "$repo" ] || return 1
  triple="$(target)" || return 1
  ext=tar.gz
  case "$triple" in *windows*) ext=zip ;; esac
  name="termcheck-$tag-$triple"
  base="${TERMCHECK_RELEASE_BASE:-https://github.com/$repo/releases/download}/$tag"
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' RETURN
  curl -fsSL --retry 3 -o "$tmp/$name.$ext" "$base/$name.$ext" || return 1
  curl -fsSL --retry 3 -o "$tmp/$name.$ext.sha256" "$base/$name.$ext.sha256" || return 1
  want="$(cut -d' ' -f1 < "$tmp/$name.$ext.sha256")"
  got="$(sha256 "$tmp/$name.$ext")"
  if [ -z "$want" ] || [ "$want" != "$got" ]; then
    echo "termcheck: checksum mismatch for $name.$ext (expected $want, got $got); not using it" >&2
    return 1
  fi
  case "$ext" in
    zip) (cd "$tmp" && unzip -q "$name.$ext") ;;
    *) tar -xzf "$tmp/$name.$ext" -C "$tmp" ;;
  esac
  if [ -f "$tmp/$name/termcheck.exe" ]; then
    cp "$tmp/$name/termcheck.exe" "$dest/bin/"
  else
    cp "$tmp/$name/termcheck" "$dest/bin/"
    chmod +x "$dest/bin/termcheck"
  fi
}

if download; then
  echo binary
elif [ "${TERMCHECK_NO_BUILD:-0}" = "1" ]; then
  echo "termcheck: no release binary of ${tag:-this checkout} for this platform" >&2
  exit 1
else
  cargo install --quiet --locked --path "$root" --root "$dest" --force >&2
  echo source
fi

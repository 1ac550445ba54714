#!/usr/bin/env bash
# Rebuild the training sources from Debian packages, then list the candidate images.
#   training/data/fetch-sources.sh            download + unpack every package in packages.txt, then list
#   training/data/fetch-sources.sh --list     only re-run the listing (packages already unpacked)
# Packages are never installed: `apt-get download` fetches the .deb, `dpkg-deb -x` unpacks it
# under training/.work/debs/<package>/root. A package already unpacked (marked .done) is skipped,
# so the script resumes after an interruption. Held-out sources are refused by the listing step.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$repo/training/.work/debs"
mkdir -p "$work/_incoming"

if [[ "${1:-}" != "--list" ]]; then
  if [[ -z "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v -e lock -e partial -e auxfiles)" ]]; then
    apt-get update
  fi
  grep -v -e '^#' -e '^\s*$' "$here/packages.txt" | while read -r pkg; do
    dest="$work/$pkg"
    [[ -f "$dest/.done" ]] && continue
    echo "fetch $pkg" >&2
    rm -rf "$dest" "$work/_incoming"/*.deb
    (cd "$work/_incoming" && apt-get download -q "$pkg" 2>&1 | grep -v -e '^W: Download is performed unsandboxed' >&2) || {
      echo "  could not download $pkg: skipped" >&2; continue; }
    deb="$(ls "$work/_incoming"/*.deb)"
    mkdir -p "$dest/root"
    dpkg-deb -x "$deb" "$dest/root"
    dpkg-deb -f "$deb" Version > "$dest/version"
    sha256sum "$deb" | cut -d' ' -f1 > "$dest/deb.sha256"
    rm -f "$deb"
    touch "$dest/.done"
  done
fi

cd "$repo"
exec npx tsx training/data/list-sources.ts "$@"

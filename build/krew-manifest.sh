#!/usr/bin/env bash
# Fills plugins/stockade.yaml for a release: build/krew-manifest.sh VERSION TARBALL > stockade.yaml.
# The tarball is the linux-x64 archive the release publishes (kubectl-stockade and stockade at its root).
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: build/krew-manifest.sh VERSION TARBALL" >&2
  exit 2
fi
version=${1#v}
tarball=$2
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$ ]] || { echo "krew-manifest: $1 is not a semantic version" >&2; exit 2; }
[ -f "$tarball" ] || { echo "krew-manifest: $tarball does not exist" >&2; exit 2; }
for member in kubectl-stockade stockade; do
  # The listing is read whole (not grep -q, which would close the pipe early and, under pipefail,
  # fail tar with a write error when the member is found).
  listing=$(tar -tzf "$tarball") || { echo "krew-manifest: $tarball is not a readable tarball" >&2; exit 2; }
  printf '%s\n' "$listing" | grep -x "\(\./\)\?$member" >/dev/null || { echo "krew-manifest: $tarball has no $member at its root" >&2; exit 2; }
done
sha=$(sha256sum "$tarball" | cut -d' ' -f1)
template="$(dirname "$0")/../plugins/stockade.yaml"
sed -e "s/@VERSION@/$version/g" -e "s/@SHA256@/$sha/g" "$template"

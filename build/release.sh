#!/usr/bin/env bash
# build/release.sh VERSION OUTDIR — every release artefact into one folder, with SHA256SUMS:
#   stockade.VERSION.nupkg            the .NET tool (dotnet tool install)
#   Stockade.Core.VERSION.nupkg       the library package
#   stockade-VERSION-linux-x64.tar.gz the NativeAOT binary
#   stockade-VERSION-oci.tar          the OCI image archive (build/image.sh)
#   stockade.krew.yaml                the krew manifest, with the tarball's sha256
# The NativeAOT publish is most of the time (several minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 2 ] || { echo "usage: build/release.sh VERSION OUTDIR" >&2; exit 2; }
version=$1; out=$(mkdir -p "$2" && cd "$2" && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

dotnet pack src/Stockade.Cli -c Release -p:Version="$version" -o "$out" --nologo -v q
dotnet pack src/Stockade.Core -c Release -p:Version="$version" -o "$out" --nologo -v q
dotnet publish src/Stockade.Cli -c Release -r linux-x64 -p:PublishAot=true -p:Version="$version" -o "$work/aot" --nologo -v q

mkdir -p "$work/tar"
install -m 0755 "$work/aot/stockade" "$work/tar/stockade"
# The kubectl plugin's entry point goes into the same tarball (krew installs from it); the
# plugin engineer's build/kubectl-plugin.sh, when present, adds its files to the given folder.
if [ -x build/kubectl-plugin.sh ]; then build/kubectl-plugin.sh "$work/tar"; else echo "release: build/kubectl-plugin.sh is missing: the krew manifest names kubectl-stockade, which the tarball lacks" >&2; fi
tarball=stockade-$version-linux-x64.tar.gz
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/tar" -czf "$out/$tarball" .

build/image.sh "$work/aot/stockade" "$out/stockade-$version-oci.tar" "$version"

sha=$(sha256sum "$out/$tarball" | cut -d' ' -f1)
sed -e "s/@VERSION@/$version/g" -e "s/@TARBALL@/$tarball/g" -e "s/@SHA256@/$sha/g" build/krew-manifest.yaml.in > "$out/stockade.krew.yaml"

(cd "$out" && rm -f SHA256SUMS && sha256sum -- * > SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS)
echo "release: $out"; cat "$out/SHA256SUMS"

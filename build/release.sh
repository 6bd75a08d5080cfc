#!/usr/bin/env bash
# build/release.sh VERSION OUTDIR — every release artefact into one folder, with SHA256SUMS:
#   Stockade.VERSION.nupkg            the .NET tool (dotnet tool install): a pointer package over
#   Stockade.linux-x64.VERSION.nupkg  its linux-x64 implementation (self-contained: trimmed runtime and
#                                     Stockade in one composite ReadyToRun image), and
#   Stockade.any.VERSION.nupkg        its portable one, for every other platform (one dotnet pack
#                                     writes all three: RuntimeIdentifiers in src/Stockade.Cli)
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
# The kubectl plugin's entry point goes into the same tarball: krew installs both from it.
install -m 0755 scripts/kubectl-stockade "$work/tar/kubectl-stockade"
tarball=stockade-$version-linux-x64.tar.gz
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/tar" -czf "$out/$tarball" .

build/image.sh "$work/aot/stockade" "$out/stockade-$version-oci.tar" "$version"

build/krew-manifest.sh "$version" "$out/$tarball" > "$out/stockade.krew.yaml"

(cd "$out" && rm -f SHA256SUMS && sha256sum -- * > SHA256SUMS.tmp && mv SHA256SUMS.tmp SHA256SUMS)
echo "release: $out"; cat "$out/SHA256SUMS"

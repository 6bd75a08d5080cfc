#!/usr/bin/env bash
# build/image.sh BINARY OUTPUT.tar [VERSION] — the Stockade OCI image, without a daemon or a base
# image: a rootfs assembled FROM scratch from the NativeAOT binary and the files of this machine's
# Debian packages it needs (glibc, OpenSSL for TLS, zlib, CA certificates), packed by umoci into
# an OCI image archive (an OCI layout in a tar: `skopeo copy oci-archive:OUTPUT.tar docker://…`,
# `podman load -i OUTPUT.tar`). No shell; runs as 10001:10001, as generate webhook's Deployment.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: build/image.sh BINARY OUTPUT.tar [VERSION]" >&2; exit 2; }
binary=$(readlink -f "$1"); output=$2
props_value() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" Directory.Build.props; }
version=${3:-$(props_value Version)}
repository=$(props_value StockadeImageRepository)
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
command -v umoci >/dev/null || { echo "image: umoci is missing (apt-get install umoci)" >&2; exit 1; }
[ -x "$binary" ] || { echo "image: $binary is not an executable" >&2; exit 1; }

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
root=$work/rootfs; libdir=usr/lib/x86_64-linux-gnu
mkdir -p "$root/usr/local/bin" "$root/$libdir" "$root/etc/ssl/certs" "$root/tmp" "$root/usr/share/doc"
ln -s usr/lib "$root/lib"; ln -s usr/lib "$root/lib64"
install -m 0555 "$binary" "$root/usr/local/bin/stockade"

# The shared libraries: what the binary links (ldd), plus OpenSSL, which .NET loads with dlopen
# (libssl.so.3 pulls libcrypto.so.3) only when TLS or a hash is first used.
libs=$( { ldd "$binary" | awk '/=>/ {print $3} /ld-linux/ && !/=>/ {print $1}'; \
          ldconfig -p | awk '/libssl\.so\.3 .*x86-64/ {print $NF} /libcrypto\.so\.3 .*x86-64/ {print $NF} /libz\.so\.1 .*x86-64/ {print $NF}'; } | sort -u)
packages=""
for lib in $libs; do
  install -m 0555 "$(readlink -f "$lib")" "$root/$libdir/$(basename "$lib")"
  # dpkg knows a merged-/usr file by the path it shipped it at: try the linked path, then the real one.
  packages+=" $({ dpkg -S "$lib" || dpkg -S "$(readlink -f "$lib")"; } 2>/dev/null | cut -d: -f1 | head -1 || true)"
done
[ -e "$root/$libdir/libssl.so.3" ] || { echo "image: libssl.so.3 not found (apt-get install libssl3)" >&2; exit 1; }
install -m 0444 /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/ca-certificates.crt"
packages+=" ca-certificates"
# OpenSSL's compiled-in directory on Debian; its certs point at the bundle above.
mkdir -p "$root/usr/lib/ssl"; ln -s /etc/ssl/certs "$root/usr/lib/ssl/certs"; ln -s /etc/ssl/certs/ca-certificates.crt "$root/usr/lib/ssl/cert.pem"
printf 'root:x:0:0::/nonexistent:/nonexistent\nstockade:x:10001:10001::/nonexistent:/nonexistent\n' > "$root/etc/passwd"
printf 'root:x:0:\nstockade:x:10001:\n' > "$root/etc/group"
chmod 1777 "$root/tmp"
# Licences and provenance of what was copied: each package's copyright file and version.
for p in $(echo "$packages" | tr ' ' '\n' | sort -u); do
  mkdir -p "$root/usr/share/doc/$p"; cp "/usr/share/doc/$p/copyright" "$root/usr/share/doc/$p/" 2>/dev/null || true
  dpkg-query -W -f '${Package} ${Version}\n' "$p" >> "$root/usr/share/doc/packages.txt"
done
find "$root" -exec touch -h -d @0 {} +

umoci init --layout "$work/oci"
umoci new --image "$work/oci:$version"
umoci unpack --rootless --image "$work/oci:$version" "$work/bundle" >/dev/null
cp -a "$root/." "$work/bundle/rootfs/"
umoci repack --image "$work/oci:$version" "$work/bundle"
labels=(org.opencontainers.image.title=stockade
        org.opencontainers.image.description="Kubernetes workload and cluster security: scan, serve (admission webhook), audit, node"
        org.opencontainers.image.source=https://github.com/stockade-dev/stockade
        org.opencontainers.image.version="$version"
        org.opencontainers.image.revision="$revision"
        # The repository declares no licence yet: SPDX's NOASSERTION until it does.
        org.opencontainers.image.licenses=NOASSERTION
        org.opencontainers.image.ref.name="$repository:$version")
args=(--config.user 10001:10001 --config.entrypoint /usr/local/bin/stockade --config.cmd --help
      --config.workingdir / --config.exposedports 8443/tcp --config.stopsignal SIGTERM
      --config.env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt --config.env SSL_CERT_DIR=/etc/ssl/certs
      --os linux --architecture amd64 --created 1970-01-01T00:00:00Z --history.created 1970-01-01T00:00:00Z)
for l in "${labels[@]}"; do args+=(--config.label "$l" --manifest.annotation "$l"); done
umoci config --image "$work/oci:$version" "${args[@]}"
umoci gc --layout "$work/oci"
mkdir -p "$(dirname "$output")"
tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -C "$work/oci" -cf "$output" .
echo "image: $output ($repository:$version, $(du -k "$output" | cut -f1) KiB)"

#!/usr/bin/env bash
# Release build with the Swift runtime linked statically, stamped with the git commit.
# Every build needs OpenSSL's development files (libssl-dev, for certificate credentials); the binary loads the
# system's OpenSSL (libssl3) and libcurl4 (the HTTP transport, opened at run time) when it runs.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build-deps.sh

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
info=Sources/ProvisionCLI/BuildInfo.swift
cp "$info" "$info.orig"
trap 'mv "$info.orig" "$info"' EXIT
sed -i "s/static let stampedCommit = \"unknown\"/static let stampedCommit = \"$commit\"/" "$info"
swift build -c release --static-swift-stdlib --product provision
swift build -c release --product entra-emulator
echo "built .build/release/provision ($(.build/release/provision --version))"

# The point of a static runtime: it must run with the toolchain out of reach. As root, hide /opt/swift in a private
# mount namespace and run it; otherwise say what ldd sees.
toolchain=$(dirname "$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")")
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && [ -d "$toolchain" ]; then
  empty=$(mktemp -d)
  unshare -m sh -c "mount --bind '$empty' '$toolchain' && .build/release/provision --version >/dev/null && .build/release/provision validate samples/users.csv >/dev/null" \
    && echo "release: runs with $toolchain hidden" \
    || { echo "release: the binary does not run without the toolchain" >&2; exit 1; }
  rmdir "$empty"
elif ldd .build/release/provision | grep -q "$toolchain"; then
  echo "release: the binary links libraries from $toolchain" >&2
  exit 1
fi

#!/usr/bin/env bash
# Release build with the Swift runtime linked statically, stamped with the git commit.
# A static link needs libcurl's development files (FoundationNetworking), and every build OpenSSL's (libssl-dev, for
# certificate credentials); the binary still loads the system's libcurl4 and OpenSSL (libssl3) at run time.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build-deps.sh

if ! dpkg -s libcurl4-openssl-dev >/dev/null 2>&1 && [ ! -e /usr/include/x86_64-linux-gnu/curl/curl.h ] && [ ! -e /usr/include/curl/curl.h ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq libcurl4-openssl-dev
  else
    echo "release: needs libcurl4-openssl-dev (apt-get install libcurl4-openssl-dev)" >&2
    exit 1
  fi
fi

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

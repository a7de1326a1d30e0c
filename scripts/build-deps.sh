#!/usr/bin/env bash
# Every build needs OpenSSL's development files: certificate credentials sign with the system libcrypto (the COpenSSL
# system-library target, found through pkg-config). Installs libssl-dev (and pkg-config) when it can (as root with
# apt-get), or names what is missing.
set -euo pipefail

missing=()
if ! dpkg -s libssl-dev >/dev/null 2>&1 && [ ! -e /usr/include/openssl/evp.h ]; then missing+=(libssl-dev); fi
if ! command -v pkg-config >/dev/null 2>&1; then missing+=(pkg-config); fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}"
else
  echo "build: needs ${missing[*]} (apt-get install ${missing[*]})" >&2
  exit 1
fi

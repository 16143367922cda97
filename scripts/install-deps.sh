#!/usr/bin/env bash
# Installs the Debian packages wirewatch builds against, and the tools its
# tests use (openssl for TLS test servers, python3 for the documented webhook
# verifier, e2fsprogs for the ext2 filesystem the alert log's full-disk test
# mounts: without mkfs.ext2 that test is skipped; postgresql for the private server the PostgreSQL
# store's tests start, which fail without it), only those missing, so an
# installed machine does no network work.
set -euo pipefail
packages=(libcurl4-openssl-dev libxml2-dev libsqlite3-dev pkg-config openssl python3 e2fsprogs postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"

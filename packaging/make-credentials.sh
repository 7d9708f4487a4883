#!/usr/bin/env bash
# privsep-make-credentials: creates the secrets the two units load with LoadCredential=,
# each a root-owned 0600 file in DIR (default /etc/privsep-signer/credentials, which
# systemd-tmpfiles creates root-only), and never replaces one that exists:
#   signer-secret           passphrase of the encrypted CA keys, or the PKCS#11 user PIN (signer unit only)
#   audit-chain-key.signer  first key of the signer's sealed log chain (signer unit only)
#   audit-chain-key.comm    first key of the comm handler's sealed log chain (comm unit only)
# Random values from `openssl rand`. Copy both chain keys to the log collector (offline) for
# `privsep-signer audit verify`; for a hardware token, write its user PIN into signer-secret
# instead (before this runs, or replace the file).
#
# usage: privsep-make-credentials [DIR]
set -euo pipefail

dir="${1:-/etc/privsep-signer/credentials}"
umask 077
if [ ! -d "$dir" ]; then
  echo "privsep-make-credentials: $dir does not exist (run systemd-tmpfiles --create first)" >&2
  exit 1
fi

# Written under a temporary name and linked into place: link(2) never replaces an existing
# name, so a secret that is already in use survives a second run (or a race with one).
create() {
  local name="$1"; shift
  local target="$dir/$name"
  if [ -e "$target" ]; then
    echo "$target exists; kept"
    return
  fi
  local tmp
  tmp="$(mktemp "$dir/.$name.XXXXXX")"
  if ! "$@" > "$tmp" || ! chmod 0600 "$tmp" || ! sync "$tmp"; then
    rm -f "$tmp"
    echo "privsep-make-credentials: cannot write $target" >&2
    exit 1
  fi
  if ln "$tmp" "$target" 2>/dev/null; then
    echo "created $target"
  else
    echo "$target exists; kept"
  fi
  rm -f "$tmp"
}

create signer-secret openssl rand -base64 32
create audit-chain-key.signer openssl rand -hex 32
create audit-chain-key.comm openssl rand -hex 32
sync "$dir"

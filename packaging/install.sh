#!/usr/bin/env bash
# Lays a complete PrivSepSigner installation onto DESTDIR (DESTDIR-style, like `make install`):
#   usr/lib/privsep-signer/   framework-dependent apphost executables (privsep-comm, privsep-signerd, privsep-signer)
#   usr/bin/privsep-signer    symlink to the CLI
#   usr/lib/systemd/system/   the two hardened units
#   usr/lib/sysusers.d/, usr/lib/tmpfiles.d/   users and directories
#   etc/apparmor.d/           one profile per daemon
#   etc/privsep-signer/config.json   a config template (roots to be added by the key ceremony)
# and every directory of tmpfiles.d with its mode (and, when run as root with the users
# present, its owner), read from the same tmpfiles file so the two never disagree.
#
# usage: packaging/install.sh DESTDIR [--relocate]
#   --relocate  write absolute paths inside DESTDIR into config.json (for tests that run
#               the installed daemons from a temporary root instead of /).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:?usage: install.sh DESTDIR [--relocate]}"
relocate="${2:-}"
mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
prefix=""
[ "$relocate" = "--relocate" ] && prefix="$dest"

lib="$dest/usr/lib/privsep-signer"
mkdir -p "$lib" "$dest/usr/bin" "$dest/usr/lib/systemd/system" "$dest/usr/lib/sysusers.d" \
         "$dest/usr/lib/tmpfiles.d" "$dest/etc/apparmor.d" "$dest/usr/share/doc/privsep-signer"

for p in Comm Signer Cli; do
  dotnet publish "$here/src/PrivSepSigner.$p" -c Release --no-self-contained -p:UseAppHost=true \
    -o "$lib" --nologo -v quiet
done
rm -f "$lib"/*.pdb
ln -sfn ../lib/privsep-signer/privsep-signer "$dest/usr/bin/privsep-signer"

install -m 0644 "$here/systemd/privsep-signerd.service" "$here/systemd/privsep-comm.service" "$dest/usr/lib/systemd/system/"
install -m 0644 "$here/systemd/privsep-signer.sysusers.conf" "$dest/usr/lib/sysusers.d/privsep-signer.conf"
install -m 0644 "$here/systemd/privsep-signer.tmpfiles.conf" "$dest/usr/lib/tmpfiles.d/privsep-signer.conf"
install -m 0644 "$here/apparmor/"usr.lib.privsep-signer.* "$dest/etc/apparmor.d/"
mkdir -p "$dest/usr/share/doc/privsep-signer/rsyslog"
install -m 0644 "$here/deploy/rsyslog/"* "$dest/usr/share/doc/privsep-signer/rsyslog/"
install -m 0644 "$here/README.md" "$here/THREATMODEL.md" "$dest/usr/share/doc/privsep-signer/"

# Directories and doorbell FIFOs, exactly as tmpfiles.d declares them.
as_root=0
[ "$(id -u)" = 0 ] && getent passwd privsep-comm >/dev/null && getent passwd privsep-signer >/dev/null && as_root=1
while read -r type path mode user group _; do
  case "$type" in
    d) mkdir -p "$dest$path"; chmod "$mode" "$dest$path" ;;
    p) [ -p "$dest$path" ] || mkfifo "$dest$path"; chmod "$mode" "$dest$path" ;;
    *) continue ;;
  esac
  if [ "$as_root" = 1 ]; then chown "$user:$group" "$dest$path"; fi
done < <(grep -Ev '^\s*(#|$)' "$here/systemd/privsep-signer.tmpfiles.conf")

if [ ! -e "$dest/etc/privsep-signer/config.json" ]; then
  cat > "$dest/etc/privsep-signer/config.json" <<JSON
{
  "spoolDir": "$prefix/var/spool/privsep-signer",
  "stateDir": "$prefix/var/lib/privsep-signer",
  "link": { "kind": "tty", "path": "/dev/ttyUSB0", "baud": 115200 },
  "users": { "comm": "privsep-comm", "signer": "privsep-signer", "group": "privsep" },
  "logging": { "macKeyFile": "credential:audit-chain-key", "targets": [ { "kind": "unix-datagram", "path": "/run/privsep-log/log.sock" } ] },
  "roots": [],
  "profiles": {}
}
JSON
  chmod 0644 "$dest/etc/privsep-signer/config.json"
fi
echo "installed into $dest"

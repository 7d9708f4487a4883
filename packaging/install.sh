#!/usr/bin/env bash
# Lays a complete PrivSepSigner installation onto DESTDIR (DESTDIR-style, like `make install`)
# from programs built beforehand by packaging/publish.sh, so the signing host needs the .NET
# runtime but no SDK and no network:
#   usr/lib/privsep-signer/   framework-dependent apphost executables (privsep-comm, privsep-signerd,
#                             privsep-signer) and privsep-make-credentials
#   usr/bin/privsep-signer    symlink to the CLI (one program, three jobs: the front end's client,
#                             the operator's backup/restore/audit/ceremony, and the development
#                             harness init/up/demo/bench, which a signing host does not use; README)
#   usr/lib/systemd/system/   the two hardened units
#   usr/lib/sysusers.d/, usr/lib/tmpfiles.d/   users and directories
#   usr/lib/udev/rules.d/     the link device for the comm user only, the log line for root only
#   etc/apparmor.d/           one profile per daemon and one for the key ceremony (and their abstractions/)
#   etc/privsep-signer/config.json   the production example (deploy/config/config.json), if absent
#   usr/share/doc/privsep-signer/    README, THREATMODEL, examples/ (both example configs), rsyslog/
# and every directory of tmpfiles.d with its mode (and, when run as root with the users
# present, its owner), read from the same tmpfiles file so the two never disagree.
#
# usage: packaging/install.sh DESTDIR [--relocate] [--prebuilt DIR]
#   --prebuilt DIR  what packaging/publish.sh wrote (default: packaging/build)
#   --relocate      write absolute paths inside DESTDIR into config.json (for tests that run
#                   the installed daemons from a temporary root instead of /).
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
usage="usage: install.sh DESTDIR [--relocate] [--prebuilt DIR]"
dest="${1:?$usage}"
shift
relocate=""
build="$here/packaging/build"
while [ $# -gt 0 ]; do
  case "$1" in
    --relocate) relocate=1; shift ;;
    --prebuilt) build="${2:?$usage}"; shift 2 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
for p in privsep-comm privsep-signerd privsep-signer; do
  if [ ! -x "$build/$p" ]; then
    echo "install.sh: $build/$p not found: run packaging/publish.sh on a machine with the .NET SDK first" >&2
    exit 1
  fi
done

mkdir -p "$dest"
dest="$(cd "$dest" && pwd)"
prefix=""
[ -n "$relocate" ] && prefix="$dest"

lib="$dest/usr/lib/privsep-signer"
doc="$dest/usr/share/doc/privsep-signer"
mkdir -p "$lib" "$dest/usr/bin" "$dest/usr/lib/systemd/system" "$dest/usr/lib/sysusers.d" \
         "$dest/usr/lib/tmpfiles.d" "$dest/usr/lib/udev/rules.d" "$dest/etc/apparmor.d/abstractions" \
         "$doc/examples" "$doc/rsyslog"

# The programs: copied, never built here. Files of an earlier version are replaced whole.
cp -R --no-preserve=ownership "$build/." "$lib/"
chmod -R u=rwX,go=rX "$lib"
install -m 0755 "$here/packaging/make-credentials.sh" "$lib/privsep-make-credentials"
ln -sfn ../lib/privsep-signer/privsep-signer "$dest/usr/bin/privsep-signer"

install -m 0644 "$here/systemd/privsep-signerd.service" "$here/systemd/privsep-comm.service" "$dest/usr/lib/systemd/system/"
install -m 0644 "$here/systemd/privsep-signer.sysusers.conf" "$dest/usr/lib/sysusers.d/privsep-signer.conf"
install -m 0644 "$here/systemd/privsep-signer.tmpfiles.conf" "$dest/usr/lib/tmpfiles.d/privsep-signer.conf"
install -m 0644 "$here/deploy/udev/70-privsep-signer.rules" "$dest/usr/lib/udev/rules.d/"
install -m 0644 "$here/apparmor/"usr.lib.privsep-signer.* "$dest/etc/apparmor.d/"
install -m 0644 "$here/apparmor/abstractions/"privsep-signer-* "$dest/etc/apparmor.d/abstractions/"
install -m 0644 "$here/deploy/rsyslog/"* "$doc/rsyslog/"
install -m 0644 "$here/deploy/config/"*.json "$doc/examples/"
install -m 0644 "$here/README.md" "$here/THREATMODEL.md" "$doc/"

# Directories and doorbell FIFOs, exactly as tmpfiles.d declares them.
as_root=0
[ "$(id -u)" = 0 ] && getent passwd privsep-comm >/dev/null && getent passwd privsep-signerd >/dev/null && as_root=1
while read -r type path mode user group _; do
  case "$type" in
    d) mkdir -p "$dest$path"; chmod "$mode" "$dest$path" ;;
    p) [ -p "$dest$path" ] || mkfifo "$dest$path"; chmod "$mode" "$dest$path" ;;
    *) continue ;;
  esac
  if [ "$as_root" = 1 ]; then chown "$user:$group" "$dest$path"; fi
done < <(grep -Ev '^\s*(#|$)' "$here/systemd/privsep-signer.tmpfiles.conf")

# The production example as the starting config (an existing one is never overwritten).
config="$dest/etc/privsep-signer/config.json"
if [ ! -e "$config" ]; then
  if [ -n "$prefix" ]; then
    sed -e "s#\"/var/#\"$prefix/var/#g" -e "s#\"/etc/privsep-signer/#\"$prefix/etc/privsep-signer/#g" \
      "$here/deploy/config/config.json" > "$config"
  else
    cp "$here/deploy/config/config.json" "$config"
  fi
  chmod 0644 "$config"
fi
echo "installed into $dest"

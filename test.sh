#!/usr/bin/env bash
# README's test command: brings what the tests drive, then runs every test.
#
# The tests use real tools (openssl and gpg verify what is signed, socat makes pseudo-terminal
# pairs, softhsm2 and opensc are the HSM stand-in, rsyslog the log collector, apparmor compiles
# the profiles, libfaketime moves clocks, sqlite3 inspects the database, strace injects faults,
# afl++ fuzzes, systemd/util-linux/passwd make the two-user deployment, systemd-container boots
# the container of LiveSystemdTests, dbus serves its systemd-run --wait, iproute2 shows its
# network namespaces), golang-cfssl is the peer `bench --vs-cfssl` measures. Each Debian package that
# is missing is installed with apt-get (as root, or through sudo); then `dotnet test` runs.
# Extra arguments go to `dotnet test`, e.g. ./test.sh --filter "FullyQualifiedName~Cli".
set -euo pipefail
cd "$(dirname "$0")"

packages=(ca-certificates openssl gnupg socat softhsm2 opensc rsyslog apparmor libfaketime sqlite3 systemd systemd-container dbus iproute2 strace util-linux passwd afl++ golang-cfssl)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "test.sh: installing the Debian packages the tests need: ${missing[*]}"
  as_root=()
  [ "$(id -u)" = 0 ] || as_root=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${as_root[@]}" apt-get update
  "${as_root[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
exec dotnet test PrivSepSigner.sln "$@"

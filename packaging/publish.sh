#!/usr/bin/env bash
# Builds the three programs once, on a machine with the .NET SDK, for packaging/install.sh to
# lay onto a signing host that has only the .NET runtime (an offline host has no SDK).
# One `dotnet publish` of the CLI: it references both daemons, so their apphosts, deps and
# runtimeconfig files land in the same directory (framework-dependent). No runtime identifier:
# a RID-specific publish would re-restore every project of the tree for it, under whatever else
# is building there at the time; no build servers: a lingering MSBuild node of another build
# must not serve (or stall) this one.
#
# usage: packaging/publish.sh [OUTDIR]     (default: packaging/build)
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$here/packaging/build}"
# A stale file from an earlier build must not be installed with the new ones.
rm -rf "$out"
mkdir -p "$out"
dotnet publish "$here/src/PrivSepSigner.Cli" -c Release --no-self-contained -p:UseAppHost=true \
  --disable-build-servers -o "$out" --nologo -v quiet
rm -f "$out"/*.pdb
for p in privsep-comm privsep-signerd privsep-signer; do
  [ -x "$out/$p" ] || { echo "publish.sh: $out/$p is missing" >&2; exit 1; }
done
echo "published into $out"

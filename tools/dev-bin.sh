#!/usr/bin/env bash
# Puts the three programs on PATH for development, without `dotnet run`'s ~14 s per call:
# publishes privsep-signer, privsep-signerd and privsep-comm (framework-dependent apphosts,
# Release) into one directory, where the CLI finds the daemons it starts, and says how to add
# it to PATH. Rerun after changing the code.
#
# usage: tools/dev-bin.sh [DIR]      (default: ./bin at the repository root, ignored by git)
#        export PATH="$PWD/bin:$PATH"
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$here/bin}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
for p in Comm Signer Cli; do
  dotnet publish "$here/src/PrivSepSigner.$p" -c Release --no-self-contained -p:UseAppHost=true -o "$out" --nologo -v quiet
done
rm -f "$out"/*.pdb
echo "published privsep-signer, privsep-signerd and privsep-comm to $out"
case ":$PATH:" in
  *":$out:"*) ;;
  *) echo "add it to PATH:  export PATH=\"$out:\$PATH\"" ;;
esac

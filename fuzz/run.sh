#!/usr/bin/env bash
# Coverage-guided fuzzing of the product's hostile-input decoders with SharpFuzz and AFL++.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s, every target)
#
# Builds the harness (fuzz/PrivSepSigner.Fuzz), copies it to fuzz/out/bin, instruments the copied
# product assemblies and the parsers they hand hostile bytes to (MessagePack, BouncyCastle) with
# `dotnet sharpfuzz` (the version pinned in .config/dotnet-tools.json), then runs afl-fuzz on each
# target for SECONDS, starting from fuzz/corpus/TARGET. Exits 1 if any target has a crash or a
# hang (listed with the command that replays it), 2 if afl-fuzz is missing or did not run.
# Memory is bounded twice: afl-fuzz -m caps the address space and DOTNET_GCHeapHardLimit the
# managed heap, so a decoder that allocates from an unchecked length crashes instead of passing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
seconds="${1:-60}"
shift || true
out="$here/out"
bin="$out/bin"
# One execution longer than this is a hang; FUZZ_TIMEOUT_MS raises it on a loaded machine.
timeout_ms="${FUZZ_TIMEOUT_MS:-5000}"

if ! command -v afl-fuzz >/dev/null; then
  echo "run.sh: afl-fuzz not found (Debian: apt-get install afl++)" >&2
  exit 2
fi

cd "$repo"
dotnet tool restore >/dev/null
# By default an optimized build in its own configuration, so its obj/ and bin/ never race a
# Release publish of the same projects. The CI test sets FUZZ_CONFIGURATION=Debug: `dotnet test
# PrivSepSigner.sln` has built exactly that already, which saves a full rebuild. The plain build
# replays findings (instrumented code needs afl's shared memory); a copy is instrumented.
config="${FUZZ_CONFIGURATION:-Fuzz}"
plain="$here/PrivSepSigner.Fuzz/bin/$config/net10.0"
optimize=()
[ "$config" = Fuzz ] && optimize=(-p:Optimize=true)
# Restore only when needed: `dotnet test PrivSepSigner.sln` has restored it already, and a second
# restore of shared projects while other test projects build is a race.
mkdir -p "$out"
{ [ -f fuzz/PrivSepSigner.Fuzz/obj/project.assets.json ] || dotnet restore fuzz/PrivSepSigner.Fuzz; } >"$out/build.log" 2>&1 &&
  dotnet build fuzz/PrivSepSigner.Fuzz -c "$config" "${optimize[@]}" --no-restore --nologo >>"$out/build.log" 2>&1 || {
  echo "run.sh: the harness did not build:" >&2
  tail -n 30 "$out/build.log" >&2
  exit 2
}
echo "== built in ${SECONDS}s"
rm -rf "$bin"
cp -r "$plain" "$bin"
mapfile -t targets < <(if [ $# -gt 0 ]; then printf '%s\n' "$@"; else dotnet "$bin/PrivSepSigner.Fuzz.dll" list; fi)

# The harness itself stays uninstrumented: coverage is measured only where hostile bytes go.
for dll in PrivSepSigner.Protocol PrivSepSigner.Spool PrivSepSigner.Policy PrivSepSigner.Issuance MessagePack BouncyCastle.Cryptography; do
  dotnet sharpfuzz "$bin/$dll.dll" >/dev/null
done
echo "== instrumented at ${SECONDS}s"

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 AFL_FAST_CAL=1 \
  AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_CRASH_README=1 AFL_FORKSRV_INIT_TMOUT=60000 \
  DOTNET_GCHeapHardLimit=0x20000000 DOTNET_TieredPGO=0 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

status=0
for t in "${targets[@]}"; do
  findings="$out/findings/$t"
  rm -rf "$findings"
  mkdir -p "$findings"
  echo "== $t: ${seconds}s"
  afl-fuzz -i "$here/corpus/$t" -o "$findings" -m 4096 -t "$timeout_ms" -V "$seconds" \
    -- dotnet "$bin/PrivSepSigner.Fuzz.dll" fuzz "$t" >"$findings/afl.log" 2>&1 || {
    echo "run.sh: afl-fuzz failed on $t:" >&2
    tail -n 30 "$findings/afl.log" >&2
    exit 2
  }

  stats="$findings/default/fuzzer_stats"
  execs="$(sed -n 's/^execs_done *: *//p' "$stats")"
  paths="$(sed -n 's/^corpus_count *: *//p' "$stats")"
  crashes="$(find "$findings/default/crashes" "$findings/default/hangs" -type f ! -name README.txt | sort)"
  echo "   execs $execs, corpus $paths, crashes+hangs $(printf '%s' "$crashes" | grep -c . || true); done at ${SECONDS}s"
  if [ -z "$execs" ] || [ "$execs" -eq 0 ]; then
    echo "run.sh: $t executed nothing" >&2
    exit 2
  fi

  if [ -n "$crashes" ]; then
    status=1
    printf '%s\n' "$crashes" | head -n 5 | sed "s|^|FINDING $t: |"
    echo "   replay: dotnet $plain/PrivSepSigner.Fuzz.dll replay $t FILE"
  fi
done
exit $status

#!/usr/bin/env bash
# Snoop's analyzers inside the real compiler, measured the way issue 14's row was: the realistic corpus (2,000 files of
# ordinary application code; --generated: the rule-shape corpus) as a project, compiled by the SDK's own csc with the
# SDK's default analyzers and generators, and timed by csc's /reportanalyzer. The csc command line is taken from one
# `dotnet build`; csc then runs on the shared compiler server (/shared), as `dotnet build` does, after three warm-up
# runs, alternating in every round:
#   base    the build without Snoop's analyzers
#   snoop   the same with Snoop's analyzers
#   report  the same with Snoop's analyzers and /reportanalyzer
# csc's CPU is the client's user + system time (/usr/bin/time) plus the server's (from /proc, before and after).
# Prints, per round and as medians: csc's CPU for each variant, each Snoop analyzer's time from /reportanalyzer, how
# far apart the two are, Snoop's share of csc's CPU without Snoop, and the CPU the snoop variant added (noisier than the
# share it is compared with: several per cent from run to run).
#
# With --floor, a fourth build every round: the registration floors alone (benchmarks/Snoop.Benchmarks.Floor: the
# hosts' registrations with callbacks that only read a name or a base type, one analyzer per host) with
# /reportanalyzer, so each host is also printed against the least an analyzer with its registrations costs here.
#
# With --off NAME=ID[,ID...] (repeatable), one more /reportanalyzer build every round for each: Snoop with those rule IDs
# turned off by a global analyzer config (severity none, which the hosts honour by not starting the rule), so each
# rule's share of its host's time shows as what turning it off saves, measured in the same rounds.
#
# Usage: benchmarks/analyzers-in-csc.sh [rounds, default 3] [--generated] [--floor] [--off NAME=IDS]...
#        (KEEP=1 keeps the work folder)
# Needs only the .NET SDK (the project uses the ASP.NET Core reference pack the SDK carries; nothing is restored from
# a feed). About 12 s per csc run on 2 cores: three per round, after three warm-up runs.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
usage() { echo "usage: $0 [rounds] [--generated] [--floor] [--off NAME=ID[,ID...]]..." >&2; exit 2; }
rounds=3
corpus_flag=
floor=
offs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --generated) corpus_flag=--generated ;;
    --floor) floor=1 ;;
    --off)
      [ $# -ge 2 ] || usage
      [[ "$2" =~ ^[A-Za-z][A-Za-z0-9_]*=[A-Z0-9]+(,[A-Z0-9]+)*$ ]] || usage
      offs+=("$2")
      shift ;;
    *[!0-9]* | '') usage ;;
    *) rounds=$1 ;;
  esac
  shift
done
work=$(mktemp -d "${TMPDIR:-/tmp}/snoop-csc.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

dotnet build "$root/analyzers/Snoop.Analyzers" -c Release -nologo -v:q >/dev/null
analyzer="$root/analyzers/Snoop.Analyzers/bin/Release/netstandard2.0/Snoop.Analyzers.dll"
test -f "$analyzer"
if [ -n "$floor" ]; then
  dotnet build "$root/benchmarks/Snoop.Benchmarks.Floor" -c Release -nologo -v:q >/dev/null
  floor_analyzer="$root/benchmarks/Snoop.Benchmarks.Floor/bin/Release/netstandard2.0/Snoop.Benchmarks.Floor.dll"
  test -f "$floor_analyzer"
fi

dotnet run -c Release --project "$root/benchmarks/Snoop.Benchmarks" -- write-corpus "$work/src" $corpus_flag >/dev/null
cat > "$work/src/Shop.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>disable</ImplicitUsings>
    <AssemblyName>Shop</AssemblyName>
    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
    <GenerateDocumentationFile>false</GenerateDocumentationFile>
  </PropertyGroup>
  <ItemGroup>
    <FrameworkReference Include="Microsoft.AspNetCore.App" />
    <Analyzer Include="$analyzer" />
  </ItemGroup>
</Project>
PROJECT

# One build, for csc's command line (and to check that the corpus compiles).
(cd "$work/src" && dotnet build -nologo -v:d -p:UseSharedCompilation=false > "$work/build.log" 2>&1) || { tail -30 "$work/build.log"; exit 1; }
line=$(grep -E '^\s*\S*/csc(\.dll|\.exe)?"? /noconfig ' "$work/build.log" | head -1 | sed -E 's/^\s+//')
test -n "$line"
# The SDK runs csc through its apphost (`.../Roslyn/bincore/csc`), or as `dotnet exec .../csc.dll`.
compiler=${line%% /noconfig *}
args="${line#* /noconfig }"
# The response files: every argument on its own line, as csc reads them. No path here has a space.
echo "$args" | tr ' ' '\n' | grep -v '^$' > "$work/snoop.rsp"
grep -v -F "$analyzer" "$work/snoop.rsp" > "$work/base.rsp"
{ cat "$work/snoop.rsp"; echo "/reportanalyzer"; } > "$work/report.rsp"
variants="base snoop report"
if [ -n "$floor" ]; then
  { cat "$work/base.rsp"; echo "/analyzer:$floor_analyzer"; echo "/reportanalyzer"; } > "$work/floor.rsp"
  variants="$variants floor"
fi
off_names=()
for off in "${offs[@]}"; do
  name="off-${off%%=*}"
  { echo "is_global = true"; for id in $(echo "${off#*=}" | tr ',' ' '); do echo "dotnet_diagnostic.$id.severity = none"; done; } > "$work/$name.globalconfig"
  { cat "$work/report.rsp"; echo "/analyzerconfig:$work/$name.globalconfig"; } > "$work/$name.rsp"
  off_names+=("$name")
  variants="$variants $name"
done
test "$(wc -l < "$work/base.rsp")" -lt "$(wc -l < "$work/snoop.rsp")"
echo "csc: $compiler"
echo "$(grep -c '\.cs$' "$work/base.rsp") source files, $(grep -c '^/reference:' "$work/base.rsp") references, $(grep -c '^/analyzer:' "$work/base.rsp") analyzer assemblies without Snoop's"

# csc runs against the shared compiler server (`/shared`), as `dotnet build` does: warm, with its metadata cache. Its CPU
# is the server's (read from /proc before and after) plus the client's.
server_cpu() { # "pid CPU": the server's process and its user + system CPU so far, in seconds ("- 0" when none runs)
  local pid
  pid=$(pgrep -n -f 'VBCSCompiler' || true)
  if [ -z "$pid" ]; then echo "- 0"; return; fi
  awk -v pid="$pid" -v hz="$(getconf CLK_TCK)" '{ printf "%s %.2f\n", pid, ($14 + $15) / hz }' "/proc/$pid/stat"
}

run() { # variant round: prints "CPU wall" in seconds
  local before after
  before=$(server_cpu)
  (cd "$work/src" && /usr/bin/time -f "%U %S %e" -o "$work/$1.$2.time" $compiler /shared /noconfig "@$work/$1.rsp" > "$work/$1.$2.out" 2>&1) || { tail -20 "$work/$1.$2.out" >&2; exit 1; }
  after=$(server_cpu)
  # A server that started or stopped during the run would make the difference meaningless.
  if [ "${before%% *}" != "${after%% *}" ]; then echo "the compiler server changed during a run ($before / $after): run again" >&2; exit 1; fi
  awk -v b="${before#* }" -v a="${after#* }" '{ printf "%.2f %.2f\n", $1 + $2 + (a - b), $3 }' "$work/$1.$2.time"
}

# Warm the server (and its caches) with each variant once; these runs are not reported.
for variant in $variants; do
  (cd "$work/src" && $compiler /shared /noconfig "@$work/$variant.rsp" > "$work/$variant.0.out" 2>&1) || { tail -20 "$work/$variant.0.out" >&2; exit 1; }
done
test "$(server_cpu)" != "- 0" || { echo "no compiler server process found" >&2; exit 1; }

host_seconds() { # file analyzer: /reportanalyzer's time for one analyzer (namespace-qualified name), in seconds
  grep -E "^\s*[0-9.]+\s+\S+\s+${2//./\\.} " "$1" | awk '{ print $1 }'
}

echo
echo "| round | base: csc CPU / wall (s) | snoop: csc CPU / wall (s) | report: csc CPU (s) | ResponseSiteAnalyzer (ms) | WrapperTypeAnalyzer (ms) | hosts apart | Snoop's share of base CPU | CPU added by Snoop |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
: > "$work/rows"
: > "$work/floors"
: > "$work/offs"
for round in $(seq 1 "$rounds"); do
  read -r base_cpu base_wall < <(run base "$round")
  read -r snoop_cpu snoop_wall < <(run snoop "$round")
  read -r report_cpu report_wall < <(run report "$round")
  site=$(host_seconds "$work/report.$round.out" Snoop.Analyzers.ResponseSiteAnalyzer)
  type=$(host_seconds "$work/report.$round.out" Snoop.Analyzers.WrapperTypeAnalyzer)
  test -n "$site" && test -n "$type"
  echo "$round $base_cpu $snoop_cpu $report_cpu $site $type" >> "$work/rows"
  if [ -n "$floor" ]; then
    run floor "$round" > /dev/null
    site_floor=$(host_seconds "$work/floor.$round.out" Snoop.Benchmarks.Floor.SiteFloorAnalyzer)
    type_floor=$(host_seconds "$work/floor.$round.out" Snoop.Benchmarks.Floor.TypeFloorAnalyzer)
    test -n "$site_floor" && test -n "$type_floor"
    echo "$round $site $type $site_floor $type_floor" >> "$work/floors"
  fi
  for name in "${off_names[@]}"; do
    run "$name" "$round" > /dev/null
    off_site=$(host_seconds "$work/$name.$round.out" Snoop.Analyzers.ResponseSiteAnalyzer)
    off_type=$(host_seconds "$work/$name.$round.out" Snoop.Analyzers.WrapperTypeAnalyzer)
    # A host whose rules are all off registers nothing and is not listed: 0.
    echo "$round $name $site $type ${off_site:-0} ${off_type:-0}" >> "$work/offs"
  done
  awk -v r="$round" -v b="$base_cpu" -v bw="$base_wall" -v s="$snoop_cpu" -v sw="$snoop_wall" -v rc="$report_cpu" -v x="$site" -v y="$type" \
    'BEGIN { hi = x > y ? x : y; lo = x > y ? y : x; printf "| %d | %.2f / %.2f | %.2f / %.2f | %.2f | %.0f | %.0f | %.2f× | %.3f %% | %+.2f %% |\n", r, b, bw, s, sw, rc, x * 1000, y * 1000, (lo > 0 ? hi / lo : 0), (x + y) / b * 100, (s - b) / b * 100 }'
done

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.3f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; } # of an even count: the mean of the middle two
range() { sort -n | awk '{ v[NR] = $1 } END { printf "%.3f to %.3f", v[1], v[NR] }'; }
echo
echo "median csc CPU without Snoop: $(awk '{ print $2 }' "$work/rows" | median) s"
echo "median Snoop analyzer time (both hosts): $(awk '{ print ($5 + $6) * 1000 }' "$work/rows" | median) ms"
echo "median share of csc CPU without Snoop: $(awk '{ print ($5 + $6) / $2 * 100 }' "$work/rows" | median) % ($(awk '{ print ($5 + $6) / $2 * 100 }' "$work/rows" | range) %)"
echo "median of the hosts' ratio (larger / smaller): $(awk '{ hi = $5 > $6 ? $5 : $6; lo = $5 > $6 ? $6 : $5; print (lo > 0 ? hi / lo : 0) }' "$work/rows" | median)×"
site_median=$(awk '{ print $5 }' "$work/rows" | median)
type_median=$(awk '{ print $6 }' "$work/rows" | median)
echo "median times: ResponseSiteAnalyzer $(awk -v v="$site_median" 'BEGIN { printf "%.0f", v * 1000 }') ms, WrapperTypeAnalyzer $(awk -v v="$type_median" 'BEGIN { printf "%.0f", v * 1000 }') ms, $(awk -v a="$site_median" -v b="$type_median" 'BEGIN { hi = a > b ? a : b; lo = a > b ? b : a; printf "%.2f", (lo > 0 ? hi / lo : 0) }')× apart"
echo "median CPU added by Snoop (snoop against base, without /reportanalyzer): $(awk '{ print ($3 - $2) / $2 * 100 }' "$work/rows" | median) %"
if [ -n "$floor" ]; then
  echo
  echo "Each host against its registration floor (the floors measured alone, in a build of their own every round):"
  echo
  echo "| round | ResponseSiteAnalyzer (ms) | its floor (ms) | host / floor | WrapperTypeAnalyzer (ms) | its floor (ms) | host / floor | site floor / type host |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  awk '{ printf "| %d | %.0f | %.0f | %.2f× | %.0f | %.0f | %.2f× | %.2f× |\n", $1, $2 * 1000, $4 * 1000, ($4 > 0 ? $2 / $4 : 0), $3 * 1000, $5 * 1000, ($5 > 0 ? $3 / $5 : 0), ($3 > 0 ? $4 / $3 : 0) }' "$work/floors"
  echo
  echo "median floors: site $(awk '{ print $4 * 1000 }' "$work/floors" | median) ms, type $(awk '{ print $5 * 1000 }' "$work/floors" | median) ms"
  echo "median per round: site host / its floor $(awk '{ print ($4 > 0 ? $2 / $4 : 0) }' "$work/floors" | median)×, type host / its floor $(awk '{ print ($5 > 0 ? $3 / $5 : 0) }' "$work/floors" | median)×, site floor / type host $(awk '{ print ($3 > 0 ? $4 / $3 : 0) }' "$work/floors" | median)×"
fi
if [ ${#off_names[@]} -gt 0 ]; then
  echo
  echo "With rules turned off (each variant a build of its own every round, against the report build of the same round):"
  echo
  echo "| variant | ResponseSiteAnalyzer, median (ms) | saved on it, median per round (ms) | WrapperTypeAnalyzer, median (ms) | saved on it, median per round (ms) |"
  echo "|---|---:|---:|---:|---:|"
  echo "| all rules on | $(awk '{ print $5 * 1000 }' "$work/rows" | median) | | $(awk '{ print $6 * 1000 }' "$work/rows" | median) | |"
  for name in "${off_names[@]}"; do
    echo "| ${name#off-} | $(awk -v n="$name" '$2 == n { print $5 * 1000 }' "$work/offs" | median) | $(awk -v n="$name" '$2 == n { print ($3 - $5) * 1000 }' "$work/offs" | median) | $(awk -v n="$name" '$2 == n { print $6 * 1000 }' "$work/offs" | median) | $(awk -v n="$name" '$2 == n { print ($4 - $6) * 1000 }' "$work/offs" | median) |"
  done
fi
echo
echo "Analyzer times in the last /reportanalyzer run:"
grep -E 'Snoop\.Analyzers\.|Total analyzer execution time' "$work/report.$rounds.out" | sed -E 's/^\s+/  /'

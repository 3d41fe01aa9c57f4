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
# Usage: benchmarks/analyzers-in-csc.sh [rounds, default 3] [--generated]     (KEEP=1 keeps the work folder)
# Needs only the .NET SDK (the project uses the ASP.NET Core reference pack the SDK carries; nothing is restored from
# a feed). About 12 s per csc run on 2 cores: three per round, after three warm-up runs.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-3}
corpus_flag=${2:-}
work=$(mktemp -d "${TMPDIR:-/tmp}/snoop-csc.XXXXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT

dotnet build "$root/analyzers/Snoop.Analyzers" -c Release -nologo -v:q >/dev/null
analyzer="$root/analyzers/Snoop.Analyzers/bin/Release/netstandard2.0/Snoop.Analyzers.dll"
test -f "$analyzer"

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
for variant in base snoop report; do
  (cd "$work/src" && $compiler /shared /noconfig "@$work/$variant.rsp" > "$work/$variant.0.out" 2>&1) || { tail -20 "$work/$variant.0.out" >&2; exit 1; }
done
test "$(server_cpu)" != "- 0" || { echo "no compiler server process found" >&2; exit 1; }

host_seconds() { # file host: /reportanalyzer's time for one of Snoop's analyzers, in seconds
  grep -E "^\s*[0-9.]+\s+\S+\s+Snoop\.Analyzers\.$2 " "$1" | awk '{ print $1 }'
}

echo
echo "| round | base: csc CPU / wall (s) | snoop: csc CPU / wall (s) | report: csc CPU (s) | ResponseSiteAnalyzer (ms) | WrapperTypeAnalyzer (ms) | hosts apart | Snoop's share of base CPU | CPU added by Snoop |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
: > "$work/rows"
for round in $(seq 1 "$rounds"); do
  read -r base_cpu base_wall < <(run base "$round")
  read -r snoop_cpu snoop_wall < <(run snoop "$round")
  read -r report_cpu report_wall < <(run report "$round")
  site=$(host_seconds "$work/report.$round.out" ResponseSiteAnalyzer)
  type=$(host_seconds "$work/report.$round.out" WrapperTypeAnalyzer)
  test -n "$site" && test -n "$type"
  echo "$round $base_cpu $snoop_cpu $report_cpu $site $type" >> "$work/rows"
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
echo
echo "Analyzer times in the last /reportanalyzer run:"
grep -E 'Snoop\.Analyzers\.|Total analyzer execution time' "$work/report.$rounds.out" | sed -E 's/^\s+/  /'

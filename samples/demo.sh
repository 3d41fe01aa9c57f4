#!/usr/bin/env bash
# Shows Snoop at work on the naive sample: build it and see the warnings, apply the fixes with
# `dotnet format analyzers`, build again and see them gone. Works on a copy; the sample stays naive.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
copy="$root/samples/.demo/NaiveApp"
rm -rf "$root/samples/.demo"
mkdir -p "$root/samples/.demo"
cp -r "$root/samples/NaiveApp" "$copy"
rm -rf "$copy/bin" "$copy/obj"
ids="SNOOP001 SNOOP002 SNOOP003 SNOOP004 SNOOP005 SNOOP006"

echo "== 1. Build the naive sample: Snoop's warnings"
dotnet build "$copy/NaiveApp.csproj" -nologo -clp:NoSummary 2>&1 | grep -E "warning SNOOP" | sed -e "s|$copy/||" | sort -u || true

echo
echo "== 2. Apply Snoop's fixes: dotnet format analyzers --diagnostics $ids"
dotnet format analyzers "$copy/NaiveApp.csproj" --diagnostics $ids --severity info --no-restore
git -C "$root" --no-pager diff --no-index --stat -- "$root/samples/NaiveApp" "$copy" 2>/dev/null | grep -v "bin/\|obj/" || true

echo
echo "== 3. Build the fixed copy: what is left"
left=$(dotnet build "$copy/NaiveApp.csproj" -nologo -clp:NoSummary 2>&1 | grep -E "warning SNOOP|error" | sed -e "s|$copy/||" | sort -u || true)
if [ -z "$left" ]; then echo "no SNOOP warnings"; else echo "$left"; fi
echo
echo "The fixed copy is in samples/.demo/NaiveApp (diff it against samples/NaiveApp)."

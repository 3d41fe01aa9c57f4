#!/usr/bin/env bash
# Shows Snoop at work on the naive sample: build it and see the warnings, apply the fixes with
# `dotnet format analyzers`, build again and see them gone. Works on a copy; the sample stays naive.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
sample="$root/samples/NaiveApp"
# The copy sits next to the sample, at the same depth, so its ProjectReferences (../../analyzers, ...) resolve.
copy="$root/samples/.demo"
rm -rf "$copy"
mkdir -p "$copy"
(cd "$sample" && find . -path ./bin -prune -o -path ./obj -prune -o -type f -print | while read -r f; do
    mkdir -p "$copy/$(dirname "$f")"; cp "$f" "$copy/$f"; done)
ids="SNOOP001 SNOOP002 SNOOP003 SNOOP004 SNOOP005 SNOOP006 SNOOP007 SNOOP008"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

build() {
    # Prints the build's SNOOP diagnostics (and any error); fails when the build fails.
    local log status=0
    log=$(dotnet build "$copy/NaiveApp.csproj" -nologo -tl:off 2>&1) || status=$?
    echo "$log" | grep -E "(warning|error) [A-Z]+[0-9]+:" | grep -E "SNOOP|error" | sed -e "s|$copy/||" -e "s| \[$copy/NaiveApp.csproj\]||" | sort -u || true
    if [ "$status" -ne 0 ]; then
        echo "$log" | tail -n 30
        echo "build failed" >&2
        return "$status"
    fi
}

echo "== 1. Build the naive sample: Snoop's warnings"
warnings=$(build)
echo "$warnings"
if ! echo "$warnings" | grep -q "warning SNOOP"; then
    echo "expected SNOOP warnings from the naive sample, found none" >&2
    exit 1
fi

echo
echo "== 2. Apply Snoop's fixes: dotnet format analyzers --diagnostics $ids --severity info"
dotnet format analyzers "$copy/NaiveApp.csproj" --diagnostics $ids --severity info --no-restore
diff -ru -x bin -x obj "$sample" "$copy" | sed -e "s|$root/||g" || true

echo
echo "== 3. Build the fixed copy: what is left"
left=$(build)
if [ -z "$left" ]; then echo "no SNOOP warnings"; else echo "$left"; exit 1; fi
echo
echo "The fixed copy is in samples/.demo (diff -ru -x bin -x obj samples/NaiveApp samples/.demo)."

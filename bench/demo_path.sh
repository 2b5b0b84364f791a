#!/bin/sh
# The whole demo path headless, stage by stage, as "Try the demo" runs it in the app: generate
# the world, analyse the audio, train CF, text and the audio model, map, the first weekly
# playlist and its back-test (BENCHMARKS.md, "The demo path"). The app's stages call the same
# core functions; the CLI adds only process start-up (~0.1 s per stage).
# Usage: bench/demo_path.sh BUILD_DIR [small|medium|large] [OUT_DIR]
set -eu
build=${1:?usage: bench/demo_path.sh BUILD_DIR [small|medium|large] [OUT_DIR]}
size=${2:-medium}
out=${3:-$(mktemp -d)}
cli="$build/app/tastelab-cli"
project="$out/demo.tastelab"
rm -rf "$out" && mkdir -p "$out"
echo "demo path, $size world, in $out; $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
total=0
stage() {
    name=$1
    shift
    start=$(date +%s.%N)
    if ! "$cli" "$@" >"$out/$name.log" 2>&1; then
        echo "stage $name failed; see $out/$name.log" >&2
        exit 1
    fi
    end=$(date +%s.%N)
    secs=$(awk "BEGIN { print $end - $start }")
    total=$(awk "BEGIN { print $total + $secs }")
    printf '%-10s %8.1f s\n' "$name" "$secs"
}
stage generate demo --out "$out" --size "$size"
stage analyze analyze --project "$project"
stage cf train cf --project "$project"
stage text train text --project "$project"
stage audio train audio --project "$project"
stage map map --project "$project" --source cf --out "$out/map.csv"
stage playlist weekly --project "$project" --user me --out "$out/week.m3u8"
stage backtest backtest --project "$project" --user me
printf '%-10s %8.1f s\n' total "$total"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

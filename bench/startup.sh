#!/bin/sh
# Start-up and reopening times of the desktop app (BENCHMARKS.md, "Start-up and reopening").
# Usage: bench/startup.sh BUILD_DIR [PROJECT] [RUNS]
# Runs the app RUNS times (default 7) with TASTELAB_MEASURE_STARTUP=1, on the offscreen
# platform unless DISPLAY is set (run it under xvfb-run for X11), and prints each run's JSON line
# (milliseconds from the process's start) and the load average before and after.
set -eu
build=${1:?usage: bench/startup.sh BUILD_DIR [PROJECT] [RUNS]}
project=${2:-}
runs=${3:-7}
[ -n "${DISPLAY:-}" ] || export QT_QPA_PLATFORM=offscreen
# Keep the developer's settings (recent projects, layout) out of it.
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
i=0
while [ "$i" -lt "$runs" ]; do
    if [ -n "$project" ]; then
        HOME=$home XDG_CONFIG_HOME=$home/config TASTELAB_MEASURE_STARTUP=1 \
            "$build/app/tastelab" "$project" 2>/dev/null
    else
        HOME=$home XDG_CONFIG_HOME=$home/config TASTELAB_MEASURE_STARTUP=1 \
            "$build/app/tastelab" 2>/dev/null
    fi
    i=$((i + 1))
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# import_vs_sqlite.sh: Tastelab's import of a Last.fm-1K-format TSV beside the sqlite3 shell's
# own loader (.import) of the same file, in the same run, on the same disk (issue 21).
#
#   bench/import_vs_sqlite.sh [ROWS ...]        # default: 1000000 5000000
#   REPEAT=3 DIR=/tmp/tl-import-vs-sqlite BUILD=build bench/import_vs_sqlite.sh 1000000
#
# For each row count it generates the TSV with bench_import_datasets --generate-only (userid,
# ISO time, artist MBID, artist, track MBID, track; no header; seeded, reused when present), then
# REPEAT times, alternately:
#   1. sqlite3 DIR/plain.sqlite (a file database beside the TSV, SQLite's defaults: rollback
#      journal, synchronous=FULL): CREATE TABLE of 6 TEXT columns, `.mode tabs`, `.import`.
#      The shell wraps .import in one transaction.
#   2. tastelab-cli import --project DIR/tl.tastelab --create --json TSV: the whole import
#      (entity resolution, dedupe, import record, indexes, one transaction), plus the CLI's
#      start-up and match report. The import's own seconds (the report's "seconds") are shown too.
# Each under /usr/bin/time -v: wall seconds and peak RSS. Prints the ratio Tastelab / sqlite3.
#
# Needs: the sqlite3 shell (Debian: `apt-get install -y sqlite3`), GNU time (`apt-get install -y
# time`), and the build's bench_import_datasets and tastelab-cli:
#   flock /tmp/tastelab-build.lock cmake --build build --target bench_import_datasets tastelab-cli
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${BUILD:-$here/build}
DIR=${DIR:-/tmp/tl-import-vs-sqlite}
REPEAT=${REPEAT:-1}
rows_list=("$@")
[ ${#rows_list[@]} -gt 0 ] || rows_list=(1000000 5000000)

command -v sqlite3 >/dev/null || { echo "sqlite3 shell missing: apt-get install -y sqlite3" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "GNU time missing: apt-get install -y time" >&2; exit 2; }
gen=$BUILD/bench/bench_import_datasets
cli=$BUILD/app/tastelab-cli
for b in "$gen" "$cli"; do
    [ -x "$b" ] || { echo "$b missing: build bench_import_datasets and tastelab-cli" >&2; exit 2; }
done
mkdir -p "$DIR"

# /usr/bin/time -v output -> "wall_s cpu_s peak_mb" (cpu: user + system)
timed() {
    local log=$1
    awk -F': ' '/Elapsed \(wall clock\)/ {
                    n = split($2, p, ":"); s = 0; for (i = 1; i <= n; ++i) s = s * 60 + p[i]; w = s }
                /User time|System time/ { c += $2 }
                /Maximum resident set size/ { m = $2 / 1024 }
                END { printf "%.2f %.2f %.0f\n", w, c, m }' "$log"
}

echo "import_vs_sqlite: $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "sqlite3 $(sqlite3 --version | cut -d' ' -f1), Tastelab $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo '?'), DIR=$DIR ($(df --output=source "$DIR" | tail -1))"
# Wall seconds decide the ratio (the goal); CPU seconds (user + sys) are the steadier figure
# on a loaded machine, and their ratio is printed beside it.
printf '%-9s %-3s %9s %10s %9s %7s %8s %8s %8s %9s %9s  %s\n' rows run sqlite3_s tastelab_s \
    import_s ratio sq_cpu tl_cpu cpu_ratio sq_peakMB tl_peakMB counts
for rows in "${rows_list[@]}"; do
    tsv=$("$gen" --rows "$rows" --dir "$DIR" --generate-only | tail -1)
    cat "$tsv" >/dev/null  # both readers start with the file in the page cache
    for ((run = 1; run <= REPEAT; ++run)); do
        db=$DIR/plain.sqlite
        rm -f "$db" "$db-journal"
        /usr/bin/time -v -o "$DIR/sqlite.time" sqlite3 "$db" \
            "CREATE TABLE scrobbles(userid TEXT, ts TEXT, artist_mbid TEXT, artist TEXT, track_mbid TEXT, track TEXT)" \
            ".mode tabs" ".import $tsv scrobbles" >/dev/null
        read -r sq_wall sq_cpu sq_peak < <(timed "$DIR/sqlite.time")
        sq_rows=$(sqlite3 "$db" "SELECT count(*) FROM scrobbles")

        project=$DIR/tl.tastelab
        rm -f "$project" "$project-journal"
        /usr/bin/time -v -o "$DIR/tastelab.time" "$cli" import --project "$project" --create --json \
            "$tsv" >"$DIR/tastelab.json" 2>"$DIR/tastelab.stderr"
        read -r tl_wall tl_cpu tl_peak < <(timed "$DIR/tastelab.time")
        counts=$(python3 - "$DIR/tastelab.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
p = r.get("project", {})
print("%.2f listens=%s users=%s artists=%s tracks=%s" % (r.get("seconds", 0), p.get("listens"),
      p.get("users"), p.get("artists"), p.get("tracks")))
EOF
)
        import_s=${counts%% *}
        ratio=$(awk -v a="$tl_wall" -v b="$sq_wall" 'BEGIN { printf "%.2f", a / b }')
        cpu_ratio=$(awk -v a="$tl_cpu" -v b="$sq_cpu" 'BEGIN { printf "%.2f", a / b }')
        printf '%-9s %-3s %9s %10s %9s %6sx %8s %8s %7sx %9s %9s  %s (sqlite3 rows=%s)\n' \
            "$rows" "$run" "$sq_wall" "$tl_wall" "$import_s" "$ratio" "$sq_cpu" "$tl_cpu" \
            "$cpu_ratio" "$sq_peak" "$tl_peak" "${counts#* }" "$sq_rows"
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"

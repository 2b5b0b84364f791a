#!/usr/bin/env bash
# The mutation run of issue 20, as a command (not part of CI: it takes minutes).
#   bench/audio_mutation_run.sh SOURCE_DIR [WORK_DIR]
# Every audio file in SOURCE_DIR (real music: Debian's *-music packages hold some) gets damaged
# copies: cut at 5 points, the last byte dropped, 64 header bytes overwritten at 3 offsets, a
# chunk removed from the middle at 2 places (11 mutations a file). The copies and the intact
# originals go into one folder, which is imported (--create), scanned and analysed twice (3x10 s
# excerpts and --excerpts whole). Prints the mutation count, every exit code, the analysed and
# failed counts, and whether each intact original was stored. Exit 1 when a run crashed (exit
# code >= 128) or an intact original was not stored.
set -uo pipefail
src=${1:?usage: $0 SOURCE_DIR [WORK_DIR]}
work=${2:-$(mktemp -d /tmp/tastelab-mutations.XXXXXX)}
cli=${TASTELAB_CLI:-$(dirname "$0")/../build/app/tastelab-cli}
music="$work/music"
mkdir -p "$music"

mutations=0
while IFS= read -r -d '' f; do
  base=$(basename "$f")
  ext=${base##*.}
  stem=${base%.*}
  size=$(stat -c %s "$f")
  cp "$f" "$music/$stem.$ext"
  for pct in 2 10 33 50 90; do
    head -c $((size * pct / 100)) "$f" >"$music/$stem-cut$pct.$ext"
  done
  head -c $((size - 1)) "$f" >"$music/$stem-lastbyte.$ext"
  for off in 0 40 300; do
    cp "$f" "$music/$stem-hdr$off.$ext"
    # 64 bytes of a fixed pattern over the header (deterministic: the same run every time)
    printf '%064d' 0 | tr 0 '\377' | dd of="$music/$stem-hdr$off.$ext" bs=1 seek=$off conv=notrunc status=none
  done
  for pct in 30 60; do
    from=$((size * pct / 100))
    { head -c "$from" "$f"; tail -c +$((from + size / 10 + 1)) "$f"; } >"$music/$stem-gap$pct.$ext"
  done
  mutations=$((mutations + 11))
done < <(find "$src" -maxdepth 2 -type f \( -iname '*.ogg' -o -iname '*.opus' -o -iname '*.flac' \
  -o -iname '*.wav' -o -iname '*.mp3' -o -iname '*.aif' -o -iname '*.aiff' \) -print0 | sort -z)

echo "mutations: $mutations damaged copies of $((mutations / 11)) files in $music"
project="$work/p.tastelab"
"$cli" import --project "$project" --create --me me "$music" >/dev/null 2>&1
echo "import --create: exit $?"
"$cli" scan --project "$project" "$music" --json >"$work/scan.json" 2>"$work/scan.err"
echo "scan: exit $?"
crashed=0
for plan in 3x10 whole; do
  "$cli" analyze --project "$project" --excerpts "$plan" --json >"$work/analyze-$plan.json" 2>"$work/analyze-$plan.err"
  code=$?
  [ $code -ge 128 ] && crashed=1
  /usr/bin/python3 - "$work/analyze-$plan.json" "$plan" "$code" <<'PY'
import json, sys
path, plan, code = sys.argv[1], sys.argv[2], sys.argv[3]
try:
    j = json.load(open(path))
    print(f"analyze --excerpts {plan}: exit {code}, {j['tracks_analysed']} analysed, "
          f"{len(j['tracks_failed'])} failed, {j['seconds']:.1f} s")
except Exception:
    print(f"analyze --excerpts {plan}: exit {code}, no JSON report")
PY
done
# Every intact original must be stored, and no stored duration may exceed its original's.
/usr/bin/python3 - "$project" "$music" <<'PY'
import sqlite3, sys, os, json
project, music = sys.argv[1], sys.argv[2]
db = sqlite3.connect(project)
stored = {}
for meta, in db.execute("SELECT meta FROM results WHERE kind = 'audio.logmel'"):
    m = json.loads(meta)
    stored[os.path.basename(m["file"])] = m["duration_s"]
mutants = ("-cut", "-lastbyte", "-hdr", "-gap")
originals = [n for n in os.listdir(music) if not any(t in n for t in mutants)]
missing = [n for n in originals if n not in stored]
longer = []
for name, seconds in stored.items():
    stem, ext = os.path.splitext(name)
    for t in mutants:
        if t in stem:
            orig = stem.split(t)[0] + ext
            if orig in stored and seconds > stored[orig] + 0.1:
                longer.append(f"{name}: {seconds:.1f} s > {stored[orig]:.1f} s")
print(f"intact originals stored: {len(originals) - len(missing)} of {len(originals)}")
print(f"damaged copies stored: {len(stored) - (len(originals) - len(missing))}")
for m in missing: print("  MISSING:", m)
for l in longer: print("  LONGER THAN ITS ORIGINAL:", l)
sys.exit(1 if missing or longer else 0)
PY
ok=$?
[ $crashed -eq 0 ] && echo "crashes: 0" || echo "crashes: at least one analyze run crashed"
[ $crashed -eq 0 ] && [ $ok -eq 0 ]

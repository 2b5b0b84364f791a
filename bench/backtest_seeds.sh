#!/bin/bash
# The back-test on several demo worlds, built and trained as a user would, with the held-out
# check (best blend chosen on the earlier weeks, scored on the later ones) beside the in-sample
# best. Usage: bench/backtest_seeds.sh BUILD_DIR SIZE "SEEDS" [WORK_DIR]
#   bench/backtest_seeds.sh build small "1 2 3 4 5 6 7 8"
set -euo pipefail
build=${1:?build dir}; size=${2:-small}; seeds=${3:-"1 2 3 4 5 6 7 8"}; work=${4:-/tmp/tl-seeds}
B=$build/app/tastelab-cli
printf '%-6s %-5s %-7s %-9s %-30s %-9s %-16s %-9s\n' size seed weeks in-sample "held-out blend (chosen on)" held-out "best single" requested
for seed in $seeds; do
  d=$work/$size-$seed; P=$d/demo.tastelab
  if [ ! -f "$P" ]; then
    rm -rf "$d"
    $B demo --out "$d" --size "$size" --seed "$seed" > /dev/null 2>&1
    $B train --project "$P" cf > /dev/null 2>&1
    $B train --project "$P" text > /dev/null 2>&1
    $B analyze --project "$P" > /dev/null 2>&1
    $B train --project "$P" audio > /dev/null 2>&1
  fi
  $B backtest --project "$P" --user me --json > "$d/bt.json" 2> /dev/null
  /usr/bin/python3 - "$size" "$seed" "$d/bt.json" <<'PY'
import json, sys
size, seed, path = sys.argv[1:]
r = json.load(open(path))
h = r["held_out"]
w = ", ".join(f"{k} {v:.1f}" for k, v in sorted(h["weights"].items()) if v > 0)
single = max(h["single_source"].items(), key=lambda kv: kv[1]["ndcg"]) if h["single_source"] else ("-", {"ndcg": 0})
print(f'{size:<6} {seed:<5} {h["choose_weeks"]}+{h["score_weeks"]:<5} {r["best"]["ndcg"]:<9.3f} '
      f'{w + " (" + str(h["choose_weeks"]) + ")":<30} {h["held_out"]["ndcg"]:<9.3f} '
      f'{single[0] + " " + format(single[1]["ndcg"], ".3f"):<16} {h["requested"]["ndcg"]:<9.3f}')
PY
done

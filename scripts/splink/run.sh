#!/usr/bin/env bash
# Clean -> Splink -> score one generated data set, and run crmrecon on it too.
#
#   scripts/splink/run.sh DATA_DIR WORK_DIR [ENTITIES]
#
# DATA_DIR is a `crmrecon-gen dataset` folder (crm/, side/, truth.csv).
# Environment: CRMRECON (default target/release/crmrecon), PYTHON (a Python
# with requirements.txt installed, default python3), SKIP_CRMRECON=1 to run
# Splink only, SWEEP=1 to also cluster at other thresholds (not timed).
# Timings and peak memory come from /usr/bin/time -v, into WORK_DIR/*.time.
set -euo pipefail
data=$(realpath "$1")
work=$2
entities=${3:-contact}
here=$(dirname "$(realpath "$0")")
crmrecon=${CRMRECON:-target/release/crmrecon}
python=${PYTHON:-python3}
mkdir -p "$work"
work=$(realpath "$work")

peak() { # seconds and peak GiB from a /usr/bin/time -v log
  awk -F': ' '/Elapsed/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]}
              /Maximum resident/ {m=$2/1048576}
              END {printf "%.1f s, %.2f GiB peak\n", s, m}' "$1"
}

echo "== crmrecon clean (Splink's input preparation)"
rm -rf "$work/clean"
/usr/bin/time -v "$crmrecon" clean "$data/crm" "$data/side" --out "$work/clean" -q \
  2> "$work/clean.time"
peak "$work/clean.time"

echo "== Splink $($python -c 'import splink; print(splink.__version__)')"
sweep=()
[[ ${SWEEP:-0} == 1 ]] && sweep=(--sweep)
/usr/bin/time -v "$python" "$here/compare.py" "$work/clean" "$work/splink" \
  --entities "$entities" --save-model "${sweep[@]}" 2> "$work/splink.time" | tee "$work/splink.log"
peak "$work/splink.time"
for e in ${entities//,/ }; do
  python3 "$here/score_pairs.py" "$data/truth.csv" "$work/splink/${e}_clusters.csv" "$data/" | grep "^$e "
done

if [[ ${SKIP_CRMRECON:-0} != 1 ]]; then
  echo "== crmrecon dedupe"
  rm -rf "$work/crmrecon"
  /usr/bin/time -v "$crmrecon" dedupe "$data/crm" "$data/side" --out "$work/crmrecon" \
    --no-workbook -q 2> "$work/crmrecon.time"
  peak "$work/crmrecon.time"
  python3 "$here/score_pairs.py" "$data/truth.csv" "$work/crmrecon/matches.csv" "$data/"
fi

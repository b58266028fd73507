#!/usr/bin/env bash
# Records the outputs of a fixed list of commands, for refactors that must change no number.
#
#   scripts/golden-outputs.sh DIR            run the list into DIR/raw and write DIR/manifest.txt
#   scripts/golden-outputs.sh DIR BEFORE     the same, then compare DIR/manifest.txt with BEFORE/manifest.txt
#
# The manifest holds one SHA-256 per output file. Only what depends on the wall clock is left out of the hashes:
# summary.json's wallSeconds, userSlotsPerSecond and machine block, the TensorBoard event files (they stamp every
# event with the time), the stdout lines that report wall time or throughput, an experiment's wall times
# (points/*/seconds.txt and the report's sums), and DIR itself where a command prints it. A SavedModel's
# saved_model.pb is compared as a multiset of bytes, since protobuf writes map entries in no fixed order.
# Everything else, CSVs, configs, checkpoints and the SavedModel's variables among them, must be byte-identical.
# GOLDEN_HASH_ONLY=1 skips the runs and only hashes what DIR/raw already holds. The list (about 6 minutes on 2 cores): simulate on default and tiny with three baselines on both
# engines, train on tiny for 50 episodes with checkpoints on both engines, evaluate, explain, and experiment on
# conf/suites/quick.conf.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: scripts/golden-outputs.sh DIR [BEFORE_DIR]" >&2
  exit 2
fi
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
out="$(mkdir -p "$1" && cd "$1" && pwd -P)"
before="${2:-}"
if [[ -n "$before" && ! -f "$before/manifest.txt" ]]; then
  echo "golden-outputs: $before/manifest.txt not found (run the script on the old code first)" >&2
  exit 2
fi
raw="$out/raw"
if [[ "${GOLDEN_HASH_ONLY:-0}" != 1 ]]; then
rm -rf "$raw"
mkdir -p "$raw"
edgegen="$root/scripts/edgegen"
cd "$root"

run() { # name, then the edgegen arguments; stdout is kept, stderr (logs) goes to a log file
  local name="$1"
  shift
  echo "golden-outputs: $name" >&2
  "$edgegen" "$@" >"$raw/$name.stdout" 2>"$raw/$name.log"
}

for scenario in default tiny; do
  for policy in greedy-local least-loaded all-home; do
    for engine in actors direct; do
      run "simulate-$scenario-$policy-$engine" simulate --scenario "conf/scenarios/$scenario.conf" \
        --policy "$policy" --episodes 2 --seed 7 --engine "$engine" --out "$raw/simulate-$scenario-$policy-$engine"
    done
  done
done

for engine in actors direct; do
  run "train-tiny-$engine" train --scenario conf/scenarios/tiny.conf --episodes 50 --seed 7 --checkpoint-every 20 \
    --engine "$engine" --out "$raw/train-tiny-$engine"
done
run evaluate-tiny evaluate --scenario conf/scenarios/tiny.conf --checkpoint "$raw/train-tiny-actors" \
  --episodes 5 --seed 1001 --out "$raw/evaluate-tiny"
run simulate-tiny-osi simulate --scenario conf/scenarios/tiny.conf --policy osi \
  --checkpoint "$raw/train-tiny-actors" --episodes 2 --seed 1001 --out "$raw/simulate-tiny-osi"

run explain-tiny explain --scenario conf/scenarios/tiny.conf --seed 4 --user 0 --slot 2 --others greedy-local
run explain-default explain --scenario conf/scenarios/default.conf --seed 1 --user 3
run explain-default-50 explain --scenario conf/scenarios/default.conf --seed 1 --user 3 \
  --set edgegen.users.count=50

run experiment-quick experiment --suite conf/suites/quick.conf --out "$raw/experiment-quick" --jobs 2
fi

# The hash of a file with what depends on the wall clock (or on where DIR is) taken out.
normalised_hash() {
  local file="$1"
  case "$file" in
    *.json)
      sed -E -e '/"(wallSeconds|userSlotsPerSecond)" :/d' -e '/"machine" : \{/,/\}/d' "$file" ;;
    *.stdout)
      grep -vE '(wall time|throughput|user-slots/s| s wall|ETA)' "$file" | sed -E -e "s|$raw|RAW|g" \
        -e 's/ in [0-9hms]+$//' || true ;;
    */report.md)
      sed -E -e "s|$raw|RAW|g" -e 's/(summed over points[^:]*): [0-9hms]+\. This invocation: [0-9hms]+\./\1./' \
        -e 's/\| *[0-9]+(\.[0-9]+)? s *\|/| s |/g' "$file" ;;
    *.pb)
      # protobuf writes map fields (a node's attributes) in no fixed order: compare the size and the bytes as a
      # multiset, which any change of a weight, a shape or a name still alters
      od -An -v -tx1 -w1 "$file" | LC_ALL=C sort ;;
    *)
      cat "$file" ;;
  esac | sha256sum | cut -d' ' -f1
}

cd "$raw"
find . -type f ! -name '*.log' ! -path '*/tensorboard/*' ! -name 'events.out.tfevents.*' ! -name seconds.txt | LC_ALL=C sort |
  while read -r file; do
    printf '%s  %s\n' "$(normalised_hash "$file")" "${file#./}"
  done >"$out/manifest.txt"
echo "golden-outputs: $(wc -l <"$out/manifest.txt") files in $out/manifest.txt" >&2

if [[ -n "$before" ]]; then
  if diff -u "$before/manifest.txt" "$out/manifest.txt" >"$out/manifest.diff"; then
    echo "golden-outputs: identical to $before"
  else
    echo "golden-outputs: DIFFERENT from $before (see $out/manifest.diff):"
    grep -E '^[-+][^-+]' "$out/manifest.diff" | head -40
    exit 1
  fi
fi

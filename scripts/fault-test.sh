#!/usr/bin/env bash
# Fault test of cluster mode: starts a 3-node loopback cluster, runs a 4-episode simulation on it, kills -9 the
# users-only node (node 3) during the second episode, and checks that the run completes, reports the fault and the
# re-run in summary.json, and writes a slots.csv equal to the fault-free local run.
# Takes about 1-2 minutes on a 2-core machine. Output under runs/fault-test/. Exit 0 only if every check passes.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
out="runs/fault-test"
rm -rf "$out"
mkdir -p "$out"
args=(--scenario conf/scenarios/default.conf --policy greedy-local --episodes 4 --seed 7
      --set edgegen.sim.slot-timeout-s=10 --set edgegen.sim.max-episode-attempts=6)

echo "1/4 fault-free reference (local mode)"
scripts/edgegen simulate "${args[@]}" --out "$out/reference" > /dev/null 2> "$out/reference.log"

echo "2/4 starting a 3-node cluster"
scripts/start-cluster.sh 3
trap 'scripts/stop-cluster.sh > /dev/null' EXIT
node3_pid=$(awk '$2 == "node-3" {print $1}' runs/cluster/pids)

echo "3/4 running on the cluster; node 3 (users) is killed with SIGKILL once episode 0 is done"
scripts/edgegen simulate "${args[@]}" --cluster "127.0.0.1:$(( ${EDGEGEN_BASE_PORT:-25520} + 1 ))" --out "$out/cluster" \
  > "$out/cluster.out" 2> "$out/cluster.log" &
run_pid=$!
# the command follows the run: "K of 4 episodes done" (K >= 1: episode 0 done)
until grep -qE " [1-4] of 4 episodes done" "$out/cluster.log" 2>/dev/null; do
  if ! kill -0 "$run_pid" 2>/dev/null; then
    echo "the cluster run ended before episode 0 was done; see $out/cluster.log" >&2
    exit 1
  fi
  sleep 0.2
done
kill -9 "$node3_pid"
echo "    killed node 3 (pid $node3_pid) at $(date +%T)"
wait "$run_pid"

echo "4/4 checks"
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
summary = json.load(open(f"{out}/cluster/summary.json"))
ok = True
def check(what, cond):
    global ok
    print(("    ok    " if cond else "    FAIL  ") + what)
    ok &= cond
check(f"summary.json reports the fault (faults = {summary['faults']})", summary["faults"] >= 1)
check(f"summary.json reports the re-run (episodesRerun = {summary['episodesRerun']})", summary["episodesRerun"] >= 1)
same = open(f"{out}/cluster/slots.csv", "rb").read() == open(f"{out}/reference/slots.csv", "rb").read()
check("slots.csv equals the fault-free run byte for byte", same)
sys.exit(0 if ok else 1)
PY
echo "fault test passed"

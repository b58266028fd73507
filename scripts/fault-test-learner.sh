#!/usr/bin/env bash
# Fault test of the learner node: starts a 3-node loopback cluster (nodes 1 and 2 have the learner role), trains
# 16 tiny.conf episodes on it with a checkpoint every 3, kills -9 the node hosting the coordinator and learner
# singletons once episode 7 has been learned, and checks that the run completes on the other learner node from the
# last checkpoint, that summary.json reports the fault, the restart and the re-run episodes, that the logs show
# them, and that train.csv equals the fault-free local run byte for byte.
# Takes about 2 minutes on a 2-core machine. Output under runs/fault-test-learner/. Exit 0 only if every check
# passes. EDGEGEN_BASE_PORT=B runs the cluster on ports B+1..B+3 (default 25521-25523).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
base="${EDGEGEN_BASE_PORT:-25520}"
out="runs/fault-test-learner"
rm -rf "$out"
mkdir -p "$out"
# one episode per update, so that a checkpoint falls after every third episode (with the default of 8 episodes per
# update it is taken at the update after it falls due, episode 8, and a kill once episode 7 is learned lands right
# after that checkpoint, with nothing to re-run)
args=(--scenario conf/scenarios/tiny.conf --episodes 16 --seed 7 --checkpoint-every 3
      --set edgegen.learner.episodes-per-update=1)
started=$SECONDS

echo "1/4 fault-free reference (local mode, actors engine)"
scripts/edgegen train "${args[@]}" --out "$out/reference" > /dev/null 2> "$out/reference.log"

echo "2/4 starting a 3-node cluster"
scripts/start-cluster.sh 3
trap 'scripts/stop-cluster.sh > /dev/null' EXIT

echo "3/4 training on the cluster; the learner node is killed with SIGKILL once episode 7 is learned"
scripts/edgegen train "${args[@]}" --cluster "127.0.0.1:$((base + 1))" --out "$out/cluster" \
  > "$out/cluster.out" 2> "$out/cluster.log" &
run_pid=$!
# the command follows the run: "K of 16 episodes done" (K = 8: episode 7 learned; it may skip a line)
until grep -qE " ([89]|1[0-6]) of 16 episodes done" "$out/cluster.log" 2>/dev/null; do
  if ! kill -0 "$run_pid" 2>/dev/null; then
    echo "the cluster run ended before episode 7 was learned; see $out/cluster.log" >&2
    exit 1
  fi
  sleep 0.2
done
# the node hosting the run (the run manager's node, where its learner trains) logged that it took it
learner=$(grep -lE "RunManager - run r[0-9a-f]{8} \(train of" runs/cluster/node-*.log | head -1 \
  | sed 's/.*node-\([0-9]*\)\.log/\1/')
learner_pid=$(awk -v n="node-$learner" '$2 == n {print $1}' runs/cluster/pids)
kill -9 "$learner_pid"
echo "    killed node $learner (pid $learner_pid), the learner node, at $(date +%T)"
wait "$run_pid"

echo "4/4 checks"
python3 - "$out" "$learner" <<'PY'
import glob, json, sys
out, killed = sys.argv[1], sys.argv[2]
summary = json.load(open(f"{out}/cluster/summary.json"))
client_log = open(f"{out}/cluster.log").read()
node_logs = {p: open(p).read() for p in glob.glob("runs/cluster/node-*.log") if not p.endswith(f"node-{killed}.log")}
ok = True
def check(what, cond):
    global ok
    print(("    ok    " if cond else "    FAIL  ") + what)
    ok &= cond
check(f"summary.json reports the fault (faults = {summary['faults']}, restarts = {summary['restarts']})",
      summary["faults"] >= 1 and summary["restarts"] == 1)
check(f"summary.json reports the re-run episodes (episodesRerun = {summary['episodesRerun']})",
      summary["episodesRerun"] >= 1)
check("the command named its run and followed it to its end",
      "handed to the cluster at" in client_log and "16 of 16 episodes done" in client_log)
check("another learner node's run manager took the run over and it recovered from the last checkpoint",
      any("was running on a node that is gone; it goes on here" in log and "recovers from episode" in log
          for log in node_logs.values()))
same = open(f"{out}/cluster/train.csv", "rb").read() == open(f"{out}/reference/train.csv", "rb").read()
check("train.csv equals the fault-free run byte for byte", same)
sys.exit(0 if ok else 1)
PY
echo "fault test passed in $((SECONDS - started)) s"

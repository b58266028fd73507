#!/usr/bin/env bash
# Fault trials (issue 12): K trials for each KIND (users, edge, learner, client; default: all four). Each trial runs
# a small job on a 3-node loopback cluster (cluster/node1..3.conf: nodes 1 and 2 [learner, edge, users], node 3
# [users]), kills -9 a random node of the kind (or the client) at a random moment, restarts it once the job has
# ended, and checks that the job's results equal a fault-free local run byte for byte and that summary.json counts
# the fault. At the end it prints a table: kind, trials, faults survived, results equal, mean wall time.
#
#   scripts/fault-trials.sh 10                      # 10 trials of each kind
#   scripts/fault-trials.sh 10 users edge learner   # only these kinds
#   FAULT_TRIALS_SEED=S scripts/fault-trials.sh 1 edge   # repeats the trial printed as "seed S+1"
#
# The jobs alternate by the trial's seed: odd seeds a simulation (default.conf, greedy-local, 25 episodes, slot
# timeout 10 s), even seeds a training run (default.conf with 20-slot episodes, 60 episodes, a checkpoint every 3;
# tiny.conf's 6 entities can miss a node altogether, and then its loss is no fault of the run). A quiet machine plays
# an episode of either in 0.1-0.5 s, so shorter jobs end before the kill (the script itself takes about 0.3 s from
# seeing episode E to the kill). The client kind's simulations are 120 episodes: the client and the attach after it
# take 5-10 s each to start and join, and 25 episodes could end before the second had joined. Every job is started
# as `simulate|train --cluster ... --out DIR` without --detach: the command hands it to the cluster's run manager,
# names it on stderr ("run RUN handed to the cluster at ..."), follows it ("K of N episodes done") and ends with its
# summary and exit code. The kind says which node dies:
# "learner" the node that hosts the run (the run manager's node, which also holds the slot coordinator and, when
# training, the learner; read from the node logs' "run RUN (...) taken" or "fault: run RUN was running ... it goes
# on here" line once episode E is done, not guessed); "edge" a node with base-station
# shards that does not coordinate (with these configs: the other learner node); "users" a node with user shards that
# does not coordinate (that node or node 3); "client" the command itself. Which node, which episode E >= 1 and which
# share f of an episode are drawn from the trial's seed and printed; the kill comes when the client has logged
# episode E, plus f times how long episode E took, so the slot it hits depends on the machine's speed (episode 0 is
# never the measure: it includes the cluster's set-up).
# The client kind kills that command itself with kill -9 at the drawn point of its progress, then runs
# `edgegen attach RUN` (RUN from the command's stderr line) and checks that the run went on to its end with the
# files of a fault-free local run. A kill after the run had ended (the run manager's "run RUN ended" line in the
# node logs is older than the kill, or the command had logged the last episode) is reported as no fault.
#
# A restarted node holds no shard at first: Cluster Sharding moves a few shards onto it every 10 s (3 at a time), so
# a kill in the next few seconds hits a node the run does not use and is no fault (the 2026-12-01 series: 3 of 30).
# After restarting a node the script waits FAULT_TRIALS_SETTLE_S seconds (default 40) before the next trial, enough
# for the 20 users' and 7 base stations' shards of default.conf to spread over the three nodes again.
#
# Ports: EDGEGEN_BASE_PORT (default 26520: nodes on 26521-26523). Output: runs/fault-trials/ (trials.csv, the
# table in table.md, one directory per trial, the node logs under cluster/). Every JVM started here is stopped on
# exit (also on Ctrl-C). The JVMs run from a copy of target/edgegen.jar (or of EDGEGEN_JAR, with its lib/), so a
# rebuild meanwhile does not break them.
set -euo pipefail

k="${1:-}"
if ! [[ "$k" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/fault-trials.sh K [KIND...]   (K >= 1 trials per kind; kinds: users edge learner client)" >&2
  exit 2
fi
shift
kinds=("$@")
(( ${#kinds[@]} == 0 )) && kinds=(users edge learner client)
for kind in "${kinds[@]}"; do
  case "$kind" in users|edge|learner|client) ;; *)
    echo "unknown kind '$kind': the kinds are users, edge, learner and client" >&2; exit 2 ;;
  esac
done
seed0="${FAULT_TRIALS_SEED:-0}"
settle="${FAULT_TRIALS_SETTLE_S:-40}"
if ! [[ "$settle" =~ ^[0-9]+$ ]]; then
  echo "FAULT_TRIALS_SETTLE_S '$settle' is not a whole number of seconds >= 0" >&2
  exit 2
fi
if ! [[ "$seed0" =~ ^[0-9]+$ ]]; then
  echo "FAULT_TRIALS_SEED '$seed0' is not a whole number >= 0" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
export EDGEGEN_BASE_PORT="${EDGEGEN_BASE_PORT:-26520}"
base="$EDGEGEN_BASE_PORT"
seed_node="127.0.0.1:$((base + 1))"
out="$root/runs/fault-trials"
rm -rf "$out"
mkdir -p "$out/app"
if [[ -n "${EDGEGEN_JAR:-}" ]]; then   # a jar built elsewhere (lib/ beside it), e.g. while target/ is rebuilt
  cp "$EDGEGEN_JAR" "$out/app/edgegen.jar"
  cp -r "$(dirname "$EDGEGEN_JAR")/lib" "$out/app/"
else
  scripts/edgegen --version > /dev/null   # builds target/edgegen.jar if it is stale
  cp target/edgegen.jar "$out/app/"
  cp -r target/lib "$out/app/"
fi
export EDGEGEN_JAR="$out/app/edgegen.jar"
export EDGEGEN_CLUSTER_DIR="$out/cluster"
cdir="$EDGEGEN_CLUSTER_DIR"

sim_args=(--scenario conf/scenarios/default.conf --policy greedy-local --episodes 25 --seed 7
          --set edgegen.sim.slot-timeout-s=10 --set edgegen.sim.max-episode-attempts=6)
train_args=(--scenario conf/scenarios/default.conf --episodes 60 --seed 7 --checkpoint-every 3
            --set edgegen.time.slots-per-episode=20
            --set edgegen.sim.slot-timeout-s=10 --set edgegen.sim.max-episode-attempts=6)

run_pid=""
cleanup() {
  if [[ -n "$run_pid" ]] && kill -0 "$run_pid" 2>/dev/null; then kill -9 "$run_pid" 2>/dev/null || true; fi
  scripts/stop-cluster.sh > /dev/null 2>&1 || true
}
trap cleanup EXIT
# the client kind's simulation: the same, longer
client_sim_args=(); prev=""
for a in "${sim_args[@]}"; do
  if [[ "$prev" == --episodes ]]; then a=120; fi
  client_sim_args+=("$a"); prev="$a"
done
trap 'exit 130' INT
trap 'exit 143' TERM


echo "fault-free references (local mode)"
scripts/edgegen simulate "${sim_args[@]}" --out "$out/reference-simulate" > /dev/null 2> "$out/reference-simulate.log"
scripts/edgegen train "${train_args[@]}" --out "$out/reference-train" > /dev/null 2> "$out/reference-train.log"
if [[ " ${kinds[*]} " == *" client "* ]]; then
  scripts/edgegen simulate "${client_sim_args[@]}" --out "$out/reference-client-simulate" > /dev/null \
    2> "$out/reference-client-simulate.log"
fi

echo "starting a 3-node cluster on $seed_node-$((base + 3))"
scripts/start-cluster.sh 3 > /dev/null
roles_of() { case "$1" in 1|2) echo "learner edge users" ;; 3) echo "users" ;; esac; }
node_conf() { echo "$cdir/node$1-port.conf"; }
[[ "$base" == 25520 ]] && node_conf() { echo "$root/cluster/node$1.conf"; }
pid_of() { awk -v n="node-$1" '$2 == n {print $1}' "$cdir/pids"; }

# Restarts node $1 (same config and port) and waits until it is Up; returns 1 if it is not. It rejoins through the
# other nodes, not through the seed nodes of its config. Since nodes 1 and 2 are both seed nodes (cluster/common.conf)
# a restarted node 1 rejoins either way; with node 1 as the only seed node it formed a cluster of its own beside
# nodes 2 and 3 (later trials then ran on that island), and the other seeds keep that from coming back.
restart_node() {
  local n="$1" tag="$2" pid conf seeds="" m
  mv "$cdir/node-$n.log" "$cdir/node-$n.$tag.log"
  for m in 1 2 3; do
    if [[ "$m" != "$n" ]]; then seeds+="${seeds:+, }\"akka://edgegen@127.0.0.1:$((base + m))\""; fi
  done
  conf="$cdir/node$n-rejoin.conf"
  printf 'include "%s"\nakka.cluster.seed-nodes = [%s]\n' "$(node_conf "$n")" "$seeds" > "$conf"
  nohup scripts/edgegen node --config "$conf" > "$cdir/node-$n.log" 2>&1 &
  pid=$!
  disown "$pid"   # its kill -9 in a later trial is no news
  awk -v n="node-$n" -v p="$pid" '$2 == n {$1 = p} {print}' "$cdir/pids" > "$cdir/pids.new"
  mv "$cdir/pids.new" "$cdir/pids"
  local deadline=$((SECONDS + 120))
  until grep -q "is Up with roles" "$cdir/node-$n.log" 2>/dev/null; do
    if (( SECONDS > deadline )) || ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.5
  done
}

# The episodes a client's log ($1) shows done, one per line as "EPISODE HH:MM:SS.mmm": a command following a run
# (simulate, train --cluster, attach) logs "K of N episodes done" (episode K-1 done; it may skip episodes), a local
# one "episode E done" and "episode E (".
episodes_done() {
  awk '$2 == "INFO" {
    if (match($0, /episode [0-9]+ (done|\()/)) { split(substr($0, RSTART, RLENGTH), w, " "); print w[2], $1 }
    else if (match($0, /[0-9]+ of [0-9]+ episodes done/)) { split(substr($0, RSTART, RLENGTH), w, " "); print w[1] - 1, $1 }
  }' "$1"
}

# Waits until the client's log ($1) shows episode $2 (or a later one) done, or the job ($3) ended; returns 1 in the
# latter case.
wait_episode() {
  local log="$1" e="$2" pid="$3"
  until [[ -f "$log" ]] && episodes_done "$log" | awk -v e="$e" '$1 >= e {found = 1} END {exit !found}'; do
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.05
  done
}

# The kill's delay in ms: $3 thousandths of how long episode $2 took (from the client's log line of episode $2-1
# to that of episode $2; episode 0 includes the cluster's set-up, so trials kill after episode 1 or later; 1 s when
# the log does not show both).
delay_ms() {
  episodes_done "$1" | python3 -c '
import sys
e, share = int(sys.argv[1]), int(sys.argv[2])
at = {}
for line in sys.stdin:
    ep, t = line.split()
    h, mi, s = t.split(":")
    at.setdefault(int(ep), round(((int(h) * 60 + int(mi)) * 60 + float(s)) * 1000))
took = (at[e] - at[e - 1]) % 86_400_000 if e in at and e - 1 in at else 1000
print(took * share // 1000)' "$2" "$3"
}

# The run id a following command ($1, its stderr) named: the second word of "run RUN handed to the cluster at".
run_id_of() {
  grep -m1 -oE '^run r[0-9a-f]{8} handed to the cluster' "$1" 2>/dev/null | awk '{print $2}' || true
}

# The node that hosts run $1 (the run manager's node: the run's slot coordinator and learner are there too): the node
# whose current log has the latest "run RUN (...) taken" or "fault: run RUN was running" line; prints its number.
coordinator_of() {
  local n
  for n in 1 2 3; do
    grep -hE "RunManager - (run $1 \(.*\) taken|fault: run $1 was running)" "$cdir/node-$n.log" 2>/dev/null \
      | tail -1 | awk -v n="$n" '{print $1, n}' || true
  done | sort | tail -1 | awk '{print $2}'
}

# Whether the client ($1, its log) logged episode $2 (the last) done before time $3 (HH:MM:SS.mmm, the kill).
late() {
  local line
  line=$(episodes_done "$1" | awk -v e="$2" '$1 >= e {print $2; exit}')
  [[ -n "$line" && "$line" < "$3" ]]
}

# When the run manager logged that run $1 ended (HH:MM:SS.mmm), or nothing.
ended_at() {
  grep -h "RunManager - run $1 ended" "$cdir"/node-*.log 2>/dev/null | cut -c1-12 | sort | head -1 || true
}

echo "kind,trial,seed,job,victim,episode,delay_ms,fault_injected,exit,faults,restarts,episodes_rerun,status,survived,equal,wall_s" \
  > "$out/trials.csv"
trial_no=0
for kind in "${kinds[@]}"; do
  for t in $(seq 1 "$k"); do
    trial_no=$((trial_no + 1))
    seed=$((seed0 + t))
    if (( seed % 2 == 1 )); then job=simulate; episodes=25; args=("${sim_args[@]}"); files="slots.csv episodes.csv"
    else job=train; episodes=60; args=("${train_args[@]}"); files="train.csv"; fi
    ref="$out/reference-$job"
    if [[ "$kind" == client && "$job" == simulate ]]; then
      episodes=120; args=("${client_sim_args[@]}"); ref="$out/reference-client-simulate"
    fi
    # The seeded draws: the victim among the candidates (a share of the list, as the coordinator is known only once
    # the job runs), the episode after which to kill, the delay into the next.
    read -r pick after share < <(python3 - "$kind" "$seed" "$episodes" <<'PY'
import random, sys
kind, seed, episodes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(f"{kind}-{seed}")
pick = rng.randrange(0, 1000)                   # the victim: candidates[pick * len(candidates) // 1000]
after = rng.randrange(1, episodes - 2)          # kill after episode `after` is done, in the one after it
share = rng.randrange(0, 1000)                  # that many thousandths of episode `after`'s duration later
print(pick, after, share)
PY
)
    dir="$out/trial-$trial_no-$kind-$job"
    mkdir -p "$dir"
    printf 'trial %d: %s, seed %d: %s; kill ' "$trial_no" "$kind" "$seed" "$job"
    started=$SECONDS
    rc=0; killed=no; delay=""; killed_at=""; victim=""; label=""
    if [[ "$kind" == client ]]; then
      victim=client; label=client
      printf 'the command itself after episode %d + 0.%03d of its duration' "$after" "$share"
      scripts/edgegen "$job" "${args[@]}" --cluster "$seed_node" --out "$dir/run" > "$dir/client.out" \
        2> "$dir/client.log" &
      run_pid=$!
      if wait_episode "$dir/client.log" "$after" "$run_pid"; then
        delay=$(delay_ms "$dir/client.log" "$after" "$share")
        printf ' (%d ms)' "$delay"
        sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
        kill -9 "$run_pid" 2>/dev/null && killed=yes
        killed_at=$(date +%H:%M:%S.%3N)
      fi
      set +e; wait "$run_pid" 2>/dev/null; rc=$?; set -e   # 2>/dev/null: the shell's "Killed" is no news
      run_pid=""
      run_id=$(run_id_of "$dir/client.log")
      if [[ -z "$run_id" ]]; then
        echo; echo "    the command named no run on stderr (exit $rc); see $dir/client.log" >&2
      else
        # attach, to the run's end: its summary on stdout and the run's exit code
        rc=0
        scripts/edgegen attach "$run_id" --cluster "$seed_node" > "$dir/run.out" 2> "$dir/run.log" || rc=$?
        # the kill came after the run had ended: the manager's "run RUN ended" line is older than the kill
        ended=$(ended_at "$run_id")
        if [[ "$killed" == yes && -n "$ended" && "$ended" < "$killed_at" ]]; then killed=late; fi
        if [[ "$killed" == yes ]] && late "$dir/client.log" "$((episodes - 1))" "$killed_at"; then killed=late; fi
      fi
    else
      scripts/edgegen "$job" "${args[@]}" --cluster "$seed_node" --out "$dir/run" > "$dir/run.out" 2> "$dir/run.log" &
      run_pid=$!
      if wait_episode "$dir/run.log" "$after" "$run_pid"; then
        run_id=$(run_id_of "$dir/run.log")
        coordinator=$(coordinator_of "$run_id")
        case "$kind" in
          learner) candidates="$coordinator" ;;
          edge) candidates=$(for n in 1 2 3; do [[ $n != "$coordinator" && " $(roles_of $n) " == *" edge "* ]] && echo $n; done; true) ;;
          users) candidates=$(for n in 1 2 3; do [[ $n != "$coordinator" && " $(roles_of $n) " == *" users "* ]] && echo $n; done; true) ;;
        esac
        read -r -a cands <<< "$(echo $candidates)"
        if [[ -z "$coordinator" || ${#cands[@]} -eq 0 ]]; then
          printf 'nothing: no node log names the node hosting run %s' "${run_id:-(none named)}"
        else
          victim="${cands[$((pick * ${#cands[@]} / 1000))]}"
          label="node-$victim"
          delay=$(delay_ms "$dir/run.log" "$after" "$share")
          printf 'node-%s (hosting run %s: node-%s) after episode %d + 0.%03d of its duration (%d ms)' \
            "$victim" "$run_id" "$coordinator" "$after" "$share" "$delay"
          sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
          if kill -0 "$run_pid" 2>/dev/null; then
            kill -9 "$(pid_of "$victim")" 2>/dev/null && killed=yes
          fi
          killed_at=$(date +%H:%M:%S.%3N)
        fi
      else
        printf 'nothing: the job ended before episode %d' "$after"
      fi
      set +e; wait "$run_pid"; rc=$?; set -e
      run_pid=""
    fi
    echo
    wall=$((SECONDS - started))
    # A kill that came after the job's last episode (a loaded machine can delay it past the end) is no fault.
    if [[ "$killed" == yes && "$kind" != client ]] && late "$dir/run.log" "$((episodes - 1))" "$killed_at"; then
      killed=late
    fi
    if [[ "$killed" != yes ]]; then echo "    the job's last episode was done before the kill: no fault was injected" >&2; fi
    label="${label:-none}"

    # The verdict: survived = the job completed (exit 0, status complete) and summary.json counts the fault;
    # equal = every result file equals the reference byte for byte.
    read -r faults restarts rerun status survived equal < <(python3 - "$dir/run" "$ref" \
        "$rc" "$kind" "$killed" $files <<'PY'
import json, os, sys
run, ref, rc, kind, killed, files = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6:]
try:
    s = json.load(open(f"{run}/summary.json"))
except (OSError, ValueError):
    s = {}
faults, restarts, rerun = s.get("faults", "NA"), s.get("restarts", "NA"), s.get("episodesRerun", "NA")
status = s.get("status", "none")
counted = killed == "yes" and (kind == "client" or (isinstance(faults, int) and faults >= 1))
if kind == "learner":
    counted = counted and restarts == 1
survived = rc == 0 and status == "complete" and counted
equal = all(os.path.isfile(f"{run}/{f}") and open(f"{run}/{f}", "rb").read() == open(f"{ref}/{f}", "rb").read()
            for f in files)
print(faults, restarts, rerun, status, "yes" if survived else "no", "yes" if equal else "no")
PY
)
    echo "$kind,$trial_no,$seed,$job,$label,$after,${delay:-NA},$killed,$rc,$faults,$restarts,$rerun,$status,$survived,$equal,$wall" \
      >> "$out/trials.csv"
    printf '    exit %d, %s; faults %s, restarts %s, episodes re-run %s; survived %s, results equal %s; %d s\n' \
      "$rc" "$status" "$faults" "$restarts" "$rerun" "$survived" "$equal" "$wall"

    # Put the cluster back to three nodes for the next trial.
    if [[ "$killed" != no && -n "$victim" && "$victim" != client ]]; then   # a late kill killed the node too
      if ! restart_node "$victim" "trial-$trial_no"; then
        echo "    node $victim did not come back; restarting the whole cluster" >&2
        scripts/stop-cluster.sh > /dev/null 2>&1 || true
        for n in 1 2 3; do [[ -f "$cdir/node-$n.log" ]] && mv "$cdir/node-$n.log" "$cdir/node-$n.trial-$trial_no-restart.log"; done
        scripts/start-cluster.sh 3 > /dev/null
      fi
      sleep "$settle"   # until shards have moved back onto the restarted node (above)
    fi
  done
done

python3 - "$out/trials.csv" <<'PY' | tee "$out/table.md"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print("| kind | trials | faults injected | faults survived | results equal | mean wall time (s) |")
print("|---|---|---|---|---|---|")
for kind in dict.fromkeys(r["kind"] for r in rows):
    rs = [r for r in rows if r["kind"] == kind]
    wall = sum(int(r["wall_s"]) for r in rs) / len(rs)
    jobs = ", ".join(f"{sum(r['job'] == j for r in rs)} {j}" for j in ("simulate", "train"))
    injected = [r for r in rs if r["fault_injected"] == "yes"]
    print(f"| {kind} ({jobs}) | {len(rs)} | {len(injected)} | "
          f"{sum(r['survived'] == 'yes' for r in injected)} | "
          f"{sum(r['equal'] == 'yes' for r in rs)} | {wall:.1f} |")
PY
echo "trials.csv and table.md in $out"

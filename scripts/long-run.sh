#!/usr/bin/env bash
# The long run (issue 12): trains default.conf on a 3-node loopback cluster for MINUTES minutes and records, every
# minute, each JVM's live heap after a full GC (the total of jcmd PID GC.class_histogram, which runs a full GC first
# and counts what survived it; GC.heap_info afterwards also counts what was allocated in between) and the dead
# letters Akka logged, then stops the run with SIGTERM (a resumable checkpoint; a background job ignores SIGINT)
# and the cluster, and prints the heap slope per JVM (MB/hour,
# least squares over minutes 10..MINUTES; over the second half when MINUTES < 20) and the dead letters in steady
# state (those logged after minute 10, or after the first half).
#
#   nice -n 5 scripts/long-run.sh 60          # about 62 minutes; output under runs/long-run/
#
# Output: runs/long-run/heap.csv (minute, elapsed_s, jvm, pid, heap_live_mb, heap_committed_mb, dead_letters,
# episodes), summary.md (the table), client.log, cluster/node-K.log, train/ (the training run).
# Ports: EDGEGEN_BASE_PORT (default 28520, so nodes on 28521-28523, beside a default cluster or the fault trials).
# The nodes and the client run from a copy of target/edgegen.jar and target/lib (EDGEGEN_JAR), so that rebuilding
# the checkout meanwhile cannot pull classes from under them. Dead letters are logged with akka.log-dead-letters = on
# and Akka's loggers at INFO (a dead letter is logged under the class of the reference it was sent to); a line
# "... was not delivered. [N] dead letters encountered" is counted as one. Every JVM this script starts is stopped
# on exit, also on Ctrl-C.
# LONG_RUN_EPISODES (default 100000) caps the episodes; the run is stopped at MINUTES in any case.
# LONG_RUN_SET="KEY=VALUE ..." adds a --set per word to the training, e.g. LONG_RUN_SET=edgegen.time.slots-per-episode=4
# for many short episodes (docs/cluster.md: what a cluster node caches per episode fills sooner).
set -euo pipefail

minutes="${1:-}"
if ! [[ "$minutes" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/long-run.sh MINUTES   (MINUTES >= 1, e.g. 60)" >&2
  exit 2
fi
episodes="${LONG_RUN_EPISODES:-100000}"
if ! [[ "$episodes" =~ ^[1-9][0-9]*$ ]]; then
  echo "LONG_RUN_EPISODES '$episodes' is not a positive whole number" >&2
  exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$root"
export EDGEGEN_BASE_PORT="${EDGEGEN_BASE_PORT:-28520}"
base="$EDGEGEN_BASE_PORT"
out="$root/runs/long-run"
rm -rf "$out"
mkdir -p "$out/app"

scripts/edgegen --version > /dev/null   # builds target/edgegen.jar if it is stale
cp target/edgegen.jar "$out/app/"
cp -r target/lib "$out/app/"
export EDGEGEN_JAR="$out/app/edgegen.jar"
export EDGEGEN_CLUSTER_DIR="$out/cluster"

cat > "$out/logback-dead-letters.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<!-- src/main/resources/logback.xml with Akka at INFO, for its dead-letter log lines (scripts/long-run.sh). -->
<configuration>
  <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
    <target>System.err</target>
    <encoder>
      <pattern>%d{HH:mm:ss.SSS} %-5level %logger{0} - %msg%n</pattern>
    </encoder>
  </appender>
  <!-- Akka logs a dead letter at INFO under the class of the reference it was sent to (akka.actor.LocalActorRef,
       akka.remote.RemoteActorRef, ...), so every Akka logger is at INFO here. -->
  <logger name="akka" level="INFO"/>
  <root level="INFO">
    <appender-ref ref="STDERR"/>
  </root>
</configuration>
XML
export EDGEGEN_JAVA_OPTS="${EDGEGEN_JAVA_OPTS:-} -Dlogback.configurationFile=$out/logback-dead-letters.xml
  -Dakka.loglevel=INFO -Dakka.log-dead-letters=on -Dakka.log-dead-letters-during-shutdown=off"

client_pid=""
cleanup() {
  if [[ -n "$client_pid" ]] && kill -0 "$client_pid" 2>/dev/null; then
    kill -TERM "$client_pid" 2>/dev/null || true
    for _ in $(seq 1 120); do kill -0 "$client_pid" 2>/dev/null || break; sleep 1; done
    kill -9 "$client_pid" 2>/dev/null || true
  fi
  scripts/stop-cluster.sh > /dev/null 2>&1 || true
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

echo "long run: $minutes minutes of train --cluster on default.conf, 3 nodes on 127.0.0.1:$((base + 1))-$((base + 3))"
scripts/start-cluster.sh 3

sets=()
for assignment in ${LONG_RUN_SET:-}; do sets+=(--set "$assignment"); done
started_at=$(date -u +%FT%TZ)
scripts/edgegen train --scenario conf/scenarios/default.conf --episodes "$episodes" --seed 7 --checkpoint-every 200 \
  --cluster "127.0.0.1:$((base + 1))" --out "$out/train" ${sets[@]+"${sets[@]}"} > "$out/client.out" \
  2> "$out/client.log" &
client_pid=$!

heap_of() {  # prints "live_mb committed_mb" of a JVM: what survives a full GC, and the heap's size; or "NA NA"
  local pid="$1" live info
  live=$(jcmd "$pid" GC.class_histogram 2>/dev/null | awk '$1 == "Total" {print $3}')
  info=$(jcmd "$pid" GC.heap_info 2>/dev/null || true)
  python3 - "${live:-}" "$info" <<'PY'
import re, sys
m = re.search(r"heap\s+total\s+(\d+)K", sys.argv[2])
live = sys.argv[1]
print(f"{int(live) / 2**20:.1f} {int(m.group(1)) / 1024:.1f}" if live.isdigit() and m else "NA NA")
PY
}
dead_letters() { grep -c "dead letters encountered" "$1" 2>/dev/null || true; }

echo "minute,elapsed_s,jvm,pid,heap_live_mb,heap_committed_mb,dead_letters,episodes" > "$out/heap.csv"
start=$SECONDS
for m in $(seq 0 "$minutes"); do
  while (( SECONDS - start < m * 60 )); do sleep 1; done
  if ! kill -0 "$client_pid" 2>/dev/null; then
    echo "the training client ended before minute $m; see $out/client.log" >&2
    break
  fi
  done_episodes=$(( $(wc -l < "$out/train/train.csv" 2>/dev/null || echo 1) - 1 ))
  (( done_episodes < 0 )) && done_episodes=0
  while read -r pid name log; do
    read -r used committed < <(heap_of "$pid")
    echo "$m,$((SECONDS - start)),$name,$pid,$used,$committed,$(dead_letters "$log"),$done_episodes" >> "$out/heap.csv"
  done < <(awk -v d="$out/cluster" '{print $1, $2, d "/" $2 ".log"}' "$out/cluster/pids"
           echo "$client_pid client $out/client.log")
  echo "  minute $m: $done_episodes episodes; $(awk -F, -v m="$m" '$1 == m {printf "%s %s MB  ", $3, $5}' "$out/heap.csv")"
done

echo "stopping the training run (SIGTERM: a background job ignores SIGINT) and the cluster"
kill -TERM "$client_pid" 2>/dev/null || true
for _ in $(seq 1 120); do kill -0 "$client_pid" 2>/dev/null || break; sleep 1; done
if kill -0 "$client_pid" 2>/dev/null; then
  echo "  the training client did not stop within 120 s of SIGTERM; killing it" >&2
  kill -9 "$client_pid" 2>/dev/null || true
fi
set +e
wait "$client_pid"; rc=$?
set -e
client_pid=""
echo "  training client exited with $rc: $(tail -n 3 "$out/client.out" | tr '\n' ' ')"

python3 - "$out" "$minutes" "$started_at" <<'PY' | tee "$out/summary.md"
import csv, sys
out, minutes, started = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = list(csv.DictReader(open(f"{out}/heap.csv")))
last = max(int(r["minute"]) for r in rows)
lo = 10 if last >= 20 else last // 2
print(f"Long run started {started}: train --cluster, default.conf, 3 loopback nodes; {last} minutes sampled.")
print(f"Heap after a full GC, least-squares slope over minutes {lo}..{last}; dead letters logged after minute {lo}.\n")
print("| JVM | heap at minute %d (MB) | heap at minute %d (MB) | slope (MB/hour) | dead letters, all | dead letters after minute %d |" % (lo, last, lo))
print("|---|---|---|---|---|---|")
for jvm in sorted({r["jvm"] for r in rows}, key=lambda j: (j == "client", j)):
    pts = [(int(r["minute"]), float(r["heap_live_mb"]), int(r["dead_letters"] or 0))
           for r in rows if r["jvm"] == jvm and r["heap_live_mb"] != "NA"]
    win = [(m, h) for m, h, _ in pts if m >= lo]
    if len(win) >= 2:
        n = len(win); mx = sum(m for m, _ in win) / n; my = sum(h for _, h in win) / n
        sxx = sum((m - mx) ** 2 for m, _ in win)
        slope = 60 * sum((m - mx) * (h - my) for m, h in win) / sxx if sxx else float("nan")
        slope_s = f"{slope:+.1f}"
    else:
        slope_s = "n/a"
    at = {m: (h, d) for m, h, d in pts}
    first = at.get(lo, (float("nan"), 0)); end = at.get(last, (float("nan"), 0))
    print(f"| {jvm} | {first[0]:.1f} | {end[0]:.1f} | {slope_s} | {end[1]} | {end[1] - first[1]} |")
eps = [int(r["episodes"]) for r in rows]
print(f"\nEpisodes learned: {max(eps)} in {last} minutes.")
PY
echo "heap.csv and summary.md in $out"

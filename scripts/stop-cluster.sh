#!/usr/bin/env bash
# Stops exactly the nodes that scripts/start-cluster.sh started (their ids are in runs/cluster/pids, or in
# $EDGEGEN_CLUSTER_DIR/pids when that is set, as for start-cluster.sh).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
pids="${EDGEGEN_CLUSTER_DIR:-$root/runs/cluster}/pids"
if [[ ! -s "$pids" ]]; then
  echo "no cluster started by scripts/start-cluster.sh is recorded ($pids is missing or empty)"
  exit 0
fi
while read -r pid name; do
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    echo "stopping $name (pid $pid)"
  fi
done < "$pids"
for _ in $(seq 1 60); do
  alive=0
  while read -r pid _; do kill -0 "$pid" 2>/dev/null && alive=1; done < "$pids"
  (( alive == 0 )) && break
  sleep 0.5
done
while read -r pid name; do
  if kill -0 "$pid" 2>/dev/null; then
    kill -9 "$pid" 2>/dev/null || true
    echo "killed $name (pid $pid) after 30 s"
  fi
done < "$pids"
rm -f "$pids"
echo "cluster stopped"

#!/usr/bin/env bash
# Starts N EdgeGen cluster nodes on 127.0.0.1 (node K on port 25520+K; nodes 1-3 use cluster/nodeK.conf, further
# nodes get generated configs with roles [edge, users]) and waits until every node is Up.
# EDGEGEN_BASE_PORT=B puts node K on port B+K instead (seeds B+1 and B+2), e.g. to run beside another cluster.
# Nodes 1 and 2 are the seed nodes (node 1 alone for N = 1): a killed node, restarted with the same command line as
# here, rejoins the running cluster, node 1 too.
# Logs: runs/cluster/node-K.log; process ids: runs/cluster/pids (read by scripts/stop-cluster.sh).
# EDGEGEN_CLUSTER_DIR=DIR keeps logs, pids and generated configs there instead of runs/cluster, so that two clusters
# started from one checkout (on different EDGEGEN_BASE_PORTs) do not share a pids file; give stop-cluster.sh the same.
set -euo pipefail

n="${1:-3}"
base="${EDGEGEN_BASE_PORT:-25520}"
if ! [[ "$base" =~ ^[1-9][0-9]*$ ]] || (( base + n > 65535 )); then
  echo "EDGEGEN_BASE_PORT '$base' is not a port number (node K listens on EDGEGEN_BASE_PORT+K)" >&2
  exit 2
fi
if ! [[ "$n" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/start-cluster.sh N   (N >= 1 nodes)" >&2
  exit 2
fi
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
dir="${EDGEGEN_CLUSTER_DIR:-$root/runs/cluster}"
mkdir -p "$dir"
dir="$(cd "$dir" && pwd -P)"
if [[ -s "$dir/pids" ]]; then
  echo "a cluster started by this script may still be running (see $dir/pids); run scripts/stop-cluster.sh first" >&2
  exit 2
fi

# Build once up front, so that the nodes do not race to build.
"$root/scripts/edgegen" --version >/dev/null

: > "$dir/pids"
for k in $(seq 1 "$n"); do
  conf="$root/cluster/node$k.conf"
  if [[ ! -f "$conf" ]]; then
    conf="$dir/node$k.conf"
    printf 'include "%s/cluster/common.conf"\nakka.remote.artery.canonical.port = %d\nakka.cluster.roles = [edge, users]\n' \
      "$root" $((base + k)) > "$conf"
  fi
  if (( base != 25520 || n == 1 )); then
    seeds="\"akka://edgegen@127.0.0.1:$((base + 1))\""
    if (( n > 1 )); then
      seeds="$seeds, \"akka://edgegen@127.0.0.1:$((base + 2))\""
    fi
    moved="$dir/node$k-port.conf"
    printf 'include "%s"\nakka.remote.artery.canonical.port = %d\nakka.cluster.seed-nodes = [%s]\n' \
      "$conf" $((base + k)) "$seeds" > "$moved"
    conf="$moved"
  fi
  EDGEGEN_JAVA_OPTS="${EDGEGEN_JAVA_OPTS:-}" nohup "$root/scripts/edgegen" node --config "$conf" \
    > "$dir/node-$k.log" 2>&1 &
  echo "$! node-$k" >> "$dir/pids"
done

deadline=$((SECONDS + 90))
for k in $(seq 1 "$n"); do
  until grep -q "is Up with roles" "$dir/node-$k.log" 2>/dev/null; do
    if (( SECONDS > deadline )); then
      echo "node $k did not come up within 90 s; see $dir/node-$k.log" >&2
      exit 1
    fi
    sleep 0.5
  done
done
echo "cluster up: $n nodes on 127.0.0.1, seed 127.0.0.1:$((base + 1)) (logs in $dir/)"

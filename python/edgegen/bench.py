"""Throughput of the bridge: slots (steps) per second and user-slots (agent-steps) per second through gRPC, beside
the direct engine (``scripts/edgegen bench --engines direct``) on the same scenarios, in one run.

    python -m edgegen.bench                                   # tiny, and default at 20, 100 and 1000 users
    python -m edgegen.bench --users 20,1000,10000 --slots 20 --episodes 2 --out runs/bench-bridge

Every measurement plays the ``all-local`` baseline (every task local with c^min_n steps, the action the client
reads from each observation), so the bridge and the direct engine simulate the same slots. The clients timed
(``--clients``, by default the first three):

- ``stub``: the bare gRPC stub, one ``Step`` per slot with the action list built from the reply's packed arrays
  (``LAYOUT_PACKED``);
- ``env``: ``edgegen.ParallelEnv``, what a PettingZoo user gets (dicts of numpy observations, masks in infos; it
  reads the compact packed layout, ``LAYOUT_PACKED_COMPACT``);
- ``arrays``: ``edgegen.ParallelEnv``'s array API (``reset_arrays``/``step_arrays``: every agent's observation,
  masks and reward as numpy arrays, no dict per agent), with all-local's actions computed on the arrays;
- ``stub-agents``: the bare stub on the first layout, one ``AgentObservation`` and ``AgentResult`` per agent.

The server first plays 30 untimed episodes of 100 users and 10 slots (its JIT warm-up; ``edgegen bench`` plays 3),
and each measurement starts with one untimed episode; the timed part is ``--episodes`` episodes of ``--slots``
slots, resets included. Each figure is the median of ``--repeat`` measurements (all of them are in the JSON), taken
in ``--repeat`` rounds of every bridge measurement followed by the direct engine's.

Two costs are compared with the direct engine's:

- wall clock: ``bridgeOverDirect`` is the direct engine's user-slots/s over the client's (the median of the
  rounds' ratios, each round's two sides having seen about the same load);
- CPU time per user-slot: the bridge's is the server's (every JVM thread but the JIT compiler's) plus the client
  process's (every thread) during the timed part; the direct engine's is the CPU time of ``edgegen bench
  --engines direct`` with many episodes minus that with one, over the extra user-slots (so without the JVM's
  start, warm-up and most of its JIT). ``cpuBridgeOverDirect`` is their ratio (median of the rounds'). On a
  shared machine whose load moves the wall clock by 2-5x between runs, this is the steadier figure.

The machine's load average is recorded before and after.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import grpc
import numpy as np

from edgegen._proto import edgegen_pb2 as pb
from edgegen._proto import edgegen_pb2_grpc as pb_grpc
from edgegen.env import MAX_MESSAGE_BYTES, ParallelEnv, _resolve
from edgegen.server import LocalServer, repository_root

TINY = "conf/scenarios/tiny.conf"
DEFAULT = "conf/scenarios/default.conf"
WARM_UP_USERS = 100
WARM_UP_SLOTS = 10
#: episodes of the server's warm-up: more than `edgegen bench`'s 3, so that the JIT has settled before the CPU
#: time of the bridge is read
WARM_UP_EPISODES = 30


@dataclass
class Measurement:
    """One timed run: wall seconds, slots and users, and the CPU seconds the client process (every thread) and
    the server process (every JVM thread; None when the server is not a local child) used meanwhile."""
    seconds: float
    slots: int
    users: int
    client_cpu: float
    server_cpu: Optional[float]


class CpuClock:
    """CPU seconds used so far by this process and, on Linux, by the server process ``pid``: the sum over its
    threads (/proc/PID/task/*/stat) but the JIT compiler's, whose one-off work would otherwise be charged to the
    first measurements (the direct engine's figure leaves it out too, see direct_cpu_per_user_slot)."""

    JIT_THREADS = ("C1 CompilerThre", "C2 CompilerThre")  # HotSpot's compiler threads, as Linux truncates them

    def __init__(self, pid: Optional[int]):
        self._tasks = Path(f"/proc/{pid}/task") if pid is not None and Path(f"/proc/{pid}/task").exists() else None
        self._tick = os.sysconf("SC_CLK_TCK") if self._tasks is not None else 1

    def read(self) -> Tuple[float, Optional[float]]:
        client = time.process_time()
        if self._tasks is None:
            return client, None
        ticks = 0
        for task in self._tasks.iterdir():
            try:
                stat = (task / "stat").read_text()
            except OSError:  # the thread ended meanwhile
                continue
            name, fields = stat[stat.index("(") + 1:stat.rindex(")")], stat.rsplit(")", 1)[1].split()
            if not name.startswith(self.JIT_THREADS):
                ticks += int(fields[11]) + int(fields[12])  # utime + stime
        return client, ticks / self._tick


def timed(clock: CpuClock, run: Callable[[], int], users: int) -> Measurement:
    client0, server0 = clock.read()
    start = time.perf_counter()
    slots = run()
    seconds = time.perf_counter() - start
    client1, server1 = clock.read()
    return Measurement(seconds, slots, users, client1 - client0,
                       None if server0 is None or server1 is None else server1 - server0)


def all_local(observations, step_choices: List[int], places: int) -> List[int]:
    """all-local's flattened action per user from one AgentObservation per user: local (place 0) with c^min_n
    steps (0 for users without a task)."""
    return [step_choices.index(o.min_steps) * places if o.has_task else 0 for o in observations]


def all_local_packed(packed, step_choices: List[int], places: int) -> List[int]:
    """all-local's flattened action per user from a slot's SlotObservations (LAYOUT_PACKED)."""
    index = {c: step_choices.index(c) * places for c in step_choices}
    return [index[m] if t else 0 for t, m in zip(packed.has_task, packed.min_steps)]


#: the clients measured: the bare stub on the packed layout, ParallelEnv (dicts, then arrays), and the bare stub on a
#: message per agent
CLIENTS = ("stub", "env", "arrays", "stub-agents")


def time_stub(stub, scenario: str, overrides: Dict[str, str], seed: int, episodes: int,
              layout: int = pb.LAYOUT_PACKED, clock: Optional[CpuClock] = None) -> Measurement:
    """``episodes`` episodes played through the bare stub (after one warm-up), with the replies in ``layout``."""
    created = stub.Create(pb.CreateRequest(scenario_path=_resolve(scenario), overrides=overrides, seed=seed,
                                           layout=layout))
    env_id, spaces = created.env_id, created.spaces
    steps, places = list(spaces.step_choices), 1 + spaces.max_candidates
    packed = layout == pb.LAYOUT_PACKED
    try:
        def play(episode: int) -> int:
            reply = stub.Reset(pb.ResetRequest(env_id=env_id, episode=episode))
            observations, slots, over = reply.slot_observations if packed else reply.observations, 0, False
            while not over:
                actions = (all_local_packed(observations, steps, places) if packed
                           else all_local(observations, steps, places))
                step = stub.Step(pb.StepRequest(env_id=env_id, actions=actions))
                observations = step.slot_observations if packed else step.observations
                over = step.episode_over
                slots += 1
            return slots

        play(0)
        return timed(clock or CpuClock(None), lambda: sum(play(1 + e) for e in range(episodes)), spaces.users)
    finally:
        stub.Close(pb.CloseRequest(env_id=env_id))


def time_env(address: str, scenario: str, overrides: Dict[str, str], seed: int, episodes: int,
             clock: Optional[CpuClock] = None) -> Measurement:
    """``episodes`` episodes played through ``ParallelEnv`` (after one warm-up)."""
    def player(env: ParallelEnv, steps: List[int], places: int) -> Callable[[int], int]:
        index = {c: steps.index(c) * places for c in steps}  # all-local's action per c^min, as all_local_packed

        def play(episode: int) -> int:
            _, infos = env.reset(options={"episode": episode})
            slots = 0
            while env.agents:
                actions = {a: index[info["min_steps"]] if info["has_task"] else 0 for a, info in infos.items()}
                _, _, _, _, infos = env.step(actions)
                slots += 1
            return slots
        return play

    return _time_parallel_env(player, address, scenario, overrides, seed, episodes, clock)


def time_arrays(address: str, scenario: str, overrides: Dict[str, str], seed: int, episodes: int,
                clock: Optional[CpuClock] = None) -> Measurement:
    """``episodes`` episodes played through ``ParallelEnv.reset_arrays``/``step_arrays`` (after one warm-up)."""
    def player(env: ParallelEnv, steps: List[int], places: int) -> Callable[[int], int]:
        index = np.zeros(max(steps) + 1, np.int64)  # all-local's action per c^min, as all_local_packed
        index[steps] = np.arange(len(steps)) * places

        def play(episode: int) -> int:
            slot = env.reset_arrays(options={"episode": episode})
            slots = 0
            while not slot.truncated:
                slot = env.step_arrays(np.where(slot.has_task, index[slot.min_steps], 0))
                slots += 1
            return slots
        return play

    return _time_parallel_env(player, address, scenario, overrides, seed, episodes, clock)


def _time_parallel_env(player: Callable[[ParallelEnv, List[int], int], Callable[[int], int]], address: str,
                       scenario: str, overrides: Dict[str, str], seed: int, episodes: int,
                       clock: Optional[CpuClock]) -> Measurement:
    """``episodes`` episodes of a ParallelEnv, each played by ``player(env, step choices, places)``'s function of
    the episode, after one untimed episode."""
    env = ParallelEnv(scenario, overrides=overrides, seed=seed, address=address)
    try:
        play = player(env, list(env.spaces_info.step_choices), 1 + env.spaces_info.max_candidates)
        play(0)
        return timed(clock or CpuClock(None), lambda: sum(play(1 + e) for e in range(episodes)),
                     len(env.possible_agents))
    finally:
        env.close()


#: the direct engine's CPU time is the difference of two runs: the longer one plays at least this many more
#: user-slots, so that the JVM's run-to-run variation (start, JIT) is small beside it
DIRECT_CPU_USER_SLOTS = 2_000_000


def direct_cpu_per_user_slot(scenario: str, users: int, slots: int, episodes: int, seed: int,
                             user_slots: int = DIRECT_CPU_USER_SLOTS) -> float:
    """The direct engine's CPU seconds per user-slot, net of the JVM's start, warm-up and JIT: the CPU time of
    ``scripts/edgegen bench --engines direct`` with 1 + E episodes minus that with 1 episode, over the extra
    user-slots, E = max(``episodes``, enough for ``user_slots``). Robust to the machine's load, which the
    wall clock is not."""
    episodes = max(episodes, -(-user_slots // (slots * users)))
    cpu = []
    for count in (1, 1 + episodes):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        direct_rates(scenario, [users], slots, count, seed, {})
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return (cpu[1] - cpu[0]) / (episodes * slots * users)


def direct_rates(scenario: str, users: List[int], slots: int, episodes: int, seed: int,
                 overrides: Dict[str, str]) -> Dict[int, float]:
    """user-slots/s of ``scripts/edgegen bench --engines direct --policy all-local`` at each user count."""
    root = repository_root()
    with tempfile.TemporaryDirectory(prefix="edgegen-bench-direct-") as out:
        command = [str(root / "scripts" / "edgegen"), "bench", "--engines", "direct", "--policy", "all-local",
                   "--scenario", _resolve(scenario), "--users", ",".join(map(str, users)), "--slots", str(slots),
                   "--episodes", str(episodes), "--seed", str(seed), "--out", out]
        for key, value in overrides.items():
            command += ["--set", f"{key}={value}"]
        subprocess.run(command, cwd=root, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        report = json.loads((Path(out) / "bench.json").read_text())
    rates = {}
    for row in report["results"]:
        if row["engine"] == "direct" and row["available"]:
            rates[int(row["users"])] = float(row["userSlotsPerSecond"])
    return rates


def parse_users(text: str) -> List[int]:
    try:
        users = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--users {text!r} is not a list of user counts, e.g. 20,100,1000")
    if any(n < 1 for n in users):
        raise argparse.ArgumentTypeError(f"--users {text!r}: every count must be >= 1")
    return users


def parse_clients(text: str) -> List[str]:
    clients = [part for part in text.split(",") if part]
    unknown = [c for c in clients if c not in CLIENTS]
    if unknown or not clients:
        raise argparse.ArgumentTypeError(f"--clients {text!r}: allowed a list of {', '.join(CLIENTS)}")
    return clients


def positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is out of range: allowed >= 1")
    return value


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edgegen.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=parse_users, default=[20, 100, 1000],
                        help="user counts of the default scenario to measure (default: 20,100,1000)")
    parser.add_argument("--clients", type=parse_clients, default=["stub", "env", "arrays"],
                        help="clients to time, of " + ",".join(CLIENTS) + " (default: stub,env,arrays; arrays is "
                             "ParallelEnv's step_arrays, stub-agents the bare stub with a message per agent, "
                             "LAYOUT_AGENT_MESSAGES)")
    parser.add_argument("--no-tiny", action="store_true", help="skip tiny.conf (4 users)")
    parser.add_argument("--slots", type=positive, default=20, help="slots per episode (default: 20)")
    parser.add_argument("--episodes", type=positive, default=3, help="timed episodes per measurement (default: 3)")
    parser.add_argument("--seed", type=int, default=1, help="run seed (default: 1)")
    parser.add_argument("--repeat", type=positive, default=3,
                        help="measurements of each figure; the table gives their median (default: 3)")
    parser.add_argument("--address", help="a running server (scripts/edgegen serve); default: start one")
    parser.add_argument("--no-direct", action="store_true", help="do not run the direct engine beside the bridge")
    parser.add_argument("--no-cpu", action="store_true",
                        help="do not measure the direct engine's CPU time (two more runs of it per size and round)")
    parser.add_argument("--cpu-user-slots", type=positive, default=DIRECT_CPU_USER_SLOTS,
                        help="the direct engine's CPU time is the difference of two runs, the longer one at least "
                             f"this many user-slots longer (default: {DIRECT_CPU_USER_SLOTS:,})")
    parser.add_argument("--out", type=Path, help="also write the rows as JSON to OUT/bench-bridge.json")
    args = parser.parse_args(argv)

    load_before = os.getloadavg()
    server = LocalServer.start() if args.address is None else None
    address = args.address or server.address
    channel = grpc.insecure_channel(address, options=[("grpc.max_receive_message_length", MAX_MESSAGE_BYTES)])
    stub = pb_grpc.EnvironmentsStub(channel)
    slots_key = "edgegen.time.slots-per-episode"
    points = ([] if args.no_tiny else [(TINY, None)]) + [(DEFAULT, n) for n in args.users]
    keys = [(Path(scenario).stem, users, client) for scenario, users in points for client in args.clients]
    bridge: Dict[tuple, List[Measurement]] = {key: [] for key in keys}
    direct: Dict[Tuple[str, int], List[float]] = {}
    direct_cpu: Dict[Tuple[str, int], List[float]] = {}
    clock = CpuClock(server._process.pid if server is not None else None)
    try:
        # the server's JIT: untimed episodes of the warm-up size (edgegen bench plays 3 before measuring)
        time_stub(stub, DEFAULT, {slots_key: str(WARM_UP_SLOTS), "edgegen.users.count": str(WARM_UP_USERS)},
                  args.seed, WARM_UP_EPISODES)
        # rounds: every bridge measurement, then the direct engine's, --repeat times, so that a change of the
        # machine's load in the middle of the run moves both sides alike
        for _ in range(args.repeat):
            for scenario, users in points:
                overrides = {slots_key: str(args.slots)}
                if users is not None:
                    overrides["edgegen.users.count"] = str(users)
                for client in args.clients:
                    if client == "stub":
                        m = time_stub(stub, scenario, overrides, args.seed, args.episodes, clock=clock)
                    elif client == "stub-agents":
                        m = time_stub(stub, scenario, overrides, args.seed, args.episodes,
                                      pb.LAYOUT_AGENT_MESSAGES, clock=clock)
                    elif client == "arrays":
                        m = time_arrays(address, scenario, overrides, args.seed, args.episodes, clock=clock)
                    else:
                        m = time_env(address, scenario, overrides, args.seed, args.episodes, clock=clock)
                    bridge[(Path(scenario).stem, users, client)].append(m)
                    print(f"{Path(scenario).stem} {m.users} users, {client}: {m.slots / m.seconds:,.1f} steps/s, "
                          f"{m.slots * m.users / m.seconds:,.0f} user-slots/s", file=sys.stderr)
            if not args.no_direct:
                for path in dict.fromkeys(scenario for scenario, _ in points):
                    stem = Path(path).stem
                    counts = sorted({bridge[k][0].users for k in keys if k[0] == stem})
                    for users, rate in direct_rates(path, counts, args.slots, args.episodes, args.seed, {}).items():
                        direct.setdefault((stem, users), []).append(rate)
                        print(f"{stem} {users} users, direct: {rate:,.0f} user-slots/s", file=sys.stderr)
                    if not args.no_cpu:
                        for users in counts:
                            cpu = direct_cpu_per_user_slot(path, users, args.slots, args.episodes, args.seed,
                                                           args.cpu_user_slots)
                            direct_cpu.setdefault((stem, users), []).append(cpu)
                            print(f"{stem} {users} users, direct: {cpu * 1e6:,.2f} CPU us per user-slot",
                                  file=sys.stderr)
    finally:
        channel.close()
        if server is not None:
            server.stop()

    rows = []
    for key in keys:
        ms = bridge[key]
        n, slots = ms[0].users, ms[0].slots
        steps = statistics.median(m.slots / m.seconds for m in ms)
        row = {"scenario": key[0], "users": n, "client": key[2], "slotsPerMeasurement": slots,
               "stepsPerSecond": steps, "userSlotsPerSecond": steps * n,
               "stepsPerSecondMeasured": [m.slots / m.seconds for m in ms],
               "clientCpuSecondsPerUserSlot": statistics.median(m.client_cpu / (m.slots * n) for m in ms)}
        if all(m.server_cpu is not None for m in ms):
            row["serverCpuSecondsPerUserSlot"] = statistics.median(m.server_cpu / (m.slots * n) for m in ms)
            row["cpuSecondsPerUserSlotMeasured"] = [(m.client_cpu + m.server_cpu) / (m.slots * n) for m in ms]
            row["cpuSecondsPerUserSlot"] = statistics.median(row["cpuSecondsPerUserSlotMeasured"])
        rates = direct.get((key[0], n), [])
        # each ratio is the median of the rounds' ratios: a round's bridge and direct measurements ran minutes
        # apart at most, so they saw about the same load
        if len(rates) == args.repeat:
            row["directUserSlotsPerSecond"] = statistics.median(rates)
            row["directUserSlotsPerSecondMeasured"] = rates
            row["bridgeOverDirectPerRound"] = [d / (m.slots * n / m.seconds) for d, m in zip(rates, ms)]
            row["bridgeOverDirect"] = statistics.median(row["bridgeOverDirectPerRound"])
        cpus = direct_cpu.get((key[0], n), [])
        if len(cpus) == args.repeat:
            row["directCpuSecondsPerUserSlot"] = statistics.median(cpus)
            row["directCpuSecondsPerUserSlotMeasured"] = cpus
            if "cpuSecondsPerUserSlot" in row and min(cpus) > 0:
                row["cpuBridgeOverDirectPerRound"] = [b / d for b, d in zip(row["cpuSecondsPerUserSlotMeasured"], cpus)]
                row["cpuBridgeOverDirect"] = statistics.median(row["cpuBridgeOverDirectPerRound"])
        rows.append(row)
    load_after = os.getloadavg()

    machine = {"cpus": os.cpu_count(), "loadAverageBefore": list(load_before), "loadAverageAfter": list(load_after),
               "python": platform.python_version(), "grpcio": grpc.__version__}
    print(f"bridge bench: all-local, {args.slots} slots x {args.episodes} episodes (+1 warm-up), seed {args.seed}, "
          f"median of {args.repeat}; "
          f"{machine['cpus']} CPUs, load average {load_before[0]:.1f} before, {load_after[0]:.1f} after")
    print("wall clock:")
    print(f"{'scenario':>8} {'users':>6} {'client':>11} {'steps/s':>9} {'user-slots/s':>13} {'direct user-slots/s':>20}"
          f" {'bridgeOverDirect':>17}")
    for r in rows:
        direct_rate = r.get("directUserSlotsPerSecond")
        ratio = r.get("bridgeOverDirect")
        print(f"{r['scenario']:>8} {r['users']:>6} {r['client']:>11} {r['stepsPerSecond']:>9,.1f} "
              f"{r['userSlotsPerSecond']:>13,.0f} {'-' if direct_rate is None else f'{direct_rate:,.0f}':>20} "
              f"{'-' if ratio is None else f'{ratio:.1f}x':>17}")
    if any("cpuSecondsPerUserSlot" in r for r in rows):
        print("CPU time per user-slot (us; bridge: server + client process, every thread):")
        print(f"{'scenario':>8} {'users':>6} {'client':>11} {'server':>8} {'client':>8} {'bridge':>8} {'direct':>8}"
              f" {'cpuBridgeOverDirect':>20}")
        for r in rows:
            if "cpuSecondsPerUserSlot" not in r:
                continue
            d = r.get("directCpuSecondsPerUserSlot")
            ratio = r.get("cpuBridgeOverDirect")
            print(f"{r['scenario']:>8} {r['users']:>6} {r['client']:>11} {r['serverCpuSecondsPerUserSlot'] * 1e6:>8.2f}"
                  f" {r['clientCpuSecondsPerUserSlot'] * 1e6:>8.2f} {r['cpuSecondsPerUserSlot'] * 1e6:>8.2f} "
                  f"{'-' if d is None else f'{d * 1e6:.2f}':>8} {'-' if ratio is None else f'{ratio:.1f}x':>20}")
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        report = {"policy": "all-local", "slotsPerEpisode": args.slots, "episodes": args.episodes,
                  "seed": args.seed, "repeat": args.repeat, "machine": machine, "rows": rows}
        (args.out / "bench-bridge.json").write_text(json.dumps(report, indent=2) + "\n")
        print(f"written to {args.out / 'bench-bridge.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

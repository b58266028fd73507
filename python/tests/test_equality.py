"""The bridge plays the Java model itself: greedy-local's actions, taken from the server, give simulate's slots.csv."""

import csv
import decimal
import subprocess

import grpc

from edgegen import ParallelEnv
from edgegen._proto import edgegen_pb2 as pb
from edgegen.server import repository_root

SLOTS = 12
SEED = 7
OVERRIDES = {"edgegen.time.slots-per-episode": SLOTS}


def csv_number(value: float) -> str:
    """report.Numbers.format: the exact binary value rounded to 12 significant digits, half-even."""
    if value == 0.0:
        return "0"
    rounded = decimal.Context(prec=12, rounding=decimal.ROUND_HALF_EVEN).plus(decimal.Decimal(value)).normalize()
    if 1e-4 <= abs(value) < 1e12:
        return format(rounded, "f")
    return str(rounded).replace("e", "E").replace("E+", "E")


def csv_real(value: float) -> str:
    """report.Numbers.real, how a real-valued CSV column is written: csv_number with a decimal point even when whole."""
    text = csv_number(value)
    if "." in text:
        return text
    mantissa, e, exponent = text.partition("E")
    return mantissa + ".0" + e + exponent


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def test_greedy_local_through_the_bridge_gives_simulates_slots_csv_to_the_last_digit(server, tmp_path):
    root = repository_root()
    out = tmp_path / "direct"
    subprocess.run([str(root / "scripts" / "edgegen"), "simulate", "--scenario", "conf/scenarios/tiny.conf",
                    "--policy", "greedy-local", "--episodes", "2", "--seed", str(SEED), "--engine", "direct",
                    "--set", f"edgegen.time.slots-per-episode={SLOTS}", "--out", str(out)],
                   cwd=root, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out / "slots.csv", newline="") as f:
        expected = list(csv.DictReader(f))

    env = ParallelEnv("conf/scenarios/tiny.conf", overrides=OVERRIDES, seed=SEED, address=server.address)
    stub = env._stub
    rows = []
    try:
        for episode in range(2):
            env.reset(options={"episode": episode})
            while env.agents:
                actions = stub.PolicyActions(pb.PolicyActionsRequest(env_id=env._env_id, policy="greedy-local"))
                env.step({agent: actions.actions[n] for n, agent in enumerate(env.possible_agents)})
                rows.append(env.last_costs)
    finally:
        env.close()

    assert len(rows) == len(expected) == 2 * SLOTS
    checked = 0
    for costs, row in zip(rows, expected):
        for field in costs.DESCRIPTOR.fields:
            value = getattr(costs, field.name)
            column = camel(field.name)
            if column in row:
                got = csv_real(value) if isinstance(value, float) else str(value)
                assert got == row[column], (row["episode"], row["slot"], column)
                checked += 1
    assert checked == len(rows) * len(set(map(camel, pb.SlotCosts.DESCRIPTOR.fields_by_name)) & set(expected[0]))
    assert checked >= 2 * SLOTS * 15


def test_an_unknown_policy_is_an_invalid_argument(server):
    env = ParallelEnv("conf/scenarios/tiny.conf", seed=1, address=server.address)
    try:
        env.reset()
        try:
            env._stub.PolicyActions(pb.PolicyActionsRequest(env_id=env._env_id, policy="clever"))
            raise AssertionError("expected an error")
        except grpc.RpcError as error:
            assert error.code() == grpc.StatusCode.INVALID_ARGUMENT
            assert "greedy-local" in error.details()
    finally:
        env.close()

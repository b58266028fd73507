"""Records everything ``edgegen.ParallelEnv`` returns, to check that a change of the bridge changed no value.

    python python/tools/env_record.py record HOST:PORT before.pkl     # against a running scripts/edgegen serve
    (change the code, restart the server)
    python python/tools/env_record.py record HOST:PORT after.pkl
    python python/tools/env_record.py compare before.pkl after.pkl

``record`` plays random valid actions (fixed seeds) for two episodes on each of three scenarios (tiny; default with
300 users; default with finish features and mask-steps-below-min) and pickles every reset's and step's return
values, ``state()``, the slot's ``SlotCosts`` and the ``render()`` text. Arrays are kept as (dtype, shape, bytes,
writeable). ``compare`` prints "identical", or each kind of difference with its count: a value, or only an array's
writeable flag (the masks became read-only, shared arrays in the compact layout), with where it is.
"""
import pickle
import sys

import numpy as np

SCENARIOS = [
    ("conf/scenarios/tiny.conf", {"edgegen.time.slots-per-episode": 6}),
    ("conf/scenarios/default.conf", {"edgegen.time.slots-per-episode": 8, "edgegen.users.count": 300}),
    ("conf/scenarios/default.conf", {"edgegen.time.slots-per-episode": 4, "edgegen.mdp.finish-features": "on",
                                     "edgegen.mdp.mask-steps-below-min": "on"}),
]
MASKS = ("action_mask", "offload_mask", "server_mask", "steps_mask")


def _norm(x):
    if isinstance(x, dict):
        return {k: _norm(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return type(x)(_norm(v) for v in x)
    if isinstance(x, np.ndarray):
        return ("nd", x.dtype.str, x.shape, x.tobytes(), x.flags.writeable)
    return (type(x).__name__, x)


def record(address: str, out: str) -> None:
    from edgegen import ParallelEnv
    rec = []
    for scenario, overrides in SCENARIOS:
        env = ParallelEnv(scenario, overrides=overrides, seed=4, address=address)
        rng = np.random.default_rng(1)
        for episode in range(2):
            observations, infos = env.reset() if episode else env.reset(seed=11)
            rec.append(("reset", observations, infos, env.state(), env.render_mode))
            while env.agents:
                actions = {a: int(rng.choice(np.flatnonzero(infos[a]["action_mask"]))) for a in env.agents}
                step = env.step(actions)
                infos = step[4]
                rec.append(("step",) + step + (env.state(), env.last_costs.SerializeToString(), env._render_text()))
        env.close()
    with open(out, "wb") as f:
        pickle.dump(_norm(rec), f)
    print(f"{len(rec)} resets and steps recorded in {out}")


def _is_array(x) -> bool:
    return isinstance(x, tuple) and len(x) == 5 and x[0] == "nd"


def compare(before: str, after: str) -> dict:
    with open(before, "rb") as f:
        a = pickle.load(f)
    with open(after, "rb") as f:
        b = pickle.load(f)
    diffs: dict = {}

    def count(key):
        diffs[key] = diffs.get(key, 0) + 1

    def walk(x, y, where):
        if isinstance(x, dict) and isinstance(y, dict):
            if list(x) != list(y):
                count(f"keys at {where}")
                return
            for k in x:
                walk(x[k], y[k], where + "/" + (k if k in MASKS or k == "outcome" else "*"))
        elif (isinstance(x, (list, tuple)) and type(x) is type(y) and len(x) == len(y)
              and not _is_array(x) and not _is_array(y)):
            for u, v in zip(x, y):
                walk(u, v, where)
        elif x != y:
            if _is_array(x) and _is_array(y) and x[:4] == y[:4]:
                count(f"writeable {x[4]} -> {y[4]} at {where}")
            else:
                count(f"value at {where}")

    walk(a, b, "")
    return diffs


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "record":
        record(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "compare":
        found = compare(sys.argv[2], sys.argv[3])
        print("identical" if not found else "\n".join(f"{n} x {key}" for key, n in found.items()))
    else:
        sys.exit("usage: env_record.py record HOST:PORT OUT.pkl | compare BEFORE.pkl AFTER.pkl")

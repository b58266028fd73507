"""A very short run of python/examples/independent_ppo.py: it trains, and every reward it reports is the env's."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from edgegen import ParallelEnv  # noqa: E402

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "independent_ppo.py"
TINY = "conf/scenarios/tiny.conf"


@pytest.fixture(scope="module")
def example():
    spec = importlib.util.spec_from_file_location("independent_ppo", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    yield module
    del sys.modules[spec.name]


class Recorded:
    """Sums, per episode, the rewards env.step returned and the task-weighted slot costs (SlotCosts)."""

    def __init__(self, env):
        self.rewards, self.cost_sums, self.tasks = [], [], []
        reset, step = env.reset, env.step

        def recording_reset(*args, **kwargs):
            self.rewards.append(0.0)
            self.cost_sums.append(0.0)
            self.tasks.append(0)
            return reset(*args, **kwargs)

        def recording_step(actions):
            out = step(actions)
            self.rewards[-1] += sum(out[1].values())
            self.cost_sums[-1] += env.last_costs.mean_cost * env.last_costs.active_users
            self.tasks[-1] += env.last_costs.active_users
            return out

        env.reset, env.step = recording_reset, recording_step


def test_training_reports_the_envs_rewards_and_updates_the_policy(server, example):
    env = ParallelEnv(TINY, overrides={"edgegen.time.slots-per-episode": 8}, seed=3, address=server.address)
    recorded = Recorded(env)
    try:
        model, history = example.train(env, episodes=3, batch_episodes=2, seed=5, log=lambda line: None)
    finally:
        env.close()
    assert [row["reward"] for row in history] == recorded.rewards
    assert [row["tasks"] for row in history] == recorded.tasks and sum(recorded.tasks) > 0
    for row, cost, tasks in zip(history, recorded.cost_sums, recorded.tasks):
        assert row["mean_cost"] == pytest.approx(cost / max(tasks, 1), rel=1e-12)
    torch.manual_seed(5)
    untrained = example.ActorCritic(env.spaces_info.feature_count, env.spaces_info.action_count)
    changed = [not torch.equal(a, b) for a, b in zip(model.parameters(), untrained.parameters())]
    assert all(changed)


def test_the_command_evaluates_every_policy_on_the_same_unseen_tasks(server, example, tmp_path):
    code = example.main(["--episodes", "2", "--eval-episodes", "1", "--set", "edgegen.time.slots-per-episode=6",
                         "--baselines", "all-local", "--address", server.address, "--out", str(tmp_path)])
    assert code == 0
    evaluation = json.loads((tmp_path / "evaluation.json").read_text())
    assert list(evaluation) == ["ippo (greedy)", "random", "all-local"]
    assert len({e["tasks"] for e in evaluation.values()}) == 1
    for e in evaluation.values():
        assert e["reward_per_task"] == pytest.approx(-e["mean_cost"] - e["mean_penalty"], rel=1e-9)
    assert len(json.loads((tmp_path / "train.json").read_text())) == 2

"""render(): the slot as text, in PettingZoo's render_mode conventions ("ansi" returns it, "human" prints it)."""

import re

import pytest
from pettingzoo.test import render_test
from pettingzoo.utils.conversions import parallel_to_aec

from edgegen import ParallelEnv

TINY = "conf/scenarios/tiny.conf"
HOME_FEWEST_STEPS = 1  # step index 0, place 1: the home BS


def test_pettingzoo_render_test_passes_for_every_render_mode(server):
    made = []

    def env_fn(render_mode=None):
        env = ParallelEnv(TINY, overrides={"edgegen.time.slots-per-episode": 10}, seed=2, address=server.address,
                          render_mode=render_mode)
        made.append(env)
        return parallel_to_aec(env)

    try:
        render_test(env_fn)
    finally:
        for env in made:
            env.close()
    assert {env.render_mode for env in made} == {"ansi", "human"}


def test_the_ansi_render_shows_every_bs_queue_and_every_users_decision_and_outcome(server):
    env = ParallelEnv(TINY, overrides={"edgegen.time.slots-per-episode": 4}, seed=5, address=server.address,
                      render_mode="ansi")
    try:
        _, infos = env.reset()
        first = env.render()
        assert "episode 0, slot 0 of 4 to play" in first and "no slot played yet" in first
        played_tasks = 0
        while env.agents and played_tasks == 0:
            homes = {a: infos[a]["home_bs"] for a in env.agents}
            _, _, _, _, infos = env.step({a: HOME_FEWEST_STEPS for a in env.agents})
            played_tasks = env.last_costs.active_users
        text = env.render()
        lines = text.splitlines()
        assert f"slot {env.last_costs.slot} played: {played_tasks} tasks, mean cost {env.last_costs.mean_cost:.4f}" \
            in text
        for load in env._bs_loads:
            row = next(line for line in lines if re.match(rf"\s+{load.bs}\s+{load.home_users}\s", line))
            assert f"{load.backlog_image_steps:.1f}" in row and f"{load.wait_seconds:.3f}" in row
        assert sum(load.home_users for load in env._bs_loads) == len(env.possible_agents)
        for agent in env.possible_agents:
            row = next(line for line in lines if line.startswith(agent + " "))
            outcome = infos[agent]["outcome"]
            if outcome["had_task"]:
                assert f"BS {homes[agent]} (home), {outcome['steps']} steps" in row
                assert f"{outcome['cost']:.4f}" in row and f"{outcome['delay_seconds']:.3f}" in row
            else:
                assert "no task" in row
    finally:
        env.close()


def test_human_prints_the_ansi_text_and_no_mode_renders_nothing(server, capsys):
    human = ParallelEnv(TINY, seed=4, address=server.address, render_mode="human")
    ansi = ParallelEnv(TINY, seed=4, address=server.address, render_mode="ansi")
    silent = ParallelEnv(TINY, seed=4, address=server.address)
    try:
        for env in (human, ansi, silent):
            env.reset()
            env.step({a: 0 for a in env.agents})
        capsys.readouterr()
        assert human.render() is None
        assert capsys.readouterr().out == ansi.render() + "\n"
        with pytest.warns(UserWarning, match="without a render_mode"):
            assert silent.render() is None
        assert capsys.readouterr().out == ""
    finally:
        for env in (human, ansi, silent):
            env.close()


def test_an_unknown_render_mode_is_refused_naming_the_allowed_ones(server):
    with pytest.raises(ValueError, match=r"'rgb_array' is not supported: allowed \['ansi', 'human'\]"):
        ParallelEnv(TINY, address=server.address, render_mode="rgb_array")


def test_many_users_are_listed_up_to_the_limit(server):
    env = ParallelEnv(TINY, overrides={"edgegen.users.count": 40}, seed=1, address=server.address,
                      render_mode="ansi")
    try:
        env.reset()
        text = env.render()
        assert "user_31 " in text and "user_32 " not in text
        assert f"(8 more users not shown; render_max_users = {env.render_max_users})" in text
    finally:
        env.close()

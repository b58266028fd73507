"""ParallelEnv's array API (reset_arrays / step_arrays) gives the values of the dict API, slot for slot."""

import numpy as np
import pytest

from edgegen import ParallelEnv, SlotArrays

SLOTS = 6
OVERRIDES = {"edgegen.time.slots-per-episode": SLOTS, "edgegen.users.count": 12}


def _check_slot(arrays: SlotArrays, env: ParallelEnv, observations, infos):
    agents = env.possible_agents
    assert arrays.observations.dtype == np.float32 and arrays.observations.shape == (len(agents),
                                                                                     env.spaces_info.feature_count)
    for n, agent in enumerate(agents):
        np.testing.assert_array_equal(arrays.observations[n], observations[agent])
        info = infos[agent]
        for key in ("action_mask", "offload_mask", "server_mask", "steps_mask"):
            np.testing.assert_array_equal(getattr(arrays, key)[n], info[key], err_msg=f"{key} of {agent}")
        assert bool(arrays.has_task[n]) == bool(info["has_task"]) and int(arrays.min_steps[n]) == info["min_steps"]


@pytest.mark.parametrize("scenario", ["conf/scenarios/tiny.conf", "conf/scenarios/default.conf"])
def test_the_array_api_gives_the_dict_apis_values(server, scenario):
    dicts = ParallelEnv(scenario, overrides=OVERRIDES, seed=3, address=server.address)
    arrays = ParallelEnv(scenario, overrides=OVERRIDES, seed=3, address=server.address)
    try:
        for episode in range(2):
            observations, infos = dicts.reset(options={"episode": episode})
            slot = arrays.reset_arrays(options={"episode": episode})
            _check_slot(slot, dicts, observations, infos)
            assert not slot.truncated and slot.costs is None and not slot.rewards.any()
            np.testing.assert_array_equal(slot.state, dicts.state())
            played = 0
            while dicts.agents:
                # greedy-local's choice, so that tasks go to every kind of place
                chosen = dicts.policy_actions("greedy-local")
                actions = np.array([chosen[a] for a in dicts.possible_agents], np.int64)
                observations, rewards, terminations, truncations, infos = dicts.step(chosen)
                slot = arrays.step_arrays(actions)
                played += 1
                assert slot.costs == dicts.last_costs
                assert slot.truncated == all(truncations.values()) and not any(terminations.values())
                for n, agent in enumerate(dicts.possible_agents):
                    assert slot.rewards[n] == rewards[agent]
                    assert bool(slot.had_task[n]) == infos[agent]["outcome"]["had_task"]
                _check_slot(slot, dicts, observations, infos)
                if not slot.truncated:
                    np.testing.assert_array_equal(slot.state, dicts.state())
            assert played == SLOTS and arrays.agents == [] and slot.truncated
            assert slot.had_task.any() and slot.rewards[slot.had_task].max() < 0
    finally:
        dicts.close()
        arrays.close()


def test_the_two_apis_are_not_mixed_in_one_episode_and_actions_are_checked(server):
    env = ParallelEnv("conf/scenarios/tiny.conf", overrides=OVERRIDES, seed=1, address=server.address)
    users = len(env.possible_agents)
    try:
        with pytest.raises(ValueError, match="call reset_arrays"):
            env.step_arrays(np.zeros(users, np.int64))
        slot = env.reset_arrays(seed=1)
        assert slot.observations.flags.writeable and slot.action_mask.flags.writeable
        with pytest.raises(ValueError, match="play it with step_arrays"):
            env.step({})
        with pytest.raises(ValueError, match=rf"got shape \(3,\).*allowed shape \({users},\) of integers"):
            env.step_arrays([0, 0, 0])
        with pytest.raises(ValueError, match="dtype float64"):
            env.step_arrays(np.zeros(users))
        assert env.step_arrays([0] * users).costs.slot == 0
        env.reset()  # the dict API again from the next episode
        env.step({})
    finally:
        env.close()

"""engine="actors": the same slots as the direct engine, played by the Akka actors slot by slot."""

import grpc
import numpy as np
import pytest

from edgegen import ParallelEnv

TINY = "conf/scenarios/tiny.conf"
OVERRIDES = {"edgegen.time.slots-per-episode": 6, "edgegen.users.count": 6}


def test_the_actor_engine_gives_the_direct_engines_numbers_for_the_same_actions(server):
    direct = ParallelEnv(TINY, overrides=OVERRIDES, seed=4, address=server.address)
    actors = ParallelEnv(TINY, overrides=OVERRIDES, seed=4, address=server.address, engine="actors")
    rng = np.random.default_rng(9)
    slots = 0
    try:
        for episode in (0, 3):
            obs_d, infos_d = direct.reset(options={"episode": episode})
            obs_a, infos_a = actors.reset(options={"episode": episode})
            while direct.agents:
                for agent in direct.agents:
                    np.testing.assert_array_equal(obs_a[agent], obs_d[agent])
                    np.testing.assert_array_equal(infos_a[agent]["action_mask"], infos_d[agent]["action_mask"])
                actions = {a: int(rng.choice(np.flatnonzero(infos_d[a]["action_mask"]))) for a in direct.agents}
                obs_d, rewards_d, _, trunc_d, infos_d = direct.step(actions)
                obs_a, rewards_a, _, trunc_a, infos_a = actors.step(actions)
                assert rewards_a == rewards_d and trunc_a == trunc_d
                assert actors.last_costs == direct.last_costs
                assert [infos_a[a]["outcome"] for a in actors.possible_agents] == \
                    [infos_d[a]["outcome"] for a in direct.possible_agents]
                slots += 1
            assert actors.agents == []
        assert slots == 12
    finally:
        direct.close()
        actors.close()


def test_an_unknown_engine_is_a_one_line_invalid_argument(server):
    with pytest.raises(grpc.RpcError) as error:
        ParallelEnv(TINY, address=server.address, engine="threads")
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert error.value.details() == "engine 'threads' is not an engine; allowed: actors, direct"

import numpy as np
import pytest
from pettingzoo.test import parallel_api_test

from edgegen import ParallelEnv

TINY = "conf/scenarios/tiny.conf"
DEFAULT = "conf/scenarios/default.conf"


@pytest.mark.parametrize("scenario", [TINY, DEFAULT])
def test_pettingzoo_parallel_api_test_passes(server, scenario):
    env = ParallelEnv(scenario, overrides={"edgegen.time.slots-per-episode": 20}, seed=1, address=server.address)
    try:
        parallel_api_test(env, num_cycles=50)
    finally:
        env.close()


def test_agents_spaces_masks_and_state(server):
    env = ParallelEnv(TINY, seed=3, address=server.address)
    try:
        observations, infos = env.reset()
        assert env.agents == ["user_0", "user_1", "user_2", "user_3"]
        assert observations["user_0"].shape == (42,) and observations["user_0"].dtype == np.float32
        assert env.action_space("user_0").n == 48
        mask = infos["user_0"]["action_mask"]
        assert mask.shape == (48,) and mask[0] == 1
        assert list(infos["user_0"]["server_mask"]) == [1, 1, 0, 0, 0, 0, 0]
        assert env.state().shape == (6,)
    finally:
        env.close()


def test_reset_and_step_leave_the_garbage_collector_as_they_found_it(server):
    """ParallelEnv holds the cyclic collector off while it builds a slot's objects, and turns it back on after
    only if it was on."""
    import gc

    env = ParallelEnv(TINY, seed=3, address=server.address)
    was = gc.isenabled()
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            _, infos = env.reset()
            assert gc.isenabled() == enabled
            env.step({a: 0 for a in env.agents})
            assert gc.isenabled() == enabled
    finally:
        (gc.enable if was else gc.disable)()
        env.close()


def test_an_episode_ends_by_truncation_and_resets_to_the_next_episode(server):
    env = ParallelEnv(TINY, overrides={"edgegen.time.slots-per-episode": 3}, seed=3, address=server.address)
    try:
        env.reset()
        for _ in range(3):
            _, rewards, terminations, truncations, infos = env.step({a: 0 for a in env.agents})
        assert all(truncations.values()) and not any(terminations.values())
        assert env.agents == []
        assert env.last_costs.slot == 2
        env.reset()
        assert env.episode == 1
    finally:
        env.close()


def test_the_same_seed_gives_the_same_episode(server):
    first = ParallelEnv(TINY, seed=5, address=server.address)
    second = ParallelEnv(TINY, seed=5, address=server.address)
    try:
        a, _ = first.reset(seed=9)
        b, _ = second.reset(seed=9)
        for agent in first.agents:
            np.testing.assert_array_equal(a[agent], b[agent])
    finally:
        first.close()
        second.close()


def test_a_bad_scenario_is_a_one_line_grpc_error(server):
    import grpc

    with pytest.raises(grpc.RpcError) as error:
        ParallelEnv("no/such/file.conf", address=server.address)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert "no/such/file.conf" in error.value.details() and "\n" not in error.value.details()


def test_without_an_address_the_environment_starts_and_stops_its_own_server():
    env = ParallelEnv(TINY, seed=1)
    process = env._server._process
    env.reset()
    env.close()
    assert process.poll() is not None


def test_a_refused_scenario_stops_the_server_the_environment_started(monkeypatch):
    from edgegen import env as env_module

    started = []
    original = env_module.LocalServer.start

    def recording_start(*args, **kwargs):
        started.append(original(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(env_module.LocalServer, "start", staticmethod(recording_start))
    import grpc

    with pytest.raises(grpc.RpcError):
        ParallelEnv("no/such/file.conf")
    assert len(started) == 1 and started[0]._process.poll() is not None


def test_the_packed_layout_gives_what_the_per_agent_messages_say(server):
    """ParallelEnv reads LAYOUT_PACKED_COMPACT; a second environment of the same seed on LAYOUT_AGENT_MESSAGES (one
    message per agent, float64 features) must give the same observations, masks, infos, rewards and outcomes. The
    masks are read-only (they are shared between the agents and slots that have the same mask)."""
    from edgegen._proto import edgegen_pb2 as pb

    overrides = {"edgegen.time.slots-per-episode": 5, "edgegen.users.count": 7}
    env = ParallelEnv(TINY, overrides=overrides, seed=6, address=server.address)
    stub = env._stub
    created = stub.Create(pb.CreateRequest(scenario_path=env._scenario, seed=6, layout=pb.LAYOUT_AGENT_MESSAGES,
                                           overrides={k: str(v) for k, v in overrides.items()}))
    rng = np.random.default_rng(3)
    outcomes = 0
    try:
        observations, infos = env.reset(options={"episode": 1})
        reply = stub.Reset(pb.ResetRequest(env_id=created.env_id, episode=1))
        messages = reply.observations
        while True:
            for n, agent in enumerate(env.possible_agents):
                o = messages[n]
                np.testing.assert_array_equal(observations[agent], np.asarray(o.features, np.float32))
                assert observations[agent].dtype == np.float32 and observations[agent].flags.writeable
                info = infos[agent]
                for key in ("action_mask", "offload_mask", "server_mask", "steps_mask"):
                    np.testing.assert_array_equal(info[key], np.asarray(getattr(o, key), np.int8))
                    assert info[key].dtype == np.int8 and not info[key].flags.writeable
                assert (info["has_task"], info["min_steps"], info["home_bs"], info["candidates"]) == \
                    (o.has_task, o.min_steps, o.home_bs, list(o.candidates))
            actions = {a: int(rng.choice(np.flatnonzero(infos[a]["action_mask"]))) for a in env.agents}
            observations, rewards, terminations, truncations, infos = env.step(actions)
            reply = stub.Step(pb.StepRequest(env_id=created.env_id, actions=[actions[a] for a in env.possible_agents]))
            assert env.last_costs == reply.costs
            for n, agent in enumerate(env.possible_agents):
                r = reply.results[n]
                assert (rewards[agent], terminations[agent], truncations[agent]) == \
                    (r.reward, r.terminated, r.truncated)
                expected = {"had_task": False}
                if r.had_task:
                    expected = {field: getattr(r, field) for field in (
                        "had_task", "path", "server_bs", "steps", "delay_seconds", "energy_joules", "error", "cost",
                        "penalty", "deadline_violated", "quality_violated", "dropped", "invalid")}
                    outcomes += 1
                assert infos[agent]["outcome"] == expected
            if reply.episode_over:
                break
            messages = reply.observations
        assert env.agents == [] and outcomes > 0
    finally:
        stub.Close(pb.CloseRequest(env_id=created.env_id))
        env.close()
